import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AllowedImagesSpec } from "../catalog/factory-plan";
import { pacer, RESOURCES_PER_TURN } from "./pace";

export interface AllowedImagesArgs {
  /** One setting per managed account and region. */
  settings: readonly AllowedImagesSpec[];
  /** The factory's own account: always an allowed image provider. */
  factoryAccountId: pulumi.Input<string>;
  /** Provider by account name (AccountAccess). */
  accountProviders: ReadonlyMap<string, aws.Provider>;
}

/**
 * Allowed AMIs in the consumer accounts the catalog manages. An account that enables it without
 * the factory's account among its image providers no longer sees or launches any factory AMI
 * (EC2 user guide, "Control the discovery and use of AMIs in Amazon EC2 with Allowed AMIs"), so
 * the criteria always start with the factory's account.
 */
export class AllowedImages extends pulumi.ComponentResource {
  /** Resolves once every setting exists; made a few per turn (components/pace.ts). */
  readonly ready: Promise<void>;

  constructor(name: string, args: AllowedImagesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ami-factory:index:AllowedImages", name, {}, opts);
    this.ready = this.build(args);
    this.registerOutputs({});
  }

  private async build(args: AllowedImagesArgs): Promise<void> {
    const pace = pacer(RESOURCES_PER_TURN);
    for (const spec of args.settings) {
      const provider = args.accountProviders.get(spec.account);
      if (!provider) throw new Error(`${spec.resourceName}: no provider for account ${spec.account}`);
      new aws.ec2.AllowedImagesSettings(
        spec.resourceName,
        {
          state: spec.state,
          imageCriterions: [{ imageProviders: pulumi.output(args.factoryAccountId).apply((id) => [id, ...spec.imageProviders]) }],
          region: spec.region,
        },
        { parent: this, provider },
      );
      await pace();
    }
  }
}
