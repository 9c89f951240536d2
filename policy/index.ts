/**
 * The policy pack's entry point, run by the Pulumi CLI:
 * `pulumi preview --policy-pack policy [--policy-pack-config policy-config.json]`.
 * Constructing the pack starts its gRPC server, so nothing else may import this file; the
 * policies live in policies.ts.
 */
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies";
import { DEFAULT_BUILD_REGION } from "../catalog/tables/regions";

new PolicyPack("ami-factory", {
  policies,
  displayName: "AMI factory best practices",
  description:
    "The AMI best practices of the ami-factory stack: no public AMIs unless allowed, customer-managed " +
    "encryption, IMDSv2 build instances, root login disabled and SSH/RDP checked, 64-bit bases, tested and " +
    `scanned builds, least-privilege roles, a lifecycle for every image, ${DEFAULT_BUILD_REGION} builds and required tags.`,
  provider: "aws",
  tags: ["aws", "ec2-image-builder", "ami"],
});
