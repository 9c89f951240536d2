/**
 * How many resources a catalog makes, at least, counted from the resolved catalog before it is
 * expanded: a few lines of YAML (one alias of a long account list in many images) can ask for
 * millions of resources, and expanding them first would take the memory and minutes that the
 * refusal is meant to save. catalog/expand/resource-count.ts counts the expanded plan exactly; tests hold this
 * count to never exceed that one.
 */
import { PIPELINE_RESOURCES } from "../expand/resource-count";
import type { Catalog, Image } from "../resolve/model";
import { formatNumber } from "../read/wording";

/**
 * The most resources one stack may hold. `plan` warns well below it (`LARGE_STACK`, plan/document.ts);
 * the largest benchmark catalog still plans within the default heap (docs/bench/README.md);
 * beyond this a catalog is refused, with the advice to split it, before anything is built.
 */
export const MAX_STACK_RESOURCES = 100_000;

/** The copies, their name suffixes, the grants outside the build region and the SSM parameters of an image. */
export function imageResourcesAtLeast(catalog: Catalog, image: Image): number {
  let total = PIPELINE_RESOURCES;
  for (const release of image.releases) {
    const copyRegions = release.regions.filter((region) => region !== catalog.buildRegion).length;
    const principals = new Set(release.accounts.map((name) => catalog.accounts[name]?.principal.key)).size;
    const consumers = release.accounts.filter((name) => catalog.accounts[name]?.role !== undefined).length;
    total += copyRegions * (2 + principals + (release.public ? 1 : 0)) + release.regions.length * (1 + consumers);
  }
  return total;
}

/** Undefined when the catalog fits one stack, else the image that makes the most and the totals. */
export function oversized(catalog: Catalog): { image: Image; imageTotal: number; total: number } | undefined {
  let total = 0;
  let largest: { image: Image; imageTotal: number } | undefined;
  for (const image of catalog.images) {
    const imageTotal = imageResourcesAtLeast(catalog, image);
    total += imageTotal;
    if (largest === undefined || imageTotal > largest.imageTotal) largest = { image, imageTotal };
  }
  return total > MAX_STACK_RESOURCES && largest ? { ...largest, total } : undefined;
}

export function oversizedMessage(found: { imageTotal: number; total: number }): string {
  const advice =
    found.imageTotal > MAX_STACK_RESOURCES
      ? "this image alone is too large: share it with OUs (one grant per region however many accounts they hold) or fewer regions"
      : "split the images into stacks by family, each with its own catalog and factory name (docs/operations.md, Splitting a large catalog)";
  return (
    `the catalog makes at least ${formatNumber(found.total)} resources, ${formatNumber(found.imageTotal)} of them for this image; ` +
    `one stack may hold at most ${formatNumber(MAX_STACK_RESOURCES)}: ${advice}`
  );
}
