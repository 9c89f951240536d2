/**
 * Temporary folders for tests, each removed when the test process exits (mocha's workers exit
 * through `process.exit`, which runs the handler), so that a run of the suite leaves nothing in
 * the temporary directory. A worker that has not exited a second after mocha asked it to is sent
 * SIGTERM (workerpool's `workerTerminateTimeout`), which would skip the exit handler: that signal
 * removes them too.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const made: string[] = [];
function removeAll(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}
process.once("exit", removeAll);
process.once("SIGTERM", () => {
  removeAll();
  process.exit(143);
});

/** A new, empty folder `ami-factory-<purpose>-XXXXXX` in the temporary directory. */
export function tempDir(purpose: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `ami-factory-${purpose}-`));
  made.push(dir);
  return dir;
}
