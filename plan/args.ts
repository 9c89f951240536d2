/**
 * The command line of `npm run plan`: every option takes one value, given as `--name VALUE` or
 * `--name=VALUE`. Anything else is a usage error (exit 2), reported in one sentence.
 */
import { readCommandLine } from "../cli/command-line";
import { DEFAULT_STACK } from "../catalog/tables/stack-settings";

export const FORMATS = ["text", "json", "markdown"] as const;
export type Format = (typeof FORMATS)[number];

export interface PlanOptions {
  /** Stack name: its config is `Pulumi.<stack>.yaml`. */
  stack: string;
  /** Whether `--stack` was given (else `stack` is the default, and `--catalog` may pick another). */
  stackGiven: boolean;
  /** Catalog file, overriding the stack's `ami-factory:catalog`. */
  catalog?: string;
  format: Format;
  /** A catalog file or a git ref to compare with. */
  base?: string;
}

export type ParsedArgs = { kind: "options"; options: PlanOptions } | { kind: "help" } | { kind: "error"; message: string };

export const USAGE = `usage: npm run plan -- [--stack NAME] [--catalog FILE] [--format text|json|markdown] [--base FILE-OR-GIT-REF]

Runs the program offline (no credentials, no Pulumi CLI) and prints what the stack would hold.
  --stack NAME          stack whose config to use: Pulumi.<NAME>.yaml (default: ${DEFAULT_STACK})
  --catalog FILE        catalog to plan instead of the stack's ami-factory:catalog; without
                        --stack, the stack whose ami-factory:catalog it is
  --format FORMAT       text (default), json (for tools) or markdown (for a pull-request comment)
  --base FILE-OR-REF    also print the changes from another catalog: a file, or a git ref (e.g.
                        --base main): with --stack, the catalog and config Pulumi.<NAME>.yaml
                        had at the ref; without, the same catalog path at the ref
Exit status: 0 planned, 1 invalid catalog or mandatory policy violated, 2 usage error.`;

const OPTIONS = { stack: "string", catalog: "string", format: "string", base: "string" } as const;

/** What is wrong with `--stack NAME`: a stack name as Pulumi allows it (and safe to put into a file name). */
export function stackNameProblem(stack: string): string | undefined {
  return /^[A-Za-z0-9_.-]+$/.test(stack)
    ? undefined
    : `--stack ${JSON.stringify(stack)} is not a stack name (letters, digits, _ . -)`;
}

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const line = readCommandLine(argv, OPTIONS, { help: true });
  switch (line.kind) {
    case "help":
      return line;
    case "unknown":
      return {
        kind: "error",
        message: line.arg.startsWith("--")
          ? `unknown option ${line.option}`
          : `unexpected argument ${JSON.stringify(line.arg)}: every value follows its option`,
      };
    case "missing":
    case "twice":
      return { kind: "error", message: line.message };
  }
  const { values } = line;
  const format = values.format ?? "text";
  if (!(FORMATS as readonly string[]).includes(format)) {
    return { kind: "error", message: `--format ${JSON.stringify(format)} is not a format; use ${FORMATS.join(", ")}` };
  }
  const stack = values.stack ?? DEFAULT_STACK;
  const badStack = stackNameProblem(stack);
  if (badStack !== undefined) return { kind: "error", message: badStack };
  const options: PlanOptions = { stack, stackGiven: values.stack !== undefined, format: format as Format };
  if (values.catalog !== undefined) options.catalog = values.catalog;
  if (values.base !== undefined) options.base = values.base;
  return { kind: "options", options };
}
