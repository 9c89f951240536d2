/**
 * The command line of `npm run bench [-- --quick] [--no-profile] [--sizes 10,50] [--max-resources N]
 * [--max-default N] [--max-accounts N]`, read into the options of one run.
 */
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
}

export function parseOptions(argv: readonly string[]): Options {
  const quick = argv.includes("--quick");
  const value = (flag: string) => {
    const at = argv.indexOf(flag);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const sizes = value("--sizes")?.split(",").map(Number) ?? (quick ? [10, 50] : [10, 50, 200, 1000]);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1))
    throw new Error(`--sizes takes image counts like 10,50; got ${value("--sizes")}`);
  return {
    quick,
    profile: !quick && !argv.includes("--no-profile"),
    sizes,
    maxResources: Number(value("--max-resources") ?? 60_000),
    maxDefault: quick ? 0 : Number(value("--max-default") ?? 6_000),
    maxAccounts: Number(value("--max-accounts") ?? 60_000),
  };
}
