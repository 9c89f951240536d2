import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { FactoryPlan, ImagePlan } from "../catalog/factory-plan";
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
  /** Per image, what the stack exports: complete once `ready` has resolved. */
  readonly images: Record<string, ImageOutputs> = {};
  /**
   * Resolves once every image's resources exist (rejects if one could not be made): the
   * program awaits it before it returns the stack's outputs.
   */
  readonly ready: Promise<void>;

  constructor(name: string, args: AmiFactoryArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ami-factory:index:AmiFactory", name, {}, opts);
    this.ready = this.build(args.plan, args.today ?? new Date());
  }

  /**
   * The shared keys, roles, account providers and components, then the images, a few resources
   * per turn of the event loop (components/pace.ts). The shared ones were once made in one turn,
   * 79 resources at 50 images (16 regions, 15 accounts with a role), and that one turn slowed
   * every garbage collection after it: each kept 1.8 MB alive instead of 0.7, 123 MB promoted
   * to the old generation in all instead of 67, 280 ms of pauses instead of 145, 7% of the
   * plan's time. Most of it was the SDK's set of pending promises: without that set, 80 MB.
   * Our reading: the large turn left the set's hash table in the old generation, and a table
   * that is replaced keeps pointing at its successor, so each successor outlived collections
   * it should not have; made a few at a time, the table stays young.
   */
  private async build(plan: FactoryPlan, today: Date): Promise<void> {
    const accountId = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
    const keys = new FactoryKeys(
      "keys",
      { keys: plan.keys, accountId, factory: plan.factory, tags: plan.tags },
      { parent: this },
    );
    await keys.ready;
    const roles = new FactoryRoles("roles", { factory: plan.factory, tags: plan.tags }, { parent: this });
    await nextTurn();
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
    await access.ready;
    const scaling = new ScalingGrants(
      "scaling-grants",
      { grants: plan.scalingGrants, keyArns: keys.arns, accountProviders: access.providers },
      { parent: this },
    );
    await scaling.ready;
    const allowedImages = new AllowedImages(
      "allowed-images",
      { settings: plan.allowedImages, factoryAccountId: accountId, accountProviders: access.providers },
      { parent: this },
    );
    await allowedImages.ready;
    const publicSharing = new PublicSharing("public-sharing", { regions: plan.publicSharingRegions }, { parent: this });

    const componentArns = new Map<string, pulumi.Output<string>>();
    const pace = pacer(RESOURCES_PER_TURN);
    for (const spec of plan.sharedComponents) {
      const component = managedComponent(spec, plan.buildRegion, plan.tags, { parent: this });
      componentArns.set(spec.resourceName, component.arn);
      await pace();
    }
    await nextTurn();

    await this.buildImages(plan.images, {
      componentArns,
      keyArns: keys.arns,
      instanceProfileName: roles.instanceProfileName,
      lifecycleRoleArn: roles.lifecycleRoleArn,
      baseImages: new BaseImageLookup(this),
      accountProviders: access.providers,
      publicSharing: publicSharing.byRegion,
      today,
    });
  }

  /**
   * Per image its pipeline and releases, handing control back to the runtime after the pipeline
   * and after each image (the releases pace themselves). Built in one synchronous pass, every
   * resource of the catalog would be constructed before the first one is registered: all of
   * them, with their pending promises, alive at once (a 1,000-image catalog: 3.9 GB and mostly
   * garbage collection). Yielding lets each image's registrations go out while the next is built
   * (those whose inputs are known: under the engine a grant still waits for its copy to be
   * created). The yield after the pipeline keeps a turn to about ten resources, as the releases
   * do: a pipeline and the first releases in one turn (about twenty) left more young objects
   * alive at each collection (200 images: a quarter less garbage-collection time with it).
   */
  private async buildImages(images: readonly ImagePlan[], shared: SharedInputs): Promise<void> {
    for (const image of images) {
      const pipeline = new ImagePipeline(
        image.name,
        {
          plan: image,
          componentArns: shared.componentArns,
          keyArns: shared.keyArns,
          instanceProfileName: shared.instanceProfileName,
          lifecycleRoleArn: shared.lifecycleRoleArn,
          baseImages: shared.baseImages,
        },
        imageComponentOptions(image, { parent: this }),
      );
      await nextTurn();
      const releases = new ImageReleases(
        image.name,
        {
          plan: image,
          keyArns: shared.keyArns,
          accountProviders: shared.accountProviders,
          publicSharing: shared.publicSharing,
          today: shared.today,
        },
        imageComponentOptions(image, { parent: this }),
      );
      await releases.ready;
      this.images[image.name] = {
        pipelineArn: pipeline.pipelineArn,
        regions: image.regions,
        accounts: image.principals.map((p) => (p.kind === "account" ? p.id : p.arn)),
        amis: releases.amis,
      };
      await nextTurn();
    }
    this.registerOutputs({ images: this.images });
  }
}

/** What every image's resources take from the factory's shared ones. */
interface SharedInputs
  extends
    Pick<ImagePipelineArgs, "componentArns" | "keyArns" | "instanceProfileName" | "lifecycleRoleArn" | "baseImages">,
    Pick<ImageReleasesArgs, "accountProviders" | "publicSharing" | "today"> {}
