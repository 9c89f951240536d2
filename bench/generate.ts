/**
 * Deterministic catalogs for the benchmark: the same shape and seed give the same YAML, byte for
 * byte. Each image draws its own width (regions, accounts, channels) from one distribution that
 * does not depend on the catalog's size, so resources per image stay flat as images are added
 * and any growth beyond linear is the program's, not the generator's.
 *
 * Sharing follows how a large organization is laid out: the top-level `accounts` map holds up to
 * 300 workload accounts split into organizational units. A "wide" image is shared with whole
 * OUs (or the organization); with `organizations: false` the same images list every member
 * account instead, which is what the OU principals save.
 */
import { stringify } from "yaml";
import { architecturesOf, defaultBaseParameter, OS_NAMES, type Arch, type OsName } from "../catalog/tables/os-table";
import { DEFAULT_BUILD_REGION, type Region } from "../catalog/tables/regions";
import { DEFAULT_FACTORY, DEFAULT_LIFECYCLE, DEFAULT_SCHEDULE, NEWEST_BUILD } from "../catalog/tables/defaults";

export interface CatalogShape {
  images: number;
  /** Regions the images choose from, the build region included (1 to 16). */
  regions: number;
  /** 12-digit accounts in the top-level `accounts` map (1 to 300). */
  accounts: number;
  /** Share wide images with OUs and the organization (true) or with every member account (false). */
  organizations: boolean;
  /**
   * Every image in every region and shared with every account (with `organizations`, with every
   * OU and the first account),
   * with a pinned channel for the first half of them and a `latest` one for all: the widest
   * catalog of its size, for the dependency depth.
   * @default false
   */
  uniform?: boolean;
  /** @default 1 */
  seed?: number;
}

export const MAX_ACCOUNTS = 300;
/** Accounts per organizational unit. */
export const OU_SIZE = 40;

/** The build region first, then the regions a large organization most often adds. */
export const REGION_POOL: readonly Region[] = [
  DEFAULT_BUILD_REGION,
  "eu-west-1",
  "us-west-2",
  "eu-central-1",
  "ap-southeast-2",
  "ap-northeast-1",
  "us-east-2",
  "eu-west-2",
  "ap-southeast-1",
  "ca-central-1",
  "sa-east-1",
  "ap-south-1",
  "eu-north-1",
  "us-west-1",
  "eu-west-3",
  "ap-northeast-2",
];
/** As many regions as the pool holds: a catalog's regions are the first of them. */
export const MAX_REGIONS = REGION_POOL.length;

const ORG_MASTER = "111122223333";
const ORG_ID = "o-bench0000a";
/** Every tenth account has a role: the factory publishes the AMI ids into it. */
const ROLE_EVERY = 10;
/** Extra regions beyond the build region, and how often an image has that many (weights). */
const EXTRA_REGIONS: ReadonlyArray<readonly [number, number]> = [
  [0, 25],
  [1, 30],
  [2, 20],
  [3, 12],
  [5, 8],
  [8, 3],
  [15, 2],
];
/** Share of images shared with one or two OUs, and with the whole organization. */
const WIDE_OU = 0.12;
const WIDE_ORG = 0.01;
/** Share of images with two channels: a pinned `stable` for fewer accounts and a `candidate`. */
const TWO_CHANNELS = 0.4;

/** mulberry32: small, fast and the same on every platform. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function accountName(index: number): string {
  return `acct-${String(index).padStart(3, "0")}`;
}

/** Distinct, stable 12-digit ids. */
export function accountId(index: number): string {
  return String(200000000000 + index * 7_919_111);
}

export function ouName(index: number): string {
  return `ou-${String(index).padStart(2, "0")}`;
}

function ouArn(index: number): string {
  return `arn:aws:organizations::${ORG_MASTER}:ou/${ORG_ID}/ou-bnch-${String(index).padStart(8, "0")}`;
}

/** Account indexes of an OU: consecutive blocks of OU_SIZE. */
function membersOf(ou: number, accounts: number): number[] {
  const members: number[] = [];
  for (let i = ou * OU_SIZE; i < Math.min((ou + 1) * OU_SIZE, accounts); i++) members.push(i);
  return members;
}

function checkShape(shape: CatalogShape): void {
  const within = (value: number, max: number) => Number.isInteger(value) && value >= 1 && value <= max;
  if (!within(shape.images, 100_000)) throw new RangeError(`images must be 1 to 100000; got ${shape.images}`);
  if (!within(shape.regions, MAX_REGIONS)) throw new RangeError(`regions must be 1 to ${MAX_REGIONS}; got ${shape.regions}`);
  if (!within(shape.accounts, MAX_ACCOUNTS)) throw new RangeError(`accounts must be 1 to ${MAX_ACCOUNTS}; got ${shape.accounts}`);
}

/** The catalog as a plain object, ready for `yaml.stringify`. */
export function generateCatalogObject(shape: CatalogShape): Record<string, unknown> {
  checkShape(shape);
  const next = random(shape.seed ?? 1);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)];
  const sample = (count: number, from: number): number[] => {
    const chosen = new Set<number>();
    while (chosen.size < Math.min(count, from)) chosen.add(Math.floor(next() * from));
    return [...chosen].sort((a, b) => a - b);
  };
  const weighted = (table: ReadonlyArray<readonly [number, number]>): number => {
    const total = table.reduce((sum, [, w]) => sum + w, 0);
    let roll = next() * total;
    for (const [value, weight] of table) if ((roll -= weight) < 0) return value;
    return table[table.length - 1][0];
  };

  const ous = Math.ceil(shape.accounts / OU_SIZE);
  const accounts: Record<string, unknown> = {};
  for (let i = 0; i < shape.accounts; i++) {
    const id = accountId(i);
    accounts[accountName(i)] = i % ROLE_EVERY === 0 ? { id, role: `arn:aws:iam::${id}:role/ami-factory-publisher` } : id;
  }
  if (shape.organizations) {
    for (let ou = 0; ou < ous; ou++) accounts[ouName(ou)] = ouArn(ou);
    accounts.organization = `arn:aws:organizations::${ORG_MASTER}:organization/${ORG_ID}`;
  }

  const combos: Array<[OsName, Arch]> = OS_NAMES.flatMap((os) => architecturesOf(os).map((arch): [OsName, Arch] => [os, arch]));
  const pool = REGION_POOL.slice(0, shape.regions);
  const images = [];
  for (let i = 0; i < shape.images; i++) {
    const [os, arch] = pick(combos);
    if (shape.uniform) {
      images.push(withBase(uniformImage(i, os, arch, pool, shape, ous), os, arch));
      continue;
    }
    const extra = Math.min(weighted(EXTRA_REGIONS), pool.length - 1);
    const regions = [pool[0], ...sample(extra, pool.length - 1).map((r) => pool[r + 1])];

    const team = sample(1 + Math.floor(next() * 4), shape.accounts).map(accountName);
    const roll = next();
    const wide: string[] = [];
    if (roll < WIDE_ORG) {
      wide.push(...(shape.organizations ? ["organization"] : Array.from({ length: shape.accounts }, (_, a) => accountName(a))));
    } else if (roll < WIDE_ORG + WIDE_OU) {
      for (const ou of sample(1 + Math.floor(next() * 2), ous)) {
        wide.push(...(shape.organizations ? [ouName(ou)] : membersOf(ou, shape.accounts).map(accountName)));
      }
    }
    const imageAccounts = [...new Set([...team, ...wide])].sort();

    const image: Record<string, unknown> = {
      name: imageName(i, os, arch),
      description: `Benchmark image ${i}`,
      os,
      arch,
      regions,
      accounts: imageAccounts,
    };
    if (next() < TWO_CHANNELS) {
      // The pinned channel serves the team only, in the first regions: narrowed accounts.
      image.releases = {
        stable: {
          ami: pinnedAmi(i),
          accounts: team.slice(0, Math.max(1, team.length - 1)),
          regions: regions.slice(0, Math.max(1, Math.ceil(regions.length / 2))),
        },
        candidate: { ami: NEWEST_BUILD },
      };
    }
    images.push(withBase(image, os, arch));
  }

  return {
    factory: DEFAULT_FACTORY,
    buildRegion: DEFAULT_BUILD_REGION,
    tags: { owner: "platform-team" },
    accounts,
    defaults: {
      schedule: { cron: DEFAULT_SCHEDULE.cron, timezone: DEFAULT_SCHEDULE.timezone },
      lifecycle: {
        deprecateAfterDays: DEFAULT_LIFECYCLE.deprecateAfterDays,
        deleteAfterDays: DEFAULT_LIFECYCLE.deleteAfterDays,
        keepAtLeast: DEFAULT_LIFECYCLE.keepAtLeast,
      },
      tags: { "managed-by": "ami-factory" },
    },
    images,
  };
}

/** An OS without a documented default base image (RHEL 9) starts from a parameter of the catalog's own. */
function withBase(image: Record<string, unknown>, os: OsName, arch: Arch): Record<string, unknown> {
  return defaultBaseParameter(os, arch) === undefined ? { ...image, base: `ssm:/golden/${os}/${arch}` } : image;
}

function imageName(index: number, os: OsName, arch: Arch): string {
  return `img-${String(index).padStart(5, "0")}-${os.replace(/[^a-z0-9]/g, "")}-${arch === "arm64" ? "arm" : "x86"}`;
}

function pinnedAmi(index: number): string {
  return `ami-${(0x1000000 + index).toString(16).padStart(17, "0")}`;
}

function uniformImage(
  index: number,
  os: OsName,
  arch: Arch,
  pool: readonly Region[],
  shape: CatalogShape,
  ous: number,
): Record<string, unknown> {
  // With organizations, the first account stays named too: it has a role, so the factory
  // publishes into it, as it does in every other shape.
  const accounts = shape.organizations
    ? [accountName(0), ...Array.from({ length: ous }, (_, ou) => ouName(ou))]
    : Array.from({ length: shape.accounts }, (_, a) => accountName(a));
  return {
    name: imageName(index, os, arch),
    os,
    arch,
    regions: [...pool],
    accounts,
    releases: {
      stable: { ami: pinnedAmi(index), accounts: accounts.slice(0, Math.ceil(accounts.length / 2)) },
      candidate: { ami: NEWEST_BUILD },
    },
  };
}

/** The catalog as YAML text. */
export function generateCatalog(shape: CatalogShape): string {
  const header = `# Generated by bench/generate.ts: ${JSON.stringify({ seed: 1, uniform: false, ...shape })}\n`;
  return header + stringify(generateCatalogObject(shape), { lineWidth: 0 });
}

/** The shape of each benchmark size: images grow, the organization stays the same. */
export function shapeFor(images: number, organizations: boolean): CatalogShape {
  return { images, regions: MAX_REGIONS, accounts: MAX_ACCOUNTS, organizations, seed: 1 };
}
