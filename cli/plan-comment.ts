/**
 * `npm run plan-comment -- DIR [--run-url URL]`
 *
 * The pull-request comment (plan/pr-comment.ts) for the stacks the workflow planned into DIR. For
 * each stack DIR holds `<stack>.status` (the plan's exit code), `<stack>.json` (its plan, when it
 * ran) and `<stack>.err`; this writes `<stack>.md`, the full markdown plan, next to them, for the
 * workflow's artifact that every cut line points to, and prints the comment. Exit 0, 2 on a usage
 * error.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { PlanDocument } from "../plan/document";
import { comment, type StackResult } from "../plan/pr-comment";
import { renderMarkdown } from "../plan/render-markdown";
import { readCommandLine } from "./command-line";
import { runAsProcess, type Streams } from "./entry";

/** The stacks planned into a directory, in name order. */
export function readResults(dir: string): StackResult[] {
  return readdirSync(dir)
    .map((file) => /^(.+)\.status$/.exec(file)?.[1])
    .filter((stack): stack is string => stack !== undefined)
    .sort()
    .map((stack) => {
      const read = (ext: string) =>
        existsSync(join(dir, `${stack}.${ext}`)) ? readFileSync(join(dir, `${stack}.${ext}`), "utf8") : "";
      const json = read("json");
      let document: PlanDocument | undefined;
      try {
        document = json.trim() === "" ? undefined : (JSON.parse(json) as PlanDocument);
      } catch {
        document = undefined;
      }
      return { stack, status: Number(read("status").trim() || "1"), document, errors: read("err").trim() };
    });
}

export function main(argv: readonly string[], io: Streams): number {
  const line = readCommandLine(argv, { "run-url": "string" }, { positionals: true });
  // One directory and at most one `--run-url URL`, the one form the usage gives: anything else
  // (another option, `--run-url=URL`, a later `--`) is a usage error.
  const inline = argv.some((arg) => arg.startsWith("--run-url="));
  if (line.kind !== "arguments" || inline || line.positionals.length !== 1 || !existsSync(line.positionals[0])) {
    io.err("usage: npm run plan-comment -- DIR [--run-url URL]\n");
    return 2;
  }
  const [dir] = line.positionals;
  const runUrl = line.values["run-url"];
  const results = readResults(dir);
  for (const result of results) {
    if (result.document) writeFileSync(join(dir, `${result.stack}.md`), renderMarkdown(result.document, { budget: Infinity }));
  }
  io.out(comment(results, runUrl));
  return 0;
}

if (require.main === module) runAsProcess("plan-comment", main);
