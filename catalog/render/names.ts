/**
 * Pulumi resource names. A name becomes the resource's URN, and a new URN is a replacement in
 * the cloud, so every name is built from stable keys (image name, channel, region, account id or
 * organization / OU id) and never from a position in a list. `/` separates the keys: image
 * names, channels and regions cannot contain it, so two different key tuples never collide.
 */
export const names = {
  key: (region: string) => `kms/${region}`,
  provider: (accountId: string) => `account/${accountId}`,
  distributionRole: (accountId: string) => `distribution-role/${accountId}`,
  /** EC2 Auto Scaling's KMS grant on the factory's key in a region, for one account. */
  scalingGrant: (region: string, accountId: string) => `scaling-grant/${region}/${accountId}`,
  /** An account's Allowed AMIs setting in one region. */
  allowedImages: (region: string, accountId: string) => `allowed-images/${region}/${accountId}`,
  /** The factory account's AMI block public access setting in one region. */
  imagePublicAccess: (region: string) => `image-public-access/${region}`,
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
   * The names copies and grants had when they were made per channel: only aliases now, so a stack
   * made before keeps its copies and grants (the new names have more `/`-separated keys, so no
   * new name is ever an old one).
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

/** The same name with the image's earlier name in place of its current one, for aliases. */
export function renamed(name: string, image: string, formerName: string): string {
  return name === image ? formerName : name.startsWith(`${image}/`) ? `${formerName}${name.slice(image.length)}` : name;
}

/**
 * AWS-side names: Image Builder's and the builds' AMI names are unique per account and region,
 * so they carry the factory's name, and two stacks in one account never collide. `_` joins the
 * parts: a factory name has none and a component name has none (catalog/schema/schema.ts), so the first
 * `_` ends the factory and the last one starts the component, and two different (factory,
 * image, component) keys never give one name (web + app-x and web-app + x stay apart).
 */
export const awsNames = {
  /** Recipe, infrastructure and distribution configurations, pipeline and lifecycle policy. */
  image: (factory: string, awsName: string) => `${factory}_${awsName}`,
  /** An image's inline component. */
  component: (factory: string, awsName: string, component: string) => `${factory}_${awsName}_${component}`,
  /** The AMI name of every build; Image Builder expands the date, so each build's name is new. */
  buildAmi: (factory: string, awsName: string) => `${factory}_${awsName}-{{ imagebuilder:buildDate }}`,
};
