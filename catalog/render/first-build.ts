/**
 * The first build of a new pipeline, started once by an EventBridge Scheduler one-time schedule
 * so that `pulumi up` never waits for a build: the schedule's name, the idempotency token of the
 * StartImagePipelineExecution call it makes, and its `at()` time. Pure: every value derives from
 * the pipeline's name and the program's one notion of now.
 */
import { createHash } from "node:crypto";
import { LIMITS, SCHEDULE_NAME_CHARACTERS } from "../../contract/aws-limits";

/** What a schedule's name may not hold; it has at most `LIMITS.scheduleName` characters. */
const NOT_IN_SCHEDULE_NAME = new RegExp(`[^${SCHEDULE_NAME_CHARACTERS}]`, "g");

/** Hex digits of the hash that keeps a shortened schedule name apart from every other. */
const NAME_HASH_DIGITS = 8;
const CLIENT_TOKEN_PREFIX = "first-build-";

const hex = (text: string, length: number) => createHash("sha256").update(text, "utf8").digest("hex").slice(0, length);

/**
 * The schedule's name: the pipeline's (factory and image, `_`-joined), or when that is longer
 * than a schedule name may be, its start and `NAME_HASH_DIGITS` hex digits of a hash of the
 * whole, so two pipelines never share a schedule.
 */
export function firstBuildScheduleName(pipelineName: string): string {
  const name = pipelineName.replace(NOT_IN_SCHEDULE_NAME, "-");
  if (name.length <= LIMITS.scheduleName) return name;
  return `${name.slice(0, LIMITS.scheduleName - NAME_HASH_DIGITS - 1)}-${hex(pipelineName, NAME_HASH_DIGITS)}`;
}

/**
 * The `clientToken` StartImagePipelineExecution requires: the same for every delivery of the
 * schedule, so a delivery the Scheduler retries does not start a second build.
 */
export function firstBuildClientToken(pipelineName: string): string {
  return `${CLIENT_TOKEN_PREFIX}${hex(pipelineName, LIMITS.imageBuilderClientToken - CLIENT_TOKEN_PREFIX.length)}`;
}

/**
 * `at(yyyy-mm-ddThh:mm:ss)` in UTC, `delayMinutes` after `now` (to the minute, which is the
 * Scheduler's precision): a time in the future when `pulumi up` creates the schedule.
 */
export function firstBuildAt(now: Date, delayMinutes: number): string {
  const minute = Math.floor(now.getTime() / 60_000) * 60_000;
  const at = new Date(minute + delayMinutes * 60_000);
  return `at(${at.toISOString().slice(0, 19)})`;
}
