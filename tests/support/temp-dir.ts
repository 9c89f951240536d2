/**
 * Temporary folders for tests, each removed when the test process exits (mocha's workers exit
 * through `process.exit`, which runs the handler), so that a run of the suite leaves nothing in
 * the temporary directory.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const made: string[] = [];
process.once("exit", () => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

/** A new, empty folder `ami-factory-<purpose>-XXXXXX` in the temporary directory. */
export function tempDir(purpose: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `ami-factory-${purpose}-`));
  made.push(dir);
  return dir;
}
