/**
 * Which input changes replace a resource instead of updating it in place, per resource type.
 *
 * @pulumi/aws 7.x is bridged from the Terraform AWS provider (v6), so an input forces replacement
 * when its Terraform attribute is `ForceNew` (SDKv2) or has a `RequiresReplace` plan modifier
 * (Plugin Framework); a resource with no Update function replaces on every input. Every `aws:`
 * entry below was checked against the resource's schema in hashicorp/terraform-provider-aws,
 * internal/service/..., as a public-source index stores it (v6 copies of 2025-2026 of every file
 * but ec2/ec2_ami_copy.go, newest from 2024, and ec2/tag.go, below):
 * - kms/key.go, kms/alias.go, kms/grant.go (no Update: every input replaces);
 * - iam/role.go, iam/role_policy.go, iam/role_policy_attachment.go (no Update),
 *   iam/instance_profile.go, iam/policy.go; IAM is global: its resources have no `region`;
 * - imagebuilder/component.go, image_recipe.go, image.go, image_pipeline.go,
 *   infrastructure_configuration.go, distribution_configuration.go, lifecycle_policy.go;
 * - ec2/ec2_ami_copy.go, ec2/ec2_ami_launch_permission.go (no Update),
 *   ec2/ec2_image_block_public_access.go, ec2/ec2_allowed_images_settings.go;
 *   for aws_ec2_tag only a pre-v3 version (package aws, resourceAwsEc2Tag) was found:
 *   resource_id and key ForceNew, value in place, the inputs @pulumi/aws 7.48 has but region;
 * - ssm/parameter.go (`tier` also replaces, only from Advanced to Standard: not modelled);
 * - scheduler/schedule.go, scheduler/schedule_group.go.
 * The top-level `region` input of every regional resource forces replacement through the
 * provider's region interceptors (forceNewIfRegionChanges for SDKv2, RequiresReplace on `region`
 * in the Framework's ModifyPlan), unless it changes between unset and the provider's region.
 * Not verified: inputs @pulumi/aws 7.48 has that no stored source had (Image Builder
 * `loggingConfiguration` on Image and ImagePipeline): an ImagePipeline treats it as in place,
 * an Image (immutableExcept) as a replacement.
 * Resources of the random provider replace on any input change (keepers included).
 * A type missing from the table is assumed to update in place.
 */
import { TYPE } from "../contract/type-tokens";

/** Input names (top-level properties) whose change forces a replacement. */
export type ReplaceRule =
  /** Every input but the listed ones (tags, mostly): the resource is immutable. */
  { immutableExcept: readonly string[] } | { replaceOn: readonly string[] };

const IMMUTABLE: ReplaceRule = { immutableExcept: ["tags", "tagsAll"] };

export const REPLACE_RULES: Readonly<Record<string, ReplaceRule>> = {
  // Image Builder: components and recipes are versions; only their tags change in place.
  [TYPE.component]: { immutableExcept: ["tags", "tagsAll", "skipDestroy"] },
  [TYPE.recipe]: IMMUTABLE,
  // An image's Update is tags only, yet execution_role and image_scanning_configuration are not
  // ForceNew: a change to them is planned as an (empty) update, not a replacement.
  [TYPE.image]: { immutableExcept: ["tags", "tagsAll", "executionRole", "imageScanningConfiguration"] },
  [TYPE.pipeline]: { replaceOn: ["name", "region"] },
  [TYPE.infrastructure]: { replaceOn: ["name", "region"] },
  [TYPE.distribution]: { replaceOn: ["name", "region"] },
  [TYPE.lifecycle]: { replaceOn: ["name", "region"] },
  // EC2: a copy is a new AMI when its source, name or encryption changes (destination_outpost_arn
  // is not ForceNew); a grant has no update.
  [TYPE.amiCopy]: {
    replaceOn: ["sourceAmiId", "sourceAmiRegion", "name", "encrypted", "kmsKeyId", "ephemeralBlockDevices", "region"],
  },
  [TYPE.grant]: IMMUTABLE,
  // A tag on another resource: only its value changes in place.
  [TYPE.ec2Tag]: { replaceOn: ["resourceId", "key", "region"] },
  // Account settings of a region: every setting changes in place.
  [TYPE.blockPublicAccess]: { replaceOn: ["region"] },
  [TYPE.allowedImages]: { replaceOn: ["region"] },
  [TYPE.key]: {
    replaceOn: ["region", "customerMasterKeySpec", "keyUsage", "customKeyStoreId", "multiRegion", "xksKeyId"],
  },
  [TYPE.alias]: { replaceOn: ["name", "namePrefix", "region"] },
  // A KMS grant has no update: every input (region included) replaces it.
  [TYPE.kmsGrant]: { immutableExcept: [] },
  [TYPE.parameter]: { replaceOn: ["name", "region", "dataType"] },
  [TYPE.role]: { replaceOn: ["name", "namePrefix", "path"] },
  [TYPE.rolePolicy]: { replaceOn: ["name", "namePrefix", "role"] },
  [TYPE.attachment]: { replaceOn: ["role", "policyArn"] },
  [TYPE.profile]: { replaceOn: ["name", "namePrefix", "path"] },
  [TYPE.iamPolicy]: { replaceOn: ["name", "namePrefix", "path", "description"] },
  [TYPE.schedule]: { replaceOn: ["name", "namePrefix", "groupName", "region"] },
  [TYPE.scheduleGroup]: { replaceOn: ["name", "namePrefix", "region"] },
  // The random provider's resources are drawn once: any input change draws anew.
  [TYPE.randomId]: { immutableExcept: [] },
  // An explicit provider is reconfigured, not replaced, for the inputs the factory sets.
  [TYPE.provider]: { replaceOn: [] },
};

/** The top-level input name of a path: `distributions[1].x` -> `distributions`. */
export function topLevel(path: string): string {
  const match = /^(?:\["((?:[^"\\]|\\.)*)"\]|([^.[]+))/.exec(path);
  if (!match) return path;
  return match[1] !== undefined ? (JSON.parse(`"${match[1]}"`) as string) : match[2];
}

/** True when a change at `path` of a resource of `type` replaces the resource. */
export function forcesReplacement(type: string, path: string): boolean {
  const rule = REPLACE_RULES[type];
  if (rule === undefined) return false;
  const property = topLevel(path);
  return "immutableExcept" in rule ? !rule.immutableExcept.includes(property) : rule.replaceOn.includes(property);
}
