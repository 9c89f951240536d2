/**
 * What an omitted catalog field means: each default defined once. resolve.ts applies them, the
 * rules compare with them, and the schema's descriptions (so the JSON Schema and
 * docs/catalog-reference.md generated from it) quote them. The defaults that belong to a table
 * live in it: the build region in regions.ts, the base image and build instance types per OS and
 * architecture in os-table.ts.
 */
import type { Lifecycle, Schedule } from "../resolve/model";
import type { Platform } from "./os-table";

/** The prefix of the shared resources' names. */
export const DEFAULT_FACTORY = "ami-factory";
/** The channel of an image without `releases`, serving its newest build. */
export const DEFAULT_CHANNEL = "latest";
/**
 * A release's `ami` that serves the newest build of its image's pipeline, resolved at deploy (the
 * other kind of `ami` is a pinned AMI id); also the source key of such releases (expand/lifetimes.ts).
 * What an image without `releases` serves.
 */
export const NEWEST_BUILD = "latest";
/** Root volume size in GiB per platform, and its EBS volume type. */
export const DEFAULT_ROOT_GIB: { readonly [P in Platform]: number } = { Linux: 30, Windows: 50 };
export const DEFAULT_ROOT_VOLUME_TYPE = "gp3";
export const DEFAULT_TEST_TIMEOUT_MINUTES = 720;
/**
 * When pipelines build by default: every Sunday at 04:00 UTC, whether or not the base image or a
 * component changed (the reasoning is in the schedule's description, schema.ts).
 */
export const DEFAULT_SCHEDULE: Schedule = { cron: "cron(0 4 ? * SUN *)", timezone: "Etc/UTC", onlyWhenChanged: false };
/** How old builds and copies are deprecated and removed. */
export const DEFAULT_LIFECYCLE: Lifecycle = { deprecateAfterDays: 90, deleteAfterDays: 365, keepAtLeast: 3, retainCopies: true };
/** An image is private, and its builds are shared only through its managed releases. */
export const DEFAULT_PUBLIC = false;
export const DEFAULT_SHARE_BUILDS = false;
