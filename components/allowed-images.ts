import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AllowedImagesSpec } from "../catalog/expand/factory-plan";
import { factoryChildOptions, type FactoryNaming } from "./options";
import { pacer, RESOURCES_PER_TURN } from "./pace";
import { PacedComponent } from "./paced-component";

export interface AllowedImagesArgs extends FactoryNaming {
  /** One setting per managed account and region. */
  settings: readonly AllowedImagesSpec[];
  /** The factory's name, in front of every resource name. */
  factory: string;
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
export class AllowedImages extends PacedComponent {
  /** The state each setting leaves Allowed AMIs in, by resource name (`allowed-images/<region>/<account id>`). */
  readonly states: ReadonlyMap<string, pulumi.Output<string>>;

  private readonly stateMap = new Map<string, pulumi.Output<string>>();

  /** The component once every setting exists: one per account and region, made a few per turn (components/pace.ts). */
  static create(name: string, args: AllowedImagesArgs, opts?: pulumi.ComponentResourceOptions): Promise<AllowedImages> {
    const settings = new AllowedImages(name, opts);
    return PacedComponent.whenBuilt(settings, settings.build(args));
  }

  private constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
    super("ami-factory:index:AllowedImages", name, {}, opts);
    this.states = this.stateMap;
  }

  private async build(args: AllowedImagesArgs): Promise<pulumi.Inputs> {
    const states = this.stateMap;
    const pace = pacer(RESOURCES_PER_TURN);
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
        factoryChildOptions(this, args, spec.resourceName, { provider }),
      );
      states.set(spec.resourceName, setting.state);
      await pace();
    }
    return { states: Object.fromEntries(states) };
  }
}
