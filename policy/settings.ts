/**
 * What a team may set differently from the defaults. Each policy declares the keys it reads and
 * reads them from its own section of the pack's config file, in a preview and in `evaluate` alike.
 * Not named config.ts: under the CLI's launcher (ts-node), `require("./config")` finds config.json
 * first, since Node tries `.json` before any registered `.ts` (tests/policy/launcher.test.ts).
 */
import type { PolicyConfigSchema } from "@pulumi/policy";
import { DEFAULT_BUILD_REGION } from "../catalog/tables/regions";
import type { Enforcement } from "./rules/rule";

export interface PackConfig {
  /**
   * Regions where pipelines may build without a warning.
   * @default [DEFAULT_BUILD_REGION] (`us-east-1`), the region AWS Marketplace's AMI guidelines recommend
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
  allowedBuildRegions: [DEFAULT_BUILD_REGION],
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

/**
 * What a policy's section may set besides its settings: its enforcement level. `remediate` is a
 * level the CLI accepts; a policy that only validates enforces it as `mandatory`.
 */
/** A level as a policy is run with it: `remediate` is run as `mandatory` (see levelOf). */
type AppliedLevel = Enforcement | "disabled";
export type EnforcementLevel = AppliedLevel | "remediate";

/** The levels `--policy-pack-config` accepts (pulumi/pulumi sdk/go/common/apitype/policy.go, IsValid). */
const LEVELS: readonly string[] = ["advisory", "mandatory", "remediate", "disabled"] satisfies EnforcementLevel[];

/**
 * A pack config file as `pulumi preview --policy-pack-config` reads it: per policy name either an
 * enforcement level or the policy's settings with an optional `enforcementLevel`; `all` sets the
 * level of every policy that does not set its own.
 */
export type PackConfigFile = Record<string, EnforcementLevel | (Partial<PackConfig> & { enforcementLevel?: EnforcementLevel })>;

/**
 * A section's level, refused as the CLI refuses it (pulumi/pulumi pkg/resource/analyzer/config.go,
 * parsePolicyPackConfig): a section is a string or an object, and a level is one of LEVELS.
 * `remediate` comes back `mandatory`: the policy SDK downgrades it so for validations
 * (pulumi/pulumi-policy sdk/nodejs/policy/server.ts, makeAnalyzeRpcFun).
 */
function levelOf(policy: string, section: unknown): AppliedLevel | undefined {
  if (section === undefined) return undefined;
  if (section === null || (typeof section !== "string" && (typeof section !== "object" || Array.isArray(section)))) {
    throw new Error(`policy config "${policy}": ${JSON.stringify(section)} is neither an enforcement level nor an object`);
  }
  const given = typeof section === "string" ? section : (section as { enforcementLevel?: unknown }).enforcementLevel;
  if (given === undefined) return undefined;
  if (typeof given !== "string" || !LEVELS.includes(given)) {
    throw new Error(`policy config "${policy}": ${JSON.stringify(given)} is not an enforcement level; use ${LEVELS.join(", ")}`);
  }
  return given === "remediate" ? "mandatory" : (given as AppliedLevel);
}

/** One policy's enforcement level and settings, as the pack's runtime hands them to that policy. */
export function sectionOf(
  file: PackConfigFile | undefined,
  policy: string,
  level: Enforcement,
): { enforcement: AppliedLevel; config: Partial<PackConfig> } {
  const section = file?.[policy];
  const all = levelOf("all", file?.all);
  const enforcement = levelOf(policy, section) ?? all ?? level;
  const config = section !== null && typeof section === "object" ? { ...(section as Partial<PackConfig>) } : {};
  delete (config as { enforcementLevel?: unknown }).enforcementLevel;
  return { enforcement, config };
}
