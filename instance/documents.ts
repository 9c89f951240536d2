/**
 * The component documents of a catalog, taken from what the real program registers (as
 * `npm run plan` runs it, offline), grouped by image in recipe order. Nothing here renders a
 * document: each one is the `data` of an `aws:imagebuilder/component:Component` in the plan.
 */
import { resolve } from "node:path";
import { bestPracticeComponents } from "../catalog/render/component-document";
import { expand } from "../catalog/expand/expand";
import { formatProblem, loadCatalogFile } from "../catalog/load";
import type { OsName } from "../catalog/tables/os-table";
import { runProgram } from "../offline/run-program";
import { REFERENCE } from "../offline/wire";
import { TYPE } from "../contract/type-tokens";
import { CATALOG_KEY, readStackConfig } from "../plan/stack-config";
import { DEFAULT_STACK } from "../catalog/tables/stack-settings";

const COMPONENT = TYPE.component;
const RECIPE = TYPE.recipe;

export interface PlannedDocument {
  /** The component's resource name in the plan. */
  resource: string;
  data: string;
  /** The best practice whose document this is, when it is one. */
  practice?: string;
}

export interface PlannedImage {
  catalog: string;
  image: string;
  os: OsName;
  arch: string;
  /** Documents the program defines, in recipe order; AWS-managed components are left out. */
  documents: PlannedDocument[];
  /** AWS-managed components of the recipe (by ARN), which the harness cannot run. */
  managed: string[];
}

export async function plannedImages(root: string, catalogFile: string): Promise<PlannedImage[]> {
  const loaded = loadCatalogFile(resolve(root, catalogFile));
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => formatProblem({ ...p, file: catalogFile })).join("\n"));
  const factory = expand(loaded.catalog);
  const stack = readStackConfig(root, DEFAULT_STACK);
  if (!stack.ok) throw new Error(stack.message);
  const { resources } = await runProgram({
    root,
    stack: DEFAULT_STACK,
    config: { ...stack.config, [CATALOG_KEY]: resolve(root, catalogFile) },
  });
  const components = new Map(resources.filter((r) => r.type === COMPONENT).map((r) => [r.name, String(r.inputs.data)]));
  return factory.images.map((image) => {
    const practices = new Map(bestPracticeComponents(image.os).map((c) => [c.data, c.practice]));
    const recipe = resources.find((r) => r.type === RECIPE && r.name === image.resourceName);
    if (!recipe) throw new Error(`${catalogFile}: the plan has no recipe for image ${image.name}`);
    const documents: PlannedDocument[] = [];
    const managed: string[] = [];
    for (const { componentArn } of recipe.inputs.components as { componentArn: string }[]) {
      const ref = [...componentArn.matchAll(REFERENCE)][0];
      if (!ref || ref[1] !== COMPONENT) {
        managed.push(componentArn);
        continue;
      }
      const data = components.get(ref[2]);
      if (data === undefined)
        throw new Error(`${catalogFile}: recipe ${image.name} names component ${ref[2]}, absent from the plan`);
      documents.push({ resource: ref[2], data, practice: practices.get(data) });
    }
    return { catalog: catalogFile, image: image.name, os: image.os, arch: image.arch, documents, managed };
  });
}
