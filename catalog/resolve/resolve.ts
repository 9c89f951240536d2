/**
 * A valid catalog, resolved: every default applied and every list sorted and de-duplicated, so
 * two catalogs that differ only in order resolve to equal objects. Call it only on input that
 * passed the schema and the rules (load.ts does); it does not check anything again.
 */
import type { Account, BaseImage, Catalog, Image, Lifecycle, Release, RootVolume } from "./model";
import { DEFAULT_INSTANCE_TYPES, defaultBaseParameter, OS_TABLE } from "../tables/os-table";
import { normalizeUtcTime } from "./iso-date";
import { parsePrincipal, principalText } from "./principal";
import { DEFAULT_BUILD_REGION, type Region } from "../tables/regions";
import {
  DEFAULT_CHANNEL,
  DEFAULT_FACTORY,
  DEFAULT_LIFECYCLE,
  DEFAULT_PUBLIC,
  DEFAULT_ROOT_GIB,
  DEFAULT_ROOT_VOLUME_TYPE,
  DEFAULT_SCHEDULE,
  DEFAULT_SHARE_BUILDS,
  DEFAULT_TEST_TIMEOUT_MINUTES,
  NEWEST_BUILD,
} from "../tables/defaults";
import {
  AMI_ID,
  DEFAULT_ALLOWED_IMAGES_MODE,
  IMAGE_ARN,
  type AccountInput,
  type AllowedImagesMode,
  type CatalogInput,
  type DefaultsInput,
  type ImageInput,
  type ReleaseInput,
} from "../schema/schema";
import { compareText } from "../tables/order";

export function resolveCatalog(input: CatalogInput, file: string): Catalog {
  const buildRegion = input.buildRegion ?? DEFAULT_BUILD_REGION;
  const tags = sortKeys(input.tags ?? {});
  const defaults = input.defaults ?? {};
  const accounts: Record<string, Account> = {};
  for (const name of Object.keys(input.accounts ?? {}).sort(compareText))
    accounts[name] = resolveAccount(name, input.accounts![name], input.allowedImages?.default ?? DEFAULT_ALLOWED_IMAGES_MODE);
  const images = input.images
    .map((image) => resolveImage(image, defaults, buildRegion, tags))
    .sort((a, b) => compareText(a.name, b.name));
  const allowedImageProviders = sortedUnique(input.allowedImages?.imageProviders ?? []);
  return { file, factory: input.factory ?? DEFAULT_FACTORY, buildRegion, tags, accounts, allowedImageProviders, images };
}

function resolveAccount(name: string, entry: AccountInput, allowedImagesDefault: AllowedImagesMode): Account {
  const principal = parsePrincipal(principalText(entry)!)!;
  const role = typeof entry === "string" ? undefined : entry.role;
  if (role === undefined) return { name, principal };
  const mode = (typeof entry === "string" ? undefined : entry.allowedImages) ?? allowedImagesDefault;
  return mode === "unmanaged" ? { name, principal, role } : { name, principal, role, allowedImages: mode };
}

function resolveImage(image: ImageInput, defaults: DefaultsInput, buildRegion: Region, topTags: Record<string, string>): Image {
  const pick = <K extends keyof DefaultsInput>(key: K): DefaultsInput[K] =>
    image[key] !== undefined ? image[key] : defaults[key];
  const os = pick("os")!;
  const arch = pick("arch")!;
  const platform = OS_TABLE[os].platform;
  const regions = sortedUnique([...(pick("regions") ?? []), buildRegion]);
  const accounts = sortedUnique(pick("accounts") ?? []);
  const schedule = { ...defaults.schedule, ...image.schedule };
  const rootVolume = { ...defaults.rootVolume, ...image.rootVolume };
  const lifecycle = { ...defaults.lifecycle, ...image.lifecycle };
  const subnetId = pick("subnetId");
  const resolved: Image = {
    name: image.name,
    description: pick("description") ?? "",
    os,
    arch,
    base: resolveBase(pick("base"), defaultBaseParameter(os, arch)),
    regions,
    accounts,
    public: pick("public") ?? DEFAULT_PUBLIC,
    components: [...(pick("components") ?? [])],
    instanceTypes: [...new Set(pick("instanceTypes") ?? DEFAULT_INSTANCE_TYPES[arch])],
    securityGroupIds: sortedUnique(pick("securityGroupIds") ?? []),
    rootVolume: withoutUndefined<RootVolume>({
      sizeGiB: rootVolume.sizeGiB ?? DEFAULT_ROOT_GIB[platform],
      type: rootVolume.type ?? DEFAULT_ROOT_VOLUME_TYPE,
      iops: rootVolume.iops,
      throughput: rootVolume.throughput,
    }),
    schedule: {
      cron: schedule.cron ?? DEFAULT_SCHEDULE.cron,
      timezone: schedule.timezone ?? DEFAULT_SCHEDULE.timezone,
      onlyWhenChanged: schedule.onlyWhenChanged ?? DEFAULT_SCHEDULE.onlyWhenChanged,
    },
    testTimeoutMinutes: pick("testTimeoutMinutes") ?? DEFAULT_TEST_TIMEOUT_MINUTES,
    shareBuilds: pick("shareBuilds") ?? DEFAULT_SHARE_BUILDS,
    copyTo: sortedUnique(pick("copyTo") ?? []),
    tags: sortKeys({ ...topTags, ...defaults.tags, ...image.tags }),
    lifecycle: resolveLifecycle(lifecycle),
    releases: resolveReleases(pick("releases"), regions, accounts, buildRegion),
    // In the catalog's order, oldest first: the first is the name AWS resources keep (awsName).
    renamedFrom: [...new Set(image.renamedFrom ?? [])],
  };
  if (subnetId !== undefined) resolved.subnetId = subnetId;
  return resolved;
}

function resolveBase(base: string | undefined, osTableParameter: string | undefined): BaseImage {
  if (base === undefined) {
    // The rules refuse an image without base whose OS has no documented default (image-rules.ts).
    if (osTableParameter === undefined) throw new Error("an image without base needs an OS with a default base image");
    return { kind: "ssm", parameter: osTableParameter, fromOsTable: true };
  }
  if (AMI_ID.test(base)) return { kind: "ami", id: base };
  if (IMAGE_ARN.test(base)) return { kind: "image-arn", arn: base };
  return { kind: "ssm", parameter: base.slice("ssm:".length), fromOsTable: false };
}

function resolveLifecycle(lifecycle: Partial<Lifecycle>): Lifecycle {
  return {
    deprecateAfterDays: lifecycle.deprecateAfterDays ?? DEFAULT_LIFECYCLE.deprecateAfterDays,
    deleteAfterDays: lifecycle.deleteAfterDays ?? DEFAULT_LIFECYCLE.deleteAfterDays,
    keepAtLeast: lifecycle.keepAtLeast ?? DEFAULT_LIFECYCLE.keepAtLeast,
    retainCopies: lifecycle.retainCopies ?? DEFAULT_LIFECYCLE.retainCopies,
  };
}

function resolveReleases(
  releases: Record<string, ReleaseInput> | undefined,
  regions: Region[],
  accounts: string[],
  buildRegion: Region,
): Release[] {
  if (releases === undefined || Object.keys(releases).length === 0) {
    return [
      { channel: DEFAULT_CHANNEL, source: { kind: "latest" }, regions: [...regions], accounts: [...accounts], public: false },
    ];
  }
  return Object.keys(releases)
    .sort(compareText)
    .map((channel) => {
      const release = releases[channel];
      const resolved: Release = {
        channel,
        source: release.ami === NEWEST_BUILD ? { kind: "latest" } : { kind: "pinned", amiId: release.ami },
        regions: sortedUnique([...(release.regions ?? regions), buildRegion]),
        accounts: sortedUnique(release.accounts ?? accounts),
        public: release.public ?? false,
      };
      if (release.deprecateAt !== undefined) resolved.deprecateAt = normalizeUtcTime(release.deprecateAt)!;
      return resolved;
    });
}

function sortedUnique<T extends string>(values: readonly T[]): T[] {
  return [...new Set(values)].sort(compareText);
}

function sortKeys(map: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(map).sort(compareText)) out[key] = map[key]!;
  return out;
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
