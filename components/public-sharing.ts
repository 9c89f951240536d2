import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { names } from "../catalog/render/names";
import { factoryChildOptions, type FactoryNaming } from "./options";

export interface PublicSharingArgs extends FactoryNaming {
  /** The factory's name, in front of the settings' names. */
  factory: string;
  /** Regions with a public release; none, and this component makes nothing. */
  regions: readonly string[];
}

/**
 * The factory account's AMI block public access, turned off in the regions where a release is
 * public and only there. It is on by default for new accounts (EC2 user guide, "Block public
 * access to your AMIs"), and while it is on, a public launch permission fails at deployment.
 * Public launch permissions depend on it.
 */
export class PublicSharing extends pulumi.ComponentResource {
  /** The setting per region, for public grants to depend on. */
  readonly byRegion: ReadonlyMap<string, aws.ec2.ImageBlockPublicAccess>;

  constructor(name: string, args: PublicSharingArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ami-factory:index:PublicSharing", name, {}, opts);
    const byRegion = new Map<string, aws.ec2.ImageBlockPublicAccess>();
    for (const region of args.regions) {
      const name = names.imagePublicAccess(args.factory, region);
      byRegion.set(
        region,
        new aws.ec2.ImageBlockPublicAccess(name, { state: "unblocked", region }, factoryChildOptions(this, args, name)),
      );
    }
    this.byRegion = byRegion;
    this.registerOutputs({ states: Object.fromEntries([...byRegion].map(([region, setting]) => [region, setting.state])) });
  }
}
