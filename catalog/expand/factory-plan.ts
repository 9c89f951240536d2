/**
 * What the stack holds, decided before any resource exists: every name, version, region and
 * principal, as plain data. The components in components/ only map this onto resources.
 */
import type { Arch, OsName, Platform } from "../tables/os-table";
import type { Region } from "../tables/regions";
import type { BaseImage, Lifecycle, Principal, ReleaseSource, RootVolume, Schedule } from "../resolve/model";
import type { ReleaseResources } from "./release-resources";

/** An Image Builder component the factory writes: its document is versioned by content. */
export interface ComponentSpec {
  /** Pulumi resource name. */
  resourceName: string;
  /** Image Builder name. */
  name: string;
  version: string;
  platform: Platform;
  description: string;
  data: string;
}

/** A component in a recipe: one the factory writes, or an existing one by ARN. */
export type ComponentRef = { kind: "managed"; resourceName: string } | { kind: "arn"; arn: string };

/** The factory's customer-managed key in one region, and who may use it. */
export interface KeySpec {
  region: Region;
  /** Pulumi name of the key and its alias: `kms/<region>`. */
  resourceName: string;
  /** `alias/<factory>/<region>`. */
  alias: string;
  /** Everyone an AMI encrypted with this key is shared with in this region, sorted by key. */
  principals: Principal[];
  /**
   * The ids of every account of the catalog with a `role`, sorted, in every region: they may list
   * the key's grants whatever is shared with them, so that deleting an account's Auto Scaling
   * grant, which waits with ListGrants after the same update dropped it from `principals`, works.
   */
  grantReaders: string[];
}

/** An account the factory reaches through an assumed role. */
export interface AccountSpec {
  /** The catalog's name for the account. */
  name: string;
  /** Its 12-digit id. */
  id: string;
  /** The role the factory assumes in it. */
  role: string;
  /** Pulumi name of its provider. */
  providerName: string;
  /** Needs the Image Builder cross-account distribution role (it is a `copyTo` target). */
  distributionTarget: boolean;
}

/**
 * A KMS grant on the factory's key in one region for EC2 Auto Scaling's service-linked role in
 * an account that may launch AMIs there. AWS documents it as the way Auto Scaling (and what
 * launches through it: EKS managed node groups) uses a key of another account, created from
 * the account that owns the Auto Scaling group; the stack creates it through the account's role.
 */
export interface ScalingGrantSpec {
  region: Region;
  /** `scaling-grant/<region>/<account id>`. */
  resourceName: string;
  /** The catalog's name for the account; its provider makes the grant. */
  account: string;
  accountId: string;
}

/** An account's Allowed AMIs setting in one region it receives images in, made through its role. */
export interface AllowedImagesSpec {
  region: Region;
  /** `allowed-images/<region>/<account id>`. */
  resourceName: string;
  account: string;
  accountId: string;
  /** The API's state: `enabled` (enforce) or `audit-mode`. */
  state: "enabled" | "audit-mode";
  /** Allowed besides the factory's own account (which the component adds: its id is known at deployment). */
  imageProviders: string[];
}

/** One region of an image's distribution configuration. */
export interface DistributionRegion {
  region: Region;
  /** Image Builder expands `{{ imagebuilder:buildDate }}`, so every build has a unique name. */
  amiName: string;
  /** Grants made at build time (only with `shareBuilds`): not managed, never revoked. */
  launchPermission?: { userIds: string[]; organizationArns: string[]; organizationalUnitArns: string[]; userGroups: string[] };
  /** Accounts every build is copied into (`copyTo`); empty for none. */
  targetAccountIds: string[];
}

/**
 * One launch permission a channel needs: its AMI in one region, for one principal. Channels that
 * serve the same AMI need the same permission, which the stack holds once (release-resources.ts).
 */
export interface GrantSpec {
  region: Region;
  /** `<image>/<channel>/<region>/<principal key>`: the name grants had when each channel held its own, kept as an alias. */
  legacyName: string;
  principal: Principal | { kind: "public"; key: "public" };
}

/** One SSM parameter holding a release's AMI id in one region and account. */
export interface ParameterSpec {
  region: Region;
  /** `<image>/<channel>/<region>`, with `/<account id>` in a consuming account. */
  resourceName: string;
  /** SSM parameter name. */
  name: string;
  /** Account name; absent for the factory's own account. */
  account?: string;
  /** The account's principal key (its id), whose grant must exist before the parameter. */
  accountKey?: string;
}

/** A tag the stack sets on an AMI it does not hold as a resource (`aws:ec2/tag:Tag`). */
export interface AmiTagSpec {
  resourceName: string;
  key: string;
  value: string;
}

/** A channel of an image and everything that serves it. */
export interface ReleasePlan {
  channel: string;
  /** A pinned AMI id, or the newest build of the pipeline. */
  source: ReleaseSource;
  /** Equal for releases that serve the same build (`sourceKey`): they share copies. */
  sourceKey: string;
  /** Marks the release's build-region AMI as served, which its image's lifecycle policy skips. */
  servedTag: AmiTagSpec;
  /** Sorted; includes the build region. */
  regions: Region[];
  /** Who may launch it, sorted by key. */
  principals: Principal[];
  /** Also shared with every AWS account (then its copies are not encrypted). */
  public: boolean;
  /** The AMI name of a copy this channel is the first to serve: this prefix, the source AMI id and a random suffix. */
  amiNamePrefix: string;
  /** The release's `deprecateAt`, its copies' deprecation time; without it they have none while current (the sweeper deprecates them once superseded). */
  deprecateAt?: string;
  /** The launch permissions the channel needs, per region and principal. */
  grants: GrantSpec[];
  parameters: ParameterSpec[];
}

export interface ImagePlan {
  /** The catalog's name, the key of every Pulumi resource name. */
  name: string;
  /** The factory's name, in front of every Pulumi resource name (catalog/render/names.ts). */
  factory: string;
  /** The image's components' name, and its recipe's, pipeline's...: `<factory>/<name>`. */
  resourceName: string;
  /** The name AWS resources and tags carry; the first name the image had (see renamedFrom). */
  awsName: string;
  /** Earlier catalog names: resources carry aliases to them. */
  formerNames: string[];
  /**
   * Whether its resources also answer to their names from before resource names carried the
   * factory's: `expand` leaves it out, `AmiFactory` sets it from `AmiFactoryArgs.unprefixedNames`.
   * @default true
   */
  unprefixedNames?: boolean;
  /** The image's description as AWS gets it: none for an empty one. */
  description?: string;
  os: OsName;
  arch: Arch;
  platform: Platform;
  buildRegion: Region;
  base: BaseImage;
  /** What the recipe's parentImage input holds. */
  parentImage: string;
  regions: Region[];
  /** Names of the accounts the image is shared with. */
  accountNames: string[];
  principals: Principal[];
  public: boolean;
  tags: Record<string, string>;
  components: ComponentSpec[];
  recipe: {
    name: string;
    version: string;
    components: ComponentRef[];
    rootVolume: RootVolume & { deviceName: string; encrypted: boolean };
  };
  infrastructure: {
    name: string;
    instanceTypes: string[];
    subnetId?: string;
    securityGroupIds: string[];
  };
  /** Only the build region: releases copy a build into the other regions, so each gets it once. */
  distribution: { name: string; regions: DistributionRegion[]; encrypted: boolean };
  pipeline: {
    name: string;
    schedule: Schedule;
    testTimeoutMinutes: number;
    /** The one-time schedule that starts the pipeline's first build, and its call's idempotency token. */
    firstBuild: { scheduleName: string; clientToken: string };
  };
  /**
   * `exclusionTags`: any of these on an AMI keeps the lifecycle policy off it (the channels' served
   * tags and the released mark: lifetimes.ts `exclusionTagMap`).
   */
  lifecycle: Lifecycle & { name: string; exclusionTags: Record<string, string> };
  releases: ReleasePlan[];
  /**
   * The copies and grants the releases need, one per AMI, with `latest` counted as one source
   * (the newest build is known only at deploy, where the component works them out again from the
   * AMIs it finds): what the plan's counts and limits read.
   */
  releaseResources: ReleaseResources;
}

export interface FactoryPlan {
  /** Prefix of shared resources' names. */
  factory: string;
  /** Where every pipeline builds. */
  buildRegion: Region;
  /** Tags on every shared resource. */
  tags: Record<string, string>;
  /** One per region any image is in. */
  keys: KeySpec[];
  /** Accounts the factory acts in through a role. */
  accounts: AccountSpec[];
  /** Auto Scaling's grants on the keys, per region and account with a role and a launch permission. */
  scalingGrants: ScalingGrantSpec[];
  /** Allowed AMIs per managed account and region it receives images in. */
  allowedImages: AllowedImagesSpec[];
  /**
   * Regions where a release is public: there the factory account's AMI block public access
   * (on by default for new accounts) is turned off, or the public launch permission fails.
   */
  publicSharingRegions: Region[];
  /** The factory's best-practice components, shared by every image of their variant. */
  sharedComponents: ComponentSpec[];
  images: ImagePlan[];
}
