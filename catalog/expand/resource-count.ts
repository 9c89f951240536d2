/**
 * How many resources the program registers for an expanded catalog, from the plan alone, by
 * family: the one estimate `plan` warns with before a long run and the benchmark sizes its
 * catalogs by. tests/catalog/resource-count.test.ts holds it to what the program registers.
 */
import type { FactoryPlan } from "./factory-plan";

export interface ResourceCount {
  /** Per image: recipe, infrastructure, distribution, pipeline, lifecycle policy, first-build schedule, its inline components. */
  pipelines: number;
  /** The served tag of each release, on its build-region AMI. */
  servedTags: number;
  /** One per source, encryption and region other than the build region (releases of one source share them). */
  copies: number;
  /** The random suffix of each copy's AMI name, one per copy. */
  copySuffixes: number;
  /** One per AMI, region and principal (an account, an organization or an OU), however many releases serve the AMI. */
  grants: number;
  /** One per release and region, plus one per consuming account with a role. */
  parameters: number;
  /**
   * Keys and aliases per region, roles, shared components, account providers and roles, Auto
   * Scaling's grants, Allowed AMIs settings and AMI block public access settings.
   */
  shared: number;
  /** Component resources: groupings the engine never creates. */
  components: number;
  total: number;
}

/** Cloud resources every image has whatever its width. */
export const PIPELINE_RESOURCES = 6;
/**
 * The build instance role, its profile and two attachments, the lifecycle role with one, and the
 * first-build role with its policy and schedule group.
 */
export const ROLE_RESOURCES = 9;
/** AmiFactory, FactoryKeys, FactoryRoles, AccountAccess, ScalingGrants, AllowedImages, PublicSharing. */
export const TOP_COMPONENTS = 7;
/** ImagePipeline and ImageReleases. */
export const COMPONENTS_PER_IMAGE = 2;
/** A `copyTo` target account gets the distribution role, its policy attachment and its key policy. */
export const DISTRIBUTION_TARGET_RESOURCES = 3;

export function countResources(plan: FactoryPlan): ResourceCount {
  let pipelines = 0;
  let servedTags = 0;
  let copies = 0;
  let grants = 0;
  let parameters = 0;
  for (const image of plan.images) {
    pipelines += PIPELINE_RESOURCES + image.components.length;
    servedTags += image.releases.length;
    copies += image.releaseResources.copies.length;
    grants += image.releaseResources.grants.length;
    for (const release of image.releases) parameters += release.parameters.length;
  }
  const shared =
    2 * plan.keys.length +
    ROLE_RESOURCES +
    plan.sharedComponents.length +
    plan.accounts.reduce((n, account) => n + 1 + (account.distributionTarget ? DISTRIBUTION_TARGET_RESOURCES : 0), 0) +
    plan.scalingGrants.length +
    plan.allowedImages.length +
    plan.publicSharingRegions.length;
  const components = TOP_COMPONENTS + COMPONENTS_PER_IMAGE * plan.images.length;
  return {
    pipelines,
    servedTags,
    copies,
    copySuffixes: copies,
    grants,
    parameters,
    shared,
    components,
    total: pipelines + servedTags + 2 * copies + grants + parameters + shared + components,
  };
}
