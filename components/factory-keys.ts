import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { KeySpec } from "../catalog/expand/factory-plan";
import { keyPolicy } from "../catalog/render/access-policies";
import { factoryChildOptions, type FactoryNaming } from "./options";

export interface FactoryKeysArgs extends FactoryNaming {
  /** One key per region, with the principals that may use it. */
  keys: readonly KeySpec[];
  /** The factory's own account id; it administers the keys. */
  accountId: pulumi.Input<string>;
  /** The factory's name, in each key's description and in front of its resource name. */
  factory: string;
  /** Tags on every key. */
  tags: Record<string, string>;
}

/**
 * The factory's customer-managed KMS keys, one per region. Builds and copies are encrypted with
 * them (EC2 refuses to share AMIs encrypted with the AWS-managed EBS key), and each key policy
 * names exactly the principals that images in its region are shared with, and lets the accounts
 * the factory has a role in list its grants (KeySpec.grantReaders).
 */
export class FactoryKeys extends pulumi.ComponentResource {
  /** Key ARN by region. */
  readonly arns: ReadonlyMap<string, pulumi.Output<string>>;

  constructor(name: string, args: FactoryKeysArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ami-factory:index:FactoryKeys", name, {}, opts);
    const arns = new Map<string, pulumi.Output<string>>();
    for (const spec of args.keys) {
      const key = new aws.kms.Key(
        spec.resourceName,
        {
          description: `${args.factory}: encrypts the AMIs and snapshots of the factory in ${spec.region}`,
          enableKeyRotation: true,
          deletionWindowInDays: 30,
          policy: pulumi.output(args.accountId).apply((id) => keyPolicy(id, spec.principals, spec.grantReaders)),
          region: spec.region,
          tags: args.tags,
        },
        // Every AMI in the region is encrypted with it, retained copies included: when the region
        // leaves the catalog the stack lets go of the key and it stays in AWS (never scheduled
        // for deletion), so removing a region deploys instead of stopping on a protected key.
        factoryChildOptions(this, args, spec.resourceName, { retainOnDelete: true }),
      );
      new aws.kms.Alias(
        spec.resourceName,
        { name: spec.alias, targetKeyId: key.keyId, region: spec.region },
        factoryChildOptions(this, args, spec.resourceName),
      );
      arns.set(spec.region, key.arn);
    }
    this.arns = arns;
    this.registerOutputs({ arns: Object.fromEntries(arns) });
  }
}
