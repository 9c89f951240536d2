/**
 * `npm run stacks -- [--base GIT-REF] [--only NAMES] [--format lines|json]`
 *
 * The stacks of this project (one `Pulumi.<stack>.yaml` each), for the workflows to plan, deploy
 * or refresh one by one. With `--base`, only those the changes since the merge base with that
 * ref touch (plan/affected-stacks.ts), each with its reason on standard error. `--only` keeps the
 * named stacks (comma- or space-separated) and fails on a name that has no stack file, so a
 * workflow never runs a stack that would silently fall back to the example catalog. Exit 0, or 2
 * on a usage error.
 */
import { execFileSync } from "node:child_process";
import { relative, resolve, sep } from "node:path";
import { readCommandLine } from "./command-line";
import { affectedStacks, type AffectedStack, type StackCatalog } from "../plan/affected-stacks";
import { catalogOf, readStackConfig, stackFile, stacksIn } from "../plan/stack-config";
import { runAsProcess, type Streams } from "./entry";

export const USAGE = "usage: npm run stacks -- [--base GIT-REF] [--only NAMES] [--format lines|json]";

class UsageError extends Error {}

function git(cwd: string, args: string[]): string {
  try {
    return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new UsageError(`git ${args.join(" ")} failed: ${e.stderr?.trim() || e.message}`);
  }
}

/** Every stack with its catalog, relative to the project root. */
export function stackCatalogs(root: string): StackCatalog[] {
  return stacksIn(root).map((stack) => {
    const config = readStackConfig(root, stack);
    if (!config.ok) throw new UsageError(config.message);
    return { stack, catalog: catalogOf(config.config) };
  });
}

/** Files changed between the merge base of `base` and HEAD, relative to the project root. */
export function changedFiles(root: string, base: string): string[] {
  const top = git(root, ["rev-parse", "--show-toplevel"]).trim();
  const prefix = relative(top, resolve(root)).split(sep).join("/");
  const names = git(top, ["diff", "--name-only", "--no-renames", `${base}...HEAD`])
    .split("\n")
    .filter(Boolean);
  if (prefix === "") return names;
  return names.filter((name) => name.startsWith(`${prefix}/`)).map((name) => name.slice(prefix.length + 1));
}

const OPTIONS = { base: "string", only: "string", format: "string" } as const;

function parse(argv: readonly string[]): { base?: string; only?: string[]; format: "lines" | "json" } {
  const line = readCommandLine(argv, OPTIONS);
  if (line.kind === "unknown") throw new UsageError(`unknown argument ${JSON.stringify(line.arg)}`);
  if (line.kind === "missing" || line.kind === "twice") throw new UsageError(line.message);
  const { values } = line;
  const format = values.format ?? "lines";
  if (format !== "lines" && format !== "json") throw new UsageError(`--format ${JSON.stringify(format)}: use lines or json`);
  const only = values.only?.split(/[\s,]+/).filter(Boolean);
  return { base: values.base, only, format };
}

/** Runs the command and returns its exit code. */
export function main(argv: readonly string[], io: Streams, cwd = process.cwd()): number {
  try {
    const options = parse(argv);
    const stacks = stackCatalogs(cwd);
    const known = new Set(stacks.map((s) => s.stack));
    const unknown = (options.only ?? []).filter((name) => !known.has(name));
    if (unknown.length > 0) {
      throw new UsageError(
        `no stack file for ${unknown.map(stackFile).join(", ")} (stacks here: ${[...known].join(", ") || "none"})`,
      );
    }
    let chosen: AffectedStack[] =
      options.base === undefined
        ? stacks.map((s) => ({ stack: s.stack, reason: "every stack" }))
        : affectedStacks(changedFiles(cwd, options.base), stacks);
    if (options.only) chosen = chosen.filter((s) => options.only!.includes(s.stack));
    for (const s of chosen) io.err(`stacks: ${s.stack}: ${s.reason}\n`);
    if (options.base !== undefined && chosen.length === 0) io.err(`stacks: no stack is changed since ${options.base}\n`);
    const names = chosen.map((s) => s.stack);
    io.out(options.format === "json" ? `${JSON.stringify(names)}\n` : names.map((n) => `${n}\n`).join(""));
    return 0;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`stacks: ${error.message}\n${USAGE}\n`);
    return 2;
  }
}

if (require.main === module) runAsProcess("stacks", main);
