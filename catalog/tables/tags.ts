/**
 * Tag keys the factory sets on what it makes. Their own module, with no imports, so the policy
 * pack and the sweep can read them without loading the catalog's expansion (and yaml with it).
 */

/**
 * The tags of an image's builds: on its recipe's builds, its build instances and every AMI and
 * copy. `image` is also how pipelines' builds are found again.
 */
export const BUILD_TAG = {
  image: "ami-factory:image",
  os: "ami-factory:os",
  arch: "ami-factory:arch",
  factory: "ami-factory:factory",
} as const;

/** What the releases add on the AMIs they serve: the channel, and on a copy its source AMI. */
export const RELEASE_TAG = {
  channel: "ami-factory:channel",
  sourceAmi: "ami-factory:source-ami",
} as const;

/** Every tag the factory puts on an AMI. */
export const TAG = { ...BUILD_TAG, ...RELEASE_TAG } as const;

/**
 * Tag key the sweeper sets on an AMI's snapshots just before it deregisters the AMI, with the AMI
 * id as value (and `TAG.factory` beside it): a snapshot EC2 fails to delete with its AMI carries no
 * other mark of the factory, and once the AMI is gone nothing else leads back to it
 * (sweep/ec2.ts, `orphanedSnapshots`). Not in `TAG`, which lists the tags on AMIs and counts them
 * against an AMI's tag limit.
 */
export const SNAPSHOT_OF_TAG = "ami-factory:snapshot-of";

/**
 * Tag key prefix on a build-region AMI a channel serves (`ami-factory:served:<channel>`), with the
 * factory's name as value. One key per channel: two channels serving the same build each own
 * their tag, so the one that moves away removes only its own.
 */
export const SERVED_TAG_PREFIX = "ami-factory:served:";

/**
 * Tag key the sweeper sets, with the factory's name as value, on every build-region AMI it finds
 * served, and never removes: the lifecycle policy's delete rule skips an AMI that a release ever
 * served, so only the sweeper, counting from when it stopped being current, removes it
 * (docs/architecture.md, "AMI lifetimes").
 */
export const RELEASED_TAG = "ami-factory:released";

export function servedTagKey(channel: string): string {
  return `${SERVED_TAG_PREFIX}${channel}`;
}

/**
 * Tags Image Builder puts on every AMI it builds, besides those its distribution names: its
 * lifecycle policies act on `CreatedBy: EC2 Image Builder`, and `Ec2ImageBuilderArn` names the
 * build (AWS ParallelCluster finds its images by it). They count against EC2's tags per AMI.
 */
export const IMAGE_BUILDER_AMI_TAGS = ["CreatedBy", "Ec2ImageBuilderArn"] as const;
