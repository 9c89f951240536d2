/**
 * The suite leaves nothing in the temporary directory (tests/support/temp-dir.ts): a test
 * process removes its folders when it exits, and when mocha's worker pool, tired of waiting for
 * a worker to exit, sends it SIGTERM.
 */
import { expect } from "chai";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

const SUPPORT = path.join(__dirname, "..", "support", "temp-dir.ts");

/** Starts a process that makes a folder, then idles until it is sent SIGTERM. */
function holder(): Promise<{ dir: string; exited: Promise<number | null> }> {
  const code = `const { tempDir } = require(${JSON.stringify(SUPPORT)}); console.log(tempDir("holder")); setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ["--import", "tsx", "-e", code], { stdio: ["ignore", "pipe", "inherit"] });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (status) => resolve(status)));
  return new Promise((resolve) => {
    child.stdout.once("data", (data: Buffer) => {
      const dir = data.toString().trim();
      expect(fs.existsSync(dir), dir).to.equal(true);
      child.kill("SIGTERM");
      resolve({ dir, exited });
    });
  });
}

describe("temporary folders of the tests", () => {
  it("are removed when mocha's pool sends a worker SIGTERM", async function () {
    this.timeout(30_000);
    const { dir, exited } = await holder();
    expect(dir).to.match(/ami-factory-holder-/);
    expect(await exited).to.equal(143);
    expect(fs.existsSync(dir)).to.equal(false);
  });
});
