import * as pulumi from "@pulumi/pulumi";
import { expand } from "../catalog/expand/expand";
import type { FactoryPlan } from "../catalog/expand/factory-plan";
import { takeHandedOver } from "../catalog/handoff";
import { formatProblem, loadCatalogFile } from "../catalog/load";
import { count } from "../catalog/read/wording";

/**
 * Load and expand the stack's catalog. An invalid one stops the program with the same lines
 * `npm run validate` prints, and no stack trace: the catalog's author needs the places, not ours.
 * Under `npm run plan`, the plan the CLI has just expanded from the same bytes (catalog/handoff.ts).
 */
export function readCatalogOrExplain(file: string): FactoryPlan {
  const handed = takeHandedOver(file);
  if (handed) return handed;
  const result = loadCatalogFile(file);
  if (!result.ok) {
    const lines = result.problems.map(formatProblem);
    throw new pulumi.RunError(`the catalog has ${count(lines.length, "problem")}:\n${lines.join("\n")}`);
  }
  return expand(result.catalog);
}
