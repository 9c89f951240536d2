import type * as pulumi from "@pulumi/pulumi";

/**
 * How long the stack's AWS operations take, and how long `pulumi up` may wait for each: one place
 * for every duration the resources, the plan, the workflows and docs/operations.md rely on.
 * Plain numbers and strings (the Pulumi import is for a type only), so the plan can read them.
 *
 * `pulumi up` never waits for a build: it starts each new pipeline's first build through a
 * one-time schedule and lets it run. The longest waits it keeps are the AMI copies.
 */
export const TIMEOUTS = {
  /** An encrypted cross-region copy of a large AMI; EC2 runs at most 50 at once per region. */
  copy: { create: "240m", update: "60m", delete: "90m" } satisfies pulumi.CustomTimeouts,
};

/**
 * Minutes from the program's "now" to the first build of a new pipeline: long enough for the
 * pipeline, its role and its schedule to be created first (seconds each, unless the update is
 * queued behind many other operations), short enough that the build starts soon.
 */
export const FIRST_BUILD_DELAY_MINUTES = 10;

/**
 * About how long one build takes, in minutes: an hour to build, the image's tests, about 20
 * minutes per batch of 4 regions it distributes to, and half an hour of margin. An estimate for
 * the plan and the docs, not a timeout: nothing in `pulumi up` waits for a build.
 */
export function buildMinutes(testTimeoutMinutes: number, distributionRegions: number): number {
  return 60 + testTimeoutMinutes + 20 * Math.ceil(distributionRegions / 4) + 30;
}

/**
 * The session a consumer-account provider assumes from the deploy session. AWS caps a session
 * assumed with another role's credentials (role chaining) at one hour, whatever the role's
 * maximum (IAM user guide, "Methods to assume a role" and "Role terms and concepts: role
 * chaining"); the provider assumes it again when it runs out.
 */
export const CHAINED_SESSION = "1h";
