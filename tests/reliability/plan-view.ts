/**
 * The resources a factory plan stands for, each with the plan data its inputs come from: a fast,
 * pure stand-in for running the program, for properties that need hundreds of runs. (A few runs
 * of the real program in program.test.ts check that this view and the program agree.)
 */
import { stringify } from "yaml";
import { expand } from "../../catalog/expand/expand";
import type { FactoryPlan } from "../../catalog/expand/factory-plan";
import { formatProblem, loadCatalogText } from "../../catalog/load";
import { releaseResources } from "../../catalog/expand/release-resources";
import { parseName } from "../../catalog/render/names";
import { TAG } from "../../catalog/tables/tags";
import { offlineNewestBuild } from "../../offline/newest-build";

/** The plan of a catalog given as an object, through the YAML text as `pulumi up` reads it. */
export function planOf(catalog: unknown): FactoryPlan {
  const result = loadCatalogText(stringify(catalog), "generated.yaml");
  if (!result.ok)
    throw new Error(`not a valid catalog:\n${result.problems.map(formatProblem).join("\n")}\n${stringify(catalog)}`);
  return expand(result.catalog);
}

/** `kind name` -> the JSON of what the resource's inputs are made from. */
export type PlanView = Map<string, string>;

export function planView(plan: FactoryPlan): PlanView {
  const view: PlanView = new Map();
  const put = (kind: string, name: string, data: unknown) => {
    const key = `${kind} ${name}`;
    if (view.has(key)) throw new Error(`two resources named ${key}`);
    view.set(key, JSON.stringify(data));
  };
  for (const key of plan.keys) put("key", key.resourceName, key);
  for (const component of plan.sharedComponents) put("component", component.resourceName, { component, tags: plan.tags });
  for (const account of plan.accounts) put("provider", account.providerName, { account, tags: plan.tags });
  for (const image of plan.images) {
    const { tags, description, buildRegion } = image;
    for (const component of image.components) put("component", component.resourceName, { component, tags, buildRegion });
    put("recipe", image.resourceName, { recipe: image.recipe, parentImage: image.parentImage, description, tags, buildRegion });
    put("infrastructure", image.resourceName, { infrastructure: image.infrastructure, tags, buildRegion });
    put("distribution", image.resourceName, { distribution: image.distribution, description, tags, buildRegion });
    // The pipeline points at the recipe's version: a new version updates it.
    put("pipeline", image.resourceName, {
      pipeline: image.pipeline,
      recipe: image.recipe.version,
      description,
      tags,
      buildRegion,
    });
    put("lifecycle", image.resourceName, { lifecycle: image.lifecycle, recipe: image.recipe.name, tags, buildRegion });
    // The first build is started by a schedule, made at the program's now (hence no plan data for its time).
    put("schedule", image.resourceName, { firstBuild: image.pipeline.firstBuild, tags, buildRegion });
    // Named as the offline run resolves each channel: a pinned id, or the stand-in newest build.
    const newest = offlineNewestBuild(tags[TAG.factory], image.awsName);
    const { copies, grants } = releaseResources(image, (r) => (r.source.kind === "pinned" ? r.source.amiId : newest));
    for (const copy of copies)
      put("copy", copy.resourceName, { copy, name: image.name, tags, retain: image.lifecycle.retainCopies });
    for (const grant of grants) put("grant", grant.resourceName, { grant });
    for (const release of image.releases) {
      const source = release.source;
      for (const parameter of release.parameters) put("parameter", parameter.resourceName, { parameter, source, tags });
    }
  }
  return view;
}

export interface ViewDiff {
  created: string[];
  deleted: string[];
  changed: string[];
}

export function diffViews(before: PlanView, after: PlanView): ViewDiff {
  const created = [...after.keys()].filter((key) => !before.has(key)).sort();
  const deleted = [...before.keys()].filter((key) => !after.has(key)).sort();
  const changed = [...after.keys()].filter((key) => before.has(key) && before.get(key) !== after.get(key)).sort();
  return { created, deleted, changed };
}

/** The resource name of a `kind name` key. */
export function nameOf(key: string): string {
  return key.slice(key.indexOf(" ") + 1);
}

/** True when a resource belongs to the image: its name is `<factory>/<image>` or starts with `<factory>/<image>/`. */
export function belongsTo(key: string, image: string): boolean {
  const { factory, keys } = parseName(nameOf(key));
  return factory !== undefined && keys[0] === image;
}
