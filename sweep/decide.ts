/**
 * What `npm run sweep` changes, decided from plain data: the factory's AMIs in AWS (as
 * DescribeImages reports them) and what the stack serves (from its expanded catalog and the tags
 * the stack sets). Pure: no AWS SDK, no Pulumi.
 *
 * Two steps, each a set of changes per AMI:
 * - **deprecate** (`--deprecate`, and `--apply`; nothing is deleted and each change can be
 *   undone): an AMI of this factory that no release serves and that has no deprecation time gets
 *   one, `lifecycle.deprecateAfterDays` after the day of this sweep, so the count starts at the
 *   first sweep after it stopped being current; a served AMI in the build region is marked
 *   `ami-factory:released` (which keeps the lifecycle policy's delete rule off it for good) and
 *   loses a deprecation time it was given before it was served again.
 * - **deregister** (`--apply`): an AMI is removed only when every one of these holds; the first
 *   that does not is the reason it is kept:
 *   1. this factory made it (its `ami-factory:factory` tag names the factory);
 *   2. no release of the stack serves it (see `servedAmis`);
 *   3. it is deprecated (its deprecation time has passed);
 *   4. no instance was launched from it for the image's `lifecycle.deleteAfterDays`;
 *   5. it is not protected from deregistration.
 */
import { TAG } from "../catalog/tables/tags";
import { daysAfter, RELEASED_TAG, SERVED_TAG_PREFIX } from "../catalog/expand/lifetimes";
import { compareText } from "../catalog/tables/order";
import { DEFAULT_LIFECYCLE } from "../catalog/tables/defaults";

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
  /** Shared with every account: EC2 then takes a deprecation time at most 2 years after its creation. */
  public?: boolean;
  snapshotIds: readonly string[];
}

/** What the stack's catalog says, per image under the name its AWS resources carry. */
export interface StackFacts {
  factory: string;
  buildRegion: string;
  images: readonly {
    awsName: string;
    deprecateAfterDays: number;
    deleteAfterDays: number;
    channels: readonly { channel: string; pinnedAmi?: string }[];
  }[];
}

/** One change to an AMI: deprecate step (`deprecate`, `undeprecate`, `mark`), or `deregister`. */
export type Change = { kind: "deprecate"; at: string } | { kind: "undeprecate" } | { kind: "mark" } | { kind: "deregister" };

export interface Verdict {
  ami: AmiRecord;
  /** What the sweep would change, in order; empty when the AMI is kept as it is. */
  changes: Change[];
  reason: string;
}

/** The changes of the deprecate step, which deletes nothing. */
export const DEPRECATE_STEP: ReadonlySet<Change["kind"]> = new Set(["deprecate", "undeprecate", "mark"]);

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

/**
 * EC2 EnableImageDeprecation takes a time in the future, at most 10 years ahead, and for a public
 * AMI at most 2 years after its creation (EC2 API reference, EnableImageDeprecation, `DeprecateAt`);
 * `lifecycle.deprecateAfterDays` is at most 365, so only the public limit can bind. Undefined
 * when no time is allowed any more (a public AMI over 2 years old).
 */
function deprecationTime(ami: AmiRecord, days: number, now: Date): string | undefined {
  const at = daysAfter(now, days);
  if (!ami.public || ami.creationDate === undefined) return at;
  const created = new Date(ami.creationDate);
  const latest = new Date(Date.UTC(created.getUTCFullYear() + 2, created.getUTCMonth(), created.getUTCDate()));
  if (Date.parse(at) <= latest.getTime()) return at;
  return latest.getTime() > now.getTime() ? daysAfter(latest, 0) : undefined;
}

/** One verdict per AMI, in region and id order. */
export function decide(amis: readonly AmiRecord[], facts: StackFacts, now: Date): Verdict[] {
  const served = servedAmis(amis, facts);
  const byImage = new Map(facts.images.map((i) => [i.awsName, i]));
  // An image that left the catalog has no lifecycle of its own any more: the longest of the stack's.
  const longest = (days: (i: StackFacts["images"][number]) => number, fallback: number) =>
    facts.images.length ? Math.max(...facts.images.map(days)) : fallback;
  const sorted = [...amis].sort((a, b) => compareText(a.region, b.region) || compareText(a.id, b.id));
  return sorted.map((ami): Verdict => {
    const keep = (reason: string, changes: Change[] = []): Verdict => ({ ami, changes, reason });
    if (ami.tags[TAG.factory] !== facts.factory) return keep("not made by this factory");
    const image = byImage.get(ami.tags[TAG.image] ?? "");
    if (served.has(`${ami.region} ${ami.id}`)) {
      // Copies are resources of the stack, which keeps their deprecation time; builds are not.
      if (ami.region !== facts.buildRegion) return keep("served by a release of the stack");
      const changes: Change[] = [];
      if (ami.tags[RELEASED_TAG] !== facts.factory) changes.push({ kind: "mark" });
      if (ami.deprecationTime !== undefined) changes.push({ kind: "undeprecate" });
      return keep("served by a release of the stack", changes);
    }
    if (ami.deprecationTime === undefined) {
      const days = image?.deprecateAfterDays ?? longest((i) => i.deprecateAfterDays, DEFAULT_LIFECYCLE.deprecateAfterDays);
      const at = deprecationTime(ami, days, now);
      if (at === undefined) return keep("not deprecated, and EC2 takes no deprecation time for a public AMI over 2 years old");
      return keep(`no release serves it: deprecated ${days} days after this sweep`, [{ kind: "deprecate", at }]);
    }
    if (Date.parse(ami.deprecationTime) > now.getTime()) return keep(`deprecated only at ${ami.deprecationTime}`);
    const days = image?.deleteAfterDays ?? longest((i) => i.deleteAfterDays, 0);
    if (ami.lastLaunchedTime !== undefined) {
      const since = (now.getTime() - Date.parse(ami.lastLaunchedTime)) / DAY_MS;
      if (since < days) return keep(`launched ${Math.floor(since)} days ago (keeps ${days})`);
    }
    if (ami.deregistrationProtection !== undefined && !ami.deregistrationProtection.startsWith("disabled")) {
      return keep(`protected from deregistration (${ami.deregistrationProtection})`);
    }
    return keep(`deprecated, not launched for ${days} days`, [{ kind: "deregister" }]);
  });
}
