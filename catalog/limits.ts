/**
 * AWS limits the catalog must stay within, and the factory's defaults that rules compare
 * against. One place, so a rule and the resolver cannot disagree about a number.
 */
import type { Schedule } from "./model";
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
 * When pipelines build by default: every Sunday at 04:00 UTC, whether or not the base image or a
 * component changed (the reasoning is in the schedule's description, catalog/schema.ts).
 */
export const DEFAULT_SCHEDULE: Schedule = { cron: "cron(0 4 ? * SUN *)", timezone: "Etc/UTC", onlyWhenChanged: false };
