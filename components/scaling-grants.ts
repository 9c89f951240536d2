import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { ScalingGrantSpec } from "../catalog/expand/factory-plan";
import { AUTO_SCALING_GRANT_OPERATIONS, autoScalingRoleArn } from "../catalog/render/access-policies";
import { factoryChildOptions, type FactoryNaming } from "./options";
import { pacer, RESOURCES_PER_TURN } from "./pace";
import { PacedComponent } from "./paced-component";

export interface ScalingGrantsArgs extends FactoryNaming {
  /** One grant per account and region. */
  grants: readonly ScalingGrantSpec[];
  /** The factory's name, in front of every resource name. */
  factory: string;
  /** The factory's key ARN by region. */
  keyArns: ReadonlyMap<string, pulumi.Output<string>>;
  /** Provider by account name: each grant is made from its account (AccountAccess). */
  accountProviders: ReadonlyMap<string, aws.Provider>;
}

/**
 * EC2 Auto Scaling's grants on the factory's keys. An account's Auto Scaling service-linked role
 * has no KMS permissions of its own, and the key policy naming the account does not reach it:
 * AWS documents a grant for it, created from the account that owns the Auto Scaling group.
 * Each grant is made through the account's provider and retired when the account leaves the
 * catalog: the account (its root) is the grant's retiring principal, and who may retire a grant
 * is the grant's to say, not the key policy's (AWS KMS developer guide, "Retiring and revoking
 * grants"). The provider retires it as the account's role, which may because the account's IAM
 * delegates kms:RetireGrant to it (the consumer role's ReadGrants statement, consumer-role.ts).
 */
export class ScalingGrants extends PacedComponent {
  /** The KMS grant id by resource name (`<factory>/scaling-grant/<region>/<account id>`, names.scalingGrant). */
  readonly grantIds: ReadonlyMap<string, pulumi.Output<string>>;

  private readonly grantIdMap = new Map<string, pulumi.Output<string>>();

  /** The component once every grant exists: one per account and region, made a few per turn (components/pace.ts). */
  static create(name: string, args: ScalingGrantsArgs, opts?: pulumi.ComponentResourceOptions): Promise<ScalingGrants> {
    const grants = new ScalingGrants(name, opts);
    return PacedComponent.whenBuilt(grants, grants.build(args));
  }

  private constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
    super("ami-factory:index:ScalingGrants", name, {}, opts);
    this.grantIds = this.grantIdMap;
  }

  private async build(args: ScalingGrantsArgs): Promise<pulumi.Inputs> {
    const grantIds = this.grantIdMap;
    const pace = pacer(RESOURCES_PER_TURN);
    for (const spec of args.grants) {
      const keyId = args.keyArns.get(spec.region);
      const provider = args.accountProviders.get(spec.account);
      if (!keyId || !provider)
        throw new Error(`${spec.resourceName}: no key in ${spec.region} or no provider for ${spec.account}`);
      const grant = new aws.kms.Grant(
        spec.resourceName,
        {
          keyId,
          granteePrincipal: autoScalingRoleArn(spec.accountId),
          operations: [...AUTO_SCALING_GRANT_OPERATIONS],
          retiringPrincipal: `arn:aws:iam::${spec.accountId}:root`,
          retireOnDelete: true,
          region: spec.region,
        },
        factoryChildOptions(this, args, spec.resourceName, { provider }),
      );
      grantIds.set(spec.resourceName, grant.grantId);
      await pace();
    }
    return { grantIds: Object.fromEntries(grantIds) };
  }
}
