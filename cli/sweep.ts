/**
 * `npm run sweep -- [--stack NAME] [--deprecate | --apply]`
 *
 * Per region, the AMIs this factory made, and what the sweep does with each (sweep/decide.ts):
 * - without a switch it changes nothing and prints what it would do;
 * - `--deprecate` runs the deprecate step only, which deletes nothing: an AMI no release serves
 *   and that has no deprecation time gets one, `lifecycle.deprecateAfterDays` after this day; a
 *   served build is marked `ami-factory:released` (the lifecycle policy then never deletes it);
 *   a served AMI, build or copy, loses a deprecation time it was given while it was not served
 *   (but for a copy's time that its release's `deprecateAt` asks for);
 * - `--apply` runs the deprecate step, then deregisters the AMIs no release serves that are
 *   deprecated, not launched for the image's `lifecycle.deleteAfterDays` and not protected from
 *   deregistration, and deletes their snapshots, and those an earlier run left behind (a snapshot
 *   EC2 did not delete with its AMI, sweep/ec2.ts `orphanedSnapshots`), which every run lists.
 * Exit 0 when done, 1 when the catalog is invalid or a change failed (run it again: it
 * converges), 2 on a usage error.
 */
import type { EC2Client } from "@aws-sdk/client-ec2";
import { decide, DEPRECATE_STEP, type Change, type Verdict } from "../sweep/decide";
import {
  applyChange,
  clientFor,
  deleteSnapshot,
  deregister,
  enabledRegions,
  factoryAmis,
  orphanedSnapshots,
  type OrphanedSnapshot,
  type RetryOptions,
} from "../sweep/ec2";
import { stackFacts } from "../sweep/stack-facts";
import { stackNameProblem } from "../plan/args";
import { DEFAULT_STACK } from "../catalog/tables/stack-settings";
import { count } from "../catalog/read/wording";
import { readCommandLine } from "./command-line";
import { runAsProcess, type Streams } from "./entry";

export const USAGE = `usage: npm run sweep -- [--stack NAME] [--deprecate | --apply]

Lists, per region, the AMIs this factory made and what the sweep does with each: deprecate those
no release serves (deprecateAfterDays after today), mark served builds released, and deregister
those no release serves that are deprecated, not launched for lifecycle.deleteAfterDays and not
protected, with their snapshots (and those an earlier run could not delete). Without a switch
nothing changes.
  --stack NAME   stack whose catalog says what is served: Pulumi.<NAME>.yaml (default: ${DEFAULT_STACK})
  --deprecate    set deprecation times and released marks; deletes nothing
  --apply        --deprecate, then deregister and delete the snapshots
Exit status: 0 done, 1 invalid catalog or a change that failed (run again), 2 usage error.`;

export interface Environment {
  cwd?: string;
  /** An EC2 client per region. @default the SDK's, with the default credential chain */
  client?: (region: string) => EC2Client;
  now?: Date;
  retry?: RetryOptions;
}

/** `deprecate`: the deprecate step runs; `apply`: deregistration too (and the deprecate step). */
type Options = { stack: string; deprecate: boolean; apply: boolean };

/** The options, `"help"`, or what is wrong with the arguments. */
function parse(argv: readonly string[]): Options | string {
  const line = readCommandLine(argv, { stack: "string", deprecate: "boolean", apply: "boolean" }, { help: true });
  if (line.kind === "help") return "help";
  if (line.kind === "unknown") return `unknown argument ${JSON.stringify(line.arg)}`;
  if (line.kind === "missing" || line.kind === "twice") return line.message;
  const { stack = DEFAULT_STACK, deprecate = false, apply = false } = line.values;
  return stackNameProblem(stack) ?? { stack, deprecate: deprecate || apply, apply };
}

function describeChange(change: Change): string {
  switch (change.kind) {
    case "deprecate":
      return `deprecate at ${change.at}`;
    case "undeprecate":
      return "cancel deprecation";
    case "mark":
      return "mark released";
    case "deregister":
      return "deregister";
  }
}

/** Whether this run makes the change, or only says it would. */
function made(change: Change, options: Options): boolean {
  return DEPRECATE_STEP.has(change.kind) ? options.deprecate : options.apply;
}

/** Rows under a head, each column as wide as its widest cell, the last one not padded. */
function columns(head: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
      .join("  ")
      .trimEnd();
  return [line(head), ...rows.map(line)];
}

function table(verdicts: readonly Verdict[], options: Options): string[] {
  const rows = verdicts.map((v) => [
    v.ami.region,
    v.ami.id,
    v.ami.name,
    v.changes.length === 0
      ? "keep"
      : v.changes.map((c) => (made(c, options) ? describeChange(c) : `would ${describeChange(c)}`)).join(", "),
    v.reason,
  ]);
  return columns(["region", "ami", "name", "action", "why"], rows);
}

function snapshotTable(snapshots: readonly OrphanedSnapshot[], options: Options): string[] {
  const action = options.apply ? "delete" : "would delete";
  return [
    "Snapshots left by AMIs the sweep deregistered (EC2 did not delete them with their AMI)",
    ...columns(
      ["region", "snapshot", "ami", "action"],
      snapshots.map((s) => [s.region, s.id, s.ami, action]),
    ),
  ];
}

function countOf(verdicts: readonly Verdict[], kind: Change["kind"]): number {
  return verdicts.filter((v) => v.changes.some((c) => c.kind === kind)).length;
}

export async function main(argv: readonly string[], io: Streams, env: Environment = {}): Promise<number> {
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
  const make = env.client ?? clientFor;
  const byRegion = new Map<string, EC2Client>();
  // One client per region, however many AMIs are changed there.
  const clients = (region: string) => byRegion.get(region) ?? byRegion.set(region, make(region)).get(region)!;
  const regions = await enabledRegions(clients(facts.facts.buildRegion), env.retry);
  const amis = (
    await Promise.all(regions.map((region) => factoryAmis(clients(region), region, facts.facts.factory, env.retry)))
  ).flat();
  // Listed before this run deregisters anything: what it leaves itself is reported as failed.
  const orphans = (
    await Promise.all(regions.map((region) => orphanedSnapshots(clients(region), region, facts.facts.factory, env.retry)))
  ).flat();
  const verdicts = decide(amis, facts.facts, env.now ?? new Date());
  const swept = verdicts.filter((v) => v.changes.some((c) => c.kind === "deregister"));
  io.out(`Sweep of stack ${options.stack} (factory ${facts.facts.factory}, ${facts.catalog}): ${regions.length} regions\n`);
  io.out(`${table(verdicts, options).join("\n")}\n`);
  const [deprecated, marked, cancelled] = (["deprecate", "mark", "undeprecate"] as const).map((k) => countOf(verdicts, k));
  const step = (done: boolean) =>
    done
      ? `deprecated ${deprecated} AMIs, marked ${marked} released, cancelled ${cancelled} deprecations`
      : `would deprecate ${deprecated} AMIs, mark ${marked} released, cancel ${cancelled} deprecations`;

  const leftSnapshots = () => {
    if (orphans.length > 0) io.out(`${snapshotTable(orphans, options).join("\n")}\n`);
  };
  const snapshotsUntouched = () => {
    if (orphans.length === 0) return;
    io.out(`${count(orphans.length, "snapshot")} of deregistered AMIs would be deleted; nothing deleted (--apply to do it)\n`);
  };

  if (!options.deprecate) {
    io.out(`${step(false)}; nothing changed (--deprecate to do it)\n`);
    io.out(`${swept.length} of ${verdicts.length} AMIs would be deregistered; nothing changed (--apply to do it)\n`);
    leftSnapshots();
    snapshotsUntouched();
    return 0;
  }
  let failed = 0;
  /** Whether the change was made; a failure is reported with what it was made to (`region id`). */
  const attempt = async (what: { region: string; id: string }, change: () => Promise<void>) => {
    try {
      await change();
      return true;
    } catch (error) {
      failed++;
      io.err(`sweep: ${what.region} ${what.id}: ${error instanceof Error ? error.message : String(error)}\n`);
      return false;
    }
  };
  for (const verdict of verdicts) {
    const client = clients(verdict.ami.region);
    for (const change of verdict.changes) {
      if (change.kind === "deregister") continue;
      if (!(await attempt(verdict.ami, () => applyChange(client, verdict.ami, change, facts.facts.factory, env.retry)))) break;
    }
  }
  io.out(`${step(true)}${failed ? ` (${failed} failed)` : ""}\n`);
  if (!options.apply) {
    io.out(`${swept.length} of ${verdicts.length} AMIs would be deregistered; nothing deregistered (--apply to do it)\n`);
    leftSnapshots();
    snapshotsUntouched();
  } else {
    let done = 0;
    for (const verdict of swept) {
      const client = clients(verdict.ami.region);
      if (await attempt(verdict.ami, () => deregister(client, verdict.ami, facts.facts.factory, env.retry))) done++;
    }
    io.out(`${done} of ${swept.length} AMIs deregistered with their snapshots\n`);
    leftSnapshots();
    if (orphans.length > 0) {
      let deleted = 0;
      for (const s of orphans) if (await attempt(s, () => deleteSnapshot(clients(s.region), s.id, env.retry))) deleted++;
      io.out(`${deleted} of ${orphans.length} snapshots of deregistered AMIs deleted\n`);
    }
  }
  if (failed > 0) {
    io.err(`sweep: ${count(failed, "change")} failed; run it again (what is done stays done)\n`);
    return 1;
  }
  return 0;
}

if (require.main === module) runAsProcess("sweep", main);
