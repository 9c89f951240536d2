import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkBaseAmi } from "../catalog/rules/base-check";
import type { ImagePlan } from "../catalog/expand/factory-plan";
import { firstBuildAt } from "../catalog/render/first-build";
import type { BaseImageLookup } from "./base-image-lookup";
import type { FirstBuildAccess } from "./factory-roles";
import { managedComponent } from "./managed-component";
import { imageChildOptions } from "./options";
import { FIRST_BUILD_DELAY_MINUTES } from "./timeouts";

export interface ImagePipelineArgs {
  /** The image's plan: names, versions, regions and principals, decided by `expand`. */
  plan: ImagePlan;
  /** ARN of each component the factory manages, by resource name (shared and this image's). */
  componentArns: ReadonlyMap<string, pulumi.Input<string>>;
  /**
   * The factory's KMS key ARN per region. Builds are encrypted with the build region's: the
   * distribution makes them there only, and releases copy them into the other regions.
   */
  keyArns: ReadonlyMap<string, pulumi.Input<string>>;
  /** Instance profile the build and test instances run with. */
  instanceProfileName: pulumi.Input<string>;
  /** Role Image Builder assumes to apply the lifecycle policy. */
  lifecycleRoleArn: pulumi.Input<string>;
  /** Where the deploy-time facts of the base image come from, shared by the images of a factory. */
  baseImages: BaseImageLookup;
  /** The schedule group and role the first build is started with. */
  firstBuild: FirstBuildAccess;
  /**
   * The program's now: the first build starts FIRST_BUILD_DELAY_MINUTES after it.
   * @default the current time
   */
  now?: Date;
}

/**
 * One image's EC2 Image Builder pipeline, in the build region: its own components, recipe,
 * infrastructure and distribution configurations, the pipeline on its schedule, a lifecycle
 * policy, and a one-time schedule that starts the pipeline's first build minutes after the
 * pipeline exists, without `pulumi up` waiting for it.
 */
export class ImagePipeline extends pulumi.ComponentResource {
  /** The pipeline's ARN. */
  readonly pipelineArn: pulumi.Output<string>;
  /** The recipe's ARN (its version is a hash of its content). */
  readonly recipeArn: pulumi.Output<string>;

  constructor(name: string, args: ImagePipelineArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ami-factory:index:ImagePipeline", name, {}, opts);
    const { plan } = args;
    const region = plan.buildRegion;
    const { description } = plan;
    const child = (resourceName: string, extra?: pulumi.CustomResourceOptions) =>
      imageChildOptions(this, plan, resourceName, extra);
    const keyIn = (r: string) => {
      const arn = args.keyArns.get(r);
      if (arn === undefined) throw new Error(`no factory key in ${r} for image ${plan.name}`);
      return arn;
    };

    const componentArns = new Map(args.componentArns);
    for (const spec of plan.components) {
      const component = managedComponent(spec, region, plan.tags, child(spec.resourceName));
      componentArns.set(spec.resourceName, component.arn);
    }

    const parentImage = this.checkedParentImage(plan, args.baseImages);
    const volume = plan.recipe.rootVolume;
    const recipe = new aws.imagebuilder.ImageRecipe(
      plan.resourceName,
      {
        name: plan.recipe.name,
        version: plan.recipe.version,
        description,
        parentImage,
        components: plan.recipe.components.map((ref) => {
          if (ref.kind === "arn") return { componentArn: ref.arn };
          const arn = componentArns.get(ref.resourceName);
          if (arn === undefined) throw new Error(`component ${ref.resourceName} of ${plan.name} was not created`);
          return { componentArn: arn };
        }),
        blockDeviceMappings: [
          {
            deviceName: volume.deviceName,
            ebs: {
              deleteOnTermination: "true",
              encrypted: String(volume.encrypted),
              kmsKeyId: volume.encrypted ? keyIn(region) : undefined,
              volumeSize: volume.sizeGiB,
              volumeType: volume.type,
              iops: volume.iops,
              throughput: volume.throughput,
            },
          },
        ],
        region,
        tags: plan.tags,
      },
      // The version changes with the content, and a recipe cannot change in place: each edit
      // creates the new version first, moves the pipeline to it, then deletes the old one.
      child(plan.resourceName),
    );

    const infrastructure = new aws.imagebuilder.InfrastructureConfiguration(
      plan.resourceName,
      {
        name: plan.infrastructure.name,
        description: `Build instances for ${plan.name}`,
        instanceProfileName: args.instanceProfileName,
        instanceTypes: plan.infrastructure.instanceTypes,
        subnetId: plan.infrastructure.subnetId,
        securityGroupIds: plan.infrastructure.securityGroupIds.length ? plan.infrastructure.securityGroupIds : undefined,
        terminateInstanceOnFailure: true,
        instanceMetadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 1 },
        resourceTags: plan.tags,
        region,
        tags: plan.tags,
      },
      child(plan.resourceName),
    );

    const distribution = new aws.imagebuilder.DistributionConfiguration(
      plan.resourceName,
      {
        name: plan.distribution.name,
        description: `Builds of ${plan.name}`,
        distributions: plan.distribution.regions.map((d) => ({
          region: d.region,
          amiDistributionConfiguration: {
            name: d.amiName,
            description,
            kmsKeyId: plan.distribution.encrypted ? keyIn(d.region) : undefined,
            amiTags: plan.tags,
            launchPermission: d.launchPermission,
            targetAccountIds: d.targetAccountIds.length ? d.targetAccountIds : undefined,
          },
        })),
        region,
        tags: plan.tags,
      },
      child(plan.resourceName),
    );

    const tests = { imageTestsEnabled: true, timeoutMinutes: plan.pipeline.testTimeoutMinutes };
    const scanning = { imageScanningEnabled: true };
    const pipeline = new aws.imagebuilder.ImagePipeline(
      plan.resourceName,
      {
        name: plan.pipeline.name,
        description,
        imageRecipeArn: recipe.arn,
        infrastructureConfigurationArn: infrastructure.arn,
        distributionConfigurationArn: distribution.arn,
        schedule: {
          scheduleExpression: plan.pipeline.schedule.cron,
          timezone: plan.pipeline.schedule.timezone,
          pipelineExecutionStartCondition: plan.pipeline.schedule.onlyWhenChanged
            ? "EXPRESSION_MATCH_AND_DEPENDENCY_UPDATES_AVAILABLE"
            : "EXPRESSION_MATCH_ONLY",
        },
        imageTestsConfiguration: tests,
        imageScanningConfiguration: scanning,
        enhancedImageMetadataEnabled: true,
        status: "ENABLED",
        region,
        tags: plan.tags,
      },
      child(plan.resourceName),
    );

    // Only builds no release ever served are the policy's. It counts age from the build, so it
    // cannot deprecate counting from when a build stopped being current: the sweeper does that
    // (`npm run sweep -- --deprecate`), and marks every build it finds served `ami-factory:released`,
    // which the policy skips as it skips the channels' served tags (docs/architecture.md, "AMI
    // lifetimes").
    const exclusions = (lastLaunchedDays: number) => ({
      amis: {
        tagMap: plan.lifecycle.exclusionTags,
        // An AMI that instances were launched from recently is still in use: keep it.
        lastLaunched: { unit: "DAYS", value: lastLaunchedDays },
      },
    });
    new aws.imagebuilder.LifecyclePolicy(
      plan.resourceName,
      {
        name: plan.lifecycle.name,
        description: `Delete old builds of ${plan.name} that no release ever served`,
        executionRole: args.lifecycleRoleArn,
        resourceType: "AMI_IMAGE",
        // Every version of this image's recipe: the pipeline's builds, never the release copies.
        resourceSelection: { recipes: [{ name: plan.recipe.name, semanticVersion: "x.x.x" }] },
        policyDetails: [
          {
            action: { type: "DELETE", includeResources: { amis: true, snapshots: true } },
            filter: {
              type: "AGE",
              value: plan.lifecycle.deleteAfterDays,
              unit: "DAYS",
              retainAtLeast: plan.lifecycle.keepAtLeast,
            },
            exclusionRules: exclusions(plan.lifecycle.deprecateAfterDays),
          },
        ],
        status: "ENABLED",
        region,
        tags: plan.tags,
      },
      child(plan.resourceName),
    );

    this.firstBuildSchedule(plan, pipeline, args.firstBuild, args.now ?? new Date(), child);

    this.pipelineArn = pipeline.arn;
    this.recipeArn = recipe.arn;
    this.registerOutputs({
      pipelineArn: this.pipelineArn,
      recipeArn: this.recipeArn,
    });
  }

  /**
   * Starts the pipeline's first build once, FIRST_BUILD_DELAY_MINUTES after `now`, so that
   * `latest` channels get a build without waiting for the pipeline's cron: an EventBridge
   * Scheduler one-time schedule calls StartImagePipelineExecution (a universal target) and
   * `pulumi up` moves on; the next `pulumi up` after the build finishes releases it.
   * The schedule stays after it fired (`NONE`): deleted, a refresh would drop it from the state
   * and the next `pulumi up` would create it again and start a second build. Later runs keep
   * its time (`ignoreChanges`), so only its creation decides when the build starts.
   */
  private firstBuildSchedule(
    plan: ImagePlan,
    pipeline: aws.imagebuilder.ImagePipeline,
    access: FirstBuildAccess,
    now: Date,
    child: (name: string, extra?: pulumi.CustomResourceOptions) => pulumi.CustomResourceOptions,
  ): void {
    const { scheduleName, clientToken } = plan.pipeline.firstBuild;
    new aws.scheduler.Schedule(
      plan.resourceName,
      {
        name: scheduleName,
        groupName: access.scheduleGroupName,
        description: `First build of ${plan.awsName}; later builds come from the pipeline's schedule`,
        scheduleExpression: firstBuildAt(now, FIRST_BUILD_DELAY_MINUTES),
        scheduleExpressionTimezone: "UTC",
        flexibleTimeWindow: { mode: "OFF" },
        actionAfterCompletion: "NONE",
        target: {
          arn: "arn:aws:scheduler:::aws-sdk:imagebuilder:startImagePipelineExecution",
          roleArn: access.roleArn,
          input: pipeline.arn.apply((imagePipelineArn) => JSON.stringify({ imagePipelineArn, clientToken })),
        },
        region: plan.buildRegion,
      },
      child(plan.resourceName, { ignoreChanges: ["scheduleExpression"] }),
    );
  }

  /**
   * The recipe's parent image, released only after AWS confirmed that an AMI-id or `ssm:` base
   * fits the image (architecture, HVM, EBS). A misfit fails the deployment before any recipe.
   */
  private checkedParentImage(plan: ImagePlan, lookup: BaseImageLookup): pulumi.Output<string> {
    const base = plan.base;
    if (base.kind === "image-arn") return pulumi.output(plan.parentImage);
    return lookup.facts(base, plan.buildRegion).apply((facts) => {
      const problem = checkBaseAmi(plan.name, plan.arch, plan.parentImage, facts);
      if (problem) throw new pulumi.RunError(problem);
      return plan.parentImage;
    });
  }
}
