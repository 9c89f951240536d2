import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { FactoryPlan } from "../catalog/factory-plan";
import { AccountAccess } from "./account-access";
import { BaseImageLookup } from "./base-image-lookup";
import { FactoryKeys } from "./factory-keys";
import { FactoryRoles } from "./factory-roles";
import { ImagePipeline } from "./image-pipeline";
import { ImageReleases } from "./image-releases";
import { managedComponent } from "./managed-component";
import { imageComponentOptions } from "./options";

export interface AmiFactoryArgs {
  /** The expanded catalog (`expand(loadCatalog(...))`). */
  plan: FactoryPlan;
  /**
   * The day new release copies count their default deprecation from.
   * @default the current date
   */
  today?: Date;
}

/** What the stack exports for one image. */
export interface ImageOutputs {
  pipelineArn: pulumi.Output<string>;
  regions: string[];
  /** Resolved principals: 12-digit account ids and organization / OU ARNs. */
  accounts: string[];
  /** AMI id per channel and region. */
  amis: pulumi.Output<Record<string, Record<string, string>>>;
}

/**
 * The whole factory in one component: shared keys, roles, accounts and components, then per
 * image its pipeline and its releases.
 */
export class AmiFactory extends pulumi.ComponentResource {
  readonly images: Record<string, ImageOutputs>;

  constructor(name: string, args: AmiFactoryArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ami-factory:index:AmiFactory", name, {}, opts);
    const { plan } = args;
    const accountId = aws.getCallerIdentityOutput({}, { parent: this }).accountId;

    const keys = new FactoryKeys(
      "keys",
      { keys: plan.keys, accountId, factory: plan.factory, tags: plan.tags },
      { parent: this },
    );
    const roles = new FactoryRoles("roles", { factory: plan.factory, tags: plan.tags }, { parent: this });
    const access = new AccountAccess(
      "accounts",
      {
        accounts: plan.accounts,
        buildRegion: plan.buildRegion,
        factory: plan.factory,
        factoryAccountId: accountId,
        keyArns: [...keys.arns.values()],
        tags: plan.tags,
      },
      { parent: this },
    );

    const componentArns = new Map<string, pulumi.Output<string>>();
    for (const spec of plan.sharedComponents) {
      const component = managedComponent(spec, plan.buildRegion, plan.tags, { parent: this });
      componentArns.set(spec.resourceName, component.arn);
    }

    const baseImages = new BaseImageLookup(this);
    this.images = {};
    for (const image of plan.images) {
      const pipeline = new ImagePipeline(
        image.name,
        {
          plan: image,
          componentArns,
          keyArns: keys.arns,
          instanceProfileName: roles.instanceProfileName,
          lifecycleRoleArn: roles.lifecycleRoleArn,
          baseImages,
        },
        imageComponentOptions(image, { parent: this }),
      );
      const releases = new ImageReleases(
        image.name,
        {
          plan: image,
          bootstrapImage: pipeline.bootstrapImage,
          keyArns: keys.arns,
          accountProviders: access.providers,
          today: args.today ?? new Date(),
        },
        imageComponentOptions(image, { parent: this }),
      );
      this.images[image.name] = {
        pipelineArn: pipeline.pipelineArn,
        regions: image.regions,
        accounts: image.principals.map((p) => (p.kind === "account" ? p.id : p.arn)),
        amis: releases.amis,
      };
    }
    this.registerOutputs({ images: this.images });
  }
}
