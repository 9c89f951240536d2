/**
 * What `npm run sweep` changes, decided from plain data: the factory's AMIs in AWS (as
 * DescribeImages reports them) and what the stack serves (from its expanded catalog and the tags
 * the stack sets). Pure: no AWS SDK, no Pulumi.
 *
 * Two steps, each a set of changes per AMI:
 * - **deprecate** (`--deprecate`, and `--apply`; nothing is deleted and each change can be
 *   undone): an AMI of this factory that no release serves and that has no deprecation time gets
 *   one, `lifecycle.deprecateAfterDays` after the day of this sweep, so the count starts at the
 *   first sweep after it stopped being current, for builds and copies alike; a served AMI is never
 *   deprecated: it loses a deprecation time it was given before it was served again (or, for a
 *   copy, by a stack that still gave copies one), except the one a copy's release asks for by
 *   `deprecateAt`, and in the build region it is marked `ami-factory:released` (which keeps the
 *   lifecycle policy's delete rule off it for good).
 * - **deregister** (`--apply`): an AMI is removed only when every one of these holds; the first
 *   that does not is the reason it is kept:
 *   1. this factory made it (its `ami-factory:factory` tag names the factory);
 *   2. no release of the stack serves it (see `servedAmis`);
 *   3. it is deprecated (its deprecation time has passed);
 *   4. no instance was launched from it for the image's `lifecycle.deleteAfterDays`;
 *   5. it is not protected from deregistration.
 */
import { TAG } from "../catalog/tables/tags";
import { DAY_MS, daysAfter } from "../catalog/expand/lifetimes";
import { RELEASED_TAG, SERVED_TAG_PREFIX } from "../catalog/tables/tags";
import { compareText } from "../catalog/tables/order";
import { DEFAULT_LIFECYCLE } from "../catalog/tables/defaults";
import { LIMITS } from "../contract/aws-limits";

const PUBLIC_YEARS = LIMITS.deprecateAtYears.publicAfterCreation;

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
  /** EC2's `State`: `available`, `pending`, `disabled` and the like. */
  state?: string;
  /** `disabled`, `enabled`, or `enabled-with-cooldown` and the like: anything but `disabled` protects. */
  deregistrationProtection?: string;
  /** Shared with every account: EC2 then takes a deprecation time at most `LIMITS.deprecateAtYears.publicAfterCreation` years after its creation. */
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
    channels: readonly ChannelFacts[];
  }[];
}

/** A channel of an image, as the stack's catalog says. */
export interface ChannelFacts {
  channel: string;
  pinnedAmi?: string;
  /** The regions it serves, the build region included: it has a copy in each of the others. */
  regions: readonly string[];
  /** The release's `deprecateAt`, which the stack gives its copies as their deprecation time. */
  deprecateAt?: string;
}

/**
 * What serves an AMI: a channel of the catalog, or one that only a served tag still names (the
 * catalog dropped it and no `pulumi up` removed the tag yet), whose regions are then unknown.
 */
export type Serving = ChannelFacts | { channel: string; regions?: undefined; deprecateAt?: undefined };

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

/**
 * Every AMI the stack serves, by `region id`, with the channels that serve it:
 * - in the build region, every pinned AMI of the catalog, and every AMI carrying a channel's
 *   served tag (the stack sets it on each channel's current AMI, `latest` channels included, which
 *   the catalog alone cannot name), and, for an image with a `latest` channel, its newest build
 *   (what the next `pulumi up` would serve, should the tag not have been set yet);
 * - in every other region, the copies whose source AMI one of those channels serves, if the
 *   channel serves that region: a region the catalog took from a channel leaves its copy there.
 * Erring on the side of keeping: a retained copy of a source the stack serves again in its region
 * is kept too, and so is every copy of an AMI whose served tag names a channel the catalog lacks.
 */
export function servedAmis(amis: readonly AmiRecord[], facts: StackFacts): Map<string, Serving[]> {
  const bySource = new Map<string, Serving[]>();
  const serve = (source: string, channel: Serving) => {
    const channels = bySource.get(source) ?? bySource.set(source, []).get(source)!;
    if (!channels.includes(channel)) channels.push(channel);
  };
  const inBuildRegion = amis.filter((a) => a.region === facts.buildRegion);
  for (const image of facts.images) {
    for (const channel of image.channels) if (channel.pinnedAmi) serve(channel.pinnedAmi, channel);
    const following = image.channels.filter((c) => c.pinnedAmi === undefined);
    if (following.length) {
      // A disabled AMI launches nothing and cannot be shared (EC2 API reference, DisableImage), so
      // it is no channel's next AMI: the newest build that is not disabled is.
      const builds = inBuildRegion.filter(
        (a) => a.tags[TAG.image] === image.awsName && a.tags[TAG.sourceAmi] === undefined && a.state !== "disabled",
      );
      const newest = [...builds].sort((a, b) => compareText(b.creationDate ?? "", a.creationDate ?? ""))[0];
      if (newest) for (const channel of following) serve(newest.id, channel);
    }
  }
  const images = new Map(facts.images.map((i) => [i.awsName, i]));
  for (const ami of inBuildRegion) {
    for (const [key, value] of Object.entries(ami.tags)) {
      if (!key.startsWith(SERVED_TAG_PREFIX) || value !== facts.factory) continue;
      const name = key.slice(SERVED_TAG_PREFIX.length);
      const channel = images.get(ami.tags[TAG.image] ?? "")?.channels.find((c) => c.channel === name);
      serve(ami.id, channel ?? { channel: name });
    }
  }
  const served = new Map<string, Serving[]>();
  for (const ami of amis) {
    const inBuild = ami.region === facts.buildRegion;
    const source = inBuild ? ami.id : ami.tags[TAG.sourceAmi];
    const channels = (source === undefined ? undefined : bySource.get(source)) ?? [];
    const here = channels.filter((c) => inBuild || c.regions === undefined || c.regions.includes(ami.region));
    if (here.length) served.set(`${ami.region} ${ami.id}`, here);
  }
  return served;
}

/** Whether two times are the same minute, as EC2 keeps a deprecation time (seconds rounded). */
function sameMinute(a: string, b: string): boolean {
  return Math.round(Date.parse(a) / 60_000) === Math.round(Date.parse(b) / 60_000);
}

/**
 * EC2 EnableImageDeprecation takes a time in the future, a limited number of years ahead, and for
 * a public AMI a limited number of years after its creation (`LIMITS.deprecateAtYears`);
 * `lifecycle.deprecateAfterDays` is at most `LIMITS.lastLaunched.max` days, so only the public
 * limit can bind. Undefined when no time is allowed any more (a public AMI past it).
 */
function deprecationTime(ami: AmiRecord, days: number, now: Date): string | undefined {
  const at = daysAfter(now, days);
  if (!ami.public || ami.creationDate === undefined) return at;
  const created = new Date(ami.creationDate);
  const latest = new Date(Date.UTC(created.getUTCFullYear() + PUBLIC_YEARS, created.getUTCMonth(), created.getUTCDate()));
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
    const servedBy = served.get(`${ami.region} ${ami.id}`);
    if (servedBy) {
      const reason = "served by a release of the stack";
      const changes: Change[] = [];
      if (ami.region === facts.buildRegion) {
        if (ami.tags[RELEASED_TAG] !== facts.factory) changes.push({ kind: "mark" });
      } else if (ami.deprecationTime !== undefined) {
        // The one deprecation a served AMI keeps: the time its release's `deprecateAt` gives its copies.
        const asked = servedBy.some((c) => c.deprecateAt !== undefined && sameMinute(c.deprecateAt, ami.deprecationTime!));
        if (asked) return keep(`${reason}, deprecated at its deprecateAt`);
      }
      if (ami.deprecationTime !== undefined) changes.push({ kind: "undeprecate" });
      return keep(reason, changes);
    }
    if (ami.deprecationTime === undefined) {
      const days = image?.deprecateAfterDays ?? longest((i) => i.deprecateAfterDays, DEFAULT_LIFECYCLE.deprecateAfterDays);
      const at = deprecationTime(ami, days, now);
      if (at === undefined)
        return keep(`not deprecated, and EC2 takes no deprecation time for a public AMI over ${PUBLIC_YEARS} years old`);
      return keep(`no release serves it: deprecated ${days} days after this sweep`, [{ kind: "deprecate", at }]);
    }
    if (Date.parse(ami.deprecationTime) > now.getTime()) return keep(`deprecated only at ${ami.deprecationTime}`);
    const days = image?.deleteAfterDays ?? longest((i) => i.deleteAfterDays, DEFAULT_LIFECYCLE.deleteAfterDays);
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
