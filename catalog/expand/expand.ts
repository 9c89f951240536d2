/**
 * Expands a resolved catalog into the factory plan: every resource's name, version and inputs
 * that can be known before deployment. Pure and deterministic: the same catalog gives a deep-equal
 * plan, and names derive from stable keys (image, channel, region, principal), never positions.
 */
import {
  bestPracticeComponents,
  defaultComponentDescription,
  inlineComponentDocument,
  type ComponentDocument,
} from "../render/component-document";
import { allowedImagesOf, publicSharingRegionsOf, scalingGrantsOf } from "./consumers";
import { contentVersion } from "../render/content-version";
import type {
  AccountSpec,
  ComponentRef,
  ComponentSpec,
  DistributionRegion,
  FactoryPlan,
  ImagePlan,
  KeySpec,
  ReleasePlan,
} from "./factory-plan";
import type { Catalog, Image, Principal, Release } from "../resolve/model";
import { firstBuildClientToken, firstBuildScheduleName } from "../render/first-build";
import { exclusionTagMap, sourceKey } from "./lifetimes";
import { servedTagKey } from "../tables/tags";
import { names, renamed } from "../render/names";
import { awsNames, imageAwsName } from "../render/aws-names";
import { OS_TABLE, type OsName } from "../tables/os-table";
import { releaseResources } from "./release-resources";
import type { Region } from "../tables/regions";
import { compareText } from "../tables/order";
import { TAG } from "../tables/tags";

export function expand(catalog: Catalog): FactoryPlan {
  const shared = new Map<string, ComponentSpec>();
  const images = catalog.images.map((image) => expandImage(catalog, image, shared));
  const accounts = accountsOf(catalog, images);
  return {
    factory: catalog.factory,
    buildRegion: catalog.buildRegion,
    tags: { ...catalog.tags, [TAG.factory]: catalog.factory },
    keys: keysOf(catalog, images),
    accounts,
    scalingGrants: scalingGrantsOf(catalog.factory, accounts, images),
    allowedImages: allowedImagesOf(catalog, images),
    publicSharingRegions: publicSharingRegionsOf(images),
    sharedComponents: [...shared.values()].sort((a, b) => compareText(a.resourceName, b.resourceName)),
    images,
  };
}

/**
 * The factory's components of an OS. They depend on the OS alone, and rendering their documents
 * once per image was most of the time `expand` took (docs/bench/findings.md): render them once per OS.
 */
const practicesByOs = new Map<OsName, readonly ComponentDocument[]>();
function practicesOf(os: OsName): readonly ComponentDocument[] {
  let docs = practicesByOs.get(os);
  if (docs === undefined)
    practicesByOs.set(os, (docs = Object.freeze(bestPracticeComponents(os).map((doc) => Object.freeze(doc)))));
  return docs;
}

function principalsOf(catalog: Catalog, accountNames: readonly string[]): Principal[] {
  const byKey = new Map<string, Principal>();
  for (const name of accountNames) {
    const account = catalog.accounts[name];
    if (account) byKey.set(account.principal.key, account.principal);
  }
  return [...byKey.values()].sort((a, b) => compareText(a.key, b.key));
}

function expandImage(catalog: Catalog, image: Image, shared: Map<string, ComponentSpec>): ImagePlan {
  const os = OS_TABLE[image.os];
  const { awsName } = imageAwsName(image.name, image.renamedFrom);
  const resourceName = names.image(catalog.factory, image.name);
  const encrypted = !image.public;
  const tags = {
    ...catalog.tags,
    ...image.tags,
    [TAG.image]: awsName,
    [TAG.os]: image.os,
    [TAG.arch]: image.arch,
    [TAG.factory]: catalog.factory,
  };

  const refs: ComponentRef[] = [];
  for (const doc of practicesOf(image.os)) {
    const name = `${catalog.factory}-${doc.name}`;
    const spec: ComponentSpec = {
      resourceName: name,
      name,
      version: contentVersion(doc.data),
      platform: doc.platform,
      description: doc.description,
      data: doc.data,
    };
    shared.set(name, spec);
    refs.push({ kind: "managed", resourceName: name });
  }
  const components: ComponentSpec[] = [];
  for (const component of image.components) {
    if ("arn" in component) {
      refs.push({ kind: "arn", arn: component.arn });
      continue;
    }
    const description = component.description ?? defaultComponentDescription(component.name, awsName);
    const data = inlineComponentDocument(os.platform, component.name, description, component.build, component.test);
    const spec: ComponentSpec = {
      resourceName: names.inlineComponent(resourceName, component.name),
      name: awsNames.component(catalog.factory, awsName, component.name),
      version: contentVersion(data),
      platform: os.platform,
      description,
      data,
    };
    components.push(spec);
    refs.push({ kind: "managed", resourceName: spec.resourceName });
  }

  const parentImage =
    image.base.kind === "ami" ? image.base.id : image.base.kind === "ssm" ? `ssm:${image.base.parameter}` : image.base.arn;
  const rootVolume = { ...image.rootVolume, deviceName: os.rootDevice, encrypted };
  const allComponents = [...shared.values(), ...components];
  // Image Builder refuses an empty description (1 to 1024 characters): none is sent instead.
  const description = image.description === "" ? undefined : image.description;
  // Every input that replaces the recipe is in its version: a replacement under the same name
  // and version would fail with "already exists" (the recipe's description is one).
  const recipeContent = {
    parentImage,
    description,
    rootVolume,
    // Keyed as under the image's first name, so that a rename (renamedFrom) keeps the recipe's version.
    components: refs.map((ref) =>
      ref.kind === "arn"
        ? ref.arn
        : `${renamed(ref.resourceName, resourceName, awsName)}@${allComponents.find((c) => c.resourceName === ref.resourceName)?.version}`,
    ),
  };

  const principals = principalsOf(catalog, image.accounts);
  const nameInAws = awsNames.image(catalog.factory, awsName);
  const releases = expandReleases(catalog, image, awsName, resourceName);
  return {
    name: image.name,
    factory: catalog.factory,
    resourceName,
    awsName,
    formerNames: image.renamedFrom,
    description,
    os: image.os,
    arch: image.arch,
    platform: os.platform,
    buildRegion: catalog.buildRegion,
    base: image.base,
    parentImage,
    regions: image.regions,
    accountNames: image.accounts,
    principals,
    public: image.public,
    tags,
    components,
    recipe: { name: nameInAws, version: contentVersion(JSON.stringify(recipeContent)), components: refs, rootVolume },
    infrastructure: {
      name: nameInAws,
      instanceTypes: image.instanceTypes,
      subnetId: image.subnetId,
      securityGroupIds: image.securityGroupIds,
    },
    distribution: {
      name: nameInAws,
      encrypted,
      // One AMI per build and region: the build region only, releases copy the rest (docs/architecture.md).
      regions: [distributionRegion(catalog, image, awsName, catalog.buildRegion)],
    },
    pipeline: {
      name: nameInAws,
      schedule: image.schedule,
      testTimeoutMinutes: image.testTimeoutMinutes,
      firstBuild: { scheduleName: firstBuildScheduleName(nameInAws), clientToken: firstBuildClientToken(nameInAws) },
    },
    lifecycle: {
      ...image.lifecycle,
      name: nameInAws,
      exclusionTags: exclusionTagMap(
        catalog.factory,
        image.releases.map((r) => r.channel),
      ),
    },
    releases,
    // What the catalog alone can say: `latest` as one source (sourceKey).
    releaseResources: releaseResources(
      { name: image.name, resourceName, buildRegion: catalog.buildRegion, releases },
      (r) => r.sourceKey,
    ),
  };
}

function distributionRegion(catalog: Catalog, image: Image, awsName: string, region: Region): DistributionRegion {
  const targetAccountIds = image.copyTo
    .map((name) => catalog.accounts[name]?.principal)
    .flatMap((p) => (p?.kind === "account" ? [p.id] : []))
    .sort();
  const spec: DistributionRegion = {
    region,
    amiName: awsNames.buildAmi(catalog.factory, awsName),
    targetAccountIds,
  };
  if (image.shareBuilds) {
    const principals = principalsOf(catalog, image.accounts);
    spec.launchPermission = {
      userIds: principals.flatMap((p) => (p.kind === "account" ? [p.id] : [])),
      organizationArns: principals.flatMap((p) => (p.kind === "organization" ? [p.arn] : [])),
      organizationalUnitArns: principals.flatMap((p) => (p.kind === "ou" ? [p.arn] : [])),
      userGroups: [],
    };
  }
  return spec;
}

/** The image's releases, in channel order. */
function expandReleases(catalog: Catalog, image: Image, awsName: string, resourceName: string): ReleasePlan[] {
  return image.releases.map((release) => expandRelease(catalog, image, awsName, resourceName, release));
}

function expandRelease(catalog: Catalog, image: Image, awsName: string, resourceName: string, release: Release): ReleasePlan {
  const principals = principalsOf(catalog, release.accounts);
  const grantees: ReleasePlan["grants"][number]["principal"][] = [...principals];
  if (release.public) grantees.push({ kind: "public", key: "public" });
  const grants = release.regions.flatMap((region) =>
    grantees.map((principal) => ({
      region,
      principal,
      legacyName: names.legacyGrant(image.name, release.channel, region, principal.key),
    })),
  );
  const parameterName = awsNames.parameter(catalog.factory, awsName, release.channel);
  const consumers = release.accounts.filter((name) => catalog.accounts[name]?.role !== undefined).sort();
  const parameters = release.regions.flatMap((region) => [
    { region, name: parameterName, resourceName: names.parameter(resourceName, release.channel, region) },
    ...consumers.map((account) => ({
      region,
      name: parameterName,
      account,
      accountKey: catalog.accounts[account].principal.key,
      resourceName: names.parameter(resourceName, release.channel, region, catalog.accounts[account].principal.key),
    })),
  ]);
  const plan: ReleasePlan = {
    channel: release.channel,
    source: release.source,
    sourceKey: sourceKey(release.source),
    servedTag: {
      resourceName: names.servedTag(resourceName, release.channel),
      key: servedTagKey(release.channel),
      value: catalog.factory,
    },
    regions: release.regions,
    principals,
    public: release.public,
    amiNamePrefix: awsNames.copyAmiPrefix(awsName, release.channel),
    grants,
    parameters,
  };
  if (release.deprecateAt !== undefined) plan.deprecateAt = release.deprecateAt;
  return plan;
}

function keysOf(catalog: Catalog, images: ImagePlan[]): KeySpec[] {
  const regions = new Set<Region>([catalog.buildRegion]);
  const users = new Map<Region, Map<string, Principal>>();
  const use = (region: Region, principal: Principal) => {
    regions.add(region);
    let forRegion = users.get(region);
    if (!forRegion) users.set(region, (forRegion = new Map<string, Principal>()));
    forRegion.set(principal.key, principal);
  };
  for (const image of images) {
    image.regions.forEach((region) => regions.add(region));
    for (const release of image.releases) {
      for (const region of release.regions) release.principals.forEach((p) => use(region, p));
    }
    for (const dist of image.distribution.regions) {
      if (dist.launchPermission) image.principals.forEach((p) => use(dist.region, p));
      for (const id of dist.targetAccountIds) use(dist.region, { kind: "account", id, key: id });
    }
  }
  const grantReaders = grantReadersOf(catalog);
  return [...regions].sort().map((region) => ({
    region,
    resourceName: names.key(catalog.factory, region),
    alias: `alias/${catalog.factory}/${region}`,
    principals: [...(users.get(region)?.values() ?? [])].sort((a, b) => compareText(a.key, b.key)),
    grantReaders,
  }));
}

/**
 * Every account of the catalog with a role, not only those the stack needs a provider for now:
 * an account whose images stop sharing with it keeps its Auto Scaling grants in the state until
 * the end of the update that deletes them (KeySpec.grantReaders).
 */
export function grantReadersOf(catalog: Pick<Catalog, "accounts">): string[] {
  const ids = Object.values(catalog.accounts).flatMap((a) => (a.role && a.principal.kind === "account" ? [a.principal.id] : []));
  return [...new Set(ids)].sort(compareText);
}

function accountsOf(catalog: Catalog, images: ImagePlan[]): AccountSpec[] {
  const needed = new Set<string>();
  const targets = new Set<string>();
  for (const image of images) {
    for (const release of image.releases) release.parameters.forEach((p) => p.account && needed.add(p.account));
  }
  for (const image of catalog.images) {
    image.copyTo.forEach((name) => {
      needed.add(name);
      targets.add(name);
    });
  }
  return [...needed].sort().flatMap((name) => {
    const account = catalog.accounts[name];
    if (!account?.role || account.principal.kind !== "account") return [];
    return [
      {
        name,
        id: account.principal.id,
        role: account.role,
        providerName: names.provider(catalog.factory, account.principal.id),
        distributionTarget: targets.has(name),
      },
    ];
  });
}
