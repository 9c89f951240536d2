import { readFileSync } from "node:fs";
import * as path from "node:path";
import { writeCatalog } from "./catalogs";
import { MAX_ACCOUNTS, MAX_REGIONS, type CatalogShape } from "./generate";
import { dependencyEdges, longestChain, referenceEdges } from "./graph";
import { log } from "./log";
import { measure } from "./measure";
import { OUT } from "./out";
import type { Recording } from "./record";
import type { DepthRun } from "./report";

/**
 * Ever wider catalogs of two images: every image in every region, shared with every principal.
 * They start at two regions: with one, there is no copy to wait for.
 */
export async function depthRuns(quick: boolean): Promise<DepthRun[]> {
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
      `depth ${id.padEnd(14)} ${String(run.resources).padStart(6)} resources: references ${run.referenceDepth}, engine ${run.engineDepth} (${engine.chain.map((k) => k.split(" ")[0].split(":").pop()).join(" -> ")})`,
    );
  }
  return runs;
}
