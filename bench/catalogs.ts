/**
 * The generated catalogs of growing size, each with and without OU principals, written to
 * bench/out/catalogs, and the pure core timed on each.
 */
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { timeCore } from "./core";
import { countResources } from "../catalog/expand/resource-count";
import { generateCatalog, shapeFor, type CatalogShape } from "./generate";
import { log } from "./log";
import type { Options } from "./options";
import { OUT } from "./out";
import type { CatalogResult } from "./report";

const CORE_REPEATS = 5;

/** A measured catalog and the file it was written to. */
export type CatalogFile = CatalogResult & { file: string };

export function writeCatalog(id: string, shape: CatalogShape): string {
  const file = path.join(OUT, "catalogs", `${id}.yaml`);
  writeFileSync(file, generateCatalog(shape));
  return file;
}

export function measureCatalogs(options: Options): CatalogFile[] {
  const catalogs: CatalogFile[] = [];
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
