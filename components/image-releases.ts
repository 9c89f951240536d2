import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { checkShareable } from "../catalog/rules/base-check";
import { TAG } from "../catalog/tables/tags";
import { awsNames, COPY_SUFFIX_BYTES } from "../catalog/render/aws-names";
import type { ImagePlan } from "../catalog/expand/factory-plan";
import { releaseResources, type AmiRef } from "../catalog/expand/release-resources";
import { imageChildOptions } from "./options";
import { pacer, RESOURCES_PER_TURN } from "./pace";
import { TIMEOUTS } from "./timeouts";

export interface ImageReleasesArgs {
  plan: ImagePlan;
  /** The factory's KMS key ARN per region: copies are encrypted with it. */
  keyArns: ReadonlyMap<string, pulumi.Input<string>>;
  /** A provider per consuming account name, for its SSM parameters. */
  accountProviders: ReadonlyMap<string, aws.Provider>;
  /** The factory account's AMI block public access per region with a public release: public grants wait for it. */
  publicSharing: ReadonlyMap<string, pulumi.Resource>;
}

/**
 * The AMIs that accounts launch. Each channel's AMI in the build region is found first (pinned, or
 * the newest build of the pipeline), then release-resources.ts says what serves them: per channel
 * the tag that keeps the lifecycle policy off its build-region AMI and its SSM parameters; per AMI
 * one encrypted copy into every other region and one launch permission per region and principal,
 * whichever channels serve it. Everything here is a managed resource: removing an account or region
 * from the catalog revokes exactly its grants, and a grant goes only when no channel needs it.
 */
export class ImageReleases extends pulumi.ComponentResource {
  /** AMI id per channel and region (a channel without an AMI yet has none). */
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
    this.ready = this.register(args, byChannel);
    this.amis = pulumi.output(this.ready.then(() => byChannel));
    this.registerOutputs({ amis: this.amis });
  }

  private async register(
    args: ImageReleasesArgs,
    byChannel: Record<string, pulumi.Output<Record<string, string>>>,
  ): Promise<void> {
    const { plan } = args;
    const pace = pacer(RESOURCES_PER_TURN);
    const child = (resourceName: string, extra?: pulumi.CustomResourceOptions, legacy?: readonly string[]) =>
      imageChildOptions(this, plan, resourceName, extra, legacy);

    // Each channel's build-region AMI, as an id and as the input resources take (a pinned AMI's
    // input waits for the check that it can be shared).
    const ids = new Map<string, string | undefined>();
    const inputs = new Map<string, pulumi.Input<string>>();
    let newest: Promise<string | undefined> | undefined;
    for (const release of plan.releases) {
      if (release.source.kind === "pinned") {
        const id = release.source.amiId;
        ids.set(release.channel, id);
        if (!inputs.has(id)) inputs.set(id, this.shareablePinnedAmi(plan, release.channel, id));
        continue;
      }
      const id = await (newest ??= this.newestBuild(plan));
      ids.set(release.channel, id);
      if (id !== undefined && !inputs.has(id)) inputs.set(id, id);
    }
    const resolved = releaseResources(plan, (release) => ids.get(release.channel));
    for (const channel of resolved.unreleased) {
      void pulumi.log.warn(
        `image ${plan.name}: channel ${channel} follows the newest build, and no build of ${plan.awsName} exists in ` +
          `${plan.buildRegion} yet: nothing is released on it. The first \`pulumi up\` after the pipeline's first build has ` +
          "finished releases it (copies, grants and SSM parameters).",
        this,
      );
    }

    for (const { release, source } of resolved.channels) {
      // The build-region AMI is the pipeline's (or a pinned one), not a resource of the stack: this
      // tag keeps the image's lifecycle policy off it while the channel serves it. A new source
      // replaces the tag: the new AMI gets it first, then the old one loses it.
      new aws.ec2.Tag(
        release.servedTag.resourceName,
        {
          resourceId: inputs.get(source)!,
          key: release.servedTag.key,
          value: release.servedTag.value,
          region: plan.buildRegion,
        },
        child(release.servedTag.resourceName),
      );
      await pace();
    }

    const copies = new Map<string, pulumi.Output<string>>();
    for (const copy of resolved.copies) {
      const source = inputs.get(copy.source)!;
      const keyArn = args.keyArns.get(copy.region);
      if (keyArn === undefined) throw new Error(`no factory key in ${copy.region} for image ${plan.name}`);
      // AMI names are unique per account and region, and a retained copy keeps its name after
      // it leaves the stack. A suffix drawn anew for each source and region lets the same source
      // come back (a promotion undone, a region added again) without colliding with it.
      const suffix = new random.RandomId(
        copy.resourceName,
        // Anything that replaces the copy must draw a new name too, or the new copy would collide
        // with the old one, which is created first and then retained.
        {
          byteLength: COPY_SUFFIX_BYTES,
          keepers: { source, region: copy.region, encrypted: String(!copy.plain), key: copy.plain ? "" : keyArn },
        },
        // The names copies had per channel: a stack made before keeps its copies (and their suffixes).
        child(copy.resourceName, undefined, copy.aliases),
      );
      const ami = new aws.ec2.AmiCopy(
        copy.resourceName,
        {
          name: pulumi.all([source, suffix.hex]).apply(([id, hex]) => awsNames.copyAmi(copy.amiNamePrefix, id, hex)),
          description: `${plan.awsName} ${copy.channel} from ${plan.buildRegion}`,
          sourceAmiId: source,
          sourceAmiRegion: plan.buildRegion,
          region: copy.region,
          // EC2 cannot make an encrypted AMI public: only a public release's copies are plain.
          encrypted: !copy.plain,
          kmsKeyId: copy.plain ? undefined : keyArn,
          // Only a release's `deprecateAt`: a copy left without one is never deprecated while current,
          // however long between runs; once it leaves the stack the sweeper deprecates it
          // `deprecateAfterDays` after the first sweep that finds it unserved, as it does builds.
          deprecationTime: copy.deprecateAt,
          tags: { ...plan.tags, [TAG.channel]: copy.channel, [TAG.sourceAmi]: copy.source },
        },
        child(
          copy.resourceName,
          {
            // A copy may still back instances and launch templates after it leaves the catalog.
            retainOnDelete: plan.lifecycle.retainCopies,
            customTimeouts: TIMEOUTS.copy,
          },
          copy.aliases,
        ),
      );
      copies.set(copy.resourceName, ami.id);
      await pace();
    }
    const amiOf = (ref: AmiRef): pulumi.Input<string> => (ref.kind === "source" ? inputs.get(ref.id)! : copies.get(ref.copy)!);

    const grants = new Map<string, aws.ec2.AmiLaunchPermission>();
    for (const grant of resolved.grants) {
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
          imageId: amiOf(grant.ami),
          region: grant.region,
          accountId: principal.kind === "account" ? principal.id : undefined,
          organizationArn: principal.kind === "organization" ? principal.arn : undefined,
          organizationalUnitArn: principal.kind === "ou" ? principal.arn : undefined,
          group: principal.kind === "public" ? "all" : undefined,
        },
        // The names it had under each channel that needs it: a stack made before keeps the grant.
        child(grant.resourceName, unblocked ? { dependsOn: [unblocked] } : undefined, grant.aliases),
      );
      grants.set(grant.resourceName, permission);
      await pace();
    }

    for (const { release, amis, grants: served } of resolved.channels) {
      for (const parameter of release.parameters) {
        const provider = parameter.account === undefined ? undefined : args.accountProviders.get(parameter.account);
        if (parameter.account !== undefined && provider === undefined) {
          throw new Error(`no provider for account ${parameter.account} (image ${plan.name})`);
        }
        const grant =
          parameter.accountKey === undefined ? undefined : grants.get(served[`${parameter.region}/${parameter.accountKey}`]);
        new aws.ssm.Parameter(
          parameter.resourceName,
          {
            name: parameter.name,
            description: `Current AMI of ${plan.name} on channel ${release.channel}`,
            type: "String",
            dataType: "aws:ec2:image",
            value: amiOf(amis[parameter.region]),
            region: parameter.region,
            tags: { ...plan.tags, [TAG.channel]: release.channel },
          },
          // SSM checks an `aws:ec2:image` value against what the account may launch: in a consuming
          // account the parameter waits for the account's grant on that AMI.
          child(parameter.resourceName, { provider, dependsOn: grant === undefined ? [] : [grant] }),
        );
        await pace();
      }
      byChannel[release.channel] = pulumi.all(
        Object.fromEntries(Object.entries(amis).map(([region, ref]) => [region, amiOf(ref)])),
      );
    }
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

  /**
   * The newest available build of the image's pipeline in the build region, or undefined before
   * the first build. Asked directly, not after anything the stack creates: invokes also run in a
   * preview, so `pulumi preview` shows the resources of the AMI `pulumi up` will release.
   */
  private async newestBuild(plan: ImagePlan): Promise<string | undefined> {
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
    return found.ids[0];
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
