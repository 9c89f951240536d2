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
  inlineComponent: (image: string, component: string) => `${image}/${component}`,
  copy: (image: string, channel: string, region: string) => `${image}/${channel}/${region}`,
  /** The tag that marks the build-region AMI a channel serves (`aws:ec2/tag:Tag`). */
  servedTag: (image: string, channel: string) => `${image}/${channel}`,
  grant: (image: string, channel: string, region: string, principalKey: string) =>
    `${image}/${channel}/${region}/${principalKey}`,
  /** In the factory's account without `account`; in a consuming account with it. */
  parameter: (image: string, channel: string, region: string, accountKey?: string) =>
    accountKey === undefined ? `${image}/${channel}/${region}` : `${image}/${channel}/${region}/${accountKey}`,
};

/** The same name with the image's earlier name in place of its current one, for aliases. */
export function renamed(name: string, image: string, formerName: string): string {
  return name === image ? formerName : name.startsWith(`${image}/`) ? `${formerName}${name.slice(image.length)}` : name;
}
