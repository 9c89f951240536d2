/**
 * Every resource that can carry tags carries the keys the team requires (an owner, a cost
 * center...). Advisory: a missing tag is worth a warning, not a failed deployment.
 */
import { describe, tagsOf } from "../inputs";
import { TYPES, type ResourceRule } from "./rule";

/** The taggable types the factory registers (AWS resources that take a `tags` input). */
export const TAGGABLE_TYPES: readonly string[] = [
  TYPES.component,
  TYPES.recipe,
  TYPES.infrastructure,
  TYPES.distribution,
  TYPES.pipeline,
  TYPES.lifecyclePolicy,
  TYPES.image,
  TYPES.amiCopy,
  TYPES.key,
  TYPES.role,
  TYPES.policy,
  TYPES.instanceProfile,
  TYPES.parameter,
];

export const requiredTags: ResourceRule = {
  kind: "resource",
  name: "required-tags",
  description:
    "Every taggable resource carries the required tag keys (default: owner), directly or through its provider's default tags.",
  enforcement: "advisory",
  config: ["requiredTags"],
  types: TAGGABLE_TYPES,
  check(subject, config) {
    const { tags, complete } = tagsOf(subject);
    const missing = config.requiredTags.filter((key) => tags[key] === undefined || tags[key] === "");
    if (missing.length === 0 || !complete) return [];
    const keys = missing.map((key) => `"${key}"`).join(", ");
    return [
      `${describe(subject)} has no tag ${keys}; add ${missing.length === 1 ? "it" : "them"} to the catalog's ` +
        `top-level \`tags\` (or change this policy's requiredTags)`,
    ];
  },
};
