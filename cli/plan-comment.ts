/**
 * `npm run plan-comment -- DIR [--run-url URL]`
 *
 * The pull-request comment for the stacks the workflow planned into DIR, one section per stack,
 * the whole within GitHub's comment limit (plan/limits.ts). For each stack DIR holds
 * `<stack>.status` (the plan's exit code), `<stack>.json` (its plan, when it ran) and
 * `<stack>.err`; this writes `<stack>.md`, the full markdown plan, next to them, for the
 * workflow's artifact that every cut line points to. Prints the comment; exit 0, 2 on a usage
 * error.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { PlanDocument } from "../plan/document";
import { COMMENT_BUDGET } from "../plan/limits";
import { renderMarkdown } from "../plan/render-markdown";
import { readCommandLine } from "./command-line";

/** The name of the workflow artifact the full plans are uploaded as (pull-request.yml). */
export const ARTIFACT = "ami-factory-plan";

export interface StackResult {
  stack: string;
  status: number;
  document?: PlanDocument;
  errors: string;
}

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

function failure(result: StackResult, budget: number): string {
  const head = `## AMI factory plan: \`stack ${result.stack}\` failed (exit ${result.status})\n\n`;
  const room = Math.max(0, budget - head.length - 16);
  const text = result.errors.length > room ? `${result.errors.slice(0, room)}\n...` : result.errors;
  return `${head}\`\`\`\n${text || "(no output)"}\n\`\`\`\n`;
}

/** The comment: one section per stack, each with an equal share of the budget. */
export function comment(results: readonly StackResult[], runUrl?: string, budget = COMMENT_BUDGET): string {
  const where = `the workflow artifact \`${ARTIFACT}\`${runUrl ? ` of [this run](${runUrl})` : ""}`;
  if (results.length === 0)
    return "## AMI factory plan\n\nNo stack's catalog, stack file or shared code changes in this pull request.\n";
  const intro = `Stacks planned: ${results.map((r) => `\`${r.stack}\``).join(", ")}.\n\n`;
  const share = Math.floor((budget - intro.length) / results.length) - 2;
  const sections = results.map((result) => {
    if (result.document === undefined) return failure(result, share);
    const fullPlan = `${where} (\`${result.stack}.json\`, \`${result.stack}.md\`)`;
    const rendered = renderMarkdown(result.document, { budget: share, fullPlan });
    if (result.status === 0) return rendered;
    return `${rendered}\n> [!CAUTION]\n> \`npm run plan\` exited ${result.status} for stack \`${result.stack}\`: ${result.errors.split("\n")[0]?.slice(0, 500) ?? ""}\n`;
  });
  return intro + sections.join("\n");
}

export function main(argv: readonly string[], io: { out: (t: string) => void; err: (t: string) => void }): number {
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

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2), {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  });
}
