/**
 * The catalog after loading: every default applied, every reference checked, every list sorted.
 * This is the contract between the loader (load.ts, rules.ts, resolve.ts) and the expansion
 * into resources (expand.ts). Nothing here may be a position-dependent value: two catalogs that
 * differ only in the order of their entries resolve to equal objects.
 */
import type { Arch, OsName } from "../tables/os-table";
import type { Region } from "../tables/regions";
import type { ComponentInput } from "../schema/schema";

/** One place in a catalog file that a problem points at. */
export interface Problem {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** Field path in the catalog, `images[2].arch`; empty for the document itself. */
  path: string;
  /** What is wrong: the bad value and what is allowed. */
  message: string;
  /** A quota that can be raised: said, but the catalog stays valid. */
  warning?: true;
}

/** Who an AMI is shared with. Organizations and OUs count as one sharing entity each. */
export type Principal =
  | { kind: "account"; id: string; key: string }
  | { kind: "organization"; arn: string; key: string }
  | { kind: "ou"; arn: string; key: string };

export interface Account {
  /** The catalog's name for it. */
  name: string;
  principal: Principal;
  /** A role the factory may assume in the account (accounts only). */
  role?: string;
  /** How its Allowed AMIs are managed (accounts with a role; others are unmanaged). */
  allowedImages?: "enforce" | "audit";
}

export type BaseImage =
  | { kind: "ami"; id: string }
  /** `parameter` without the `ssm:` prefix. `fromOsTable` when the catalog did not name one. */
  | { kind: "ssm"; parameter: string; fromOsTable: boolean }
  | { kind: "image-arn"; arn: string };

export type ReleaseSource = { kind: "latest" } | { kind: "pinned"; amiId: string };

export interface Release {
  channel: string;
  source: ReleaseSource;
  /** Sorted; always includes the build region. */
  regions: Region[];
  /** Account names, sorted. */
  accounts: string[];
  public: boolean;
  /** ISO-8601 UTC time, when the catalog set one. */
  deprecateAt?: string;
}

export interface RootVolume {
  sizeGiB: number;
  type: "gp3" | "gp2" | "io1" | "io2";
  iops?: number;
  throughput?: number;
}

export interface Schedule {
  cron: string;
  timezone: string;
  onlyWhenChanged: boolean;
}

export interface Lifecycle {
  deprecateAfterDays: number;
  deleteAfterDays: number;
  keepAtLeast: number;
  retainCopies: boolean;
}

export interface Image {
  name: string;
  description: string;
  os: OsName;
  arch: Arch;
  base: BaseImage;
  /** Sorted; always includes the build region. */
  regions: Region[];
  /** Account names, sorted. */
  accounts: string[];
  public: boolean;
  /** The catalog's own components, in the catalog's order (order is meaningful in a recipe). */
  components: ComponentInput[];
  instanceTypes: string[];
  subnetId?: string;
  securityGroupIds: string[];
  rootVolume: RootVolume;
  schedule: Schedule;
  testTimeoutMinutes: number;
  shareBuilds: boolean;
  /** Account names, sorted. */
  copyTo: string[];
  /** Top-level, default and image tags merged, in that order of precedence (image wins). */
  tags: Record<string, string>;
  lifecycle: Lifecycle;
  /** Sorted by channel. Never empty: an image without releases has the channel `latest`. */
  releases: Release[];
  /** Earlier names, for aliases, oldest first as the catalog lists them: the first is the AWS name. */
  renamedFrom: string[];
}

export interface Catalog {
  /** The file it was read from, as given. */
  file: string;
  factory: string;
  buildRegion: Region;
  tags: Record<string, string>;
  /** By name. */
  accounts: Record<string, Account>;
  /** Image providers that managed Allowed AMIs allow besides the factory's account, sorted. */
  allowedImageProviders: string[];
  /** Sorted by name. */
  images: Image[];
}
