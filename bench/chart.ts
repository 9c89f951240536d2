/**
 * The benchmark's chart: wall time and peak memory against the number of resources, for `plan`
 * and its floors, as an SVG drawn by Vega-Lite in Node (no browser, no canvas: text widths are
 * estimated, which is fine for axis labels). Both axes are logarithmic, so the small catalogs
 * stay readable and linear growth is a line of slope one.
 */
import type { TopLevelSpec } from "vega-lite";
import { formatNumber } from "../catalog/read/wording";

export interface ChartPoint {
  /** `plan`, `floor` or `unwired floor`. */
  program: string;
  /** The node settings of the run (see bench/measure.ts). */
  mode: string;
  resources: number;
  seconds: number;
  megabytes: number;
}

export function chartSpec(points: readonly ChartPoint[], subtitle: string, heapLimitMiB: number): TopLevelSpec {
  const programs = [...new Set(points.map((p) => p.program))];
  const x = { field: "resources", type: "quantitative" as const, title: "resources registered", scale: { type: "log" as const } };
  const line = (field: "seconds" | "megabytes", title: string) => ({
    mark: { type: "line" as const, point: true },
    encoding: {
      x,
      y: { field, type: "quantitative" as const, title, scale: { type: "log" as const } },
      color: { field: "program", type: "nominal" as const, title: null, sort: programs, legend: { orient: "bottom" as const } },
      strokeDash: { field: "mode", type: "nominal" as const, title: "node settings", legend: { orient: "bottom" as const } },
      shape: { field: "mode", type: "nominal" as const, title: "node settings", legend: { orient: "bottom" as const } },
    },
  });
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: "npm run plan against its floors", subtitle },
    data: { values: points.map((p) => ({ ...p })) },
    hconcat: [
      { width: 320, height: 240, ...line("seconds", "wall time (s, log)") },
      {
        width: 320,
        height: 240,
        layer: [
          line("megabytes", "peak RSS (MiB, log)"),
          {
            data: { values: [{ limit: heapLimitMiB, label: `default heap limit ${formatNumber(heapLimitMiB)} MiB` }] },
            layer: [
              {
                mark: { type: "rule", strokeDash: [2, 2], color: "gray" },
                encoding: { y: { field: "limit", type: "quantitative" } },
              },
              {
                mark: { type: "text", align: "left", dx: 4, dy: -6, color: "gray", fontSize: 10 },
                encoding: { y: { field: "limit", type: "quantitative" }, x: { value: 0 }, text: { field: "label" } },
              },
            ],
          },
        ],
      },
    ],
    config: { font: "sans-serif", view: { stroke: null } },
  };
}

/** The chart as SVG text. Vega and Vega-Lite are ES modules with top-level await: import() them. */
export async function renderChart(points: readonly ChartPoint[], subtitle: string, heapLimitMiB: number): Promise<string> {
  const vega = await import("vega");
  const vegaLite = await import("vega-lite");
  const compiled = vegaLite.compile(chartSpec(points, subtitle, heapLimitMiB)).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}
