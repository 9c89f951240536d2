/**
 * The command line of `npm run bench [-- --quick] [--no-profile] [--sizes 10,50] [--max-resources N]
 * [--max-default N] [--max-accounts N] [--report-only]`, read into the options of one run.
 */
import { readCommandLine } from "../cli/command-line";

export interface Options {
  quick: boolean;
  profile: boolean;
  sizes: number[];
  /** The largest estimated plan run in tuned mode. */
  maxResources: number;
  /** The largest estimated plan run in default mode, several times slower. */
  maxDefault: number;
  /** The largest catalog without OU principals that is planned (its grants grow with accounts). */
  maxAccounts: number;
  /** Every size, not `--quick`: the run whose results docs/bench shows. */
  full: boolean;
  /** No measuring: the table and docs again from the last run's results. */
  reportOnly: boolean;
}

const OPTIONS = {
  quick: "boolean",
  "no-profile": "boolean",
  "report-only": "boolean",
  sizes: "string",
  "max-resources": "string",
  "max-default": "string",
  "max-accounts": "string",
} as const;

/** The image counts of a full run, and of `--quick`. */
export const FULL_SIZES: readonly number[] = [10, 50, 200, 1000];
export const QUICK_SIZES: readonly number[] = [10, 50];

export function parseOptions(argv: readonly string[]): Options {
  const line = readCommandLine(argv, OPTIONS);
  if (line.kind === "unknown") throw new Error(`unknown argument ${line.arg}`);
  if (line.kind === "missing" || line.kind === "twice") throw new Error(line.message);
  const { values } = line;
  const quick = values.quick === true;
  const sizes = values.sizes?.split(",").map(Number) ?? [...(quick ? QUICK_SIZES : FULL_SIZES)];
  if (sizes.some((n) => !Number.isInteger(n) || n < 1))
    throw new Error(`--sizes takes image counts like 10,50; got ${values.sizes}`);
  const cap = (name: "max-resources" | "max-default" | "max-accounts", fallback: number) => {
    const n = Number(values[name] ?? fallback);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} takes a resource count; got ${values[name]}`);
    return n;
  };
  return {
    quick,
    profile: !quick && values["no-profile"] !== true,
    sizes,
    maxResources: cap("max-resources", 60_000),
    maxDefault: quick ? 0 : cap("max-default", 6_000),
    maxAccounts: cap("max-accounts", 60_000),
    full: !quick && values.sizes === undefined,
    reportOnly: values["report-only"] === true,
  };
}
