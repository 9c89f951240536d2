/**
 * Public releases that EC2 can make: each public release is one public AMI in each of its
 * regions, and an account may have at most MAX_PUBLIC_AMIS_PER_REGION there.
 */
import { MAX_PUBLIC_AMIS_PER_REGION } from "./limits";
import { asStringList, mapEntries, type Rule } from "./rule-context";
import { isRegion } from "./regions";

const publicAmisPerRegion: Rule = (ctx) => {
  const seen = new Map<string, string[]>();
  for (const image of ctx.images) {
    if (ctx.field(image, "public")?.value !== true) continue;
    const releases = ctx.field(image, "releases");
    const regions = ctx.regions(image);
    if (!releases || !regions) continue;
    for (const [channel, release] of mapEntries(releases.value)) {
      if (release.public !== true) continue;
      const own = asStringList(release.regions)?.filter(isRegion);
      const where = own ? new Set([...own, ctx.buildRegion]) : regions;
      const label = `${image.label}/${channel}`;
      for (const region of [...where].sort()) {
        const here = [...(seen.get(region) ?? []), label];
        seen.set(region, here);
        if (here.length !== MAX_PUBLIC_AMIS_PER_REGION + 1) continue;
        ctx.report(
          [...releases.path, channel, "public"],
          `${region} would hold ${here.length} public AMIs (${here.join(", ")}); EC2 allows at most ${MAX_PUBLIC_AMIS_PER_REGION} public AMIs per region and account`,
        );
      }
    }
  }
};

export const PUBLIC_RULES: readonly Rule[] = [publicAmisPerRegion];
