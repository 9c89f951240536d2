/**
 * What the sweeper takes from the stack: its catalog (the stack config's `ami-factory:catalog`),
 * loaded, checked and expanded exactly as the program and `npm run plan` do, reduced to the
 * facts the decision needs. Offline this names every pinned AMI but not the current AMI of a
 * `latest` channel: that is read from the served tags in AWS (see `servedAmis`).
 */
import { resolve } from "node:path";
import { expand } from "../catalog/expand/expand";
import { formatProblem, loadCatalogFile } from "../catalog/load";
import { catalogOf, readStackConfig } from "../plan/stack-config";
import type { StackFacts } from "./decide";

export type FactsResult = { ok: true; facts: StackFacts; catalog: string } | { ok: false; message: string };

export function stackFacts(cwd: string, stack: string): FactsResult {
  const config = readStackConfig(cwd, stack);
  if (!config.ok) return config;
  const catalog = catalogOf(config.config);
  const loaded = loadCatalogFile(resolve(cwd, catalog));
  if (!loaded.ok) {
    const lines = loaded.problems.map((p) => formatProblem({ ...p, file: catalog }));
    return { ok: false, message: `${catalog} is not valid, nothing swept:\n${lines.join("\n")}` };
  }
  const plan = expand(loaded.catalog);
  return {
    ok: true,
    catalog,
    facts: {
      factory: plan.factory,
      buildRegion: plan.buildRegion,
      images: plan.images.map((image) => ({
        awsName: image.awsName,
        deprecateAfterDays: image.lifecycle.deprecateAfterDays,
        deleteAfterDays: image.lifecycle.deleteAfterDays,
        channels: image.releases.map((r) => ({
          channel: r.channel,
          regions: r.regions,
          ...(r.source.kind === "pinned" ? { pinnedAmi: r.source.amiId } : {}),
          ...(r.deprecateAt === undefined ? {} : { deprecateAt: r.deprecateAt }),
        })),
      })),
    },
  };
}
