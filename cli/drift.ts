/**
 * `npm run drift -- STACK REFRESH-JSON EXIT-CODE RUN-URL`
 *
 * Reads what the drift workflow's `pulumi refresh --preview-only --json` printed and its exit
 * code, prints `clean`, `drift` or `failed` (plan/drift.ts), and with drift writes the stack's
 * issue body to `drift.md`, within GitHub's limit, and every difference to `drift-full.md` (the
 * run's artifact). Exit 0, or 2 on a usage error.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { classifyRefresh, DRIFT_FULL, driftIssueBody } from "../plan/drift";
import { readCommandLine } from "./command-line";
import { runAsProcess, type Streams } from "./entry";

export function main(argv: readonly string[], io: Streams, cwd = "."): number {
  const line = readCommandLine(argv, {}, { positionals: true });
  const args = line.kind === "arguments" ? line.positionals : [];
  const [stack, file, code, runUrl] = args;
  if (args.length !== 4 || !/^\d+$/.test(code)) {
    io.err("usage: npm run drift -- STACK REFRESH-JSON EXIT-CODE RUN-URL\n");
    return 2;
  }
  const outcome = classifyRefresh(Number(code), existsSync(file) ? readFileSync(file, "utf8") : "");
  if (outcome.kind === "drift") {
    writeFileSync(`${cwd}/drift.md`, driftIssueBody(stack, outcome.differences, runUrl));
    writeFileSync(`${cwd}/${DRIFT_FULL}`, driftIssueBody(stack, outcome.differences, runUrl, Infinity));
  }
  if (outcome.kind === "failed") io.err(`drift: not drift, a failure: ${outcome.reason}\n`);
  io.out(`${outcome.kind}\n`);
  return 0;
}

if (require.main === module) runAsProcess("drift", main);
