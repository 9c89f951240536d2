/**
 * The resources an image's releases register, once each channel's AMI in the build region is
 * known: copies and launch permissions one per AMI, however many channels serve it, and per
 * channel its AMI in each region. AWS holds one launch permission per (AMI, principal): two
 * resources for it would let the one that goes revoke what the other still records as granted.
 * Pure: the component calls it with the AMIs it found at deploy, the plan with the sources the
 * catalog names (`latest` as one source).
 */
import type { ImagePlan, ReleasePlan } from "./factory-plan";
import type { Principal } from "./model";
import { names } from "./names";
import type { Region } from "./regions";

/** A channel's AMI in a region: its source in the build region, a copy (by resource name) elsewhere. */
export type AmiRef = { kind: "source"; id: string } | { kind: "copy"; copy: string };

export interface CopyResource {
  /** `<image>/copy/<source>[/plain]/<region>`, also the name of its name suffix. */
  resourceName: string;
  /** The names the copy had under each channel that serves it (channel order), for stacks made before. */
  aliases: string[];
  /** The build-region AMI it copies. */
  source: string;
  region: Region;
  /** A public release's copy: not encrypted (EC2 cannot make an encrypted AMI public). */
  plain: boolean;
  /** The first channel (in channel order) serving it: its AMI name, description and deprecation. */
  channel: string;
  amiNamePrefix: string;
  deprecateAt?: string;
}

export interface GrantResource {
  /** `<image>/grant/<source>[/plain]/<region>/<principal key>`. */
  resourceName: string;
  /** The names it had under each channel that needs it (channel order), for stacks made before. */
  aliases: string[];
  region: Region;
  principal: Principal | { kind: "public"; key: "public" };
  ami: AmiRef;
}

export interface ChannelResources {
  release: ReleasePlan;
  /** Its AMI in the build region. */
  source: string;
  /** Its AMI in every region it serves. */
  amis: Record<string, AmiRef>;
  /** The grant that serves it per `<region>/<principal key>`. */
  grants: Record<string, string>;
}

export interface ReleaseResources {
  copies: CopyResource[];
  grants: GrantResource[];
  /** The channels with an AMI, in channel order. */
  channels: ChannelResources[];
  /** Channels without one yet (a `latest` channel before the pipeline's first build): nothing is registered for them. */
  unreleased: string[];
}

/**
 * `sourceOf` gives a release's AMI in the build region, or undefined when it has none. Channels
 * are taken in channel order, so the first channel serving an AMI names its copy and lists its
 * name first among the aliases of every resource it shares: the same old resource is claimed by
 * a copy and by the grants on it.
 */
export function releaseResources(
  plan: Pick<ImagePlan, "name" | "buildRegion" | "releases">,
  sourceOf: (release: ReleasePlan) => string | undefined,
): ReleaseResources {
  const copies = new Map<string, CopyResource>();
  const grants = new Map<string, GrantResource>();
  const channels: ChannelResources[] = [];
  const unreleased: string[] = [];
  for (const release of plan.releases) {
    const source = sourceOf(release);
    if (source === undefined) {
      unreleased.push(release.channel);
      continue;
    }
    const amis: Record<string, AmiRef> = {};
    for (const region of release.regions) {
      if (region === plan.buildRegion) {
        amis[region] = { kind: "source", id: source };
        continue;
      }
      const resourceName = names.amiCopy(plan.name, source, region, release.public);
      const copy = copies.get(resourceName) ?? {
        resourceName,
        aliases: [],
        source,
        region,
        plain: release.public,
        channel: release.channel,
        amiNamePrefix: release.amiNamePrefix,
        ...(release.deprecateAt === undefined ? {} : { deprecateAt: release.deprecateAt }),
      };
      copy.aliases.push(names.legacyCopy(plan.name, release.channel, region));
      copies.set(resourceName, copy);
      amis[region] = { kind: "copy", copy: resourceName };
    }
    const served: Record<string, string> = {};
    for (const need of release.grants) {
      // In the build region every release of a source shares its one AMI, public or not.
      const plain = release.public && need.region !== plan.buildRegion;
      const resourceName = names.launchPermission(plan.name, source, need.region, need.principal.key, plain);
      const grant = grants.get(resourceName) ?? {
        resourceName,
        aliases: [],
        region: need.region,
        principal: need.principal,
        ami: amis[need.region]!,
      };
      grant.aliases.push(need.legacyName);
      grants.set(resourceName, grant);
      served[`${need.region}/${need.principal.key}`] = resourceName;
    }
    channels.push({ release, source, amis, grants: served });
  }
  return { copies: [...copies.values()], grants: [...grants.values()], channels, unreleased };
}
