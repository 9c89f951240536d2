/**
 * The benchmark's results as data, and as the tables the terminal and docs/bench/README.md show.
 */
import type { CoreTiming } from "./core";
import type { ResourceCount } from "../catalog/expand/resource-count";
import type { Measurement, Mode } from "./measure";
import type { ProfileSummary } from "./profile";
import { pairsSentence } from "./pairs";
import { RESOURCES_PER_TURN } from "../components/pace";
import { formatNumber } from "../catalog/read/wording";

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  platform: string;
  /** The default heap limit of a `node` on this machine, MiB. */
  heapLimitMiB: number;
  /** 1-minute load average when the run started and ended: other work on the machine skews wall times. */
  load: { start: number; end: number };
  /**
   * Of the machine's CPU time during the run, the percent a virtual machine's host gave to other
   * guests (steal): above a few percent, wall and CPU times measure the host as much as the code.
   */
  stealPercent?: number;
}

export interface CatalogResult {
  id: string;
  images: number;
  organizations: boolean;
  bytes: number;
  /** AMIs (one per image and channel) times the regions each is in. */
  amiRegions: number;
  /** From the expanded catalog, before any run. */
  estimate: ResourceCount;
  core: CoreTiming;
}

export interface PlanRun {
  catalog: string;
  mode: Mode;
  repetitions: number;
  plan: Measurement;
  /** The program's registration requests replayed through the package classes (bench/floor.ts). */
  floor?: Measurement;
  /** The same resources with plain inputs, parents and nothing else (bench/floor.ts --unwired), once. */
  unwiredFloor?: Measurement;
  /** The requests replayed through the SDK's generic classes (bench/floor.ts --generic), once. */
  sdkFloor?: Measurement;
  resources: number;
  customResources: number;
  /** Resources over images, shared ones included. */
  resourcesPerImage: number;
  /** Longest chain of `{{type name.prop}}` references between recorded resources. */
  referenceDepth: number;
  /** Resources per image beyond those the factory shares between images (keys, roles, components, accounts). */
  perImage: number;
  /** Plan over floor (medians); `wallRange` spans the ratios of the interleaved pairs of runs. */
  ratio?: { wall: number; cpu: number; rss: number; wallRange?: [number, number] };
}

export interface DepthRun {
  id: string;
  regions: number;
  accounts: number;
  organizations: boolean;
  resources: number;
  referenceDepth: number;
  /** Longest chain in the dependencies the SDK sends the engine (references, applies, providers). */
  engineDepth: number;
  chain: string[];
}

export interface Target {
  name: string;
  status: "met" | "missed" | "not measured";
  detail: string;
}

export interface ProfileComparison {
  catalog: string;
  mode: Mode;
  plan: ProfileSummary;
  floor: ProfileSummary;
}

export interface Results {
  date: string;
  machine: Machine;
  loader: string;
  modes: Record<Mode, string>;
  planCommand: string;
  catalogs: CatalogResult[];
  runs: PlanRun[];
  depth: DepthRun[];
  skipped: string[];
  targets: Target[];
  profile?: ProfileComparison;
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)];
}

function markdownTable(header: string[], rows: string[][]): string[] {
  return [
    `| ${header.join(" | ")} |`,
    `|${header.map((_, i) => (i === 0 ? " --- " : " ---: ")).join("|")}|`,
    ...rows.map((r) => `| ${r.join(" | ")} |`),
  ];
}

const fmt = (n: number | undefined, digits = 1) => (n === undefined ? "-" : n.toFixed(digits));
/** A run's wall time, or that it failed. */
const wall = (m: Measurement | undefined) => (m === undefined ? "-" : m.ok ? fmt(m.wallS) : "failed");

function coreRows(results: Results): { header: string[]; rows: string[][] } {
  return {
    header: [
      "catalog",
      "images",
      "KiB",
      "est. resources",
      "grants",
      "grants/AMI-region",
      "core ms (median)",
      "load ms",
      "expand ms",
      "first ms",
    ],
    rows: results.catalogs.map((c) => [
      c.id,
      String(c.images),
      String(Math.round(c.bytes / 1024)),
      formatNumber(c.estimate.total),
      formatNumber(c.estimate.grants),
      fmt(c.estimate.grants / c.amiRegions, 2),
      fmt(c.core.medianMs, 0),
      fmt(c.core.loadMs, 0),
      fmt(c.core.expandMs, 0),
      fmt(c.core.firstMs, 0),
    ]),
  };
}

function runRows(results: Results): { header: string[]; rows: string[][] } {
  return {
    header: [
      "catalog",
      "mode",
      "resources",
      "/image",
      "/image excl. shared",
      "ref. depth",
      "plan s",
      "floor s",
      "ratio",
      "cpu ratio",
      "plan MiB",
      "floor MiB",
      "ratio",
      "unwired floor s",
      "SDK floor s",
    ],
    rows: results.runs.map((r) => [
      r.catalog,
      r.mode,
      formatNumber(r.resources),
      fmt(r.resourcesPerImage),
      fmt(r.perImage),
      String(r.referenceDepth),
      wall(r.plan),
      wall(r.floor),
      wallRatio(r),
      fmt(r.ratio?.cpu, 2),
      String(r.plan.rssMiB || "-"),
      String(r.floor?.rssMiB ?? "-"),
      fmt(r.ratio?.rss, 2),
      wall(r.unwiredFloor),
      wall(r.sdkFloor),
    ]),
  };
}

/** The ratio of the medians, and the spread of the pairs when the runs were repeated. */
function wallRatio(r: PlanRun): string {
  const range = r.ratio?.wallRange;
  if (!range || r.repetitions < 2) return fmt(r.ratio?.wall, 2);
  return `${fmt(r.ratio!.wall, 2)} (${fmt(range[0], 2)}-${fmt(range[1], 2)}, ${r.repetitions} pairs)`;
}

function depthRows(results: Results): { header: string[]; rows: string[][] } {
  return {
    header: ["catalog", "regions", "principals", "resources", "reference depth", "engine depth"],
    rows: results.depth.map((d) => [
      d.id,
      String(d.regions),
      d.organizations ? `${d.accounts} (OUs)` : String(d.accounts),
      formatNumber(d.resources),
      String(d.referenceDepth),
      String(d.engineDepth),
    ]),
  };
}

export function machineLine(m: Machine): string {
  return `${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node} (${m.platform}), default heap ${formatNumber(m.heapLimitMiB)} MiB, load ${m.load.start.toFixed(1)} -> ${m.load.end.toFixed(1)}${m.stealPercent === undefined ? "" : `, steal ${m.stealPercent}% of CPU time`}`;
}

export function formatText(results: Results): string {
  const parts = [`Machine: ${machineLine(results.machine)}`, `Loader: ${results.loader}; plan: ${results.planCommand}`, ""];
  for (const [mode, text] of Object.entries(results.modes)) parts.push(`  ${mode}: ${text}`);
  const core = coreRows(results);
  parts.push("", "Pure core (load + validate + expand, in process):", ...table(core.header, core.rows));
  const runs = runRows(results);
  parts.push("", "plan against its floors (fresh process each):", ...table(runs.header, runs.rows));
  if (results.depth.length) {
    const depth = depthRows(results);
    parts.push("", "Dependency depth as catalogs widen:", ...table(depth.header, depth.rows));
  }
  if (results.profile) {
    const profile = profileRows(results.profile);
    parts.push("", `CPU profiles (${results.profile.catalog}, ${results.profile.mode}):`, ...table(profile.header, profile.rows));
  }
  if (results.skipped.length) parts.push("", "Skipped:", ...results.skipped.map((s) => `  ${s}`));
  parts.push("", "Targets:", ...results.targets.map((t) => `  [${t.status}] ${t.name}: ${t.detail}`));
  return parts.join("\n");
}

function profileRows(p: ProfileComparison): { header: string[]; rows: string[][] } {
  const origins = [...new Set([...p.plan.byOrigin, ...p.floor.byOrigin].map((o) => o.origin))];
  const ms = (summary: ProfileSummary, origin: string) => summary.byOrigin.find((o) => o.origin === origin)?.ms ?? 0;
  const rows = origins
    .map((origin) => ({ origin, plan: ms(p.plan, origin), floor: ms(p.floor, origin) }))
    .filter((r) => r.plan >= 50 || r.floor >= 50)
    .sort((a, b) => b.plan - a.plan)
    .map((r) => [
      r.origin,
      formatNumber(Math.round(r.plan)),
      formatNumber(Math.round(r.floor)),
      formatNumber(Math.round(r.plan - r.floor)),
    ]);
  rows.push([
    "total sampled",
    formatNumber(Math.round(p.plan.totalMs)),
    formatNumber(Math.round(p.floor.totalMs)),
    formatNumber(Math.round(p.plan.totalMs - p.floor.totalMs)),
  ]);
  rows.push([
    "of which under stack-trace capture",
    formatNumber(Math.round(p.plan.stackTraceMs)),
    formatNumber(Math.round(p.floor.stackTraceMs)),
    formatNumber(Math.round(p.plan.stackTraceMs - p.floor.stackTraceMs)),
  ]);
  return { header: ["self time by origin", "plan ms", "floor ms", "difference"], rows };
}

export function formatMarkdown(results: Results): string {
  const core = coreRows(results);
  const runs = runRows(results);
  const depth = depthRows(results);
  return [
    "# Benchmark: how `plan` scales with the catalog",
    "",
    "Generated by `npm run bench` (bench/run.ts); do not edit by hand. Raw figures: `results.json`.",
    "",
    `Measured ${results.date.slice(0, 10)} on: ${machineLine(results.machine)}.`,
    `Every process runs through ${results.loader}. Plan: \`${results.planCommand}\`.`,
    ...Object.entries(results.modes).map(([mode, text]) => `- **${mode}**: ${text}`),
    "",
    "![plan and its floors: wall time and peak memory against resources](chart.svg)",
    "",
    "## plan against its floors",
    "",
    "The floor sends the engine the very registration requests the program sent, and does nothing else: bench/record.ts records what the program registers (types, names, parents, providers, inputs, options and aliases, for each input the resources it depends on, from the requests themselves, and the outputs components and the stack register), and bench/floor.ts replays it under the same mock runtime answering as the plan's does, each resource with the class of its package (`aws.ec2.AmiCopy`...), an input that came from another resource's output passed that output, a dependency no value shows (a role ARN an `apply` holds back until the role's policy exists) made with one `apply`; tests/bench/floor.test.ts checks that every request is the same, field by field. No catalog, no component logic, no data sources. Like the program (components/pace.ts), the floor hands control back to the runtime every " +
      String(RESOURCES_PER_TURN) +
      " resources, the fastest batch measured. The unwired floor registers the same resources with their recorded values as plain inputs under their parents and nothing else (no dependencies, providers or options: a stack that could not be deployed); the SDK floor replays the requests with the SDK's generic `CustomResource`, which declares only the outputs others use, cheaper than any program written with @pulumi/aws can be. Both run once, for comparison. " +
      pairsSentence() +
      " Ratio = plan / floor, wall time (CPU time: user + system); in brackets the lowest and highest ratio of a plan to the floor run next to it (before or after, alternately). Memory is peak RSS. Ref. depth = longest chain of `{{type name.prop}}` references in the plan's inputs; the engine depth below also follows dependencies hidden behind `apply` and providers.",
    "",
    ...markdownTable(runs.header, runs.rows),
    "",
    "## Pure core",
    "",
    ...markdownTable(core.header, core.rows),
    "",
    "## Dependency depth as catalogs widen",
    "",
    ...markdownTable(depth.header, depth.rows),
    "",
    ...(results.profile
      ? [
          `## Where the time goes (CPU profiles, ${results.profile.catalog}, ${results.profile.mode})`,
          "",
          ...markdownTable(profileRows(results.profile).header, profileRows(results.profile).rows),
          "",
          "Busiest functions of the plan (self time):",
          "",
          ...results.profile.plan.byFunction
            .slice(0, 8)
            .map((f) => `- ${f.name} [${f.origin}]: ${formatNumber(Math.round(f.ms))} ms (${(f.share * 100).toFixed(1)}%)`),
          "",
        ]
      : []),
    "## Targets",
    "",
    ...results.targets.map(
      (t) => `- ${t.status === "missed" ? "**Missed**" : t.status === "met" ? "Met" : "Not measured"}: ${t.name}. ${t.detail}`,
    ),
    ...(results.skipped.length ? ["", "## Skipped", "", ...results.skipped.map((s) => `- ${s}`)] : []),
    "",
  ].join("\n");
}
