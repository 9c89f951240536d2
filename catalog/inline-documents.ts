/**
 * The documents of the catalog's own inline components, as the program registers them, each
 * with the catalog place its commands are written: an image's `components` or, when the image
 * has none of its own, `defaults.components`. What checks them lives outside the core
 * (checks/); this says only what was generated from where.
 */
import { expand } from "./expand/expand";
import type { Path } from "./read/locate";
import type { Catalog } from "./resolve/model";
import { names } from "./render/names";
import type { Platform } from "./tables/os-table";
import { asMap, RuleContext } from "./rules/rule-context";

/** The catalog field each phase of an inline component's document is written from. */
export const PHASE_FIELDS = { build: "build", test: "test" } as const;
export type InlinePhase = keyof typeof PHASE_FIELDS;

export interface InlineDocument {
  /** The catalog image and component name. */
  image: string;
  component: string;
  platform: Platform;
  /** The Image Builder component document. */
  data: string;
  /** Where the component is written: `images[2].components[0]` or `defaults.components[0]`. */
  path: Path;
  /** The commands written in the catalog, per phase: the last ones of the phase's script step. */
  commands: { readonly [P in InlinePhase]: readonly string[] };
}

/** Every inline component of every image of a valid catalog (`raw`: the same file as plain data). */
export function inlineDocuments(catalog: Catalog, raw: unknown): InlineDocument[] {
  const ctx = new RuleContext(raw);
  const plans = new Map(expand(catalog).images.map((image) => [image.name, image]));
  const documents: InlineDocument[] = [];
  for (const view of ctx.images) {
    const plan = plans.get(view.label);
    const origin = ctx.field(view, "components");
    if (!plan || !origin || !Array.isArray(origin.value)) continue;
    origin.value.forEach((entry, index) => {
      const component = asMap(entry);
      if (!component || typeof component.name !== "string" || !Array.isArray(component.build)) return;
      const spec = plan.components.find(
        (c) => c.resourceName === names.inlineComponent(plan.resourceName, String(component.name)),
      );
      if (!spec) return;
      documents.push({
        image: plan.name,
        component: component.name,
        platform: spec.platform,
        data: spec.data,
        path: [...origin.path, index],
        commands: {
          build: component.build.map(String),
          test: Array.isArray(component.test) ? component.test.map(String) : [],
        },
      });
    });
  }
  return documents;
}
