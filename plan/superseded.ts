/**
 * What a `--base` diff takes out of service: per image and channel whose source changes (or that
 * leaves the catalog), the AMI that stops being current, when the sweeper deprecates it and its
 * copies (or the day its release's `deprecateAt` fixed for the copies), and from when
 * `npm run sweep` may remove it. Pure: from the two expanded catalogs and the day planned.
 */
import type { FactoryPlan } from "../catalog/expand/factory-plan";
import { daysAfter, sourceKey } from "../catalog/expand/lifetimes";
import { NEWEST_BUILD } from "../catalog/tables/defaults";

export interface Superseded {
  image: string;
  channel: string;
  /** The AMI id that stops being current, or `newest build` (known only at deploy). */
  from: string;
  /** The new source, or absent when the channel leaves the catalog. */
  to?: string;
  /** Regions of its copies, which stay in AWS until swept. */
  copyRegions: string[];
  /** The copies' deprecation time when the release fixed one (`deprecateAt`): they keep it. */
  deprecatedAt?: string;
  /**
   * The first sweep after the deployment deprecates it this many days later (the image's
   * `lifecycle.deprecateAfterDays`), so not before `deprecatedFrom`: the build, and its copies
   * unless `deprecatedAt` says otherwise.
   */
  deprecateAfterDays: number;
  deprecatedFrom: string;
  /** The earliest the sweeper removes it, if instances were launched from it until today. */
  sweepableFrom: string;
}

const label = (key: string) => (key === NEWEST_BUILD ? "newest build" : key);

export function supersededOf(base: FactoryPlan, head: FactoryPlan, today: Date): Superseded[] {
  const out: Superseded[] = [];
  for (const before of base.images) {
    const after = head.images.find((i) => i.awsName === before.awsName);
    for (const release of before.releases) {
      const next = after?.releases.find((r) => r.channel === release.channel);
      if (next && sourceKey(next.source) === sourceKey(release.source)) continue;
      const lifecycle = (after ?? before).lifecycle;
      const entry: Superseded = {
        image: after?.name ?? before.name,
        channel: release.channel,
        from: label(sourceKey(release.source)),
        copyRegions: release.regions.filter((r) => r !== before.buildRegion),
        deprecateAfterDays: lifecycle.deprecateAfterDays,
        deprecatedFrom: daysAfter(today, lifecycle.deprecateAfterDays),
        sweepableFrom: daysAfter(today, lifecycle.deleteAfterDays),
      };
      if (release.deprecateAt !== undefined) entry.deprecatedAt = release.deprecateAt;
      if (next) entry.to = label(sourceKey(next.source));
      out.push(entry);
    }
  }
  return out;
}

/** One sentence per superseded AMI, as the renderers print it. */
export function supersededMessage(s: Superseded): string {
  const day = (iso: string) => iso.slice(0, 10);
  const move = s.to === undefined ? "leaves the catalog" : `moves to ${s.to}`;
  const regions = s.copyRegions.join(", ");
  const copies = !s.copyRegions.length
    ? ["", ""]
    : s.deprecatedAt === undefined
      ? [`its copies (${regions}) stay in AWS; `, " and its copies"]
      : [`its copies (${regions}) stay in AWS, deprecated on ${day(s.deprecatedAt)} (deprecateAt); `, ""];
  return (
    `image ${s.image}, channel ${s.channel} ${move}: ${s.from} stops being current. ${copies[0]}` +
    `in the build region it loses its served tag, and the first sweep after this deployment deprecates it${copies[1]} ` +
    `${s.deprecateAfterDays} days later (not before ${day(s.deprecatedFrom)}); ` +
    `npm run sweep removes it not before ${day(s.sweepableFrom)} (deprecated and not launched for the image's deleteAfterDays)`
  );
}
