/**
 * One catalog planned in one mode, side by side with its floor (bench/floor.ts replaying what the
 * program registered, recorded once by bench/record.ts), and what the plan's resources show:
 * counts and reference depth.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import type { CatalogFile } from "./catalogs";
import { TOP_COMPONENTS } from "../catalog/expand/resource-count";
import { longestChain, referenceEdges, type GraphResource } from "./graph";
import { log } from "./log";
import { measure, medianRun, round, type Measurement, type Mode } from "./measure";
import { OUT } from "./out";
import { MIN_PAIRS, pairsFor } from "./pairs";
import { planCommand } from "./plan-command";
import type { PlanRun } from "./report";

const seconds = (m: Measurement | undefined) => (m === undefined ? "-" : m.ok ? `${m.wallS} s` : "FAILED");

function readResources(file: string): GraphResource[] {
  return (JSON.parse(readFileSync(file, "utf8")) as { resources: GraphResource[] }).resources;
}

export async function planRun(catalog: CatalogFile, mode: Mode, withReferenceFloors: boolean, quick: boolean): Promise<PlanRun> {
  const base = path.join(OUT, "runs", `${catalog.id}-${mode}`);
  const command = planCommand(catalog.file, `${base}-plan.json`);
  // What the floors replay: the program's registrations with their dependencies, which the
  // plan's JSON does not carry. Not timed: it is the program run once more, in process.
  const recording = `${base}-record.json`;
  const recorded = await measure(mode, "bench/record.ts", [catalog.file, recording], `${recording}.log`);
  if (!recorded.ok) log(`record ${catalog.id} ${mode}: FAILED, no floor\n${recorded.error}`);
  // How many pairs follows from the first one (bench/pairs.ts).
  let repetitions = quick ? 1 : MIN_PAIRS;
  const plans: Measurement[] = [];
  const floors: Measurement[] = [];
  let unwiredFloor: Measurement | undefined;
  let sdkFloor: Measurement | undefined;
  // Interleaved, so that a burst of other work on the machine lands on both sides alike, and in
  // alternating order, so that neither side always runs on a machine the other has just warmed
  // or loaded. The floors for comparison run once.
  const floor = async () => {
    if (!recorded.ok) return;
    floors.push(await measure(mode, "bench/floor.ts", [recording], `${base}-floor.log`));
    if (!withReferenceFloors || unwiredFloor) return;
    unwiredFloor = await measure(mode, "bench/floor.ts", [recording, "--unwired"], `${base}-unwired-floor.log`);
    sdkFloor = await measure(mode, "bench/floor.ts", [recording, "--generic"], `${base}-sdk-floor.log`);
  };
  for (let i = 0; i < repetitions; i++) {
    if (i % 2 === 1) await floor();
    const plan = await measure(mode, command.script, command.args, command.stdout);
    plans.push(plan);
    if (!plan.ok) break;
    if (i % 2 === 0) await floor();
    if (i === 0 && !quick) repetitions = pairsFor(plan.wallS + (floors[0]?.ok ? floors[0].wallS : plan.wallS));
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
  const resources = readResources(command.stdout);
  run.resources = resources.length;
  run.customResources = resources.filter((r) => r.custom).length;
  run.resourcesPerImage = round(resources.length / catalog.images, 1);
  run.perImage = round((resources.length - catalog.estimate.shared - TOP_COMPONENTS) / catalog.images, 1);
  run.referenceDepth = longestChain(referenceEdges(resources)).depth;
  if (floors.length) run.floor = medianRun(floors);
  if (unwiredFloor) run.unwiredFloor = unwiredFloor;
  if (sdkFloor) run.sdkFloor = sdkFloor;
  if (run.floor?.ok) {
    // Each plan against the floor run next to it, under the same conditions.
    const pairs = floors.flatMap((floor, i) => (floor.ok && plans[i]?.ok ? [plans[i].wallS / floor.wallS] : []));
    run.ratio = {
      wall: round(plan.wallS / run.floor.wallS, 2),
      cpu: run.floor.cpuS ? round(plan.cpuS / run.floor.cpuS, 2) : 0,
      rss: run.floor.rssMiB ? round(plan.rssMiB / run.floor.rssMiB, 2) : 0,
      wallRange: [round(Math.min(...pairs), 2), round(Math.max(...pairs), 2)],
    };
  }
  log(
    `plan  ${catalog.id.padEnd(14)} ${mode.padEnd(7)} ${String(run.resources).padStart(6)} resources: plan ${plan.wallS} s ${plan.rssMiB} MiB, ` +
      `floor ${seconds(run.floor)} ${run.floor?.rssMiB ?? "-"} MiB, unwired ${seconds(run.unwiredFloor)}, SDK floor ${seconds(run.sdkFloor)} (ratio ${run.ratio?.wall ?? "-"})`,
  );
  return run;
}
