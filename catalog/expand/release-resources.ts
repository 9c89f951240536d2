/**
 * The resources an image's releases register, once each channel's AMI in the build region is
 * known: copies and launch permissions one per AMI, however many channels serve it, and per
 * channel its AMI in each region. AWS holds one launch permission per (AMI, principal): two
 * resources for it would let the one that goes revoke what the other still records as granted.
 * Pure: the component calls it with the AMIs it found at deploy, the plan with the sources the
 * catalog names (`latest` as one source).
 */
import type { ImagePlan, ReleasePlan } from "./factory-plan";
import type { Principal } from "../resolve/model";
import { names } from "../render/names";
import type { Region } from "../tables/regions";

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
  /** The channel that names it (`namer`): its AMI name, description and deprecation. */
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
 * The channel that names what serves an AMI: the first pinned one (in channel order), else the
 * first. A pinned channel keeps its AMI while `latest` ones move on, so a copy promoted from
 * `candidate` to `stable` is renamed once, at the promotion (as it was copied anew before), and
 * not again when `candidate` moves to the next build.
 */
function namerOf(releases: readonly ReleasePlan[]): ReleasePlan {
  return releases.find((r) => r.source.kind === "pinned") ?? releases[0];
}

/**
 * `sourceOf` gives a release's AMI in the build region, or undefined when it has none. The naming
 * channel's old name comes first among the aliases of a copy and of the grants on it, then the
 * others in channel order: the engine takes over the first alias it finds, so a copy and the
 * grants on it take over the same channel's old resources.
 */
export function releaseResources(
  plan: Pick<ImagePlan, "name" | "resourceName" | "buildRegion" | "releases">,
  sourceOf: (release: ReleasePlan) => string | undefined,
): ReleaseResources {
  const copies = new Map<string, CopyResource>();
  const grants = new Map<string, GrantResource>();
  const channels: ChannelResources[] = [];
  const unreleased: string[] = [];
  const sources = new Map<string, string>();
  const bySource = new Map<string, ReleasePlan[]>();
  for (const release of plan.releases) {
    const source = sourceOf(release);
    if (source === undefined) {
      unreleased.push(release.channel);
      continue;
    }
    sources.set(release.channel, source);
    bySource.set(source, [...(bySource.get(source) ?? []), release]);
  }
  // The naming channel's first: its old names lead every alias list of what it shares.
  const ordered = [...bySource.values()].flatMap((releases) => {
    const namer = namerOf(releases);
    return [namer, ...releases.filter((r) => r !== namer)];
  });
  for (const release of ordered) {
    const source = sources.get(release.channel)!;
    const amis: Record<string, AmiRef> = {};
    for (const region of release.regions) {
      if (region === plan.buildRegion) {
        amis[region] = { kind: "source", id: source };
        continue;
      }
      const resourceName = names.amiCopy(plan.resourceName, source, region, release.public);
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
      const resourceName = names.launchPermission(plan.resourceName, source, need.region, need.principal.key, plain);
      const grant = grants.get(resourceName) ?? {
        resourceName,
        aliases: [],
        region: need.region,
        principal: need.principal,
        ami: amis[need.region],
      };
      grant.aliases.push(need.legacyName);
      grants.set(resourceName, grant);
      served[`${need.region}/${need.principal.key}`] = resourceName;
    }
    channels.push({ release, source, amis, grants: served });
  }
  const order = plan.releases.map((r) => r.channel);
  channels.sort((a, b) => order.indexOf(a.release.channel) - order.indexOf(b.release.channel));
  return { copies: [...copies.values()], grants: [...grants.values()], channels, unreleased };
}
