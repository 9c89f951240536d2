import type * as pulumi from "@pulumi/pulumi";
import type { ImagePlan } from "../catalog/expand/factory-plan";
import { formerResourceNames } from "../catalog/render/names";

/** `{ name }` aliases, after those the options have already. */
function withAliases<O extends pulumi.ResourceOptions>(opts: O | undefined, former: readonly string[]): O {
  return { ...opts, aliases: [...(opts?.aliases ?? []), ...former.map((name) => ({ name }))] } as O;
}

/** Which factory a component's resources belong to, and whether they answer to their unprefixed names. */
export interface FactoryNaming {
  /** The factory's name, in front of every resource name. */
  factory: string;
  /**
   * Whether the resources also answer to the names a stack made before resource names carried the
   * factory's holds (`AmiFactoryArgs.unprefixedNames`).
   * @default true
   */
  unprefixedNames?: boolean;
}

/**
 * Options of a factory's resource that belongs to no image: parented to its component, and
 * aliased to the name it had before names carried the factory's, so an existing stack keeps it.
 */
export function factoryChildOptions(
  parent: pulumi.Resource,
  naming: FactoryNaming,
  resourceName: string,
  extra?: pulumi.CustomResourceOptions,
): pulumi.CustomResourceOptions {
  return withAliases(
    { parent, ...extra },
    formerResourceNames(naming.factory, resourceName, undefined, [], naming.unprefixedNames),
  );
}

/**
 * Options of a resource that belongs to one image: parented to its component, and aliased to
 * the names it had before, under the image's earlier names too (formerResourceNames), so
 * neither this change of names nor a rename in the catalog moves anything. `legacy`: the names it
 * had before names carried the factory's, besides its own name without the factory.
 */
export function imageChildOptions(
  parent: pulumi.Resource,
  plan: Pick<ImagePlan, "name" | "factory" | "formerNames" | "unprefixedNames">,
  resourceName: string,
  extra?: pulumi.CustomResourceOptions,
  legacy?: readonly string[],
): pulumi.CustomResourceOptions {
  return withAliases({ parent, ...extra }, formerResourceNames(plan.factory, resourceName, plan, legacy, plan.unprefixedNames));
}

/** The same for the image's component resources themselves. */
export function imageComponentOptions(
  plan: Pick<ImagePlan, "name" | "factory" | "formerNames" | "resourceName" | "unprefixedNames">,
  opts?: pulumi.ComponentResourceOptions,
): pulumi.ComponentResourceOptions {
  return withAliases(opts, formerResourceNames(plan.factory, plan.resourceName, plan, [], plan.unprefixedNames));
}
