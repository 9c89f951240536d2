/**
 * Every image has a lifecycle: an enabled Image Builder lifecycle policy in the recipe's region
 * selects the recipe's builds (by recipe name, or by tags the recipe carries), so old AMIs are
 * deprecated and deleted by policy instead of piling up or vanishing by hand.
 */
import { describe, isUnknown, listOf, recordOf, regionOf, tagsOf, type Subject } from "../inputs";
import { TYPES, type StackRule } from "./rule";

type Selects = "yes" | "no" | "unknown";

function selects(policy: Subject, recipeName: string, recipe: Subject): Selects {
  const { status, resourceType, resourceSelection } = policy.inputs;
  if (isUnknown(status) || isUnknown(resourceType) || isUnknown(resourceSelection)) return "unknown";
  if (status === "DISABLED" || (resourceType !== undefined && resourceType !== "AMI_IMAGE")) return "no";
  const policyRegion = regionOf(policy);
  const recipeRegion = regionOf(recipe);
  if (isUnknown(policyRegion) || isUnknown(recipeRegion)) return "unknown";
  if (policyRegion !== undefined && recipeRegion !== undefined && policyRegion !== recipeRegion) return "no";

  const selection = recordOf(resourceSelection);
  const recipes = listOf(selection?.recipes);
  if (isUnknown(recipes)) return "unknown";
  const names = recipes.map((r) => recordOf(r)?.name);
  if (names.includes(recipeName)) return "yes";
  if (names.some(isUnknown)) return "unknown";

  const tagMap = selection?.tagMap;
  if (isUnknown(tagMap)) return "unknown";
  const wanted = Object.entries(recordOf(tagMap) ?? {});
  if (wanted.length === 0) return "no";
  const { tags, complete } = tagsOf(recipe);
  if (wanted.every(([key, value]) => tags[key] === value)) return "yes";
  return complete ? "no" : "unknown";
}

/** Each recipe name a policy's `resourceSelection.recipes` lists, to the policies that list it. */
function policiesByRecipeName(policies: readonly Subject[]): Map<string, Subject[]> {
  const byName = new Map<string, Subject[]>();
  for (const policy of policies) {
    const recipes = listOf(recordOf(policy.inputs.resourceSelection)?.recipes);
    if (isUnknown(recipes)) continue;
    for (const recipe of recipes) {
      const name = recordOf(recipe)?.name;
      if (typeof name !== "string") continue;
      const naming = byName.get(name);
      if (naming) naming.push(policy);
      else byName.set(name, [policy]);
    }
  }
  return byName;
}

export const lifecyclePolicyPerImage: StackRule = {
  kind: "stack",
  name: "lifecycle-policy-per-image",
  description:
    "Every image recipe is selected by an enabled lifecycle policy (AMI_IMAGE, same region), so its old builds " +
    "are deprecated and deleted by policy.",
  enforcement: "mandatory",
  config: [],
  check(subjects) {
    const policies = subjects.filter((s) => s.type === TYPES.lifecyclePolicy);
    const naming = policiesByRecipeName(policies);
    return subjects.flatMap((recipe) => {
      if (recipe.type !== TYPES.recipe) return [];
      const recipeName = recipe.inputs.name;
      if (typeof recipeName !== "string" || isUnknown(recipeName)) return [];
      // Most often a policy names the recipe: look there first, not at every policy of the stack.
      if (naming.get(recipeName)?.some((policy) => selects(policy, recipeName, recipe) === "yes")) return [];
      const answers = policies.map((policy) => selects(policy, recipeName, recipe));
      if (answers.includes("yes") || answers.includes("unknown")) return [];
      const region = regionOf(recipe);
      const where = typeof region === "string" ? ` in ${region}` : "";
      return [
        {
          subject: recipe,
          message:
            `${describe(recipe)}: no enabled lifecycle policy${where} selects recipe "${recipeName}", so its builds are ` +
            `never deprecated or deleted; add an Image Builder LifecyclePolicy (resourceType AMI_IMAGE) whose ` +
            `resourceSelection.recipes names "${recipeName}"`,
        },
      ];
    });
  },
};
