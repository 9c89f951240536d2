/**
 * What a new image's `latest` channels wait for: the stack starts the pipeline's first build a few
 * minutes after `pulumi up` creates its schedule and does not wait for it, so a channel that
 * follows the newest build has no AMI until the first `pulumi up` after that build finishes. The
 * plan says so, per image and channel, in this one wording. Pure.
 */
import { parseName } from "../catalog/render/names";
import { buildMinutes, FIRST_BUILD_DELAY_MINUTES } from "../components/timeouts";
import { TYPE } from "../contract/type-tokens";
import type { Change } from "./diff";
import type { PlanImage } from "./images";
import type { PlanResource } from "./resources";

export interface FirstRelease {
  image: string;
  /** The image's channels that follow the newest build. */
  channels: string[];
  /** About how long the first build takes (components/timeouts.ts, `buildMinutes`). */
  buildMinutes: number;
}

/** The source PlanImage gives a channel that follows the newest build. */
const NEWEST_BUILD = "newest build";

/**
 * Images whose first build this deployment starts (every image without a base; with `--base`, those
 * whose first-build schedule is created) and that have `latest` channels.
 */
export function firstReleasesOf(
  images: readonly PlanImage[],
  head: readonly PlanResource[],
  changes?: readonly Change[],
): FirstRelease[] {
  // The image's own resources are named `<factory>/<image>` (catalog/render/names.ts).
  const imageOf = (name: string) => parseName(name).keys.join("/");
  const created =
    changes && new Set(changes.filter((c) => c.action === "create" && c.type === TYPE.schedule).map((c) => imageOf(c.name)));
  // Indexed once: a large estate has a thousand images and tens of thousands of resources.
  const pipelines = new Map<string, PlanResource>();
  const distributions = new Map<string, PlanResource>();
  for (const r of head) {
    const byImage = r.type === TYPE.pipeline ? pipelines : r.type === TYPE.distribution ? distributions : undefined;
    if (!byImage) continue;
    const image = imageOf(r.name);
    // The first one, as a search of the list would find.
    if (!byImage.has(image)) byImage.set(image, r);
  }
  const out: FirstRelease[] = [];
  for (const image of images) {
    const channels = image.channels.filter((c) => c.source === NEWEST_BUILD).map((c) => c.channel);
    if (channels.length === 0 || (created && !created.has(image.name))) continue;
    const pipeline = pipelines.get(image.name);
    const distribution = distributions.get(image.name);
    const tests = Number(
      (pipeline?.inputs.imageTestsConfiguration as { timeoutMinutes?: number } | undefined)?.timeoutMinutes ?? 0,
    );
    const regions = Array.isArray(distribution?.inputs.distributions) ? distribution.inputs.distributions.length : 1;
    out.push({ image: image.name, channels, buildMinutes: buildMinutes(tests, regions) });
  }
  return out;
}

/** `13 h 50 min`, `45 min`. */
export function duration(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

/** The one sentence the text and markdown plans say for each image whose `latest` channels wait. */
export function firstReleaseMessage(release: FirstRelease): string {
  const channels = release.channels.join(", ");
  const noun = release.channels.length === 1 ? `channel ${channels} is` : `channels ${channels} are`;
  return (
    `${release.image}: ${noun} released by the first \`pulumi up\` after the image's first build finishes, ` +
    `not by this one: the build starts about ${FIRST_BUILD_DELAY_MINUTES} minutes after \`pulumi up\` and takes up to ` +
    `about ${duration(release.buildMinutes)} (build, tests, distribution); the next scheduled \`pulumi up\` picks it up`
  );
}
