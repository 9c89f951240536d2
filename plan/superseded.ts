/**
 * What a `--base` diff takes out of service: per image and channel whose source changes (or that
 * leaves the catalog), the AMI that stops being current, when its copies are deprecated, when the
 * sweeper deprecates it in the build region, and from when `npm run sweep` may remove it. Pure: from the two expanded catalogs and the day planned.
 */
import type { FactoryPlan } from "../catalog/expand/factory-plan";
import { daysAfter, sourceKey } from "../catalog/expand/lifetimes";

export interface Superseded {
  image: string;
  channel: string;
  /** The AMI id that stops being current, or `newest build` (known only at deploy). */
  from: string;
  /** The new source, or absent when the channel leaves the catalog. */
  to?: string;
  /** Regions of its copies, which stay in AWS until swept. */
  copyRegions: string[];
  /** The copies' deprecation time: the last one a run as current gave them. */
  deprecatedAt: string;
  /**
   * In the build region the first sweep after the deployment deprecates it this many days later
   * (the image's `lifecycle.deprecateAfterDays`), so not before `buildDeprecatedFrom`.
   */
  deprecateAfterDays: number;
  buildDeprecatedFrom: string;
  /** The earliest the sweeper removes it, if instances were launched from it until today. */
  sweepableFrom: string;
}

const label = (key: string) => (key === "latest" ? "newest build" : key);

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
        deprecatedAt: release.deprecateAt ?? daysAfter(today, lifecycle.deprecateAfterDays),
        deprecateAfterDays: lifecycle.deprecateAfterDays,
        buildDeprecatedFrom: daysAfter(today, lifecycle.deprecateAfterDays),
        sweepableFrom: daysAfter(today, lifecycle.deleteAfterDays),
      };
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
  const copies = s.copyRegions.length
    ? `its copies (${s.copyRegions.join(", ")}) stay in AWS, deprecated on ${day(s.deprecatedAt)}; `
    : "";
  return (
    `image ${s.image}, channel ${s.channel} ${move}: ${s.from} stops being current. ${copies}` +
    `in the build region it loses its served tag, and the first sweep after this deployment deprecates it ` +
    `${s.deprecateAfterDays} days later (not before ${day(s.buildDeprecatedFrom)}); ` +
    `npm run sweep removes it not before ${day(s.sweepableFrom)} (deprecated and not launched for the image's deleteAfterDays)`
  );
}
