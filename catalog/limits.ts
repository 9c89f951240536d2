/**
 * AWS limits the catalog must stay within, and the factory's defaults that rules compare
 * against. One place, so a rule and the resolver cannot disagree about a number; the limits on
 * resource inputs come from the table in contract/aws-limits.ts, which cites each one.
 */
import type { Schedule } from "./model";
import { LIMITS } from "../contract/aws-limits";
import type { Platform } from "./os-table";

/** Image Builder's limit of components per recipe. */
export const MAX_RECIPE_COMPONENTS = 20;
/** Components the factory puts in every recipe before the catalog's own. */
export const FACTORY_COMPONENTS: { readonly [P in Platform]: number } = { Linux: 4, Windows: 2 };
/**
 * Sharing entities (accounts, organizations, OUs) one AMI may have launch permissions for per
 * Region: a hard limit (Amazon EC2 AMI quotas), so a catalog past it is refused.
 */
export const MAX_SHARING_ENTITIES = 1000;
/** Image Builder distribution limits for sharing builds and copying them into accounts. */
export const MAX_DISTRIBUTION_ACCOUNTS = LIMITS.distributionAccounts;
export const MAX_DISTRIBUTION_ORGS = LIMITS.distributionOrganizations;
export const MAX_DISTRIBUTION_OUS = LIMITS.distributionOus;
export const MAX_AMI_TAGS = LIMITS.tagsPerResource;
export const MAX_TAG_VALUE = LIMITS.tagValue;
export const MAX_AMI_NAME = LIMITS.amiName.max;
export const MIN_WINDOWS_ROOT_GIB = 30;
/** Lifecycle defaults: rules compare with them, resolve.ts applies them. */
export const DEFAULT_DEPRECATE_AFTER_DAYS = 90;
export const DEFAULT_DELETE_AFTER_DAYS = 365;
/**
 * When pipelines build by default: every Sunday at 04:00 UTC, whether or not the base image or a
 * component changed (the reasoning is in the schedule's description, catalog/schema.ts).
 */
export const DEFAULT_SCHEDULE: Schedule = { cron: "cron(0 4 ? * SUN *)", timezone: "Etc/UTC", onlyWhenChanged: false };

/**
 * Default quotas AWS raises on request: a catalog past them is valid, and `validate` warns with
 * the quota's name. Image Builder: 75 image pipelines per Region (EC2 Image Builder endpoints and
 * quotas, https://docs.aws.amazon.com/general/latest/gr/imagebuilder.html); EC2: 5 public AMIs
 * per Region (Amazon EC2 AMI quotas, https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ami-quotas.html).
 */
export const QUOTAS = {
  pipelines: { name: "Image pipelines", service: "EC2 Image Builder", default: 75 },
  publicAmis: { name: "Public AMIs", service: "Amazon EC2", default: 5 },
} as const;

/** An Image Builder component's name, as the provider validates it (contract/aws-limits.ts). */
export const MAX_COMPONENT_NAME = LIMITS.componentName;
/**
 * The AMI name a distribution gives its builds, as written before Image Builder expands it: at
 * most 127 characters (`AmiDistributionConfiguration.name`,
 * https://docs.aws.amazon.com/imagebuilder/latest/APIReference/API_AmiDistributionConfiguration.html).
 */
export const MAX_AMI_NAME_TEMPLATE = 127;
/** A KMS key policy document, bytes (contract/aws-limits.ts cites the KMS quota). */
export const KEY_POLICY_MAX_BYTES = LIMITS.keyPolicyBytes;
/**
 * Image providers in one Allowed AMIs criterion (EC2 API reference, "ImageCriterionRequest"),
 * the factory's own account included.
 */
export const MAX_ALLOWED_IMAGE_PROVIDERS = 200;
