import * as pulumi from "@pulumi/pulumi";
import type { ImagePlan } from "../catalog/expand/factory-plan";
import { renamed } from "../catalog/render/names";

/**
 * Options of a resource that belongs to one image: parented to its component, and aliased to
 * the names it had under the image's earlier names, so a rename in the catalog moves nothing.
 */
export function imageChildOptions(
  parent: pulumi.Resource,
  plan: Pick<ImagePlan, "name" | "formerNames">,
  resourceName: string,
  extra?: pulumi.CustomResourceOptions,
): pulumi.CustomResourceOptions {
  const aliases = plan.formerNames.map((former) => ({ name: renamed(resourceName, plan.name, former) }));
  return { parent, ...extra, aliases: [...(extra?.aliases ?? []), ...aliases] };
}

/** The same for the image's component resources themselves. */
export function imageComponentOptions(
  plan: Pick<ImagePlan, "name" | "formerNames">,
  opts?: pulumi.ComponentResourceOptions,
): pulumi.ComponentResourceOptions {
  return { ...opts, aliases: [...(opts?.aliases ?? []), ...plan.formerNames.map((name) => ({ name }))] };
}
