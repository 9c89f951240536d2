/**
 * shellcheck (the Debian package `shellcheck`) on a script, as bash runs it: AWSTOE runs an
 * ExecuteBash step's script file with bash, so the dialect is given (`--shell=bash`) rather
 * than guessed from a shebang the file does not have. The one module here that starts a process.
 */
import { spawnSync } from "node:child_process";
import type { ScriptFinding } from "./scripts";

export const SHELLCHECK = "shellcheck";
export const SHELLCHECK_ARGS = ["--shell=bash", "--format=json1", "-"] as const;
/** What to tell someone who does not have it. */
export const SHELLCHECK_INSTALL = "apt-get install shellcheck";

export type Shellcheck = (script: string) => ScriptFinding[];

interface Json1 {
  comments: Array<{ line: number; column: number; level: string; code: number; message: string }>;
}

/** The installed shellcheck, or undefined when there is none on the PATH. */
export function systemShellcheck(): Shellcheck | undefined {
  const probe = spawnSync(SHELLCHECK, ["--version"], { encoding: "utf8" });
  if (probe.error || probe.status !== 0) return undefined;
  return (script) => {
    const run = spawnSync(SHELLCHECK, SHELLCHECK_ARGS, { input: script, encoding: "utf8" });
    // Exit 0: clean; 1: findings. Anything else is shellcheck failing, which is not a finding.
    if (run.error || (run.status !== 0 && run.status !== 1)) {
      throw new Error(`shellcheck failed (exit ${run.status}): ${run.error?.message ?? run.stderr.trim()}`);
    }
    const report = JSON.parse(run.stdout) as Json1;
    return report.comments.map((c) => ({
      line: c.line,
      column: c.column,
      message: `shellcheck SC${c.code} (${c.level}): ${c.message}`,
    }));
  };
}
