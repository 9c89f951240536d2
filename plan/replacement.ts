/**
 * Which input changes replace a resource instead of updating it in place, per resource type.
 *
 * Source: the AWS provider's resource schemas (@pulumi/aws 7.x is bridged from the Terraform AWS
 * provider, so an input marked "forces replacement" in the Pulumi registry is a ForceNew /
 * RequiresReplace attribute there). The Image Builder, AmiCopy, AmiLaunchPermission and SSM
 * Parameter entries were read from those schemas (internal/service/imagebuilder/*.go,
 * ec2/ami_copy.go, ec2/ami_launch_permission.go, ssm/parameter.go); the KMS and IAM entries are
 * from the provider's documented behaviour and were not re-read from source. In provider v7
 * every resource's own `region` input forces replacement too.
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
  // Image Builder: components, recipes and images are versions; only their tags change in place.
  [TYPE.component]: { immutableExcept: ["tags", "tagsAll", "skipDestroy"] },
  [TYPE.recipe]: IMMUTABLE,
  [TYPE.image]: IMMUTABLE,
  [TYPE.pipeline]: { replaceOn: ["name", "region"] },
  [TYPE.infrastructure]: { replaceOn: ["name", "region"] },
  [TYPE.distribution]: { replaceOn: ["name", "region"] },
  [TYPE.lifecycle]: { replaceOn: ["name", "region"] },
  // EC2: a copy is a new AMI when its source, name or encryption changes; a grant has no update.
  [TYPE.amiCopy]: {
    replaceOn: ["sourceAmiId", "sourceAmiRegion", "name", "encrypted", "kmsKeyId", "region", "destinationOutpostArn"],
  },
  [TYPE.grant]: IMMUTABLE,
  // A tag on another resource: only its value changes in place.
  [TYPE.ec2Tag]: { replaceOn: ["resourceId", "key", "region"] },
  [TYPE.key]: {
    replaceOn: ["region", "customerMasterKeySpec", "keyUsage", "customKeyStoreId", "multiRegion", "xksKeyId"],
  },
  [TYPE.alias]: { replaceOn: ["name", "namePrefix", "region"] },
  [TYPE.parameter]: { replaceOn: ["name", "region", "dataType"] },
  [TYPE.role]: { replaceOn: ["name", "namePrefix", "path"] },
  [TYPE.rolePolicy]: { replaceOn: ["name", "namePrefix", "role"] },
  [TYPE.attachment]: { replaceOn: ["role", "policyArn"] },
  [TYPE.profile]: { replaceOn: ["name", "namePrefix", "path"] },
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
