/**
 * Pulumi resource names. A name becomes the resource's URN, and a new URN is a replacement in
 * the cloud, so every name is built from stable keys (image name, channel, region, account id or
 * organization / OU id) and never from a position in a list.
 *
 * A URN holds the types of a resource's parents but not their names, so every resource below an
 * AmiFactory starts with the factory's name, and two factories in one program never register one
 * URN. `/` separates the keys: factory names (FACTORY_NAME), image names, channels and regions
 * cannot contain it, so the first `/` ends the factory's name, and two different (factory, keys)
 * tuples never give one name. The factory-level components (`<factory>-keys`), roles and shared
 * components are named after the factory already, with no `/`; a role's attachments and policy
 * add `/` and a key to the role's name (`<factory>-build-instance/ssm-core`,
 * `<factory>-first-build/start-pipeline`: components/factory-roles.ts).
 *
 * Image-scoped names take the image's own resource name (`names.image`), so that the same
 * functions name an image's resources under its earlier names (`renamed`, `formerResourceNames`).
 */
export const names = {
  key: (factory: string, region: string) => `${factory}/kms/${region}`,
  provider: (factory: string, accountId: string) => `${factory}/account/${accountId}`,
  distributionRole: (factory: string, accountId: string) => `${factory}/distribution-role/${accountId}`,
  /** EC2 Auto Scaling's KMS grant on the factory's key in a region, for one account. */
  scalingGrant: (factory: string, region: string, accountId: string) => `${factory}/scaling-grant/${region}/${accountId}`,
  /** An account's Allowed AMIs setting in one region. */
  allowedImages: (factory: string, region: string, accountId: string) => `${factory}/allowed-images/${region}/${accountId}`,
  /** The schedule group of the pipelines' first-build schedules, in the build region: also its AWS name. */
  firstBuildGroup: (factory: string) => `${factory}-first-builds`,
  /** The factory account's AMI block public access setting in one region. */
  imagePublicAccess: (factory: string, region: string) => `${factory}/image-public-access/${region}`,
  /** An image's components (pipeline, releases) and its recipe, pipeline and configurations. */
  image: (factory: string, image: string) => `${factory}/${image}`,
  inlineComponent: (image: string, component: string) => `${image}/${component}`,
  /**
   * A copy of one build-region AMI into a region, whichever channels serve it: keyed by the AMI,
   * so it keeps its name while any channel needs it. `plain` marks a public release's unencrypted
   * copy, another AMI than the encrypted copy of the same source.
   */
  amiCopy: (image: string, sourceAmi: string, region: string, plain: boolean) =>
    `${image}/copy/${sourceAmi}${plain ? "/plain" : ""}/${region}`,
  /**
   * One launch permission: the AMI a region serves (the source itself in the build region, its
   * copy elsewhere, named by the source and `plain` as the copy is) for one principal, however
   * many channels serve that AMI. Removed only when no channel needs it any more.
   */
  launchPermission: (image: string, sourceAmi: string, region: string, principalKey: string, plain: boolean) =>
    `${image}/grant/${sourceAmi}${plain ? "/plain" : ""}/${region}/${principalKey}`,
  /**
   * The names copies and grants had when they were made per channel, before resource names
   * carried the factory's: only aliases now, so a stack made before keeps its copies and grants
   * (they have more `/`-separated keys than the copy and grant names had, so no name of today
   * is ever one of them). Given the image's catalog name, not its resource name.
   */
  legacyCopy: (image: string, channel: string, region: string) => `${image}/${channel}/${region}`,
  legacyGrant: (image: string, channel: string, region: string, principalKey: string) =>
    `${image}/${channel}/${region}/${principalKey}`,
  /** The tag that marks the build-region AMI a channel serves (`aws:ec2/tag:Tag`). */
  servedTag: (image: string, channel: string) => `${image}/${channel}`,
  /** In the factory's account without `account`; in a consuming account with it. */
  parameter: (image: string, channel: string, region: string, accountKey?: string) =>
    accountKey === undefined ? `${image}/${channel}/${region}` : `${image}/${channel}/${region}/${accountKey}`,
};

/**
 * A resource name read back: the factory's name in front, when it has one (every name below a
 * factory), and the keys after it, `al2023-base`, `copy`, `<source AMI>`, `eu-west-1` of
 * `ami-factory/al2023-base/copy/<source AMI>/eu-west-1`. A name without `/` (a factory-level
 * component, a role, a shared component) is its one key.
 */
export function parseName(name: string): { factory?: string; keys: string[] } {
  const slash = name.indexOf("/");
  return slash < 0 ? { keys: [name] } : { factory: name.slice(0, slash), keys: name.slice(slash + 1).split("/") };
}

/** The same name with the image's earlier name in place of its current one. */
export function renamed(name: string, image: string, formerName: string): string {
  return name === image ? formerName : name.startsWith(`${image}/`) ? `${formerName}${name.slice(image.length)}` : name;
}

/**
 * Every name a resource of a factory had before, for its aliases, so that a stack made before
 * resource names carried the factory's name, or before an image's rename, replaces nothing: the
 * name without the factory in front; for an image's resources (`image`), the names of the
 * image's earlier names (`renamedFrom`) with and without the factory in front; and `legacy`,
 * names the resource had before the factory's name was in front (per-channel copies and grants),
 * which no stack made since can hold. Names that do not start with `<factory>/` (the
 * factory-level components) have no earlier name. Without `unprefixed`, only the image's earlier
 * names with the factory in front: the names from before the factory's name was in front belong to
 * one factory of a stack, and two that both answered to them would claim the same URNs.
 */
export function formerResourceNames(
  factory: string,
  name: string,
  image?: { name: string; formerNames: readonly string[] },
  legacy: readonly string[] = [],
  unprefixed = true,
): string[] {
  const prefix = `${factory}/`;
  if (!name.startsWith(prefix)) return unprefixed ? [...legacy] : [];
  const withoutFactory = (n: string) => n.slice(prefix.length);
  const formers = (image?.formerNames ?? []).map((former) =>
    renamed(name, names.image(factory, image!.name), names.image(factory, former)),
  );
  if (!unprefixed) return formers;
  return [withoutFactory(name), ...legacy, ...formers.flatMap((named) => [named, withoutFactory(named)])];
}
