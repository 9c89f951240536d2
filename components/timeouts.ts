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

/** Minutes of a duration written as Pulumi's custom timeouts and session durations are (`240m`, `1h`). */
export function minutesOf(duration: string): number {
  const m = /^(\d+)([mh])$/.exec(duration);
  if (!m) throw new Error(`not a duration in minutes or hours: ${duration}`);
  return Number(m[1]) * (m[2] === "h" ? 60 : 1);
}

/**
 * The longest one `pulumi up` can wait on its own operations: the longest create or update, then
 * the longest delete. Pulumi deletes what left the program (and the old resource of a
 * replacement) only once the program has finished, and the program finishes only when every
 * resource it registered is created or updated; so a promotion with `retainCopies: false` waits
 * for the new copies (TIMEOUTS.copy.create), then for the old ones to go (TIMEOUTS.copy.delete).
 * Resources without a custom timeout (grants, parameters, pipelines) take seconds.
 */
export const UP_CRITICAL_PATH_MINUTES = (() => {
  const all: pulumi.CustomTimeouts[] = Object.values(TIMEOUTS);
  const longest = (ops: ("create" | "update" | "delete")[]) =>
    Math.max(0, ...all.flatMap((t) => ops.flatMap((op) => (t[op] === undefined ? [] : [minutesOf(t[op])]))));
  return longest(["create", "update"]) + longest(["delete"]);
})();

/**
 * What a workflow job takes besides its main command, at most: checkout, `npm ci`, the AWS
 * credentials, the Pulumi CLI, selecting the stack, and the program's run before its first
 * operation (seconds, offline, at 10,000 resources: docs/bench/README.md). An allowance, not
 * measured on a runner.
 */
export const JOB_SETUP_MINUTES = 30;

/**
 * The most a refresh or a sweep of one stack takes: both only read what the stack holds (the
 * sweep tags and deregisters too) and wait for nothing. An allowance: neither can run here
 * without AWS.
 */
export const READ_ONLY_MINUTES = 60;

/**
 * The longest a job may run on a GitHub-hosted runner, 6 hours: a job still running then is
 * stopped ("Job execution time", https://docs.github.com/actions/reference/limits).
 */
export const GITHUB_HOSTED_JOB_MAX_MINUTES = 360;

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
