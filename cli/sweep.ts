/**
 * `npm run sweep -- [--stack NAME] [--apply]`
 *
 * Per region, the AMIs this factory made that no release of the stack serves any more, that are
 * deprecated, not launched for the image's `lifecycle.deleteAfterDays` and not protected from
 * deregistration (sweep/decide.ts). Without `--apply` it changes nothing and prints the table;
 * with it, it deregisters them and deletes their snapshots. Exit 0 when done, 1 when the catalog
 * is invalid or an AMI could not be swept (run it again: it converges), 2 on a usage error.
 */
import type { EC2Client } from "@aws-sdk/client-ec2";
import { decide, type Verdict } from "../sweep/decide";
import { clientFor, deregister, enabledRegions, factoryAmis, type RetryOptions } from "../sweep/ec2";
import { stackFacts } from "../sweep/stack-facts";
import { DEFAULT_STACK } from "../plan/args";
import { runAsProcess } from "./entry";

export const USAGE = `usage: npm run sweep -- [--stack NAME] [--apply]

Lists, per region, the AMIs this factory made that no release of the stack serves any more and
that are deprecated, not launched for lifecycle.deleteAfterDays and not protected.
  --stack NAME   stack whose catalog says what is served: Pulumi.<NAME>.yaml (default: ${DEFAULT_STACK})
  --apply        deregister them and delete their snapshots (without it nothing changes)
Exit status: 0 done, 1 invalid catalog or an AMI not swept (run again), 2 usage error.`;

export interface Output {
  out: (text: string) => void;
  err: (text: string) => void;
}

export interface Environment {
  cwd?: string;
  /** An EC2 client per region. @default the SDK's, with the default credential chain */
  client?: (region: string) => EC2Client;
  now?: Date;
  retry?: RetryOptions;
}

type Options = { stack: string; apply: boolean };

/** The options, `"help"`, or what is wrong with the arguments. */
function parse(argv: readonly string[]): Options | string {
  const args = argv.filter((arg, i) => !(arg === "--" && i === 0));
  const options: Options = { stack: DEFAULT_STACK, apply: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "-h" || arg === "--help") return "help";
    if (arg === "--apply") options.apply = true;
    else if (arg === "--stack" || arg.startsWith("--stack=")) {
      const value = arg === "--stack" ? args[++i] : arg.slice("--stack=".length);
      if (!value || value.startsWith("--")) return "--stack needs a value";
      if (!/^[A-Za-z0-9_.-]+$/.test(value))
        return `--stack ${JSON.stringify(value)} is not a stack name (letters, digits, _ . -)`;
      options.stack = value;
    } else return `unknown argument ${JSON.stringify(arg)}`;
  }
  return options;
}

function table(verdicts: readonly Verdict[], apply: boolean): string[] {
  const rows = verdicts.map((v) => [
    v.ami.region,
    v.ami.id,
    v.ami.name,
    v.sweep ? (apply ? "deregister" : "would deregister") : "keep",
    v.reason,
  ]);
  const head = ["region", "ami", "name", "action", "why"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
      .join("  ")
      .trimEnd();
  return [line(head), ...rows.map(line)];
}

export async function main(argv: readonly string[], io: Output, env: Environment = {}): Promise<number> {
  const options = parse(argv);
  if (options === "help") {
    io.out(`${USAGE}\n`);
    return 0;
  }
  if (typeof options === "string") {
    io.err(`sweep: ${options}\n${USAGE}\n`);
    return 2;
  }
  const cwd = env.cwd ?? process.cwd();
  const facts = stackFacts(cwd, options.stack);
  if (!facts.ok) {
    io.err(`sweep: ${facts.message}\n`);
    return facts.message.startsWith("no stack file") ? 2 : 1;
  }
  const client = env.client ?? clientFor;
  const regions = await enabledRegions(client(facts.facts.buildRegion), env.retry);
  const amis = (
    await Promise.all(regions.map((region) => factoryAmis(client(region), region, facts.facts.factory, env.retry)))
  ).flat();
  const verdicts = decide(amis, facts.facts, env.now ?? new Date());
  const swept = verdicts.filter((v) => v.sweep);
  io.out(`Sweep of stack ${options.stack} (factory ${facts.facts.factory}, ${facts.catalog}): ${regions.length} regions\n`);
  io.out(`${table(verdicts, options.apply).join("\n")}\n`);

  if (!options.apply) {
    io.out(`${swept.length} of ${verdicts.length} AMIs would be deregistered; nothing changed (--apply to do it)\n`);
    return 0;
  }
  let failed = 0;
  for (const verdict of swept) {
    try {
      await deregister(client(verdict.ami.region), verdict.ami, env.retry);
    } catch (error) {
      failed++;
      io.err(`sweep: ${verdict.ami.region} ${verdict.ami.id}: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
  io.out(`${swept.length - failed} of ${swept.length} AMIs deregistered with their snapshots\n`);
  if (failed > 0) {
    io.err(`sweep: ${failed} not swept; run it again (what is done stays done)\n`);
    return 1;
  }
  return 0;
}

if (require.main === module) runAsProcess("sweep", main);
