import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { FactoryPlan, ImagePlan } from "../catalog/expand/factory-plan";
import { AccountAccess } from "./account-access";
import { AllowedImages } from "./allowed-images";
import { BaseImageLookup } from "./base-image-lookup";
import { FactoryKeys } from "./factory-keys";
import { FactoryRoles } from "./factory-roles";
import { ImagePipeline, type ImagePipelineArgs } from "./image-pipeline";
import { PublicSharing } from "./public-sharing";
import { ScalingGrants } from "./scaling-grants";
import { ImageReleases, type ImageReleasesArgs } from "./image-releases";
import { managedComponent } from "./managed-component";
import { imageComponentOptions } from "./options";
import { nextTurn, pacer, RESOURCES_PER_TURN } from "./pace";
import { PacedComponent } from "./paced-component";

export interface AmiFactoryArgs {
  /** The expanded catalog, as `readCatalogOrExplain` (read-catalog.ts) returns it. */
  plan: FactoryPlan;
  /**
   * The program's now: the time new pipelines' first builds are scheduled after.
   * @default the current date
   */
  today?: Date;
  /**
   * Whether every resource also answers to the name it had before resource names carried the
   * factory's (`keys`, `<image>/...`), so that a stack made then replaces nothing. Those names
   * belong to one factory: in a program with several, set it to false on all but the one such a
   * stack holds, or their resources claim the same URNs and the engine refuses the program.
   * @default true
   */
  unprefixedNames?: boolean;
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
 * image its pipeline and its releases. Built over many turns of the event loop
 * (components/pace.ts), so it is made by `AmiFactory.create`, which hands it out only once every
 * resource exists: no caller can read `images` before they are all there.
 */
export class AmiFactory extends PacedComponent {
  /** Per image, what the stack exports. */
  readonly images: Readonly<Record<string, ImageOutputs>>;
  private readonly built: Record<string, ImageOutputs> = {};

  /**
   * The factory, once every image's resources exist (rejects if one could not be made): the
   * program awaits it before it returns the stack's outputs.
   */
  static create(name: string, args: AmiFactoryArgs, opts?: pulumi.ComponentResourceOptions): Promise<AmiFactory> {
    const factory = new AmiFactory(name, opts);
    const built = factory.build(name, args.plan, args.today ?? new Date(), args.unprefixedNames ?? true);
    return PacedComponent.whenBuilt(
      factory,
      built.then(() => ({ images: factory.built })),
    );
  }

  private constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
    super("ami-factory:index:AmiFactory", name, {}, opts);
    this.images = this.built;
  }

  /**
   * The shared keys, roles, account providers and components, then the images, handing control
   * back to the runtime between them and, where they are many, every few resources
   * (components/pace.ts). Each child is named after the factory
   * (`<factory>-keys`), so two factories in one stack stay apart, and aliased to the name it had
   * before (`keys`), so an existing stack replaces nothing; so is everything below them
   * (`<factory>/kms/<region>`, `<factory>/<image>/...`: catalog/render/names.ts).
   */
  private async build(name: string, plan: FactoryPlan, today: Date, unprefixedNames: boolean): Promise<void> {
    const child = (suffix: string): pulumi.ComponentResourceOptions => ({
      parent: this,
      ...(unprefixedNames ? { aliases: [{ name: suffix, parent: this }] } : {}),
    });
    const accountId = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
    const keys = new FactoryKeys(
      `${name}-keys`,
      { keys: plan.keys, accountId, factory: plan.factory, unprefixedNames, tags: plan.tags },
      child("keys"),
    );
    await nextTurn();
    const roles = new FactoryRoles(
      `${name}-roles`,
      { factory: plan.factory, accountId, buildRegion: plan.buildRegion, tags: plan.tags },
      child("roles"),
    );
    await nextTurn();
    const access = await AccountAccess.create(
      `${name}-accounts`,
      {
        accounts: plan.accounts,
        buildRegion: plan.buildRegion,
        factory: plan.factory,
        unprefixedNames,
        factoryAccountId: accountId,
        keyArns: [...keys.arns.values()],
        tags: plan.tags,
      },
      child("accounts"),
    );
    await ScalingGrants.create(
      `${name}-scaling-grants`,
      {
        factory: plan.factory,
        unprefixedNames,
        grants: plan.scalingGrants,
        keyArns: keys.arns,
        accountProviders: access.providers,
      },
      child("scaling-grants"),
    );
    await AllowedImages.create(
      `${name}-allowed-images`,
      {
        factory: plan.factory,
        unprefixedNames,
        settings: plan.allowedImages,
        factoryAccountId: accountId,
        accountProviders: access.providers,
      },
      child("allowed-images"),
    );
    await nextTurn();
    const publicSharing = new PublicSharing(
      `${name}-public-sharing`,
      { factory: plan.factory, unprefixedNames, regions: plan.publicSharingRegions },
      child("public-sharing"),
    );

    const componentArns = new Map<string, pulumi.Output<string>>();
    const pace = pacer(RESOURCES_PER_TURN);
    for (const spec of plan.sharedComponents) {
      const component = managedComponent(spec, plan.buildRegion, plan.tags, { parent: this });
      componentArns.set(spec.resourceName, component.arn);
      await pace();
    }
    await nextTurn();

    await this.buildImages(unprefixedNames ? plan.images : plan.images.map((image) => ({ ...image, unprefixedNames })), {
      componentArns,
      keyArns: keys.arns,
      instanceProfileName: roles.instanceProfileName,
      lifecycleRoleArn: roles.lifecycleRoleArn,
      firstBuild: roles.firstBuild,
      baseImages: new BaseImageLookup(this),
      accountProviders: access.providers,
      publicSharing: publicSharing.byRegion,
      today,
    });
  }

  /**
   * Per image its pipeline and releases, handing control back to the runtime after the pipeline
   * and after each image (the releases pace themselves), so that each image's registrations go
   * out while the next is built instead of every resource of the catalog waiting, alive, for
   * the last one to be made (components/pace.ts).
   */
  private async buildImages(images: readonly ImagePlan[], shared: SharedInputs): Promise<void> {
    for (const image of images) {
      const pipeline = new ImagePipeline(
        image.resourceName,
        {
          plan: image,
          componentArns: shared.componentArns,
          keyArns: shared.keyArns,
          instanceProfileName: shared.instanceProfileName,
          lifecycleRoleArn: shared.lifecycleRoleArn,
          baseImages: shared.baseImages,
          firstBuild: shared.firstBuild,
          now: shared.today,
        },
        imageComponentOptions(image, { parent: this }),
      );
      await nextTurn();
      const releases = new ImageReleases(
        image.resourceName,
        {
          plan: image,
          keyArns: shared.keyArns,
          accountProviders: shared.accountProviders,
          publicSharing: shared.publicSharing,
        },
        imageComponentOptions(image, { parent: this }),
      );
      await releases.ready;
      this.built[image.name] = {
        pipelineArn: pipeline.pipelineArn,
        regions: image.regions,
        accounts: image.principals.map((p) => (p.kind === "account" ? p.id : p.arn)),
        amis: releases.amis,
      };
      await nextTurn();
    }
  }
}

/** What every image's resources take from the factory's shared ones. */
interface SharedInputs
  extends
    Pick<
      ImagePipelineArgs,
      "componentArns" | "keyArns" | "instanceProfileName" | "lifecycleRoleArn" | "baseImages" | "firstBuild"
    >,
    Pick<ImageReleasesArgs, "accountProviders" | "publicSharing"> {
  /** The program's now (`AmiFactoryArgs.today`), the pipelines' `now`. */
  today: Date;
}
