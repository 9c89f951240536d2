/**
 * AWS commercial regions the factory may build in and copy to: the regions of the `aws` partition
 * in botocore's endpoints.json (boto/botocore 0e6e2404, 2026-08), where EC2, KMS, Systems Manager
 * and EventBridge Scheduler each list an endpoint. Image Builder resolves its endpoints by rule and
 * is not listed there: that it runs in the regions opened since 2024 is not checked here. GovCloud
 * and China are separate partitions with their own ARNs and accounts: a factory there is a separate
 * stack, so they are not listed.
 */
export const REGIONS = [
  "af-south-1",
  "ap-east-1",
  "ap-east-2",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ap-south-1",
  "ap-south-2",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-southeast-3",
  "ap-southeast-4",
  "ap-southeast-5",
  "ap-southeast-6",
  "ap-southeast-7",
  "ca-central-1",
  "ca-west-1",
  "eu-central-1",
  "eu-central-2",
  "eu-north-1",
  "eu-south-1",
  "eu-south-2",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "il-central-1",
  "me-central-1",
  "me-south-1",
  "mx-central-1",
  "sa-east-1",
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
] as const;

export type Region = (typeof REGIONS)[number];

const KNOWN = new Set<string>(REGIONS);

export function isRegion(value: string): value is Region {
  return KNOWN.has(value);
}

/** The region AWS Marketplace's AMI guidelines recommend building in, and the factory's default. */
export const DEFAULT_BUILD_REGION: Region = "us-east-1";
