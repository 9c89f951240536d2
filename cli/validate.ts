/**
 * `npm run validate -- [CATALOG | --stack NAME]`: check a catalog without credentials.
 *
 * With `--stack`, the catalog of Pulumi.<NAME>.yaml (`ami-factory:catalog`); CATALOG defaults to
 * that of Pulumi.dev.yaml, else config/catalog.yaml. Prints one `FILE:LINE:COL PATH: MESSAGE`
 * line per problem and exits 1 when the catalog is invalid; prints its warnings (`MESSAGE`
 * starting with `warning: `: quotas AWS raises on request), a one-line summary and exits 0 when
 * it is valid; exits 2 on a usage error or a file that cannot be read. Never prints a stack
 * trace. A valid catalog's inline components are checked too (checks/inline-components.ts):
 * their generated documents, their bash scripts with shellcheck (one line on stderr says so when
 * it is not installed) and their PowerShell scripts with a parser.
 */
import { readFileSync, statSync } from "node:fs";
import { formatProblem, loadCatalogFile } from "../catalog/load";
import type { Catalog } from "../catalog/resolve/model";
import { count } from "../catalog/read/wording";
import { checkInlineComponents, type ScriptTools } from "../checks/inline-components";
import { loadPowerShellParser } from "../checks/powershell";
import { systemShellcheck } from "../checks/shellcheck";
import { DEFAULT_STACK } from "../catalog/tables/stack-settings";
import { catalogOf, DEFAULT_CATALOG, readStackConfig } from "../plan/stack-config";
import { readCommandLine } from "./command-line";
import { runAsProcess, type Streams } from "./entry";

const USAGE = "usage: npm run validate -- [CATALOG | --stack NAME]";

/** The installed shellcheck and the PowerShell grammar from npm. */
export const SYSTEM_TOOLS: ScriptTools = { shellcheck: systemShellcheck, powershell: loadPowerShellParser };

/** Runs the command and returns its exit code. */
export async function main(args: readonly string[], io: Streams, tools: ScriptTools = SYSTEM_TOOLS): Promise<number> {
  // Every `--` is dropped, not only npm's leading one, as validate always has.
  const line = readCommandLine(
    args.filter((arg) => arg !== "--"),
    { stack: "string" },
    { help: true, positionals: true },
  );
  if (line.kind === "help") {
    io.out(USAGE);
    return 0;
  }
  const stack = line.kind === "arguments" ? line.values.stack : undefined;
  const positional = line.kind === "arguments" ? line.positionals : [];
  const problem =
    line.kind === "unknown"
      ? `unknown option ${line.arg}`
      : line.kind === "twice"
        ? line.message
        : line.kind === "missing" || stack?.startsWith("-")
          ? "--stack needs a stack name"
          : stack !== undefined && positional.length > 0
            ? "give a catalog file or --stack, not both"
            : positional.length > 1
              ? "give at most one catalog file"
              : undefined;
  if (problem !== undefined) {
    io.err(`validate: ${problem}`);
    io.err(USAGE);
    return 2;
  }
  let file = positional[0];
  if (file === undefined) {
    const config = readStackConfig(process.cwd(), stack ?? DEFAULT_STACK);
    if (!config.ok && stack !== undefined) {
      io.err(`validate: ${config.message}`);
      return 2;
    }
    file = config.ok ? catalogOf(config.config) : DEFAULT_CATALOG;
  }
  const unreadable = checkReadable(file);
  if (unreadable) {
    io.err(`validate: cannot read ${file}: ${unreadable}`);
    return 2;
  }
  const result = loadCatalogFile(file);
  if (!result.ok) {
    for (const problem of result.problems) io.out(formatProblem(problem));
    return 1;
  }
  for (const warning of result.warnings) io.out(formatProblem(warning));
  const scripts = await checkInlineComponents(file, readFileSync(file, "utf8"), result.catalog, tools);
  for (const note of scripts.notes) io.err(note);
  if (scripts.problems.length > 0) {
    for (const problem of scripts.problems) io.out(formatProblem(problem));
    return 1;
  }
  io.out(`${file}: ${summary(result.catalog)}: valid`);
  return 0;
}

function checkReadable(file: string): string | undefined {
  try {
    if (statSync(file).isDirectory()) return "it is a directory";
    return undefined;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message;
  }
}

/** `5 images, 4 regions, 6 accounts`. */
function summary(catalog: Catalog): string {
  const regions = new Set(catalog.images.flatMap((image) => image.regions));
  return [
    count(catalog.images.length, "image"),
    count(regions.size, "region"),
    count(Object.keys(catalog.accounts).length, "account"),
  ].join(", ");
}

if (require.main === module) runAsProcess("validate", main, { lines: true, failureCode: 2 });
