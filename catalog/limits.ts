/**
 * AWS limits the catalog must stay within, and the factory's defaults that rules compare
 * against. One place, so a rule and the resolver cannot disagree about a number.
 */
import type { Platform } from "./os-table";

/** Image Builder's limit of components per recipe. */
export const MAX_RECIPE_COMPONENTS = 20;
/** Components the factory puts in every recipe before the catalog's own. */
export const FACTORY_COMPONENTS: { readonly [P in Platform]: number } = { Linux: 4, Windows: 2 };
/** Sharing entities (accounts, organizations, OUs) one AMI may have launch permissions for. */
export const MAX_SHARING_ENTITIES = 1000;
/** Image Builder distribution limits for sharing builds and copying them into accounts. */
export const MAX_DISTRIBUTION_ACCOUNTS = 1536;
export const MAX_DISTRIBUTION_ORGS = 25;
export const MAX_DISTRIBUTION_OUS = 25;
export const MAX_AMI_TAGS = 50;
export const MAX_TAG_VALUE = 256;
export const MAX_AMI_NAME = 128;
export const MIN_WINDOWS_ROOT_GIB = 30;
/** Lifecycle defaults: rules compare with them, resolve.ts applies them. */
export const DEFAULT_DEPRECATE_AFTER_DAYS = 90;
export const DEFAULT_DELETE_AFTER_DAYS = 365;
/**
 * A KMS key policy document is at most 32 KiB (AWS KMS developer guide, "Quotas": key policy
 * document size; https://docs.aws.amazon.com/kms/latest/developerguide/resource-limits.html).
 */
export const KEY_POLICY_MAX_BYTES = 32_768;
/**
 * Public AMIs an account may have per region (EC2 user guide, "AMI quotas":
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ami-quotas.html).
 */
export const MAX_PUBLIC_AMIS_PER_REGION = 5;
/**
 * Image providers in one Allowed AMIs criterion (EC2 API reference, "ImageCriterionRequest"),
 * the factory's own account included.
 */
export const MAX_ALLOWED_IMAGE_PROVIDERS = 200;
