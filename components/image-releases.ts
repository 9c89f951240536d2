import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { checkShareable } from "../catalog/base-check";
import { TAG } from "../catalog/tags";
import { copyKey, daysAfter } from "../catalog/lifetimes";
import type { ImagePlan, ReleasePlan } from "../catalog/factory-plan";
import { imageChildOptions } from "./options";
import { pacer, RESOURCES_PER_TURN } from "./pace";
import { TIMEOUTS } from "./timeouts";

export interface ImageReleasesArgs {
  plan: ImagePlan;
  /** The image's first build: `latest` releases wait for it, so they always find an AMI. */
  bootstrapImage: aws.imagebuilder.Image;
  /** The factory's KMS key ARN per region: copies are encrypted with it. */
  keyArns: ReadonlyMap<string, pulumi.Input<string>>;
  /** A provider per consuming account name, for its SSM parameters. */
  accountProviders: ReadonlyMap<string, aws.Provider>;
  /** The factory account's AMI block public access per region with a public release: public grants wait for it. */
  publicSharing: ReadonlyMap<string, pulumi.Resource>;
  /**
   * The day copies without a `deprecateAt` count their deprecation from. Every run moves a current
   * copy's deprecation time to `deprecateAfterDays` after its day, so a copy is never deprecated
   * while a release serves it; a copy that leaves the stack keeps the last one it was given: it is
   * deprecated `deprecateAfterDays` after it stopped being current.
   */
  today: Date;
}

/**
 * The AMIs that accounts launch: per release (channel), the source AMI in the build region (with
 * the tag that keeps the lifecycle policy off it), an encrypted copy in every other region
 * (shared by the releases of the same source), one launch permission per region and principal,
 * and the current AMI id in an SSM parameter per region, in the factory's and in consuming accounts.
 * Everything here is a managed resource: removing an account or region from the catalog
 * revokes exactly its grants.
 */
export class ImageReleases extends pulumi.ComponentResource {
  /** AMI id per channel and region. */
  readonly amis: pulumi.Output<Record<string, Record<string, string>>>;
  /**
   * Resolves once every release's resources exist (rejects if one could not be made). They are
   * made a few at a time, handing control back to the runtime in between: an image shared with
   * hundreds of accounts in every region has thousands of grants, and made in one pass none
   * of them could be registered before the last was made.
   */
  readonly ready: Promise<void>;

  constructor(name: string, args: ImageReleasesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ami-factory:index:ImageReleases", name, {}, opts);
    const byChannel: Record<string, pulumi.Output<Record<string, string>>> = {};
    // The copy that serves each `copyKey`: releases of one source share their copies.
    const copies = new Map<string, pulumi.Output<string>>();
    this.ready = (async () => {
      const pace = pacer(RESOURCES_PER_TURN);
      for (const release of args.plan.releases) {
        byChannel[release.channel] = await this.release(args, release, copies, pace);
      }
    })();
    this.amis = pulumi.output(this.ready.then(() => byChannel));
    this.registerOutputs({ amis: this.amis });
  }

  private async release(
    args: ImageReleasesArgs,
    release: ReleasePlan,
    copies: Map<string, pulumi.Output<string>>,
    pace: () => Promise<void>,
  ): Promise<pulumi.Output<Record<string, string>>> {
    const { plan } = args;
    const child = (resourceName: string, extra?: pulumi.CustomResourceOptions) =>
      imageChildOptions(this, plan, resourceName, extra);
    const source = this.sourceAmi(args, release);
    const tags = { ...plan.tags, [TAG.channel]: release.channel };

    // The build-region AMI is the pipeline's (or a pinned one), not a resource of the stack: this
    // tag keeps the image's lifecycle policy off it while the channel serves it. A new source
    // replaces the tag: the new AMI gets it first, then the old one loses it.
    new aws.ec2.Tag(
      release.servedTag.resourceName,
      { resourceId: source, key: release.servedTag.key, value: release.servedTag.value, region: plan.buildRegion },
      child(release.servedTag.resourceName),
    );
    await pace();

    const amiIn = new Map<string, pulumi.Output<string>>([[plan.buildRegion, source]]);
    for (const copy of release.copies) {
      const deprecateAt = copy.deprecateAt ?? daysAfter(args.today, plan.lifecycle.deprecateAfterDays);
      // AMI names are unique per account and region, and a retained copy keeps its name after
      // it leaves the stack. A suffix drawn anew for each source and region lets the same source
      // come back (a promotion undone, a region added again) without colliding with it.
      const keyArn = args.keyArns.get(copy.region);
      if (keyArn === undefined) throw new Error(`no factory key in ${copy.region} for image ${plan.name}`);
      const suffix = new random.RandomId(
        copy.resourceName,
        // Anything that replaces the copy must draw a new name too, or the new copy would collide
        // with the old one, which is created first and then retained.
        {
          byteLength: 4,
          keepers: { source, region: copy.region, encrypted: String(!release.public), key: release.public ? "" : keyArn },
        },
        child(copy.resourceName),
      );
      const ami = new aws.ec2.AmiCopy(
        copy.resourceName,
        {
          name: pulumi.interpolate`${copy.amiNamePrefix}${source}-${suffix.hex}`,
          description: `${plan.awsName} ${release.channel} from ${plan.buildRegion}`,
          sourceAmiId: source,
          sourceAmiRegion: plan.buildRegion,
          region: copy.region,
          // EC2 cannot make an encrypted AMI public: only a public release's copies are plain.
          encrypted: !release.public,
          kmsKeyId: release.public ? undefined : keyArn,
          deprecationTime: deprecateAt,
          tags: pulumi.output(source).apply((id) => ({ ...tags, [TAG.sourceAmi]: id })),
        },
        child(copy.resourceName, {
          // A copy may still back instances and launch templates after it leaves the catalog.
          retainOnDelete: plan.lifecycle.retainCopies,
          customTimeouts: TIMEOUTS.copy,
        }),
      );
      amiIn.set(copy.region, ami.id);
      copies.set(copyKey(release, copy.region), ami.id);
      await pace();
    }
    for (const region of release.regions) {
      const shared = copies.get(copyKey(release, region));
      if (!amiIn.has(region) && shared !== undefined) amiIn.set(region, shared);
      if (!amiIn.has(region)) throw new Error(`image ${plan.name}: channel ${release.channel} has no AMI in ${region}`);
    }

    const grants = new Map<string, aws.ec2.AmiLaunchPermission>();
    for (const grant of release.grants) {
      const principal = grant.principal;
      const unblocked = principal.kind === "public" ? args.publicSharing.get(grant.region) : undefined;
      if (principal.kind === "public" && !unblocked) {
        throw new Error(
          `${grant.resourceName}: AMI block public access is not managed in ${grant.region}; a public grant would fail`,
        );
      }
      const permission = new aws.ec2.AmiLaunchPermission(
        grant.resourceName,
        {
          imageId: amiIn.get(grant.region)!,
          region: grant.region,
          accountId: principal.kind === "account" ? principal.id : undefined,
          organizationArn: principal.kind === "organization" ? principal.arn : undefined,
          organizationalUnitArn: principal.kind === "ou" ? principal.arn : undefined,
          group: principal.kind === "public" ? "all" : undefined,
        },
        child(grant.resourceName, unblocked ? { dependsOn: [unblocked] } : undefined),
      );
      grants.set(`${grant.region}/${principal.key}`, permission);
      await pace();
    }

    for (const parameter of release.parameters) {
      const provider = parameter.account === undefined ? undefined : args.accountProviders.get(parameter.account);
      if (parameter.account !== undefined && provider === undefined) {
        throw new Error(`no provider for account ${parameter.account} (image ${plan.name})`);
      }
      new aws.ssm.Parameter(
        parameter.resourceName,
        {
          name: parameter.name,
          description: `Current AMI of ${plan.name} on channel ${release.channel}`,
          type: "String",
          dataType: "aws:ec2:image",
          value: amiIn.get(parameter.region)!,
          region: parameter.region,
          tags,
        },
        // SSM checks an `aws:ec2:image` value against what the account may launch: in a consuming
        // account the parameter waits for the account's grant on that AMI.
        child(parameter.resourceName, {
          provider,
          dependsOn: parameter.accountKey === undefined ? [] : [grants.get(`${parameter.region}/${parameter.accountKey}`)!],
        }),
      );
      await pace();
    }

    return pulumi.all(Object.fromEntries(amiIn));
  }

  /**
   * A pinned AMI, released only after AWS confirmed it can be shared: an AMI encrypted with the
   * AWS-managed EBS key fails the deployment here, before any copy or grant is attempted.
   */
  private shareablePinnedAmi(plan: ImagePlan, channel: string, amiId: string): pulumi.Output<string> {
    const ami = aws.ec2.getAmiOutput(
      { filters: [{ name: "image-id", values: [amiId] }], region: plan.buildRegion },
      { parent: this },
    );
    return ami.blockDeviceMappings.apply(async (mappings) => {
      const problem = checkShareable(
        plan.name,
        channel,
        amiId,
        await snapshotKeyManagers(mappings ?? [], plan.buildRegion, this),
      );
      if (problem) throw new pulumi.RunError(problem);
      return amiId;
    });
  }

  /** The release's AMI in the build region: pinned, or the newest build of the pipeline. */
  private sourceAmi(args: ImageReleasesArgs, release: ReleasePlan): pulumi.Output<string> {
    const { plan } = args;
    if (release.source.kind === "pinned") return this.shareablePinnedAmi(plan, release.channel, release.source.amiId);
    return args.bootstrapImage.arn.apply(async () => {
      const found = await aws.ec2.getAmiIds(
        {
          owners: ["self"],
          filters: [
            { name: `tag:${TAG.image}`, values: [plan.awsName] },
            // The factory's tag too: another stack in this account may build an image of the same name.
            { name: `tag:${TAG.factory}`, values: [plan.tags[TAG.factory]] },
            { name: "state", values: ["available"] },
          ],
          region: plan.buildRegion,
        },
        { parent: this },
      );
      const newest = found.ids[0];
      if (newest === undefined) {
        throw new pulumi.RunError(
          `image ${plan.name}: channel ${release.channel} follows the newest build, but no build of ` +
            `${plan.awsName} exists in ${plan.buildRegion}; run the pipeline once or pin an AMI id`,
        );
      }
      return newest;
    });
  }
}

/** Who manages the KMS key of each encrypted snapshot of an AMI (`AWS` or `CUSTOMER`). */
async function snapshotKeyManagers(
  mappings: readonly { ebs?: Record<string, string> }[],
  region: string,
  parent: pulumi.Resource,
) {
  const snapshots = mappings.flatMap((m) => (m.ebs?.snapshot_id ? [m.ebs.snapshot_id] : []));
  const managers = await Promise.all(
    snapshots.map(async (id) => {
      const snapshot = await aws.ebs.getSnapshot({ snapshotIds: [id], region }, { parent });
      if (!snapshot.encrypted || !snapshot.kmsKeyId) return [];
      return [(await aws.kms.getKey({ keyId: snapshot.kmsKeyId, region }, { parent })).keyManager];
    }),
  );
  return managers.flat();
}
