/**
 * `npm run bench [-- --quick] [--no-profile] [--sizes 10,50] [--max-resources N] [--max-default N]
 *   [--max-accounts N] [--report-only]`
 *
 * Generates catalogs of growing size and measures, side by side: the pure core (in process), the
 * plan (a fresh process running `cli/plan.ts --format json`), and its floors (bench/floor.ts
 * replaying what the program registered). Then the dependency depth of ever wider catalogs, and
 * CPU profiles of the plan and its floor on the 200-image catalog. Prints a table and writes
 * bench/out/results.json; a
 * full run also writes docs/bench/results.json, docs/bench/README.md and docs/bench/chart.svg.
 * No run asserts a time: the targets are reported, met or missed.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { measureCatalogs } from "./catalogs";
import { depthRuns } from "./depth";
import { writeDocs } from "./docs";
import { log } from "./log";
import { cpuTicks, machine } from "./machine";
import { MODES, ROOT } from "./measure";
import { parseOptions, type Options } from "./options";
import { OUT } from "./out";
import { planCommand } from "./plan-command";
import { planRun } from "./plan-run";
import { profileRun } from "./profile-run";
import { formatText, type PlanRun, type Results } from "./report";
import { evaluate } from "./targets";
import { formatNumber } from "../catalog/read/wording";

async function main(options: Options): Promise<void> {
  const loadStart = os.loadavg()[0];
  const ticksStart = cpuTicks();
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
            `${catalog.id} ${mode}: ~${formatNumber(catalog.estimate.total)} resources, over the ${formatNumber(limit)} this mode plans within the time budget`,
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
    machine: machine(loadStart, ticksStart),
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

  if (!options.full) return;
  await writeDocs(results);
}

/** `--report-only`: the table and docs again from bench/out/results.json, without measuring. */
async function reportOnly(): Promise<void> {
  const results = JSON.parse(readFileSync(path.join(OUT, "results.json"), "utf8")) as Results;
  results.targets = evaluate(results);
  console.log(formatText(results));
  await writeDocs(results);
}

Promise.resolve()
  .then(() => {
    const options = parseOptions(process.argv.slice(2));
    return options.reportOnly ? reportOnly() : main(options);
  })
  .catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  });
