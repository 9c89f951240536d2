/**
 * The command line of `npm run plan`: every option takes one value, given as `--name VALUE` or
 * `--name=VALUE`. Anything else is a usage error (exit 2), reported in one sentence.
 */
import { parseArgs as parseCommandLine } from "node:util";

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

export const DEFAULT_STACK = "dev";

export const USAGE = `usage: npm run plan -- [--stack NAME] [--catalog FILE] [--format text|json|markdown] [--base FILE-OR-GIT-REF]

Runs the program offline (no credentials, no Pulumi CLI) and prints what the stack would hold.
  --stack NAME          stack whose config to use: Pulumi.<NAME>.yaml (default: ${DEFAULT_STACK})
  --catalog FILE        catalog to plan instead of the stack's ami-factory:catalog; without
                        --stack, the stack whose ami-factory:catalog it is
  --format FORMAT       text (default), json (for tools) or markdown (for a pull-request comment)
  --base FILE-OR-REF    also print the changes from another catalog: a file, or a git ref whose
                        copy of the same catalog path is read (e.g. --base main)
Exit status: 0 planned, 1 invalid catalog or mandatory policy violated, 2 usage error.`;

/** Every option, read by Node's `util.parseArgs`; its tokens are checked here, to word each error as ours. */
const OPTIONS = {
  stack: { type: "string" },
  catalog: { type: "string" },
  format: { type: "string" },
  base: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;
type OptionName = Exclude<keyof typeof OPTIONS, "help">;

/** A stack name as Pulumi allows it (and safe to put into a file name). */
const STACK_NAME = /^[A-Za-z0-9_.-]+$/;

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const values: Partial<Record<OptionName, string>> = {};
  const args = argv.filter((arg, i) => !(arg === "--" && i === 0));
  const { tokens } = parseCommandLine({ args, options: OPTIONS, strict: false, allowPositionals: true, tokens: true });
  for (const token of tokens) {
    // A later `--` ends the options for parseArgs; here it is one more option, and unknown.
    if (token.kind === "option-terminator") return { kind: "error", message: "unknown option --" };
    const arg = args[token.index];
    if (token.kind === "option" && token.name === "help" && arg === token.rawName) return { kind: "help" };
    if (!arg.startsWith("--"))
      return { kind: "error", message: `unexpected argument ${JSON.stringify(arg)}: every value follows its option` };
    if (token.kind !== "option" || !(token.name in OPTIONS) || token.name === "help")
      return { kind: "error", message: `unknown option ${token.kind === "option" ? token.rawName : arg}` };
    const name = token.name as OptionName;
    // parseArgs takes the next argument as the value even when it is an option: that is a missing value.
    const value = token.inlineValue === false && token.value?.startsWith("--") ? undefined : token.value;
    if (value === undefined || value === "") return { kind: "error", message: `--${name} needs a value` };
    if (values[name] !== undefined) return { kind: "error", message: `--${name} is given twice` };
    values[name] = value;
  }
  const format = values.format ?? "text";
  if (!(FORMATS as readonly string[]).includes(format)) {
    return { kind: "error", message: `--format ${JSON.stringify(format)} is not a format; use ${FORMATS.join(", ")}` };
  }
  const stack = values.stack ?? DEFAULT_STACK;
  if (!STACK_NAME.test(stack))
    return { kind: "error", message: `--stack ${JSON.stringify(stack)} is not a stack name (letters, digits, _ . -)` };
  const options: PlanOptions = { stack, stackGiven: values.stack !== undefined, format: format as Format };
  if (values.catalog !== undefined) options.catalog = values.catalog;
  if (values.base !== undefined) options.base = values.base;
  return { kind: "options", options };
}
