import { mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { renderChart, type ChartPoint } from "./chart";
import { log } from "./log";
import { ROOT, type Measurement } from "./measure";
import { formatMarkdown, type Results } from "./report";

const DOCS = path.join(ROOT, "docs", "bench");

/** docs/bench: the summary, its page and its chart (the catalogs with OU principals, as organizations share). */
export async function writeDocs(results: Results): Promise<void> {
  const points: ChartPoint[] = results.runs.flatMap((r) => {
    if (!r.catalog.endsWith("-ous")) return [];
    const point = (program: string, m: Measurement | undefined): ChartPoint[] =>
      m?.ok ? [{ program, mode: r.mode, resources: r.resources, seconds: m.wallS, megabytes: m.rssMiB }] : [];
    return [...point("plan", r.plan), ...point("floor", r.floor), ...point("unwired floor", r.unwiredFloor)];
  });
  mkdirSync(DOCS, { recursive: true });
  const m = results.machine;
  const subtitle = `${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node}, ${results.date.slice(0, 10)}`;
  writeFileSync(path.join(DOCS, "chart.svg"), await renderChart(points, subtitle, m.heapLimitMiB));
  writeFileSync(path.join(DOCS, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(path.join(DOCS, "README.md"), formatMarkdown(results));
  log(`bench: docs/bench/results.json, docs/bench/README.md and docs/bench/chart.svg written`);
}
