import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { MANAGED_POLICY, serviceTrustPolicy } from "../catalog/policies";

export interface FactoryRolesArgs {
  /** The factory's name: the roles are `<factory>-build-instance` and `<factory>-lifecycle`. */
  factory: string;
  /** Tags on every role and profile. */
  tags: Record<string, string>;
}

/**
 * The factory account's IAM roles: the build instances' role and instance profile, and the role
 * Image Builder's lifecycle policies run as. Each carries only the AWS-managed policy of its job.
 */
export class FactoryRoles extends pulumi.ComponentResource {
  /** The build and test instances' profile. */
  readonly instanceProfileName: pulumi.Output<string>;
  /** The role Image Builder applies lifecycle policies as. */
  readonly lifecycleRoleArn: pulumi.Output<string>;

  constructor(name: string, args: FactoryRolesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ami-factory:index:FactoryRoles", name, {}, opts);
    const instanceRole = new aws.iam.Role(
      `${args.factory}-build-instance`,
      {
        name: `${args.factory}-build-instance`,
        description: "Build and test instances of the AMI factory's Image Builder pipelines",
        assumeRolePolicy: serviceTrustPolicy("ec2.amazonaws.com"),
        tags: args.tags,
      },
      { parent: this },
    );
    for (const [key, arn] of [
      ["ssm-core", MANAGED_POLICY.ssmCore],
      ["image-builder", MANAGED_POLICY.imageBuilderInstance],
    ] as const) {
      new aws.iam.RolePolicyAttachment(
        `${args.factory}-build-instance/${key}`,
        { role: instanceRole.name, policyArn: arn },
        { parent: this },
      );
    }
    const profile = new aws.iam.InstanceProfile(
      `${args.factory}-build-instance`,
      { name: `${args.factory}-build-instance`, role: instanceRole.name, tags: args.tags },
      { parent: this },
    );

    const lifecycleRole = new aws.iam.Role(
      `${args.factory}-lifecycle`,
      {
        name: `${args.factory}-lifecycle`,
        description: "Image Builder applies the AMI factory's lifecycle policies as this role",
        assumeRolePolicy: serviceTrustPolicy("imagebuilder.amazonaws.com"),
        tags: args.tags,
      },
      { parent: this },
    );
    new aws.iam.RolePolicyAttachment(
      `${args.factory}-lifecycle/lifecycle`,
      { role: lifecycleRole.name, policyArn: MANAGED_POLICY.lifecycle },
      { parent: this },
    );

    this.instanceProfileName = profile.name;
    this.lifecycleRoleArn = lifecycleRole.arn;
    this.registerOutputs({ instanceProfileName: this.instanceProfileName, lifecycleRoleArn: this.lifecycleRoleArn });
  }
}
