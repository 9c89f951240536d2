/**
 * `npm run bench [-- --quick] [--no-profile] [--sizes 10,50] [--max-resources N] [--report-only]`
 *
 * Generates catalogs of growing size and measures, side by side: the pure core (in process), the
 * plan (a fresh process running `cli/plan.ts --format json`, or bench/record.ts while there is no
 * plan command), and its floors (bench/floor.ts on the very resources the plan printed). Then the
 * dependency depth of ever wider catalogs, and CPU profiles of the plan and its floor on the
 * 200-image catalog. Prints a table and writes bench/out/results.json; a
 * full run also writes docs/bench/results.json, docs/bench/README.md and docs/bench/chart.svg.
 * No run asserts a time: the targets are reported, met or missed.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { getHeapStatistics } from "node:v8";
import { renderChart, type ChartPoint } from "./chart";
import { timeCore } from "./core";
import { countResources, TOP_COMPONENTS } from "./count";
import { generateCatalog, MAX_ACCOUNTS, MAX_REGIONS, shapeFor, type CatalogShape } from "./generate";
import { dependencyEdges, longestChain, referenceEdges, type GraphResource } from "./graph";
import { measure, medianRun, ROOT, round, type Measurement, type Mode } from "./measure";
import {
  formatMarkdown,
  formatText,
  type CatalogResult,
  type DepthRun,
  type PlanRun,
  type ProfileComparison,
  type Results,
  type Target,
} from "./report";
import { formatSummary, summarizeProfile, type ProfileSummary } from "./profile";
import type { Recording } from "./record";

interface Options {
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

const OUT = path.join(ROOT, "bench", "out");
const DOCS = path.join(ROOT, "docs", "bench");
const PLAN_CLI = path.join(ROOT, "cli", "plan.ts");
/** Below this many resources a run is repeated and the median kept; above it, noise is small next to the run. */
const REPEAT_BELOW = 1000;
const REPEATS = 3;
const CORE_REPEATS = 5;
const TWENTY_THOUSAND = 20_000;

const MODES: Record<Mode, string> = {
  default:
    "`node --import tsx --stack-trace-limit=1`: as `npm run plan` runs (tsx turns source maps on; cli/plan.ts keeps one frame per stack trace)",
  tuned:
    "the same with source maps turned off after tsx (bench/no-source-maps.mjs): the SDK formats a stack trace for every resource and output, each TypeScript frame looked up in its source map",
};

function parseOptions(argv: readonly string[]): Options {
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
    maxResources: Number(value("--max-resources") ?? 30_000),
    maxDefault: quick ? 0 : Number(value("--max-default") ?? 6_000),
    maxAccounts: Number(value("--max-accounts") ?? 4_000),
  };
}

function log(text: string): void {
  process.stderr.write(`${text}\n`);
}

function machine(loadStart: number): Results["machine"] {
  return {
    cpu: os.cpus()[0]?.model.trim() ?? "unknown CPU",
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.versions.node,
    platform: `${os.platform()} ${os.release()}`,
    heapLimitMiB: Math.round(getHeapStatistics().heap_size_limit / 2 ** 20),
    load: { start: loadStart, end: os.loadavg()[0]! },
  };
}

/** What `plan` runs: the plan command in JSON mode, or the recorder while it does not exist. */
function planCommand(catalog: string, output: string): { script: string; args: string[]; stdout: string; describe: string } {
  if (existsSync(PLAN_CLI)) {
    return {
      script: "cli/plan.ts",
      args: ["--catalog", catalog, "--format", "json"],
      stdout: output,
      describe: "node --import tsx cli/plan.ts --catalog FILE --format json",
    };
  }
  return {
    script: "bench/record.ts",
    args: [catalog, output],
    stdout: `${output}.log`,
    describe: "node --import tsx bench/record.ts FILE OUT (no cli/plan.ts yet)",
  };
}

function readResources(file: string): GraphResource[] {
  return (JSON.parse(readFileSync(file, "utf8")) as { resources: GraphResource[] }).resources;
}

function writeCatalog(id: string, shape: CatalogShape): string {
  const file = path.join(OUT, "catalogs", `${id}.yaml`);
  writeFileSync(file, generateCatalog(shape));
  return file;
}

function measureCatalogs(options: Options): Array<CatalogResult & { file: string }> {
  const catalogs: Array<CatalogResult & { file: string }> = [];
  for (const images of options.sizes) {
    for (const organizations of [true, false]) {
      const id = `${images}-${organizations ? "ous" : "accounts"}`;
      const file = writeCatalog(id, shapeFor(images, organizations));
      const { timing, plan } = timeCore(file, options.quick ? 3 : CORE_REPEATS);
      const amiRegions = plan.images.reduce((n, image) => n + image.releases.reduce((m, r) => m + r.regions.length, 0), 0);
      const estimate = countResources(plan);
      catalogs.push({ id, file, images, organizations, bytes: readFileSync(file).length, amiRegions, estimate, core: timing });
      log(
        `core  ${id.padEnd(14)} ${String(timing.medianMs).padStart(7)} ms median (load ${timing.loadMs}, expand ${timing.expandMs}); ~${estimate.total} resources`,
      );
    }
  }
  return catalogs;
}

async function planRun(
  catalog: CatalogResult & { file: string },
  mode: Mode,
  withSdkFloor: boolean,
  quick: boolean,
): Promise<PlanRun> {
  const base = path.join(OUT, "runs", `${catalog.id}-${mode}`);
  const command = planCommand(catalog.file, `${base}-plan.json`);
  const output = command.script === "cli/plan.ts" ? command.stdout : `${base}-plan.json`;
  const repetitions = !quick && catalog.estimate.total < REPEAT_BELOW ? REPEATS : 1;
  const plans: Measurement[] = [];
  const floors: Measurement[] = [];
  const sdkFloors: Measurement[] = [];
  // Interleaved, so that a burst of other work on the machine lands on both sides alike.
  for (let i = 0; i < repetitions; i++) {
    const plan = await measure(mode, command.script, command.args, command.stdout);
    plans.push(plan);
    if (!plan.ok) break;
    floors.push(await measure(mode, "bench/floor.ts", [output], `${base}-floor.log`));
    if (withSdkFloor) sdkFloors.push(await measure(mode, "bench/floor.ts", [output, "--generic"], `${base}-sdk-floor.log`));
  }
  const plan = medianRun(plans);
  const run: PlanRun = {
    catalog: catalog.id,
    mode,
    repetitions,
    plan,
    resources: 0,
    customResources: 0,
    resourcesPerImage: 0,
    perImage: 0,
    referenceDepth: 0,
  };
  if (!plan.ok) {
    log(`plan  ${catalog.id} ${mode}: FAILED\n${plan.error}`);
    return run;
  }
  const resources = readResources(output);
  run.resources = resources.length;
  run.customResources = resources.filter((r) => r.custom).length;
  run.resourcesPerImage = round(resources.length / catalog.images, 1);
  run.perImage = round((resources.length - catalog.estimate.shared - TOP_COMPONENTS) / catalog.images, 1);
  run.referenceDepth = longestChain(referenceEdges(resources)).depth;
  if (floors.length) run.floor = medianRun(floors);
  if (sdkFloors.length) run.sdkFloor = medianRun(sdkFloors);
  if (run.floor?.ok) {
    run.ratio = {
      wall: round(plan.wallS / run.floor.wallS, 2),
      cpu: run.floor.cpuS ? round(plan.cpuS / run.floor.cpuS, 2) : 0,
      rss: run.floor.rssMiB ? round(plan.rssMiB / run.floor.rssMiB, 2) : 0,
    };
  }
  log(
    `plan  ${catalog.id.padEnd(14)} ${mode.padEnd(7)} ${String(run.resources).padStart(6)} resources: plan ${plan.wallS} s ${plan.rssMiB} MiB, ` +
      `floor ${run.floor?.wallS ?? "-"} s ${run.floor?.rssMiB ?? "-"} MiB, SDK floor ${run.sdkFloor?.wallS ?? "-"} s (ratio ${run.ratio?.wall ?? "-"})`,
  );
  return run;
}

/**
 * Ever wider catalogs of two images: every image in every region, shared with every principal.
 * They start at two regions: with one, there is no copy to wait for.
 */
async function depthRuns(quick: boolean): Promise<DepthRun[]> {
  const shapes: Array<Pick<CatalogShape, "regions" | "accounts" | "organizations">> = quick
    ? [
        { regions: 2, accounts: 2, organizations: false },
        { regions: 4, accounts: 10, organizations: false },
      ]
    : [
        { regions: 2, accounts: 2, organizations: false },
        { regions: 4, accounts: 10, organizations: false },
        { regions: MAX_REGIONS, accounts: 100, organizations: false },
        { regions: MAX_REGIONS, accounts: MAX_ACCOUNTS, organizations: true },
      ];
  const runs: DepthRun[] = [];
  for (const shape of shapes) {
    const id = `wide-${shape.regions}r-${shape.accounts}${shape.organizations ? "ou" : "a"}`;
    const file = writeCatalog(id, { images: 2, uniform: true, seed: 1, ...shape });
    const out = path.join(OUT, "runs", `${id}-record.json`);
    const measured = await measure("tuned", "bench/record.ts", [file, out], `${out}.log`);
    if (!measured.ok) {
      log(`depth ${id}: FAILED\n${measured.error}`);
      continue;
    }
    const recording = JSON.parse(readFileSync(out, "utf8")) as Recording;
    const engine = longestChain(dependencyEdges(recording.resources, recording.dependencies));
    const run: DepthRun = {
      id,
      regions: shape.regions,
      accounts: shape.organizations ? Math.ceil(shape.accounts / 40) : shape.accounts,
      organizations: shape.organizations,
      resources: recording.resources.length,
      referenceDepth: longestChain(referenceEdges(recording.resources)).depth,
      engineDepth: engine.depth,
      chain: engine.chain,
    };
    runs.push(run);
    log(
      `depth ${id.padEnd(14)} ${String(run.resources).padStart(6)} resources: references ${run.referenceDepth}, engine ${run.engineDepth} (${engine.chain.map((k) => k.split(" ")[0]!.split(":").pop()).join(" -> ")})`,
    );
  }
  return runs;
}

/** CPU profiles of the plan and of its floor on one catalog: where the difference goes. */
async function profileRun(catalog: CatalogResult & { file: string }, mode: Mode): Promise<ProfileComparison | undefined> {
  const summaries: Partial<Record<"plan" | "floor", ProfileSummary>> = {};
  const dir = path.join(OUT, "profile");
  const command = planCommand(catalog.file, path.join(dir, "plan.json"));
  const output = command.script === "cli/plan.ts" ? command.stdout : path.join(dir, "plan.json");
  const runs = {
    plan: [command.script, command.args, command.stdout],
    floor: ["bench/floor.ts", [output], path.join(dir, "floor.log")],
  } as const;
  for (const [program, [script, args, stdout]] of Object.entries(runs) as Array<
    [keyof typeof runs, (typeof runs)[keyof typeof runs]]
  >) {
    const profiles = path.join(dir, program);
    rmSync(profiles, { recursive: true, force: true });
    mkdirSync(profiles, { recursive: true });
    const measured = await measure(mode, script, args, stdout, ["--cpu-prof", "--cpu-prof-dir", profiles]);
    const file = readdirSync(profiles).find((f) => f.endsWith(".cpuprofile"));
    if (!measured.ok || !file) {
      log(`profile ${program}: FAILED\n${measured.error ?? "no profile written"}`);
      return undefined;
    }
    summaries[program] = summarizeProfile(JSON.parse(readFileSync(path.join(profiles, file), "utf8")), 12);
    log(`profile ${catalog.id} ${mode} ${program}:\n${formatSummary(summaries[program]!)}`);
  }
  return { catalog: catalog.id, mode, plan: summaries.plan!, floor: summaries.floor! };
}

function evaluate(results: Results): Target[] {
  const targets: Target[] = [];
  const status = (met: boolean): Target["status"] => (met ? "met" : "missed");
  const thousand = results.catalogs.filter((c) => c.images >= 1000);
  targets.push({
    name: "pure core: a 1,000-image catalog loads, validates and expands in under 1 s",
    status: thousand.length ? status(thousand.every((c) => c.core.medianMs < 1000)) : "not measured",
    detail: thousand.length
      ? thousand
          .map(
            (c) =>
              `${c.id}: median ${c.core.medianMs} ms (load ${c.core.loadMs}, expand ${c.core.expandMs}; first run ${c.core.firstMs})`,
          )
          .join("; ")
      : "no 1,000-image catalog in this run",
  });
  for (const mode of ["tuned", "default"] as const) {
    const runs = results.runs.filter((r) => r.mode === mode && r.ratio);
    if (runs.length === 0) continue;
    // Wall time is what a user waits for; CPU time is what other work on the machine skews less. Both must hold.
    const worst = (r: PlanRun) => Math.max(r.ratio!.wall, r.ratio!.cpu);
    const worstRun = runs.reduce((a, b) => (worst(b) > worst(a) ? b : a));
    targets.push({
      name: `plan within 1.2x of the floor at every size (${mode})`,
      status: status(runs.every((r) => worst(r) <= 1.2)),
      detail:
        `wall / CPU ratios ${runs.map((r) => `${r.catalog} ${r.ratio!.wall} / ${r.ratio!.cpu}`).join(", ")}; ` +
        `worst ${worstRun.catalog} (memory ratio ${worstRun.ratio!.rss})`,
    });
  }
  const big = results.runs.filter(
    (r) =>
      r.resources >= TWENTY_THOUSAND ||
      (!r.plan.ok && results.catalogs.find((c) => c.id === r.catalog)!.estimate.total >= TWENTY_THOUSAND),
  );
  targets.push({
    name: "a 20,000-resource plan within the default Node heap",
    status: big.length ? status(big.every((r) => r.plan.ok)) : "not measured",
    detail: big.length
      ? big
          .map(
            (r) =>
              `${r.catalog} ${r.mode}: ${r.plan.ok ? `${r.resources} resources, peak RSS ${r.plan.rssMiB} MiB` : "failed"} (heap limit ${results.machine.heapLimitMiB} MiB)`,
          )
          .join("; ")
      : "no run reached 20,000 resources",
  });
  const perImage = results.runs.filter(
    (r) =>
      r.mode === "tuned" &&
      r.catalog.endsWith("-ous") &&
      r.plan.ok &&
      results.catalogs.find((c) => c.id === r.catalog)!.images >= 50,
  );
  const values = perImage.map((r) => r.perImage);
  targets.push({
    name: "resources grow linearly with images x regions plus grants; an OU costs one grant per AMI and region",
    status: values.length > 1 ? status(Math.max(...values) / Math.min(...values) < 1.25) : "not measured",
    detail:
      `resources per image beyond the shared ones ${perImage.map((r) => `${r.catalog} ${r.perImage}`).join(", ")}; ` +
      `grants per AMI and region: ${results.catalogs.map((c) => `${c.id} ${round(c.estimate.grants / c.amiRegions, 2)}`).join(", ")}`,
  });
  const depths = results.depth.map((d) => d.engineDepth);
  targets.push({
    name: "dependency depth constant as regions and accounts grow",
    status: depths.length > 1 ? status(new Set(depths).size === 1) : "not measured",
    detail: results.depth
      .map(
        (d) =>
          `${d.regions} regions x ${d.accounts} ${d.organizations ? "OUs" : "accounts"}: ${d.engineDepth} (references ${d.referenceDepth})`,
      )
      .join("; "),
  });
  return targets;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const loadStart = os.loadavg()[0]!;
  for (const dir of ["catalogs", "runs"]) mkdirSync(path.join(OUT, dir), { recursive: true });
  const started = Date.now();

  const catalogs = measureCatalogs(options);
  const runs: PlanRun[] = [];
  const skipped: string[] = [];
  for (const mode of ["tuned", "default"] as const) {
    const cap = mode === "tuned" ? options.maxResources : options.maxDefault;
    for (const catalog of catalogs) {
      // Without OUs a catalog is there to compare grant counts: plan it once, in tuned mode.
      const limit = catalog.organizations ? cap : mode === "tuned" ? Math.min(cap, options.maxAccounts) : 0;
      if (catalog.estimate.total > limit) {
        if (limit > 0)
          skipped.push(
            `${catalog.id} ${mode}: ~${catalog.estimate.total.toLocaleString("en-US")} resources, over the ${limit.toLocaleString("en-US")} this mode plans within the time budget`,
          );
        continue;
      }
      runs.push(await planRun(catalog, mode, mode === "tuned", options.quick));
    }
  }
  const depth = await depthRuns(options.quick);
  const profiled = catalogs.find((c) => c.id === "200-ous");
  const profile = options.profile && profiled ? await profileRun(profiled, "tuned") : undefined;

  const results: Results = {
    date: new Date().toISOString(),
    machine: machine(loadStart),
    loader: "tsx 4 (`node --import tsx`, the loader of `npm run plan`)",
    modes: MODES,
    planCommand: planCommand("FILE", "OUT").describe,
    catalogs: catalogs.map(({ file: _file, ...rest }) => rest),
    runs,
    depth,
    skipped,
    targets: [],
    profile,
  };
  results.targets = evaluate(results);
  writeFileSync(path.join(OUT, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
  console.log(formatText(results));
  log(`\nbench: ${Math.round((Date.now() - started) / 1000)} s; results in ${path.relative(ROOT, OUT)}/results.json`);

  if (options.quick || process.argv.includes("--sizes")) return;
  await writeDocs(results);
}

/** docs/bench: the summary, its page and its chart (the catalogs with OU principals, as organizations share). */
async function writeDocs(results: Results): Promise<void> {
  const points: ChartPoint[] = results.runs.flatMap((r) => {
    if (!r.catalog.endsWith("-ous")) return [];
    const point = (program: string, m: Measurement | undefined): ChartPoint[] =>
      m?.ok ? [{ program, mode: r.mode, resources: r.resources, seconds: m.wallS, megabytes: m.rssMiB }] : [];
    return [...point("plan", r.plan), ...point("floor", r.floor), ...point("SDK floor", r.sdkFloor)];
  });
  mkdirSync(DOCS, { recursive: true });
  const m = results.machine;
  const subtitle = `${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node}, ${results.date.slice(0, 10)}`;
  writeFileSync(path.join(DOCS, "chart.svg"), await renderChart(points, subtitle, m.heapLimitMiB));
  writeFileSync(path.join(DOCS, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(path.join(DOCS, "README.md"), formatMarkdown(results));
  log(`bench: docs/bench/results.json, docs/bench/README.md and docs/bench/chart.svg written`);
}

/** `--report-only`: the table and docs again from bench/out/results.json, without measuring. */
async function reportOnly(): Promise<void> {
  const results = JSON.parse(readFileSync(path.join(OUT, "results.json"), "utf8")) as Results;
  results.targets = evaluate(results);
  console.log(formatText(results));
  await writeDocs(results);
}

(process.argv.includes("--report-only") ? reportOnly() : main()).catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
