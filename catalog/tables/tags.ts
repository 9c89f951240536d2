/**
 * Tag keys the factory sets on what it makes. Their own module, with no imports, so the policy
 * pack and the sweep can read them without loading the catalog's expansion (and yaml with it).
 */

/** `image` is also how pipelines' builds are found again. */
export const TAG = {
  image: "ami-factory:image",
  channel: "ami-factory:channel",
  os: "ami-factory:os",
  arch: "ami-factory:arch",
  sourceAmi: "ami-factory:source-ami",
  factory: "ami-factory:factory",
} as const;

/**
 * Tag key the sweeper sets on an AMI's snapshots just before it deregisters the AMI, with the AMI
 * id as value (and `TAG.factory` beside it): a snapshot EC2 fails to delete with its AMI carries no
 * other mark of the factory, and once the AMI is gone nothing else leads back to it
 * (sweep/ec2.ts, `orphanedSnapshots`). Not in `TAG`, which lists the tags on AMIs and counts them
 * against an AMI's tag limit.
 */
export const SNAPSHOT_OF_TAG = "ami-factory:snapshot-of";

/**
 * Tags Image Builder puts on every AMI it builds, besides those its distribution names: its
 * lifecycle policies act on `CreatedBy: EC2 Image Builder`, and `Ec2ImageBuilderArn` names the
 * build (AWS ParallelCluster finds its images by it). They count against EC2's tags per AMI.
 */
export const IMAGE_BUILDER_AMI_TAGS = ["CreatedBy", "Ec2ImageBuilderArn"] as const;
