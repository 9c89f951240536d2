/**
 * The count that refuses an oversized catalog before expanding it never says more than the
 * program would make: it is a lower bound of catalog/expand/resource-count.ts's exact count of the expanded plan.
 */
import { expect } from "chai";
import fc from "fast-check";
import * as fs from "node:fs";
import * as path from "node:path";
import { stringify } from "yaml";
import { countResources } from "../../catalog/expand/resource-count";
import { expand } from "../../catalog/expand/expand";
import { loadCatalogText } from "../../catalog/load";
import type { Catalog } from "../../catalog/resolve/model";
import { imageResourcesAtLeast } from "../../catalog/rules/stack-size";
import { validCatalog } from "../reliability/arbitrary";

const ROOT = path.resolve(__dirname, "..", "..");

function loaded(text: string): Catalog {
  const result = loadCatalogText(text, "c.yaml");
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join("\n"));
  return result.catalog;
}

const atLeast = (catalog: Catalog) => catalog.images.reduce((n, image) => n + imageResourcesAtLeast(catalog, image), 0);

describe("the stack size counted before expanding", () => {
  it("is at most the exact count, and close to it, for the example catalog", () => {
    const catalog = loaded(fs.readFileSync(path.join(ROOT, "config", "catalog.yaml"), "utf8"));
    const exact = countResources(expand(catalog)).total;
    expect(atLeast(catalog)).to.be.at.most(exact);
    expect(atLeast(catalog)).to.be.at.least(exact / 2);
  });

  it("is at most the exact count for any generated catalog", () => {
    fc.assert(
      fc.property(validCatalog, ({ catalog }) => {
        const resolved = loaded(stringify(catalog));
        expect(atLeast(resolved)).to.be.at.most(countResources(expand(resolved)).total);
      }),
      { numRuns: 200 },
    );
  });
});
