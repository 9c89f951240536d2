/**
 * Which resource types live in a region: every AWS type but those of global services. Read by
 * the offline runner's engine invariants (a regional resource must name its region) and by the
 * placement check (it must be in the region the plan means for it).
 */

export const PROVIDER_PREFIX = "pulumi:providers:";

/**
 * AWS modules whose resources have no region (`@pulumi/aws` v7 gives them no `region` input),
 * exempt from the region checks: IAM is a global service.
 */
export const GLOBAL_AWS_MODULES: ReadonlyMap<string, string> = new Map([
  ["iam", "IAM is global: roles, policies and instance profiles hold in every region"],
]);

/** `aws` of `aws:ssm/parameter:Parameter`, and of the provider type `pulumi:providers:aws`. */
export function packageOf(type: string): string {
  return type.startsWith(PROVIDER_PREFIX) ? type.slice(PROVIDER_PREFIX.length) : type.split(":")[0];
}

/** Whether a type is an AWS resource that lives in a region: `ssm` of `aws:ssm/parameter:Parameter`. */
export function regional(type: string): boolean {
  if (packageOf(type) !== "aws" || type.startsWith(PROVIDER_PREFIX)) return false;
  const module = type.split(":")[1]?.split("/")[0] ?? "";
  return !GLOBAL_AWS_MODULES.has(module);
}
