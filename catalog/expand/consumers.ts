/**
 * What the consumer accounts need besides their launch permissions, derived from the releases
 * and from the accounts builds are copied into (`copyTo`): Auto Scaling's grants on the
 * factory's keys, and where public sharing needs AMI block public access turned off.
 */
import type { AccountSpec, AllowedImagesSpec, ImagePlan, ScalingGrantSpec } from "./factory-plan";
import type { Catalog } from "../resolve/model";
import { names } from "../render/names";
import type { Region } from "../tables/regions";
import { compareText } from "../tables/order";

/** Per account id, the regions where it may launch a release (only encrypted ones, if asked). */
function launchRegions(images: readonly ImagePlan[], encryptedOnly: boolean): Map<string, Set<Region>> {
  const out = new Map<string, Set<Region>>();
  for (const image of images) {
    if (encryptedOnly && !image.distribution.encrypted) continue;
    for (const release of image.releases) {
      for (const grant of release.grants) {
        if (grant.principal.kind !== "account") continue;
        const regions = out.get(grant.principal.id) ?? new Set<Region>();
        regions.add(grant.region);
        out.set(grant.principal.id, regions);
      }
    }
  }
  return out;
}

/**
 * Per account id, the regions where Image Builder's distribution gives it its own copy of every
 * build (`copyTo`), encrypted with the factory's key there: the account owns that copy, and
 * its Auto Scaling groups launch from it through the same grant as from a shared AMI.
 */
function encryptedCopyRegions(images: readonly ImagePlan[]): Map<string, Set<Region>> {
  const out = new Map<string, Set<Region>>();
  for (const image of images) {
    if (!image.distribution.encrypted) continue;
    for (const dist of image.distribution.regions) {
      for (const id of dist.targetAccountIds) {
        const regions = out.get(id) ?? new Set<Region>();
        regions.add(dist.region);
        out.set(id, regions);
      }
    }
  }
  return out;
}

/**
 * One grant per account and region it may launch encrypted AMIs in, for accounts the factory has
 * a role in: where a release grants it launch permission, and where it receives encrypted copies
 * of the builds (`copyTo`); one grant serves both. The others, and the accounts of organizations
 * and OUs, create their own, as the key policy allows them (the plan says which, docs/consumers.md how).
 */
export function scalingGrantsOf(
  factory: string,
  accounts: readonly AccountSpec[],
  images: readonly ImagePlan[],
): ScalingGrantSpec[] {
  // The accounts the factory has a provider in: the grant is made from the account.
  const byId = new Map(accounts.map((a) => [a.id, a]));
  const scalingGrants: ScalingGrantSpec[] = [];
  const launches = launchRegions(images, true);
  for (const [accountId, regions] of encryptedCopyRegions(images)) {
    const all = launches.get(accountId) ?? new Set<Region>();
    regions.forEach((region) => all.add(region));
    launches.set(accountId, all);
  }
  const sorted = [...launches].sort(([a], [b]) => compareText(a, b));
  for (const [accountId, regions] of sorted) {
    const account = byId.get(accountId);
    if (!account) continue;
    for (const region of [...regions].sort()) {
      scalingGrants.push({
        region,
        resourceName: names.scalingGrant(factory, region, accountId),
        account: account.name,
        accountId,
      });
    }
  }
  return scalingGrants;
}

/** Regions with a public release, sorted. */
export function publicSharingRegionsOf(images: readonly ImagePlan[]): Region[] {
  const regions = new Set<Region>();
  for (const image of images) {
    for (const release of image.releases) {
      for (const grant of release.grants) if (grant.principal.kind === "public") regions.add(grant.region);
    }
  }
  return [...regions].sort();
}

/** Allowed AMIs for each account with a role and a mode, in every region it may launch a release in. */
export function allowedImagesOf(catalog: Catalog, images: readonly ImagePlan[]): AllowedImagesSpec[] {
  const launches = launchRegions(images, false);
  return Object.values(catalog.accounts).flatMap((account) => {
    const mode = account.allowedImages;
    if (!mode || !account.role || account.principal.kind !== "account") return [];
    const accountId = account.principal.id;
    return [...(launches.get(accountId) ?? [])].sort().map((region) => ({
      region,
      resourceName: names.allowedImages(catalog.factory, region, accountId),
      account: account.name,
      accountId,
      state: mode === "enforce" ? ("enabled" as const) : ("audit-mode" as const),
      imageProviders: [...catalog.allowedImageProviders],
    }));
  });
}
