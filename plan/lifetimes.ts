/**
 * How long each image's AMIs live, read from the resources the program registers: how many AMIs
 * one build makes per region (the distribution's and the releases' copies), which AMIs the
 * releases serve (what their parameters point at), and which lifecycle exclusion
 * keeps the image's policy off each of them. Pure.
 */
import { matchesTagMap } from "../catalog/expand/lifetimes";
import { parseName } from "../catalog/render/names";
import { TYPE } from "../contract/type-tokens";
import { isOfflineNewestBuild } from "../offline/newest-build";
import { reference } from "../offline/wire";
import type { PlanResource } from "./resources";
import { compareText } from "../catalog/tables/order";
import { AMI_ID } from "../contract/aws-limits";

const COPY = TYPE.amiCopy;
const TAG = TYPE.ec2Tag;
const PARAMETER = TYPE.parameter;
const DISTRIBUTION = TYPE.distribution;
const POLICY = TYPE.lifecycle;
const LIFETIME_TYPES: ReadonlySet<string> = new Set([COPY, TAG, PARAMETER, DISTRIBUTION, POLICY]);

/** A served AMI and what keeps the lifecycle policy off it. */
export interface ServedAmi {
  channel: string;
  region: string;
  ami: string;
  /**
   * `tag KEY`: an exclusion tag the stack sets on it, named by every rule of the policy;
   * `copy`: a release's copy, which the policy (selecting the recipe's builds) never selects;
   * absent: nothing, the policy may act on it.
   */
  protectedBy?: string;
}

export interface ImageLifetimes {
  image: string;
  buildRegion: string;
  /** Per source the releases serve (`newest build` or an AMI id): AMIs of it per region. */
  amisPerBuild: { source: string; regions: { region: string; amis: number }[] }[];
  served: ServedAmi[];
  /** Every exclusion tag the image's policy names (`key=value`). */
  exclusions: string[];
}

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
/** The image a resource belongs to, by its name (`<factory>/<image>/...`). */
const imageOf = (r: PlanResource) => parseName(r.name).keys[0];

type Details = { exclusionRules?: { amis?: { tagMap?: Record<string, string> } } }[];

/** The AMI tag maps of every rule of a policy: an AMI is excluded only if each rule excludes it. */
function tagMaps(policy: PlanResource | undefined): Record<string, string>[] {
  return ((policy?.inputs.policyDetails as Details) ?? []).map((d) => d.exclusionRules?.amis?.tagMap ?? {});
}

/** The newest-build placeholder the offline run gives, shown as what it is. */
function sourceLabel(source: string): string {
  return AMI_ID.test(source) && !isOfflineNewestBuild(source) ? source : "newest build";
}

export function lifetimesOf(resources: readonly PlanResource[]): ImageLifetimes[] {
  const byImage = new Map<string, PlanResource[]>();
  for (const r of resources) {
    if (!LIFETIME_TYPES.has(r.type)) continue;
    const list = byImage.get(imageOf(r)) ?? [];
    list.push(r);
    byImage.set(imageOf(r), list);
  }
  const out: ImageLifetimes[] = [];
  for (const [image, own] of [...byImage.entries()].sort(([a], [b]) => compareText(a, b))) {
    const policy = own.find((r) => r.type === POLICY);
    const distribution = own.find((r) => r.type === DISTRIBUTION);
    if (!policy || !distribution) continue;
    const buildRegion = str(distribution.inputs.region) ?? "";
    const maps = tagMaps(policy);
    const tagsOn = new Map<string, Record<string, string>>();
    for (const tag of own.filter((r) => r.type === TAG)) {
      const id = str(tag.inputs.resourceId) ?? "";
      tagsOn.set(id, { ...tagsOn.get(id), [str(tag.inputs.key) ?? ""]: str(tag.inputs.value) ?? "" });
    }
    const copies = new Map(own.filter((r) => r.type === COPY).map((c) => [reference(COPY, c.name, "id"), c]));
    const protection = (ami: string): string | undefined => {
      if (copies.has(ami)) return "copy";
      const tags = tagsOn.get(ami) ?? {};
      if (maps.length === 0 || !maps.every((map) => matchesTagMap(map, tags))) return undefined;
      const key = Object.keys(tags).find((k) => maps.every((map) => map[k] === tags[k]));
      return key === undefined ? undefined : `tag ${key}`;
    };

    const served = new Map<string, ServedAmi>();
    // Every channel has a parameter per region holding its AMI there (grants are per AMI, not per channel).
    for (const r of own.filter((x) => x.type === PARAMETER)) {
      const ami = str(r.inputs.value);
      const region = str(r.inputs.region);
      const channel = parseName(r.name).keys[1];
      if (!ami || !region || !channel) continue;
      const entry: ServedAmi = { channel, region, ami };
      const by = protection(ami);
      if (by) entry.protectedBy = by;
      served.set(`${channel} ${region} ${ami}`, entry);
    }

    // One build per source: the build region's AMI, and each copy of it.
    const perSource = new Map<string, Map<string, number>>();
    const count = (source: string, region: string) => {
      const regions = perSource.get(source) ?? new Map<string, number>();
      regions.set(region, (regions.get(region) ?? 0) + 1);
      perSource.set(source, regions);
    };
    const sources = new Set<string>();
    for (const s of served.values()) if (s.region === buildRegion) sources.add(s.ami);
    for (const source of sources) count(source, buildRegion);
    for (const copy of copies.values()) count(str(copy.inputs.sourceAmiId) ?? "", str(copy.inputs.region) ?? "");

    const entry: ImageLifetimes = {
      image,
      buildRegion,
      amisPerBuild: [...perSource.entries()].map(([source, regions]) => ({
        source: sourceLabel(source),
        regions: [...regions.entries()].sort(([a], [b]) => compareText(a, b)).map(([region, amis]) => ({ region, amis })),
      })),
      served: [...served.values()].sort((a, b) => compareText(a.channel, b.channel) || compareText(a.region, b.region)),
      exclusions: Object.entries(maps[0] ?? {}).map(([k, v]) => `${k}=${v}`),
    };
    out.push(entry);
  }
  return out;
}
