/**
 * Every broken catalog gets a clear answer: the corpus (corpus.ts, generated.ts) through the
 * loader, through `npm run validate`'s main and, for a sample, through the real program, which
 * must stop before registering anything with the same lines.
 */
import { expect } from "chai";
import fc from "fast-check";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { main } from "../../cli/validate";
import { formatProblem, loadCatalogFile, loadCatalogText } from "../../catalog/load";
import { runProgram } from "../../offline/run-program";
import { CATEGORIES, CORPUS, type Category } from "./corpus";
import { GENERATED } from "./generated";
import { tempDir } from "../support/temp-dir";

const FIXTURES = path.resolve(__dirname, "..", "fixtures", "broken");

interface Case {
  name: string;
  category: Category;
  file: string;
  expected: string[];
  withinMs?: number;
}

let generatedDir: string | undefined;
/** The generated cases, written once to a temporary directory. */
function generatedCases(): Case[] {
  generatedDir ??= tempDir("broken");
  return GENERATED.map((g) => {
    const file = path.join(generatedDir!, g.name);
    if (!fs.existsSync(file)) fs.writeFileSync(file, g.content());
    return { name: g.name, category: g.category, file, expected: g.expected, withinMs: g.withinMs };
  });
}

function cases(): Case[] {
  const committed = CORPUS.map((c) => ({
    name: c.file,
    category: c.category,
    file: path.join(FIXTURES, c.file),
    expected: c.expected,
  }));
  return [...committed, ...generatedCases()];
}

/** The lines validate prints for a case: its expected lines with the file in front. */
function lines(c: Case): string[] {
  return c.expected.map((line) => `${c.file}:${line}`);
}

/** A stack trace line, as Node prints it. */
const STACK_FRAME = /^\s+at /m;

describe("the broken-catalog corpus", () => {
  it("has at least 60 catalogs and covers every category of the issue", () => {
    const all = cases();
    expect(all.length).to.be.at.least(60);
    const covered = new Set(all.map((c) => c.category));
    expect(Object.keys(CATEGORIES).filter((category) => !covered.has(category as Category))).to.deep.equal([]);
  });

  it("lists every fixture file once, and every listed file exists", () => {
    const listed = CORPUS.map((c) => c.file).sort();
    expect(new Set(listed).size).to.equal(listed.length);
    expect(fs.readdirSync(FIXTURES).sort()).to.deep.equal(listed);
  });

  describe("through the loader", () => {
    for (const c of cases()) {
      it(`${c.name} (${c.category})`, function () {
        if (c.withinMs !== undefined) this.timeout(c.withinMs + 10_000);
        const started = Date.now();
        const result = loadCatalogFile(c.file);
        const elapsed = Date.now() - started;
        expect(result.ok, "the catalog must be refused").to.equal(false);
        if (result.ok) return;
        expect(result.problems.map(formatProblem)).to.deep.equal(lines(c));
        if (c.withinMs !== undefined) expect(elapsed, "milliseconds to refuse it").to.be.below(c.withinMs);
      });
    }
  });

  describe("every problem is located inside the file", () => {
    for (const c of cases()) {
      it(c.name, () => {
        const result = loadCatalogFile(c.file);
        if (result.ok) throw new Error("valid");
        const text = fs.readFileSync(c.file, "latin1");
        const fileLines = text.split("\n");
        for (const p of result.problems) {
          expect(p.file).to.equal(c.file);
          expect(p.line, formatProblem(p)).to.be.within(1, fileLines.length);
          // Columns count characters; a line of the file read as Latin-1 has at least as many.
          expect(p.column, formatProblem(p)).to.be.within(1, fileLines[p.line - 1].length + 1);
          // The loader's own sentences start in lowercase; the YAML and schema libraries' start in capitals.
          expect(p.message, formatProblem(p)).not.to.match(/^(?!YAML |Windows )[A-Z]/);
        }
      });
    }
  });

  it("and any other text: answered with located problems, never an exception", () => {
    const yamlish = fc.string({
      unit: fc.constantFrom(..."[]{}:-#&*!|>'\"\\\n\t ,?%@`~<=.0123456789abcimgosnaetrx"),
      maxLength: 120,
    });
    const valid = fs.readFileSync(path.join(FIXTURES, "..", "..", "..", "config", "catalog.yaml"), "utf8");
    /** The example catalog with a piece of text put in somewhere. */
    const spliced = fc
      .tuple(fc.nat({ max: valid.length }), yamlish)
      .map(([at, text]) => valid.slice(0, at) + text + valid.slice(at));
    fc.assert(
      fc.property(fc.oneof(yamlish, spliced), (text) => {
        const result = loadCatalogText(text, "fuzz.yaml");
        if (result.ok) return;
        const fileLines = text.split("\n");
        expect(result.problems).not.to.be.empty;
        for (const p of result.problems) {
          expect(p.line, formatProblem(p)).to.be.within(1, fileLines.length);
          expect(p.column, formatProblem(p)).to.be.within(1, fileLines[p.line - 1].length + 1);
          expect(p.message, formatProblem(p)).not.to.match(/^(?!YAML |Windows )[A-Z]/);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("and any bytes: refused at a place in the file, never an exception", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const result = loadCatalogText(Buffer.from(bytes), "bytes.yaml");
        if (result.ok) return;
        const fileLines = Buffer.from(bytes).toString("latin1").split("\n");
        for (const p of result.problems) {
          expect(p.line, formatProblem(p)).to.be.within(1, fileLines.length);
          expect(p.column, formatProblem(p)).to.be.within(1, fileLines[p.line - 1].length + 1);
        }
      }),
      { numRuns: 500 },
    );
  });

  describe("through npm run validate", () => {
    for (const c of cases()) {
      it(`${c.name}: exit 1, one line per problem, nothing else`, async function () {
        if (c.withinMs !== undefined) this.timeout(c.withinMs + 10_000);
        const out: string[] = [];
        const err: string[] = [];
        const code = await main([c.file], { out: (line) => out.push(line), err: (line) => err.push(line) });
        expect({ code, out, err }).to.deep.equal({ code: 1, out: lines(c), err: [] });
        expect(out.join("\n")).not.to.match(STACK_FRAME);
      });
    }
  });

  describe("through the program, as pulumi up would run it", () => {
    /** One case per kind of failure: the YAML, the schema, the rules, the bytes, the size of the document. */
    const SAMPLE = [
      "syntax-unclosed-list.yaml",
      "duplicate-key.yaml",
      "account-leading-zero.yaml",
      "arch-windows-arm64-from-defaults.yaml",
      "file-latin1.yaml",
      "file-empty.yaml",
      "many-problems.yaml",
      "alias-bomb.yaml",
    ];

    for (const name of SAMPLE) {
      it(`${name}: fails with the lines validate prints and registers nothing`, async () => {
        const c = cases().find((candidate) => candidate.name === name)!;
        let error: unknown;
        try {
          await runProgram({ config: { "ami-factory:catalog": c.file, "aws:region": "us-east-1" } });
        } catch (e) {
          error = e;
        }
        expect(pulumi.RunError.isInstance(error), `a RunError (printed without a stack trace), got ${String(error)}`).to.equal(
          true,
        );
        const message = (error as Error).message;
        const count = c.expected.length;
        expect(message.split("\n")).to.deep.equal([`the catalog has ${count} problem${count === 1 ? "" : "s"}:`, ...lines(c)]);
        expect(registeredTypes().filter((type) => type !== "pulumi:pulumi:Stack")).to.deep.equal([]);
      });
    }
  });
});

/**
 * Types of the resources the mock runtime saw registered in the last run: the program stops
 * before its first resource, so only the stack itself may be there. (The runner records only
 * runs that finish; the mock monitor of the SDK keeps what was registered either way.)
 */
function registeredTypes(): string[] {
  const monitor = pulumi.runtime.getMonitor() as unknown as { resources?: Map<string, unknown> };
  if (!monitor.resources) throw new Error("the mock monitor no longer exposes its resources; find another way to count them");
  return [...monitor.resources.keys()].map((urn) => urn.split("::")[2]).sort();
}
