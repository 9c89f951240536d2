/**
 * `npm run validate`: output format and exit codes. The spawned cases run the real command
 * (about a second each), so they are few; the rest call `main` in-process.
 */
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { main } from "../../cli/validate";
import { systemShellcheck } from "../../checks/shellcheck";
import { MAX_CATALOG_BYTES } from "../../catalog/read/read-file";
import { edit, FIXTURE } from "./fixture";
import { tempDir } from "../support/temp-dir";

const ROOT = path.resolve(__dirname, "..", "..");
const USAGE = "usage: npm run validate -- [CATALOG | --stack NAME]";

function tempCatalog(text: string): string {
  const dir = tempDir("validate");
  const file = path.join(dir, "catalog.yaml");
  fs.writeFileSync(file, text);
  return file;
}

function validate(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync("npx", ["tsx", "cli/validate.ts", ...args], { cwd: ROOT, encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

async function inProcess(...args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out, err };
}

describe("npm run validate", () => {
  describe("the command", () => {
    it("checks the stack's catalog by default and exits 0 with a summary", () => {
      const result = validate();
      expect(result).to.deep.equal({
        status: 0,
        stdout: "config/catalog.yaml: 5 images, 4 regions, 6 accounts: valid\n",
        // The example's one inline component is a Linux one.
        stderr: systemShellcheck()
          ? ""
          : "config/catalog.yaml: the shell check of 1 inline Linux component was not run: shellcheck is not installed (apt-get install shellcheck)\n",
      });
    });

    it("prints one FILE:LINE:COL PATH: MESSAGE line per problem and exits 1", () => {
      const file = tempCatalog(
        edit("    arch: x86_64\n    releases:", "    arch: amd64\n    releases:").replace(
          '  prod: "111122223333"',
          "  prod: 011122223333",
        ),
      );
      const result = validate(file);
      expect(result).to.deep.equal({
        status: 1,
        stdout:
          `${file}:5:9 accounts.prod: 011122223333 was read as the number 11122223333 and lost its leading zero; quote it: "011122223333"\n` +
          `${file}:18:11 images[0].arch: "amd64" is not a 64-bit architecture; use x86_64 or arm64\n`,
        stderr: "",
      });
    });

    it("exits 2 without a stack trace when the file does not exist", () => {
      const result = validate("no/such/catalog.yaml");
      expect(result).to.deep.equal({
        status: 2,
        stdout: "",
        stderr: "validate: cannot read no/such/catalog.yaml: no such file\n",
      });
    });
  });

  describe("main", () => {
    it("summarizes a valid catalog in one line", async () => {
      const file = tempCatalog(FIXTURE);
      expect(await inProcess(file)).to.deep.equal({ code: 0, out: [`${file}: 2 images, 2 regions, 3 accounts: valid`], err: [] });
    });

    it("checks a stack's catalog with --stack, and refuses a stack without a file", async () => {
      expect(await inProcess("--stack", "dev")).to.deep.equal({
        code: 0,
        out: ["config/catalog.yaml: 5 images, 4 regions, 6 accounts: valid"],
        err: [],
      });
      expect(await inProcess("--stack=prod")).to.deep.equal({
        code: 2,
        out: [],
        err: ["validate: no stack file Pulumi.prod.yaml (stacks here: dev)"],
      });
      expect((await inProcess("--stack", "dev", "config/catalog.yaml")).err[0]).to.equal(
        "validate: give a catalog file or --stack, not both",
      );
    });

    it("ignores the -- that npm passes on", async () => {
      const file = tempCatalog(FIXTURE);
      expect((await inProcess("--", file)).code).to.equal(0);
    });

    it("refuses an unknown option with exit 2 and the usage", async () => {
      expect(await inProcess("--strict")).to.deep.equal({
        code: 2,
        out: [],
        err: ["validate: unknown option --strict", "usage: npm run validate -- [CATALOG | --stack NAME]"],
      });
    });

    it("refuses two catalogs with exit 2", async () => {
      expect(await inProcess("a.yaml", "b.yaml")).to.deep.equal({
        code: 2,
        out: [],
        err: ["validate: give at most one catalog file", "usage: npm run validate -- [CATALOG | --stack NAME]"],
      });
    });

    it("answers -h and --help with the usage on standard output and exit 0", async () => {
      for (const flag of ["-h", "--help"]) {
        expect(await inProcess(flag), flag).to.deep.equal({ code: 0, out: [USAGE], err: [] });
      }
    });

    const usageErrors: [string[], string][] = [
      [["--stack"], "validate: --stack needs a stack name"],
      [["--stack="], "validate: --stack needs a stack name"],
      [["--stack", "-x"], "validate: --stack needs a stack name"],
      [["--strict=1"], "validate: unknown option --strict=1"],
      [["-x"], "validate: unknown option -x"],
      [["--stack", "dev", "config/catalog.yaml"], "validate: give a catalog file or --stack, not both"],
      [["--stack", "dev", "--stack", "prod"], "validate: --stack is given twice"],
    ];
    for (const [args, message] of usageErrors) {
      it(`refuses ${args.join(" ")} with exit 2 and the usage`, async () => {
        expect(await inProcess(...args)).to.deep.equal({ code: 2, out: [], err: [message, USAGE] });
      });
    }

    it("refuses a directory with exit 2", async () => {
      expect(await inProcess("config")).to.deep.equal({
        code: 2,
        out: [],
        err: ["validate: cannot read config: it is a directory"],
      });
    });

    /** `main` on a path, with how long it took. */
    async function timed(file: string) {
      const started = Date.now();
      const result = await inProcess(file);
      return { ...result, ms: Date.now() - started };
    }

    it("refuses /dev/zero within a second, before reading a byte of it", async () => {
      const { ms, ...result } = await timed("/dev/zero");
      expect(result).to.deep.equal({
        code: 1,
        out: [
          "/dev/zero:1:1 cannot read the catalog: it is a character device, not a regular file; give the path of a YAML file",
        ],
        err: [],
      });
      expect(ms).to.be.below(1000);
    });

    it("refuses a FIFO without a writer within a second, without waiting for one", async function () {
      const fifo = path.join(tempDir("validate"), "catalog.yaml");
      if (spawnSync("mkfifo", [fifo]).status !== 0) this.skip();
      const { ms, ...result } = await timed(fifo);
      expect(result).to.deep.equal({
        code: 1,
        out: [`${fifo}:1:1 cannot read the catalog: it is a FIFO (named pipe), not a regular file; give the path of a YAML file`],
        err: [],
      });
      expect(ms).to.be.below(1000);
    });

    it("refuses a file over the size cap from its size alone, within a second", async () => {
      const file = tempCatalog("");
      // Sparse: the size is there, the bytes are never written (or read).
      fs.truncateSync(file, MAX_CATALOG_BYTES + 1);
      const { ms, ...result } = await timed(file);
      expect(result).to.deep.equal({
        code: 1,
        out: [
          `${file}:1:1 the catalog is 8.0 MB; a catalog may have at most 8 MB: split it into stacks by image family (docs/operations.md, Splitting a large catalog)`,
        ],
        err: [],
      });
      expect(ms).to.be.below(1000);
    });

    it("reads a file of exactly the size cap", async () => {
      const file = tempCatalog("");
      fs.truncateSync(file, MAX_CATALOG_BYTES);
      const result = await inProcess(file);
      expect(result.code).to.equal(1);
      expect(result.out.join("\n")).not.to.include("at most 8 MB");
    });

    it("prints an empty file's problem and exits 1", async () => {
      const file = tempCatalog("");
      expect(await inProcess(file)).to.deep.equal({
        code: 1,
        out: [`${file}:1:1 the catalog is empty; it needs at least an "images" list`],
        err: [],
      });
    });
  });
});
