import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AllowedImagesSpec } from "../catalog/factory-plan";

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
  /** The state each setting leaves Allowed AMIs in, by resource name (`allowed-images/<region>/<account id>`). */
  readonly states: ReadonlyMap<string, pulumi.Output<string>>;

  constructor(name: string, args: AllowedImagesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ami-factory:index:AllowedImages", name, {}, opts);
    const states = new Map<string, pulumi.Output<string>>();
    for (const spec of args.settings) {
      const provider = args.accountProviders.get(spec.account);
      if (!provider) throw new Error(`${spec.resourceName}: no provider for account ${spec.account}`);
      const setting = new aws.ec2.AllowedImagesSettings(
        spec.resourceName,
        {
          state: spec.state,
          imageCriterions: [{ imageProviders: pulumi.output(args.factoryAccountId).apply((id) => [id, ...spec.imageProviders]) }],
          region: spec.region,
        },
        { parent: this, provider },
      );
      states.set(spec.resourceName, setting.state);
    }
    this.states = states;
    this.registerOutputs({ states: Object.fromEntries(states) });
  }
}
