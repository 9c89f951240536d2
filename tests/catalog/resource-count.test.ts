/**
 * The one resource estimate (catalog/expand/resource-count.ts), which `plan` warns with and the
 * benchmark sizes its catalogs by, against what the real program registers.
 */
import { expect } from "chai";
import fc from "fast-check";
import * as fs from "node:fs";
import { stringify } from "yaml";
import { expand } from "../../catalog/expand/expand";
import { formatProblem, loadCatalogText } from "../../catalog/load";
import { countResources } from "../../catalog/expand/resource-count";
import { generateCatalog } from "../../bench/generate";
import { validCatalog } from "../reliability/arbitrary";
import { EXAMPLE_CATALOG, run } from "../support/program";

function estimateOf(text: string): number {
  const loaded = loadCatalogText(text, "catalog.yaml");
  if (!loaded.ok) throw new Error(loaded.problems.map(formatProblem).join("\n"));
  return countResources(expand(loaded.catalog)).total;
}

describe("the resource estimate (catalog/expand/resource-count.ts)", () => {
  it("is what the program registers for the example catalog", async () => {
    const text = fs.readFileSync(EXAMPLE_CATALOG, "utf8");
    expect(estimateOf(text)).to.equal((await run(text)).length);
  });

  it("is what the program registers for a benchmark catalog with OUs, copyTo accounts and narrowed releases", async () => {
    const text = generateCatalog({ images: 6, regions: 5, accounts: 40, organizations: true, seed: 7 });
    expect(estimateOf(text)).to.equal((await run(text)).length);
  });

  it("is what the program registers for generated catalogs", async function () {
    this.timeout(60_000);
    await fc.assert(
      fc.asyncProperty(validCatalog, async ({ catalog }) => {
        const text = stringify(catalog);
        expect(estimateOf(text)).to.equal((await run(text)).length);
      }),
      { numRuns: 4 },
    );
  });
});
