/**
 * What `npm run sweep` removes, decided from plain data: the factory's AMIs in AWS (as
 * DescribeImages reports them) and what the stack serves (from its expanded catalog and the tags
 * the stack sets). Pure: no AWS SDK, no Pulumi.
 *
 * An AMI is swept only when every one of these holds; the first that does not is the reason it
 * is kept:
 * 1. this factory made it (its `ami-factory:factory` tag names the factory);
 * 2. no release of the stack serves it (see `servedAmis`);
 * 3. it is deprecated (its deprecation time has passed);
 * 4. no instance was launched from it for the image's `lifecycle.deleteAfterDays`;
 * 5. it is not protected from deregistration.
 */
import { TAG } from "../catalog/tags";
import { SERVED_TAG_PREFIX } from "../catalog/lifetimes";
import { compareText } from "../catalog/order";

/** An AMI as DescribeImages reports it, reduced to what the decision reads. */
export interface AmiRecord {
  region: string;
  id: string;
  name: string;
  tags: Readonly<Record<string, string>>;
  /** ISO 8601; absent when the AMI has no deprecation time. */
  deprecationTime?: string;
  /** ISO 8601; absent when no instance was ever launched from it (or before April 2017). */
  lastLaunchedTime?: string;
  creationDate?: string;
  /** `disabled`, `enabled`, or `enabled-with-cooldown` and the like: anything but `disabled` protects. */
  deregistrationProtection?: string;
  snapshotIds: readonly string[];
}

/** What the stack's catalog says, per image under the name its AWS resources carry. */
export interface StackFacts {
  factory: string;
  buildRegion: string;
  images: readonly {
    awsName: string;
    deleteAfterDays: number;
    channels: readonly { channel: string; pinnedAmi?: string }[];
  }[];
}

export type Verdict = { ami: AmiRecord; sweep: true; reason: string } | { ami: AmiRecord; sweep: false; reason: string };

const DAY_MS = 86_400_000;

/**
 * Every AMI id the stack serves, by region (`region id`):
 * - in the build region, every pinned AMI of the catalog, and every AMI carrying a channel's
 *   served tag (the stack sets it on each channel's current AMI, `latest` channels included, which
 *   the catalog alone cannot name), and, for an image with a `latest` channel, its newest build
 *   (what the next `pulumi up` would serve, should the tag not have been set yet);
 * - in every other region, the copies whose source AMI is one of those.
 * Erring on the side of keeping: a retained copy of a source the stack serves again is kept too.
 */
export function servedAmis(amis: readonly AmiRecord[], facts: StackFacts): Set<string> {
  const sources = new Set<string>();
  const inBuildRegion = amis.filter((a) => a.region === facts.buildRegion);
  for (const image of facts.images) {
    for (const channel of image.channels) if (channel.pinnedAmi) sources.add(channel.pinnedAmi);
    if (image.channels.some((c) => c.pinnedAmi === undefined)) {
      const builds = inBuildRegion.filter((a) => a.tags[TAG.image] === image.awsName && a.tags[TAG.sourceAmi] === undefined);
      const newest = [...builds].sort((a, b) => compareText(b.creationDate ?? "", a.creationDate ?? ""))[0];
      if (newest) sources.add(newest.id);
    }
  }
  for (const ami of inBuildRegion) {
    const served = Object.entries(ami.tags).some(([key, value]) => key.startsWith(SERVED_TAG_PREFIX) && value === facts.factory);
    if (served) sources.add(ami.id);
  }
  const served = new Set<string>();
  for (const ami of amis) {
    const source = ami.region === facts.buildRegion ? ami.id : ami.tags[TAG.sourceAmi];
    if (source !== undefined && sources.has(source)) served.add(`${ami.region} ${ami.id}`);
  }
  return served;
}

/** One verdict per AMI, in region and id order. */
export function decide(amis: readonly AmiRecord[], facts: StackFacts, now: Date): Verdict[] {
  const served = servedAmis(amis, facts);
  const keepDays = new Map(facts.images.map((i) => [i.awsName, i.deleteAfterDays]));
  // An image that left the catalog has no lifecycle of its own any more: the longest of the stack's.
  const longest = Math.max(0, ...facts.images.map((i) => i.deleteAfterDays));
  const sorted = [...amis].sort((a, b) => compareText(a.region, b.region) || compareText(a.id, b.id));
  return sorted.map((ami): Verdict => {
    const keep = (reason: string): Verdict => ({ ami, sweep: false, reason });
    if (ami.tags[TAG.factory] !== facts.factory) return keep("not made by this factory");
    if (served.has(`${ami.region} ${ami.id}`)) return keep("served by a release of the stack");
    const deprecated = ami.deprecationTime !== undefined && Date.parse(ami.deprecationTime) <= now.getTime();
    if (!deprecated) return keep(ami.deprecationTime ? `deprecated only at ${ami.deprecationTime}` : "not deprecated");
    const days = keepDays.get(ami.tags[TAG.image] ?? "") ?? longest;
    if (ami.lastLaunchedTime !== undefined) {
      const since = (now.getTime() - Date.parse(ami.lastLaunchedTime)) / DAY_MS;
      if (since < days) return keep(`launched ${Math.floor(since)} days ago (keeps ${days})`);
    }
    if (ami.deregistrationProtection !== undefined && !ami.deregistrationProtection.startsWith("disabled")) {
      return keep(`protected from deregistration (${ami.deregistrationProtection})`);
    }
    return { ami, sweep: true, reason: `deprecated, not launched for ${days} days` };
  });
}
