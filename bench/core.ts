/**
 * The pure core, timed in this process: read a catalog file, parse and validate it, resolve it
 * and expand it into the factory plan. No Pulumi involved.
 */
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { expand } from "../catalog/expand/expand";
import type { FactoryPlan } from "../catalog/expand/factory-plan";
import { loadCatalogText } from "../catalog/load";
import { median, round } from "./measure";

export interface CoreTiming {
  /** Median of the repetitions, ms. */
  medianMs: number;
  /** The first repetition, before the JIT has seen the code with this catalog, ms. */
  firstMs: number;
  /** Median of loading (read, parse, validate, resolve) alone, ms. */
  loadMs: number;
  /** Median of expanding alone, ms. */
  expandMs: number;
  repetitions: number;
}

export function timeCore(file: string, repetitions: number): { timing: CoreTiming; plan: FactoryPlan } {
  const loads: number[] = [];
  const expands: number[] = [];
  let plan: FactoryPlan | undefined;
  for (let i = 0; i < repetitions; i++) {
    const started = performance.now();
    // The text, not the file: loading the same file again would only return the last result.
    const loaded = loadCatalogText(readFileSync(file), file);
    const loadedAt = performance.now();
    if (!loaded.ok) throw new Error(`${file} is not a valid catalog: ${loaded.problems[0]?.message}`);
    plan = expand(loaded.catalog);
    expands.push(performance.now() - loadedAt);
    loads.push(loadedAt - started);
  }
  const totals = loads.map((load, i) => load + expands[i]);
  return {
    timing: {
      medianMs: round(median(totals), 1),
      firstMs: round(totals[0], 1),
      loadMs: round(median(loads), 1),
      expandMs: round(median(expands), 1),
      repetitions,
    },
    plan: plan!,
  };
}
