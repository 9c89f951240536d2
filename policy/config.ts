/**
 * What a team may set differently from the defaults, once for `evaluate` (one flat object) and
 * per policy for the Pulumi policy pack (each policy declares the keys it reads).
 */
import type { PolicyConfigSchema } from "@pulumi/policy";

export interface PackConfig {
  /**
   * Regions where pipelines may build without a warning.
   * @default ["us-east-1"], the region the source document recommends
   */
  allowedBuildRegions: string[];
  /**
   * Tag keys every taggable resource must carry (an advisory check).
   * @default ["owner"]
   */
  requiredTags: string[];
  /**
   * Catalog names of the images that may be shared with every AWS account. Such an image is
   * also exempt from the encryption policy: EC2 refuses to share an encrypted AMI publicly.
   * @default [] (no image may be public)
   */
  publicImages: string[];
}

export type ConfigKey = keyof PackConfig;

export const DEFAULT_CONFIG: Readonly<PackConfig> = {
  allowedBuildRegions: ["us-east-1"],
  requiredTags: ["owner"],
  publicImages: [],
};

const DESCRIPTIONS: { readonly [K in ConfigKey]: string } = {
  allowedBuildRegions: "Regions where pipelines may build without a warning.",
  requiredTags: "Tag keys every taggable resource must carry.",
  publicImages:
    "Catalog names of the images that may be shared with every AWS account (also exempt from encryption: " +
    "EC2 cannot share an encrypted AMI publicly). Set it on both no-public-launch-permission and " +
    "encrypted-with-customer-managed-key.",
};

/** The pack's config schema for the keys one policy reads, with their defaults. */
export function configSchemaOf(keys: readonly ConfigKey[]): PolicyConfigSchema | undefined {
  if (keys.length === 0) return undefined;
  return {
    properties: Object.fromEntries(
      keys.map((key) => [
        key,
        { type: "array", items: { type: "string" }, default: [...DEFAULT_CONFIG[key]], description: DESCRIPTIONS[key] },
      ]),
    ),
  };
}

/** The defaults, overridden by whatever the caller set (unknown keys are ignored). */
export function resolveConfig(config?: Partial<PackConfig>): PackConfig {
  const pick = (key: ConfigKey): string[] => {
    const value = config?.[key];
    return Array.isArray(value) ? value.map(String) : [...DEFAULT_CONFIG[key]];
  };
  return {
    allowedBuildRegions: pick("allowedBuildRegions"),
    requiredTags: pick("requiredTags"),
    publicImages: pick("publicImages"),
  };
}
