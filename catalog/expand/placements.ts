/**
 * Where the plan means each AWS resource of the stack to be: its region, and the account it is
 * made in (the factory's own, through the default provider, or a consumer account, through that
 * account's provider). Read from the plan's own fields (a key's `region`, a parameter's `account`,
 * the image's build region for its pipeline), by the resource type the components register for
 * each, so that a check can hold what the program registered against it
 * (contract/check-placements.ts). Pure.
 *
 * The copies and grants of a `latest` channel are named by the AMI it serves, known only at
 * deploy: `sourceOf` says what it is, as the component is told it (offline: offlineSource).
 */
import type { AccountSpec, FactoryPlan, ImagePlan, ReleasePlan } from "./factory-plan";
import { releaseResources } from "./release-resources";
import { names } from "../render/names";
import type { Region } from "../tables/regions";
import { TYPE } from "../../contract/type-tokens";

export interface Placement {
  /** Absent for a resource of a global service (IAM). */
  region?: Region;
  /** The consumer account it is made in; absent for the factory's own account. */
  account?: AccountSpec;
}

/** `type name` of a resource, as placements are keyed. */
export function placementKey(type: string, name: string): string {
  return `${type} ${name}`;
}

/** Every AWS resource the plan means the program to register (but `random` ones), with its placement. */
export function placementsOf(
  plan: FactoryPlan,
  sourceOf: (image: ImagePlan, release: ReleasePlan) => string | undefined,
): Map<string, Placement> {
  const out = new Map<string, Placement>();
  const place = (types: readonly string[], name: string, placement: Placement) => {
    for (const type of types) out.set(placementKey(type, name), placement);
  };
  const accounts = new Map(plan.accounts.map((account) => [account.name, account]));
  const consumer = (name: string | undefined): AccountSpec | undefined => {
    if (name === undefined) return undefined;
    const account = accounts.get(name);
    if (account === undefined) throw new Error(`placements: the plan reaches account ${name} through no provider`);
    return account;
  };
  const build = { region: plan.buildRegion };

  for (const key of plan.keys) place([TYPE.key, TYPE.alias], key.resourceName, { region: key.region });
  place([TYPE.scheduleGroup], names.firstBuildGroup(plan.factory), build);
  for (const account of plan.accounts) {
    place([TYPE.provider], account.providerName, { account });
    if (account.distributionTarget) {
      place([TYPE.role, TYPE.attachment, TYPE.rolePolicy], names.distributionRole(plan.factory, account.id), { account });
    }
  }
  for (const grant of plan.scalingGrants) {
    place([TYPE.kmsGrant], grant.resourceName, { region: grant.region, account: consumer(grant.account) });
  }
  for (const setting of plan.allowedImages) {
    place([TYPE.allowedImages], setting.resourceName, { region: setting.region, account: consumer(setting.account) });
  }
  for (const region of plan.publicSharingRegions) {
    place([TYPE.blockPublicAccess], names.imagePublicAccess(plan.factory, region), { region });
  }
  for (const component of plan.sharedComponents) place([TYPE.component], component.resourceName, build);

  for (const image of plan.images) {
    const inBuildRegion = { region: image.buildRegion };
    for (const component of image.components) place([TYPE.component], component.resourceName, inBuildRegion);
    place(
      [TYPE.recipe, TYPE.infrastructure, TYPE.distribution, TYPE.pipeline, TYPE.lifecycle, TYPE.schedule],
      image.resourceName,
      inBuildRegion,
    );
    const resolved = releaseResources(image, (release) => sourceOf(image, release));
    for (const { release } of resolved.channels) {
      place([TYPE.ec2Tag], release.servedTag.resourceName, inBuildRegion);
      for (const parameter of release.parameters) {
        place([TYPE.parameter], parameter.resourceName, { region: parameter.region, account: consumer(parameter.account) });
      }
    }
    for (const copy of resolved.copies) place([TYPE.amiCopy], copy.resourceName, { region: copy.region });
    for (const grant of resolved.grants) place([TYPE.grant], grant.resourceName, { region: grant.region });
  }
  return out;
}
