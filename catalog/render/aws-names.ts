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
  /** A channel's SSM parameter, in every region and consumer account the channel publishes to. */
  parameter: (factory: string, awsName: string, channel: string) => `/${factory}/${awsName}/${channel}`,
  /** The start of a release copy's AMI name, which the factory plan holds (`amiNamePrefix`). */
  copyAmiPrefix: (awsName: string, channel: string) => `${awsName}-${channel}-`,
  /**
   * A release copy's AMI name: its start, the source AMI id, and `COPY_SUFFIX_BYTES` random bytes
   * in hex. AMI names are unique per account and region, and the suffix lets a retained copy's
   * source come back (components/image-releases.ts).
   */
  copyAmi: (prefix: string, sourceAmiId: string, suffixHex: string) => `${prefix}${sourceAmiId}-${suffixHex}`,
};

/** The random bytes at the end of a copy's AMI name, written as twice as many hex digits. */
export const COPY_SUFFIX_BYTES = 4;

/**
 * The name an image's AWS names carry: its first name (the first of `renamedFrom`), else `name`.
 * AWS names stay when an image is renamed, since changing them replaces what carries them. Takes
 * the resolved image or, in the rules, the catalog's raw values (then `renamedFrom` may be anything).
 */
export function imageAwsName<N>(name: N, renamedFrom: unknown): { awsName: N | string; renamed: boolean } {
  const first: unknown = Array.isArray(renamedFrom) ? renamedFrom[0] : undefined;
  return typeof first === "string" ? { awsName: first, renamed: true } : { awsName: name, renamed: false };
}
