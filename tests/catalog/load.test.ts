/**
 * The loading pipeline: bytes, YAML, schema messages and where they point. Every case changes
 * one thing in the fixture and asserts the exact lines `validate` would print.
 */
import { expect } from "chai";
import fc from "fast-check";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { formatProblem, loadCatalogFile, loadCatalogText } from "../../catalog/load";
import { catalogOf, edit, FILE, FIXTURE, problemsOf } from "./fixture";
import { tempDir } from "../support/temp-dir";

const EXAMPLE = path.resolve(__dirname, "..", "..", "config", "catalog.yaml");

describe("loading a catalog", () => {
  describe("valid input", () => {
    it("loads the example catalog with no problems", () => {
      const result = loadCatalogFile(EXAMPLE);
      expect(result.ok ? [] : result.problems.map(formatProblem)).to.deep.equal([]);
    });

    it("loads the fixture with no problems", () => {
      expect(problemsOf(FIXTURE)).to.deep.equal([]);
    });

    it("reads a Buffer and ignores a UTF-8 byte order mark", () => {
      const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(FIXTURE, "utf8")]);
      expect(problemsOf(bytes)).to.deep.equal([]);
    });

    it("accepts an anchor reused by every image", () => {
      const text = edit("  accounts: [prod, stage]\n", "  accounts: &team [prod, stage]\n").replace(
        "    arch: x86_64\n",
        "    arch: x86_64\n    copyTo: [stage]\n    accounts: *team\n",
      );
      expect(catalogOf(text).images[0].accounts).to.deep.equal(["prod", "stage"]);
    });
  });

  describe("the same file loaded again", () => {
    const file = path.join(tempDir("load"), "catalog.yaml");
    const loaded = () => {
      const result = loadCatalogFile(file);
      if (!result.ok) throw new Error(result.problems.map(formatProblem).join("\n"));
      return result.catalog;
    };

    it("is parsed afresh each time: an equal catalog, never one shared with an earlier caller", () => {
      fs.writeFileSync(file, FIXTURE);
      const first = loaded();
      const second = loaded();
      expect(second).not.to.equal(first);
      expect(second).to.deep.equal(first);
    });

    it("is parsed again once its bytes change", () => {
      fs.writeFileSync(file, FIXTURE);
      const first = loaded();
      fs.writeFileSync(file, FIXTURE.replace("x86_64", "arm64"));
      const changed = loaded();
      expect(changed).not.to.equal(first);
      expect(changed.images[0].arch).to.equal("arm64");
    });

    it("reports its problems again each time, never a stale catalog", () => {
      fs.writeFileSync(file, FIXTURE);
      loaded();
      fs.writeFileSync(file, "images: 3\n");
      expect(loadCatalogFile(file).ok).to.equal(false);
      expect(loadCatalogFile(file).ok).to.equal(false);
    });
  });

  describe("formatProblem", () => {
    it("prints FILE:LINE:COL PATH: MESSAGE", () => {
      const line = formatProblem({ file: "c.yaml", line: 14, column: 9, path: "images[2].arch", message: "bad" });
      expect(line).to.equal("c.yaml:14:9 images[2].arch: bad");
    });

    it("prints FILE:LINE:COL MESSAGE for the document itself", () => {
      expect(formatProblem({ file: "c.yaml", line: 1, column: 1, path: "", message: "bad" })).to.equal("c.yaml:1:1 bad");
    });
  });

  describe("files that are not a catalog", () => {
    const EMPTY = 'c.yaml:1:1 the catalog is empty; it needs at least an "images" list';
    const NOT_A_MAP =
      'c.yaml:1:1 the catalog must be a map with an "images" list (and optionally factory, buildRegion, tags, accounts, defaults);';

    it("refuses an empty file", () => {
      expect(problemsOf("")).to.deep.equal([EMPTY]);
    });

    it("refuses a file that is only a comment", () => {
      expect(problemsOf("# nothing yet\n\n")).to.deep.equal([EMPTY]);
    });

    it("refuses a list at the top level", () => {
      expect(problemsOf("- name: web\n")).to.deep.equal([`${NOT_A_MAP} it is a list`]);
    });

    it("refuses a single value at the top level", () => {
      expect(problemsOf("images\n")).to.deep.equal([`${NOT_A_MAP} it is a single value`]);
    });

    it("reports a file that cannot be read", () => {
      const result = loadCatalogFile("does/not/exist.yaml");
      expect(result.ok ? [] : result.problems.map(formatProblem)).to.deep.equal([
        "does/not/exist.yaml:1:1 cannot read the catalog: no such file",
      ]);
    });
  });

  describe("bytes and YAML", () => {
    it("refuses bytes that are not UTF-8 at the first bad byte", () => {
      const text = edit("  owner: platform\n", "  owner: plat\u0000form\n");
      const bytes = Buffer.from(text, "utf8");
      bytes[bytes.indexOf(0)] = 0xe9; // Latin-1 "é"
      expect(problemsOf(bytes)).to.deep.equal([
        'c.yaml:3:14 the file is not UTF-8: byte 0xe9 ("é" in Latin-1) is not part of a UTF-8 character; save the file as UTF-8',
      ]);
    });

    it("counts columns in characters before the bad byte", () => {
      const bytes = Buffer.concat([Buffer.from("tags:\n  owner: ééé", "utf8"), Buffer.from([0xff, 0x0a])]);
      expect(problemsOf(bytes)).to.deep.equal([
        'c.yaml:2:13 the file is not UTF-8: byte 0xff ("ÿ" in Latin-1) is not part of a UTF-8 character; save the file as UTF-8',
      ]);
    });

    it("reports a duplicate key where it is repeated", () => {
      const text = edit("    os: windows-2022\n", "    os: windows-2022\n    os: windows-2019\n");
      expect(problemsOf(text)).to.deep.equal(['c.yaml:25:5 duplicate key "os": a key may appear once in a map']);
    });

    it("reports every duplicate key, not only the first", () => {
      const text = edit("    os: windows-2022\n", "    os: windows-2022\n    os: windows-2019\n").replace(
        "  owner: platform\n",
        "  owner: platform\n  owner: web\n",
      );
      expect(problemsOf(text)).to.deep.equal([
        'c.yaml:4:3 duplicate key "owner": a key may appear once in a map',
        'c.yaml:26:5 duplicate key "os": a key may appear once in a map',
      ]);
    });

    it("reports tab indentation", () => {
      const text = edit("    arch: x86_64\n    releases:", "\tarch: x86_64\n    releases:");
      expect(problemsOf(text)).to.deep.equal(["c.yaml:18:1 tabs are not allowed as indentation; indent with spaces"]);
    });

    it("stops at broken YAML without checking the schema, pointing at the bracket that is never closed", () => {
      const text = edit("  regions: [us-east-1, eu-west-1]\n", "  regions: [us-east-1, eu-west-1\n").replace(
        "arch: x86_64",
        "arch: i386",
      );
      expect(problemsOf(text)).to.deep.equal(["c.yaml:11:12 the list opened here with [ is never closed; end it with ]"]);
    });

    it("refuses a second document", () => {
      expect(problemsOf(`${FIXTURE}---\nimages: []\n`)).to.deep.equal([
        'c.yaml:26:1 the catalog is one YAML document; remove the "---" and what follows it',
      ]);
    });

    it("reports an alias without an anchor", () => {
      const text = edit("  accounts: [prod, stage]\n", "  accounts: *team\n");
      expect(problemsOf(text)).to.deep.equal(["c.yaml:12:13 alias *team has no anchor &team before it"]);
    });

    it("refuses an alias bomb quickly, without expanding it", () => {
      const levels = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"];
      for (let i = 1; i < 10; i += 1) {
        const previous = String.fromCharCode(96 + i);
        levels.push(
          `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${previous}`).join(", ")}]`,
        );
      }
      const bomb = `${levels.join("\n")}\nimages: *j\n`;
      const started = Date.now();
      const problems = problemsOf(bomb);
      expect(Date.now() - started).to.be.below(1000);
      expect(problems).to.deep.equal([
        'c.yaml:3:8 aliases of aliases expand this file beyond 10,000 copies; it is refused as a possible "billion laughs" attack: write the values out or nest fewer aliases',
      ]);
    });
  });

  describe("account ids YAML reads as numbers", () => {
    it("says when a leading zero was lost", () => {
      const text = edit('  prod: "111122223333"', "  prod: 012345678901");
      expect(problemsOf(text)).to.deep.equal([
        'c.yaml:5:9 accounts.prod: 012345678901 was read as the number 12345678901 and lost its leading zero; quote it: "012345678901"',
      ]);
    });

    it("asks for quotes around any other unquoted id", () => {
      const text = edit('  prod: "111122223333"', "  prod: 111122223333");
      expect(problemsOf(text)).to.deep.equal(['c.yaml:5:9 accounts.prod: account ids must be quoted strings: "111122223333"']);
    });

    it("does the same for the id of an account with a role", () => {
      const text = edit('    id: "444455556666"', "    id: 044445556666");
      expect(problemsOf(text)).to.deep.equal([
        'c.yaml:7:9 accounts.stage.id: 044445556666 was read as the number 44445556666 and lost its leading zero; quote it: "044445556666"',
      ]);
    });
  });

  describe("schema messages", () => {
    it("names an unknown field, the allowed ones and a likely meaning, at the key", () => {
      const text = edit("    role: arn:", "    rol: arn:");
      expect(problemsOf(text)).to.deep.equal([
        'c.yaml:8:5 accounts.stage.rol: unknown field "rol"; allowed: id, role, allowedImages; did you mean "role"?',
      ]);
    });

    it("names an unknown top-level field", () => {
      expect(problemsOf(`${FIXTURE}imagez: []\n`)).to.deep.equal([
        'c.yaml:26:1 imagez: unknown field "imagez"; allowed: factory, buildRegion, tags, accounts, allowedImages, defaults, images; did you mean "images"?',
      ]);
    });

    it("says what a list field takes when given one value", () => {
      const text = edit("  regions: [us-east-1, eu-west-1]", "  regions: us-east-1");
      expect(problemsOf(text)).to.deep.equal([
        'c.yaml:11:12 defaults.regions: expected a list of region names, got "us-east-1"; write a list: [us-east-1]',
      ]);
    });

    it("names a bad region and the known ones", () => {
      const text = edit("  regions: [us-east-1, eu-west-1]", "  regions: [us-east-1, eu-middle-1]");
      const problems = problemsOf(text);
      expect(problems).to.have.length(1);
      expect(problems[0]).to.match(
        /^c\.yaml:11:24 defaults\.regions\[1\]: "eu-middle-1" is not a known AWS region; use one of: af-south-1, .* us-west-2$/,
      );
    });

    it("names the region a near miss most likely meant", () => {
      const text = edit("  regions: [us-east-1, eu-west-1]", "  regions: [us-east-1, eu-west-9]");
      expect(problemsOf(text)).to.deep.equal([
        'c.yaml:11:24 defaults.regions[1]: "eu-west-9" is not a known AWS region; did you mean "eu-west-1"?',
      ]);
    });

    it("points a missing field at the map that lacks it", () => {
      const text = edit("  - name: win\n    os:", "  - os:");
      expect(problemsOf(text)).to.deep.equal(['c.yaml:23:5 images[1].name: missing required field "name"']);
    });

    it("points at the key when a value is empty", () => {
      const text = edit('  prod: "111122223333"', "  prod:");
      expect(problemsOf(text)).to.deep.equal([
        "c.yaml:5:3 accounts.prod: an account is a quoted 12-digit id, an organization or OU ARN, or a map with `id` and `role`; got an empty value",
      ]);
    });

    it("reports the branch of a union that the value's shape chose", () => {
      const text = edit("    role: arn:aws:iam::444455556666:role/publisher", "    role: publisher");
      expect(problemsOf(text)).to.deep.equal([
        'c.yaml:8:11 accounts.stage.role: "publisher" is not an IAM role ARN (arn:aws:iam::<12 digits>:role/<name>)',
      ]);
    });

    it("says what a union takes when the value fits no branch", () => {
      const text = edit("    arch: x86_64\n    releases:", "    arch: x86_64\n    components: [nginx]\n    releases:");
      expect(problemsOf(text)).to.deep.equal([
        'c.yaml:19:18 images[0].components[0]: a component is either `{ arn: ... }` or `{ name, build: [commands], test: [commands] }`; got "nginx"',
      ]);
    });

    it("reports an inline component without build commands where it is, as any other problem", () => {
      const text = edit(
        "    arch: x86_64\n    releases:",
        "    arch: x86_64\n    components: [{ name: setup, build: [] }]\n    releases:",
      );
      expect(problemsOf(text)).to.deep.equal(["c.yaml:19:40 images[0].components[0].build: needs at least 1 command"]);
    });

    it("gives a number's range", () => {
      const text = edit("    arch: x86_64\n    releases:", "    arch: x86_64\n    testTimeoutMinutes: 30\n    releases:");
      expect(problemsOf(text)).to.deep.equal([
        "c.yaml:19:25 images[0].testTimeoutMinutes: 30 is out of range; use a whole number from 60 to 1440",
      ]);
    });

    it("says how to quote a number given for a text", () => {
      const text = edit("  owner: platform", "  owner: 0042");
      expect(problemsOf(text)).to.deep.equal([
        'c.yaml:3:10 tags.owner: expected a string, got 0042; YAML reads it as the number 42, without the leading zero: quote it: "0042"',
      ]);
    });

    it("shows a number where an account name belongs as it is written", () => {
      const text = edit("  accounts: [prod, stage]", "  accounts: [prod, 012345678901]");
      expect(problemsOf(text)).to.deep.equal(["c.yaml:12:20 defaults.accounts[1]: expected an account name, got 012345678901"]);
    });

    it("refuses a catalog without images", () => {
      const text = FIXTURE.slice(0, FIXTURE.indexOf("images:")) + "images: []\n";
      expect(problemsOf(text)).to.deep.equal(["c.yaml:15:9 images: the catalog has no images; add at least one"]);
    });
  });

  describe("all problems at once", () => {
    it("reports schema and rule problems together, sorted by line and column", () => {
      const text = edit("  accounts: [prod, stage]", "  accounts: [prod, stagging]")
        .replace("    arch: x86_64\n    releases:", "    arch: i386\n    releases:")
        .replace("factory: ami-factory", "factory: Ami");
      expect(problemsOf(text)).to.deep.equal([
        `c.yaml:1:10 factory: "Ami" is not a factory name: 2 to 31 lowercase letters, digits or '-', starting with a letter`,
        'c.yaml:12:20 defaults.accounts[1]: unknown account "stagging"; known: eng-ou, prod, stage',
        'c.yaml:18:11 images[0].arch: "i386" is a 32-bit architecture; 32-bit images are refused: use x86_64 or arm64',
      ]);
    });

    it("reports one problem once however many images share its default", () => {
      const text = edit("  accounts: [prod, stage]\n", "  accounts: [prod, stage]\n  base: ubuntu\n");
      expect(problemsOf(text)).to.have.length(1);
    });

    it("does not stop at the first image", () => {
      const text = FIXTURE.replace(/arch: x86_64/g, "arch: amd64");
      expect(problemsOf(text)).to.deep.equal([
        'c.yaml:18:11 images[0].arch: "amd64" is not a 64-bit architecture; use x86_64 or arm64',
        'c.yaml:25:11 images[1].arch: "amd64" is not a 64-bit architecture; use x86_64 or arm64',
      ]);
    });
  });

  describe("any damage to a valid catalog", () => {
    /** Every path in a value: `[]`, `["images"]`, `["images", 0]`, ... */
    function pathsOf(value: unknown, at: Array<string | number> = []): Array<Array<string | number>> {
      if (Array.isArray(value)) return [at, ...value.flatMap((item, i) => pathsOf(item, [...at, i]))];
      if (value !== null && typeof value === "object")
        return [at, ...Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...at, k]))];
      return [at];
    }
    /** `value` with the value at `at` replaced, or unchanged when an earlier edit removed that path. */
    function replaced(value: unknown, at: ReadonlyArray<string | number>, by: unknown): unknown {
      if (at.length === 0) return by;
      const copy = structuredClone(value);
      let node: unknown = copy;
      for (const key of at.slice(0, -1))
        node = node !== null && typeof node === "object" ? (node as Record<string | number, unknown>)[key] : undefined;
      if (node === null || typeof node !== "object") return value;
      (node as Record<string | number, unknown>)[at[at.length - 1]] = by;
      return copy;
    }

    it("is reported as located problems, never as an exception", function () {
      this.timeout(30_000);
      const example = parse(fs.readFileSync(EXAMPLE, "utf8")) as unknown;
      const paths = pathsOf(example);
      const damage = fc.tuple(
        fc.constantFrom(...paths),
        fc.oneof(fc.jsonValue(), fc.constantFrom("i386", "latest", "constructor", 0, true)),
      );
      fc.assert(
        fc.property(fc.array(damage, { minLength: 1, maxLength: 3 }), (edits) => {
          const damaged = edits.reduce((value, [at, by]) => replaced(value, at, by), example);
          const result = loadCatalogText(stringify(damaged), FILE);
          if (result.ok) return;
          expect(result.problems).to.not.be.empty;
          for (const problem of result.problems) {
            expect(problem.line).to.be.at.least(1);
            expect(problem.column).to.be.at.least(1);
            expect(problem.message).to.not.match(/^(Invalid input|Too small|Too big)/);
          }
        }),
        { numRuns: 200 },
      );
    });
  });
});
