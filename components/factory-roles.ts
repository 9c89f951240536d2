import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { names } from "../catalog/render/names";
import { TAG } from "../catalog/tables/tags";
import {
  MANAGED_POLICY,
  schedulerTrustPolicy,
  serviceTrustPolicy,
  startFirstBuildPolicy,
} from "../catalog/render/access-policies";

export interface FactoryRolesArgs {
  /**
   * The factory's name: the roles are `<factory>-build-instance`, `<factory>-lifecycle` and
   * `<factory>-first-build`, the schedule group `<factory>-first-builds`.
   */
  factory: string;
  /** The factory's account, which alone may have its schedules assume the first-build role. */
  accountId: pulumi.Input<string>;
  /** Where the pipelines, and so the first-build schedules, are. */
  buildRegion: string;
  /** Tags on every role, profile and schedule group. */
  tags: Record<string, string>;
}

/** Where a pipeline's first-build schedule goes, and the role it starts the build as. */
export interface FirstBuildAccess {
  /** The schedule group the first-build role trusts. */
  scheduleGroupName: pulumi.Output<string>;
  /** Resolves once the role may start builds (its policy exists), so a schedule never fires before. */
  roleArn: pulumi.Output<string>;
}

/**
 * The factory account's IAM roles: the build instances' role and instance profile, the role
 * Image Builder's lifecycle policies run as (each with only the AWS-managed policy of its job),
 * and the role EventBridge Scheduler starts each new pipeline's first build as, with the schedule
 * group it trusts.
 */
export class FactoryRoles extends pulumi.ComponentResource {
  /** The build and test instances' profile. */
  readonly instanceProfileName: pulumi.Output<string>;
  /** The role Image Builder applies lifecycle policies as. */
  readonly lifecycleRoleArn: pulumi.Output<string>;
  /** The first-build schedules' group and role. */
  readonly firstBuild: FirstBuildAccess;

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
    this.firstBuild = this.firstBuildAccess(args);
    this.registerOutputs({
      instanceProfileName: this.instanceProfileName,
      lifecycleRoleArn: this.lifecycleRoleArn,
      firstBuildRoleArn: this.firstBuild.roleArn,
      scheduleGroupName: this.firstBuild.scheduleGroupName,
    });
  }

  /**
   * The schedule group of the first-build schedules, and the role they run as: trusted by the
   * Scheduler for that group only, allowed only to start this factory's pipelines.
   */
  private firstBuildAccess(args: FactoryRolesArgs): FirstBuildAccess {
    const name = `${args.factory}-first-build`;
    const groupName = names.firstBuildGroup(args.factory);
    const group = new aws.scheduler.ScheduleGroup(
      groupName,
      { name: groupName, region: args.buildRegion, tags: args.tags },
      { parent: this },
    );
    const role = new aws.iam.Role(
      name,
      {
        name,
        description: "EventBridge Scheduler starts the first build of each new AMI factory pipeline as this role",
        assumeRolePolicy: pulumi
          .all([args.accountId, group.arn])
          .apply(([account, groupArn]) => schedulerTrustPolicy(account, groupArn)),
        tags: args.tags,
      },
      { parent: this },
    );
    const policy = new aws.iam.RolePolicy(
      `${name}/start-pipeline`,
      {
        // Unique per role only, but named after the factory like everything AWS names.
        name: `${name}-start-pipeline`,
        role: role.name,
        policy: pulumi
          .output(args.accountId)
          .apply((account) => startFirstBuildPolicy(args.buildRegion, account, TAG.factory, args.factory)),
      },
      { parent: this },
    );
    // The role's ARN once its policy exists: a schedule that names it cannot fire before.
    const roleArn = pulumi.all([role.arn, policy.id]).apply(([arn]) => arn);
    return { scheduleGroupName: group.name, roleArn };
  }
}
