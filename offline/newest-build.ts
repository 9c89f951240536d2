/**
 * The newest build of an image, as the offline run answers `latest`: only a deployment can know
 * the real id, but the grants and copies of a `latest` channel are named by it, so the stand-in
 * must be a valid AMI id and the same on every run (a `--base` diff then shows no spurious
 * change). Eight zero digits mark it as a stand-in; the rest comes from the factory's and the
 * image's names, so two images (or two stacks) never share one. Pure.
 */
import { createHash } from "crypto";
import type { ImagePlan, ReleasePlan } from "../catalog/expand/factory-plan";
import { TAG } from "../catalog/tables/tags";

/** What the offline run answers for the newest build of `image` in the factory `factory`. */
export function offlineNewestBuild(factory: string, image: string): string {
  return `ami-00000000${createHash("sha256").update(`${factory}/${image}`).digest("hex").slice(0, 9)}`;
}

/** True for an id `offlineNewestBuild` makes: the plan shows it as "newest build". */
export function isOfflineNewestBuild(id: string): boolean {
  return /^ami-00000000[0-9a-f]{9}$/.test(id);
}

/**
 * A release's AMI in the build region as the offline run resolves it: its pinned id, or the
 * stand-in newest build the program is answered with, from the image's tags as its lookup
 * filters on them (components/image-releases.ts). What the expected names of a `latest`
 * channel's copies and grants need.
 */
export function offlineSource(image: Pick<ImagePlan, "tags" | "awsName">, release: Pick<ReleasePlan, "source">): string {
  return release.source.kind === "pinned" ? release.source.amiId : offlineNewestBuild(image.tags[TAG.factory], image.awsName);
}
