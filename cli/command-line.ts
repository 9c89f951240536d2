/**
 * The command lines of the CLIs, read by Node's `util.parseArgs` under one rule:
 * - a leading `--` (npm passes it on) is dropped; a later one is an unknown argument;
 * - an option is `--name`; a string option's value is `--name VALUE` or `--name=VALUE`, and it is
 *   missing when empty or when it starts with `--` (a value is never an option: parseArgs takes
 *   the next argument as the value even when it is one); a string option given twice is refused,
 *   so that neither value is silently dropped;
 * - `-h` and `--help` ask for the usage, where the command has one;
 * - undeclared options, short options, a switch given a value (`--apply=1`), a lone `-`, and
 *   positionals where the command takes none are unknown arguments;
 * - the first problem in argument order is the one reported.
 * A missing or repeated value comes with its message, the same in every command; each command
 * words an unknown argument and its usage itself (each had its own wording, which tests pin).
 */
import { parseArgs } from "node:util";

/** Each option's name and whether it takes a value (`string`) or is a switch (`boolean`). */
export type OptionTypes = Readonly<Record<string, "string" | "boolean">>;

export type Values<T extends OptionTypes> = { -readonly [K in keyof T]?: T[K] extends "string" ? string : true };

export interface CommandLineRules<H extends boolean> {
  /** `-h` and `--help` ask for the usage; otherwise they are unknown arguments. @default false */
  help?: H;
  /** Arguments that are not options are kept, in order; otherwise they are unknown. @default false */
  positionals?: boolean;
}

export type CommandLine<T extends OptionTypes> =
  | { kind: "arguments"; values: Values<T>; positionals: string[] }
  /** `arg` as given; `option` the option's name as written, without an `=VALUE` (else `arg`). */
  | { kind: "unknown"; arg: string; option: string }
  | { kind: "missing"; name: keyof T & string; message: string }
  | { kind: "twice"; name: keyof T & string; message: string };

/** The request for the usage, a possible answer only where the command has a usage to give. */
export type Help<H extends boolean> = H extends true ? { kind: "help" } : never;

export function readCommandLine<T extends OptionTypes, H extends boolean = false>(
  argv: readonly string[],
  types: T,
  rules: CommandLineRules<H> = {},
): CommandLine<T> | Help<H> {
  const args = argv.filter((arg, i) => !(arg === "--" && i === 0));
  const options = Object.fromEntries(Object.entries(types).map(([name, type]) => [name, { type }]));
  const { tokens } = parseArgs({ args, options, strict: false, allowPositionals: true, tokens: true });
  const values: Record<string, string | true> = {};
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === "option-terminator") return { kind: "unknown", arg: "--", option: "--" };
    const arg = args[token.index];
    if (token.kind === "positional") {
      if (!rules.positionals || arg === "-") return { kind: "unknown", arg, option: arg };
      positionals.push(arg);
      continue;
    }
    // `-hx` is two tokens of one argument, `-h` and `-x`: not a request for help.
    if (rules.help && arg === token.rawName && (arg === "-h" || arg === "--help")) return { kind: "help" } as Help<H>;
    const type = Object.hasOwn(types, token.name) ? types[token.name] : undefined;
    if (type === undefined || !arg.startsWith("--") || (type === "boolean" && token.inlineValue))
      return { kind: "unknown", arg, option: token.rawName };
    const name = token.name as keyof T & string;
    if (type === "boolean") {
      values[name] = true;
      continue;
    }
    if (!token.value || token.value.startsWith("--")) return { kind: "missing", name, message: `--${name} needs a value` };
    if (values[name] !== undefined) return { kind: "twice", name, message: `--${name} is given twice` };
    values[name] = token.value;
  }
  return { kind: "arguments", values: values as Values<T>, positionals };
}
