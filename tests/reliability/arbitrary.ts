/**
 * Small valid catalogs for property tests: 1 to 4 images, 1 to 4 regions each, 0 to 5 accounts
 * (an OU among them, some with a role), releases sometimes, defaults sometimes. Besides the
 * catalog (a plain object, as the YAML file holds it) each sample carries what it implies,
 * worked out here from the generator's own choices and not by the code under test; from that,
 * `impliedResources` names every resource the program must register for it.
 */
import fc from "fast-check";
import { stringify } from "yaml";
import { expand } from "../../catalog/expand/expand";
import type { FactoryPlan } from "../../catalog/expand/factory-plan";
import { formatProblem, loadCatalogText } from "../../catalog/load";
import { bestPracticeComponents } from "../../catalog/render/component-document";
import { DEFAULT_FACTORY } from "../../catalog/tables/defaults";
import { compareText } from "../../catalog/tables/order";
import { architecturesOf, defaultBaseParameter, OS_NAMES, type Arch, type OsName } from "../../catalog/tables/os-table";
import { TYPE } from "../../contract/type-tokens";
import { offlineNewestBuild } from "../../offline/newest-build";

export const OU_ARN = "arn:aws:organizations::111122223333:ou/o-a1b2c3d4e5/ou-ab12-cdef3456";
export const OU_KEY = "ou-ab12-cdef3456";
const ACCOUNT_NAMES = ["prod", "staging", "dev", "data", "shared"] as const;
const CHANNELS = ["stable", "candidate", "beta"] as const;
const BUILD_REGIONS = ["us-east-1", "eu-west-1"] as const;
const REGION_POOL = [
  "us-east-1",
  "us-east-2",
  "us-west-2",
  "eu-west-1",
  "eu-central-1",
  "ap-southeast-2",
  "ap-northeast-1",
  "sa-east-1",
] as const;

/** What a catalog implies, per image: its effective regions and, per channel, regions and principals. */
export interface Implied {
  buildRegion: string;
  images: Array<{
    name: string;
    regions: string[];
    releases: Array<{
      channel: string;
      regions: string[];
      /** Principal keys, and `public` for a public release. */
      principals: string[];
      public: boolean;
      pinned: boolean;
      /** The pinned AMI id, or `latest`. */
      source: string;
      /** Principal keys of the release's accounts that have a role: they get the SSM parameter too. */
      consumers: string[];
      /** The release names its own accounts instead of following the image's. */
      ownAccounts: boolean;
    }>;
  }>;
  /** Account name -> principal key (12-digit id or ou-...). */
  principals: Record<string, string>;
  /** Account names with a role. */
  withRole: string[];
}

export interface Sample {
  catalog: any;
  implied: Implied;
}

/** An image name: 3 to 60 letters, digits, '-' or '_', starting and ending with a letter or digit. */
export const imageName = fc
  .tuple(
    fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"),
    fc.string({ unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz0123456789-_"), minLength: 1, maxLength: 58 }),
    fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz0123456789"),
  )
  .map(([first, middle, last]) => `${first}${middle}${last}`);

const accountId = fc.stringMatching(/^[0-9]{12}$/);

function subset<T>(values: readonly T[], min = 0): fc.Arbitrary<T[]> {
  return fc.subarray([...values], { minLength: Math.min(min, values.length) });
}

const osAndArch: fc.Arbitrary<{ os: OsName; arch: Arch }> = fc
  .constantFrom(...OS_NAMES)
  .chain((os) => fc.constantFrom(...architecturesOf(os)).map((arch) => ({ os, arch })));

const amiId = fc.stringMatching(/^ami-[0-9a-f]{17}$/);

export const validCatalog: fc.Arbitrary<Sample> = fc
  .record({
    buildRegion: fc.option(fc.constantFrom(...BUILD_REGIONS), { nil: undefined }),
    accountNames: subset(ACCOUNT_NAMES),
    ids: fc.uniqueArray(accountId, { minLength: 5, maxLength: 5 }),
    /** Which account (by position) is the OU, if any. */
    ouAt: fc.option(fc.nat({ max: 4 }), { nil: undefined }),
    roles: fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
    defaultRegions: fc.option(subset(REGION_POOL, 1), { nil: undefined }),
    defaultsToAll: fc.boolean(),
    names: fc.uniqueArray(imageName, { minLength: 1, maxLength: 4, selector: (name) => name.toLowerCase() }),
  })
  .chain((base) => {
    const buildRegion = base.buildRegion ?? "us-east-1";
    const accounts: Record<string, unknown> = {};
    const principals: Record<string, string> = {};
    const withRole: string[] = [];
    base.accountNames.forEach((name, i) => {
      const id = base.ids[i];
      if (base.ouAt === i) {
        accounts[name] = OU_ARN;
        principals[name] = OU_KEY;
      } else if (base.roles[i]) {
        accounts[name] = { id, role: `arn:aws:iam::${id}:role/ami-factory-publisher` };
        principals[name] = id;
        withRole.push(name);
      } else {
        accounts[name] = id;
        principals[name] = id;
      }
    });
    const defaultAccounts = base.defaultsToAll ? [...base.accountNames] : undefined;
    const image = (name: string) =>
      fc
        .record({
          osArch: osAndArch,
          regions: fc.option(subset(REGION_POOL, 1), { nil: undefined }),
          accounts: fc.option(subset(base.accountNames), { nil: undefined }),
          isPublic: fc.boolean(),
          releases: fc.option(
            fc.uniqueArray(
              fc.record({
                channel: fc.constantFrom(...CHANNELS),
                ami: fc.option(amiId, { nil: undefined }),
                narrowRegions: fc.boolean(),
                narrowAccounts: fc.boolean(),
                public: fc.boolean(),
                seed: fc.nat(),
              }),
              { minLength: 1, maxLength: 2, selector: (r) => r.channel },
            ),
            { nil: undefined },
          ),
        })
        .map((choice) => {
          const own = choice.regions;
          const effectiveRegions = sorted(new Set([...(own ?? base.defaultRegions ?? []), buildRegion]));
          const effectiveAccounts = choice.accounts ?? defaultAccounts ?? [];
          const entry: any = { name, os: choice.osArch.os, arch: choice.osArch.arch };
          // An OS without a documented default base (RHEL 9) needs one named. Not after the image:
          // a generated name can hold i686 or i386, which the rules refuse in a base's name as 32-bit.
          if (defaultBaseParameter(choice.osArch.os, choice.osArch.arch) === undefined)
            entry.base = `ssm:/golden/${choice.osArch.os}-${choice.osArch.arch}`;
          if (own) entry.regions = own;
          if (choice.accounts) entry.accounts = choice.accounts;
          const isPublic = choice.isPublic && choice.releases !== undefined && choice.releases.some((r) => r.public);
          if (isPublic) entry.public = true;
          const releases: Implied["images"][number]["releases"] = [];
          // `releases: {}` is refused too (it would mean the one channel latest).
          if (choice.releases && choice.releases.length > 0) {
            entry.releases = {};
            for (const r of choice.releases) {
              const release: any = { ami: r.ami ?? "latest" };
              let regions = effectiveRegions;
              let accountNames = effectiveAccounts;
              // An empty list is refused (it would mean the build region alone): narrow to at least one region.
              if (r.narrowRegions && pick(effectiveRegions, r.seed).length > 0) {
                regions = pick(effectiveRegions, r.seed);
                release.regions = regions;
                regions = sorted(new Set([...regions, buildRegion]));
              }
              if (r.narrowAccounts) {
                accountNames = pick(effectiveAccounts, r.seed >> 3);
                release.accounts = accountNames;
              }
              const isReleasePublic = isPublic && r.public;
              if (isReleasePublic) release.public = true;
              entry.releases[r.channel] = release;
              releases.push(
                implyRelease(
                  r.channel,
                  regions,
                  accountNames,
                  principals,
                  withRole,
                  isReleasePublic,
                  r.ami ?? "latest",
                  r.narrowAccounts,
                ),
              );
            }
          } else {
            releases.push(
              implyRelease("latest", effectiveRegions, effectiveAccounts, principals, withRole, false, "latest", false),
            );
          }
          return {
            entry,
            implied: { name, regions: effectiveRegions, releases: releases.sort((a, b) => compare(a.channel, b.channel)) },
          };
        });
    return fc.tuple(...base.names.map(image)).map((images) => {
      const catalog: any = {};
      if (base.buildRegion) catalog.buildRegion = base.buildRegion;
      if (base.accountNames.length > 0) catalog.accounts = accounts;
      const defaults: any = {};
      if (base.defaultRegions) defaults.regions = base.defaultRegions;
      if (defaultAccounts) defaults.accounts = defaultAccounts;
      if (Object.keys(defaults).length > 0) catalog.defaults = defaults;
      catalog.images = images.map((i) => i.entry);
      const implied: Implied = {
        buildRegion,
        images: images.map((i) => i.implied).sort((a, b) => compare(a.name, b.name)),
        principals,
        withRole,
      };
      return { catalog, implied };
    });
  });

function implyRelease(
  channel: string,
  regions: string[],
  accountNames: readonly string[],
  principals: Record<string, string>,
  withRole: readonly string[],
  isPublic: boolean,
  source: string,
  ownAccounts: boolean,
): Implied["images"][number]["releases"][number] {
  const keys = sorted(new Set(accountNames.map((name) => principals[name])));
  const consumers = sorted(new Set(accountNames.filter((name) => withRole.includes(name)).map((name) => principals[name])));
  return {
    channel,
    regions: [...regions],
    principals: isPublic ? [...keys, "public"] : keys,
    public: isPublic,
    pinned: source !== "latest",
    source,
    consumers,
    ownAccounts,
  };
}

/** The build-region AMI of a release: its pinned id, or what `newest` says the image's newest build is. */
type Newest = (image: string) => string;
/** The plan alone counts `latest` as one source (sourceKey). */
const STATIC_NEWEST: Newest = () => "latest";
const sourceOf = (image: string, r: { pinned: boolean; source: string }, newest: Newest) => (r.pinned ? r.source : newest(image));

/**
 * The copies an image's releases imply: one per source, encryption and other region, whichever
 * channels serve it (names.amiCopy).
 */
export function impliedCopies(implied: Pick<Implied, "buildRegion" | "images">, newest: Newest = STATIC_NEWEST): string[] {
  return implied.images.flatMap((image) => [
    ...new Set(
      image.releases.flatMap((r) =>
        r.regions
          .filter((region) => region !== implied.buildRegion)
          .map(
            (region) => `${FACTORY}/${image.name}/copy/${sourceOf(image.name, r, newest)}${r.public ? "/plain" : ""}/${region}`,
          ),
      ),
    ),
  ]);
}

/**
 * The grants the releases imply: one per AMI (the source in the build region, its copy elsewhere),
 * region and principal, whichever channels serve it (names.launchPermission).
 */
export function impliedGrants(implied: Pick<Implied, "buildRegion" | "images">, newest: Newest = STATIC_NEWEST): string[] {
  return implied.images.flatMap((image) => [
    ...new Set(
      image.releases.flatMap((r) =>
        r.regions.flatMap((region) =>
          r.principals.map((p) => {
            const plain = r.public && region !== implied.buildRegion ? "/plain" : "";
            return `${FACTORY}/${image.name}/grant/${sourceOf(image.name, r, newest)}${plain}/${region}/${p}`;
          }),
        ),
      ),
    ),
  ]);
}

/** The generated catalogs keep the default factory name. */
export const FACTORY = DEFAULT_FACTORY;

/** The newest build of an image as the offline run answers it. */
export const offlineNewest: Newest = (image) => offlineNewestBuild(FACTORY, image);

/** The plan of a catalog given as an object, through the YAML text as `pulumi up` reads it. */
export function planOf(catalog: unknown): FactoryPlan {
  const result = loadCatalogText(stringify(catalog), "generated.yaml");
  if (!result.ok)
    throw new Error(`not a valid catalog:\n${result.problems.map(formatProblem).join("\n")}\n${stringify(catalog)}`);
  return expand(result.catalog);
}

const COMPONENT_TYPES = {
  factory: "ami-factory:index:AmiFactory",
  keys: "ami-factory:index:FactoryKeys",
  roles: "ami-factory:index:FactoryRoles",
  accounts: "ami-factory:index:AccountAccess",
  pipeline: "ami-factory:index:ImagePipeline",
  releases: "ami-factory:index:ImageReleases",
  scaling: "ami-factory:index:ScalingGrants",
  allowedImages: "ami-factory:index:AllowedImages",
  publicSharing: "ami-factory:index:PublicSharing",
};

/**
 * Type -> sorted names of every resource the program registers for a sample, as the offline run
 * resolves each channel (`latest` is the stand-in newest build), worked out from what the sample
 * implies.
 */
export function impliedResources({ catalog, implied }: Sample): Record<string, string[]> {
  const images = implied.images;
  const imageNames = images.map((i) => `${FACTORY}/${i.name}`);
  const regions = [...new Set([implied.buildRegion, ...images.flatMap((i) => i.regions)])];
  const oses = new Set<OsName>(catalog.images.map((i: { os: OsName }) => i.os));
  const copies = impliedCopies(implied, offlineNewest);
  const consumers = new Set(images.flatMap((i) => i.releases.flatMap((r) => r.consumers)));
  // Public images are not encrypted: Auto Scaling needs no grant for them.
  const unencrypted = new Set(
    catalog.images.filter((i: { public?: boolean }) => i.public === true).map((i: { name: string }) => i.name),
  );
  const scalingGrants = new Set(
    images
      .filter((i) => !unencrypted.has(i.name))
      .flatMap((i) =>
        i.releases.flatMap((r) =>
          r.regions.flatMap((region) => r.consumers.map((id) => `${FACTORY}/scaling-grant/${region}/${id}`)),
        ),
      ),
  );
  const publicRegions = new Set(images.flatMap((i) => i.releases.filter((r) => r.public).flatMap((r) => r.regions)));
  const expected: Record<string, string[]> = {
    [COMPONENT_TYPES.factory]: [FACTORY],
    [COMPONENT_TYPES.keys]: [`${FACTORY}-keys`],
    [COMPONENT_TYPES.roles]: [`${FACTORY}-roles`],
    [COMPONENT_TYPES.accounts]: [`${FACTORY}-accounts`],
    [COMPONENT_TYPES.pipeline]: imageNames,
    [COMPONENT_TYPES.releases]: imageNames,
    [COMPONENT_TYPES.scaling]: [`${FACTORY}-scaling-grants`],
    [COMPONENT_TYPES.allowedImages]: [`${FACTORY}-allowed-images`],
    [COMPONENT_TYPES.publicSharing]: [`${FACTORY}-public-sharing`],
    [TYPE.kmsGrant]: [...scalingGrants],
    [TYPE.blockPublicAccess]: [...publicRegions].map((r) => `${FACTORY}/image-public-access/${r}`),
    // Shared by the whole factory.
    [TYPE.key]: regions.map((region) => `${FACTORY}/kms/${region}`),
    [TYPE.alias]: regions.map((region) => `${FACTORY}/kms/${region}`),
    [TYPE.role]: [`${FACTORY}-build-instance`, `${FACTORY}-lifecycle`, `${FACTORY}-first-build`],
    [TYPE.rolePolicy]: [`${FACTORY}-first-build/start-pipeline`],
    [TYPE.scheduleGroup]: [`${FACTORY}-first-builds`],
    [TYPE.attachment]: [
      `${FACTORY}-build-instance/ssm-core`,
      `${FACTORY}-build-instance/image-builder`,
      `${FACTORY}-lifecycle/lifecycle`,
    ],
    [TYPE.profile]: [`${FACTORY}-build-instance`],
    [TYPE.component]: [...new Set([...oses].flatMap((os) => bestPracticeComponents(os).map((doc) => `${FACTORY}-${doc.name}`)))],
    [TYPE.provider]: [...consumers].map((id) => `${FACTORY}/account/${id}`),
    // Per image.
    [TYPE.recipe]: imageNames,
    [TYPE.infrastructure]: imageNames,
    [TYPE.distribution]: imageNames,
    [TYPE.pipeline]: imageNames,
    [TYPE.lifecycle]: imageNames,
    [TYPE.schedule]: imageNames,
    // Per release.
    [TYPE.amiCopy]: copies,
    // The served tag of each release.
    [TYPE.ec2Tag]: images.flatMap((i) => i.releases.map((r) => `${FACTORY}/${i.name}/${r.channel}`)),
    [TYPE.randomId]: copies,
    [TYPE.grant]: impliedGrants(implied, offlineNewest),
    [TYPE.parameter]: images.flatMap((i) =>
      i.releases.flatMap((r) =>
        r.regions.flatMap((region) => [
          `${FACTORY}/${i.name}/${r.channel}/${region}`,
          ...r.consumers.map((id) => `${FACTORY}/${i.name}/${r.channel}/${region}/${id}`),
        ]),
      ),
    ),
  };
  return Object.fromEntries(
    Object.entries(expected)
      .filter(([, names]) => names.length > 0)
      .map(([type, names]) => [type, names.sort(compare)]),
  );
}

/** A deterministic, possibly empty subset of `values` chosen by the bits of `seed`. */
function pick<T>(values: readonly T[], seed: number): T[] {
  return values.filter((_, i) => ((seed >> i) & 1) === 1);
}

function sorted<T extends string>(values: Iterable<T>): T[] {
  return [...values].sort(compare);
}

/** The factory's own order of text (catalog/tables/order.ts), for the names the tests sort. */
export const compare = compareText;
