/**
 * Where each row of the AWS limits table (contract/aws-limits.ts) meets AWS's own machine-readable
 * API models: the request member its value is sent as, and that member's constraints (length,
 * range, pattern, enum) as AWS publishes them in the service models botocore ships
 * (boto/botocore `botocore/data/<service>/<version>/service-2.json`, generated from the same Smithy
 * models as AWS's API reference).
 *
 * The constraints of the members named here are kept in tests/fixtures/aws-api-models.json, with
 * the botocore commit they were read from, because no test machine reaches the network. Refresh
 * them from a botocore checkout (or `pip download botocore` unpacked):
 *
 *     npx tsx tests/support/aws-api-models.ts PATH/TO/botocore/data
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { AWS_LIMITS } from "../../contract/aws-limits";
import { TYPE as T } from "../../contract/type-tokens";

/** The constraints of one member's shape, as the model gives them. */
export interface ModelConstraint {
  shape: string;
  type: string;
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
}

export interface ModelFacts {
  source: string;
  members: Record<string, ModelConstraint>;
}

/** Service model files, by the short names the member paths use. */
const SERVICES: Readonly<Record<string, string>> = {
  imagebuilder: "imagebuilder/2019-12-02",
  ec2: "ec2/2016-11-15",
  iam: "iam/2010-05-08",
  kms: "kms/2014-11-01",
  ssm: "ssm/2014-11-06",
  scheduler: "scheduler/2021-06-30",
};

/**
 * Per resource type: the request shape its inputs are sent in (`service:Shape`), and the input
 * paths whose member path differs (`path` -> member path, or `service:Shape.member` for a value
 * another request sends). Paths use the limits table's syntax: `.` between members, `[]` a list's
 * items, `{}` a map's keys, `*` a map's values (where the API takes tags as a list of key-value
 * pairs, `tags{}` is the pairs' key member). Image Builder's API names its members as the
 * provider's inputs are named, so an Image Builder path absent from `paths` is the member path.
 */
interface TypeMembers {
  request: string;
  paths?: Readonly<Record<string, string>>;
  /** True where every input path is the member path unless `paths` says otherwise. */
  same?: boolean;
}

const tagList = (shape: string, key: string, value: string, count = "Tags"): Record<string, string> => ({
  tags: `${shape}.${count}`,
  "tags{}": `${shape}.${count}[].${key}`,
  "tags.*": `${shape}.${count}[].${value}`,
});

export const MEMBERS: Readonly<Record<string, TypeMembers>> = {
  [T.component]: { request: "imagebuilder:CreateComponentRequest", same: true, paths: { version: "semanticVersion" } },
  [T.recipe]: { request: "imagebuilder:CreateImageRecipeRequest", same: true, paths: { version: "semanticVersion" } },
  [T.infrastructure]: { request: "imagebuilder:CreateInfrastructureConfigurationRequest", same: true },
  [T.distribution]: { request: "imagebuilder:CreateDistributionConfigurationRequest", same: true },
  [T.pipeline]: { request: "imagebuilder:CreateImagePipelineRequest", same: true },
  [T.lifecycle]: { request: "imagebuilder:CreateLifecyclePolicyRequest", same: true },
  [T.amiCopy]: {
    request: "ec2:CopyImageRequest",
    paths: {
      name: "Name",
      description: "Description",
      sourceAmiId: "SourceImageId",
      sourceAmiRegion: "SourceRegion",
      kmsKeyId: "KmsKeyId",
      deprecationTime: "ec2:EnableImageDeprecationRequest.DeprecateAt",
      ...tagList("ec2:CreateTagsRequest", "Key", "Value"),
    },
  },
  [T.grant]: {
    request: "ec2:ModifyImageAttributeRequest",
    paths: {
      imageId: "ImageId",
      accountId: "LaunchPermission.Add[].UserId",
      organizationArn: "LaunchPermission.Add[].OrganizationArn",
      organizationalUnitArn: "LaunchPermission.Add[].OrganizationalUnitArn",
      group: "LaunchPermission.Add[].Group",
    },
  },
  [T.ec2Tag]: {
    request: "ec2:CreateTagsRequest",
    paths: { resourceId: "Resources[]", key: "Tags[].Key", value: "Tags[].Value" },
  },
  // `block-new-sharing` is sent to EnableImageBlockPublicAccess; `unblocked` is what DisableImageBlockPublicAccess sets.
  [T.blockPublicAccess]: {
    request: "ec2:EnableImageBlockPublicAccessRequest",
    paths: { state: "ImageBlockPublicAccessState | ec2:DisableImageBlockPublicAccessResult.ImageBlockPublicAccessState" },
  },
  [T.allowedImages]: {
    request: "ec2:ReplaceImageCriteriaInAllowedImagesSettingsRequest",
    paths: {
      state: "ec2:EnableAllowedImagesSettingsRequest.AllowedImagesSettingsState",
      imageCriterions: "ImageCriteria",
      "imageCriterions[].imageProviders": "ImageCriteria[].ImageProviders",
      "imageCriterions[].imageProviders[]": "ImageCriteria[].ImageProviders[]",
    },
  },
  [T.role]: {
    request: "iam:CreateRoleRequest",
    paths: {
      name: "RoleName",
      description: "Description",
      assumeRolePolicy: "AssumeRolePolicyDocument",
      permissionsBoundary: "PermissionsBoundary",
      ...tagList("iam:CreateRoleRequest", "Key", "Value"),
    },
  },
  [T.profile]: {
    request: "iam:CreateInstanceProfileRequest",
    paths: {
      name: "InstanceProfileName",
      role: "iam:AddRoleToInstanceProfileRequest.RoleName",
      ...tagList("iam:CreateInstanceProfileRequest", "Key", "Value"),
    },
  },
  [T.rolePolicy]: {
    request: "iam:PutRolePolicyRequest",
    paths: { name: "PolicyName", role: "RoleName", policy: "PolicyDocument" },
  },
  [T.attachment]: { request: "iam:AttachRolePolicyRequest", paths: { role: "RoleName", policyArn: "PolicyArn" } },
  [T.key]: {
    request: "kms:CreateKeyRequest",
    paths: {
      policy: "Policy",
      description: "Description",
      deletionWindowInDays: "kms:ScheduleKeyDeletionRequest.PendingWindowInDays",
      ...tagList("kms:CreateKeyRequest", "TagKey", "TagValue"),
    },
  },
  [T.alias]: { request: "kms:CreateAliasRequest", paths: { name: "AliasName", targetKeyId: "TargetKeyId" } },
  [T.kmsGrant]: {
    request: "kms:CreateGrantRequest",
    paths: {
      keyId: "KeyId",
      granteePrincipal: "GranteePrincipal",
      retiringPrincipal: "RetiringPrincipal",
      "operations[]": "Operations[]",
    },
  },
  [T.parameter]: {
    request: "ssm:PutParameterRequest",
    paths: {
      name: "Name",
      description: "Description",
      value: "Value",
      type: "Type",
      dataType: "DataType",
      ...tagList("ssm:AddTagsToResourceRequest", "Key", "Value"),
    },
  },
  [T.schedule]: {
    request: "scheduler:CreateScheduleInput",
    paths: {
      name: "Name",
      groupName: "GroupName",
      description: "Description",
      scheduleExpression: "ScheduleExpression",
      scheduleExpressionTimezone: "ScheduleExpressionTimezone",
      actionAfterCompletion: "ActionAfterCompletion",
      "flexibleTimeWindow.mode": "FlexibleTimeWindow.Mode",
      "target.arn": "Target.Arn",
      "target.roleArn": "Target.RoleArn",
      "target.input": "Target.Input",
    },
  },
  [T.scheduleGroup]: {
    request: "scheduler:CreateScheduleGroupInput",
    paths: { name: "Name", ...tagList("scheduler:CreateScheduleGroupInput", "Key", "Value") },
  },
};

/**
 * The members an input may be sent as (`service:Shape.member...`; several where the value chooses
 * the API call, written `a | b`), or undefined where the table's row meets no request member: a
 * resource's `region` is the endpoint it is sent to, not a member.
 */
export function membersOf(type: string, path: string): string[] | undefined {
  const members = MEMBERS[type];
  if (members === undefined || path === "region") return undefined;
  const mapped = members.paths?.[path] ?? (members.same ? path : undefined);
  if (mapped === undefined) return undefined;
  return mapped.split(" | ").map((m) => (/^[a-z0-9]+:/.test(m) ? m : `${members.request}.${m}`));
}

interface ModelShape {
  type: string;
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
  members?: Record<string, { shape: string }>;
  member?: { shape: string };
  key?: { shape: string };
  value?: { shape: string };
}

type Shapes = Record<string, ModelShape>;

/** The shape a member path names, walking the service model's shapes. */
export function resolve(shapes: Shapes, member: string): { name: string; shape: ModelShape } {
  const [, start, rest] = /^[a-z0-9]+:([A-Za-z0-9]+)(.*)$/.exec(member) ?? [];
  if (start === undefined || shapes[start] === undefined) throw new Error(`${member}: no shape ${start}`);
  let name = start;
  for (const step of (rest ?? "").match(/\.[A-Za-z0-9]+|\[\]|\{\}|\.\*/g) ?? []) {
    const shape = shapes[name];
    const next =
      step === "[]"
        ? shape.member?.shape
        : step === "{}"
          ? shape.key?.shape
          : step === ".*"
            ? shape.value?.shape
            : shape.members?.[step.slice(1)]?.shape;
    if (next === undefined) throw new Error(`${member}: ${name} has no ${step}`);
    name = next;
  }
  return { name, shape: shapes[name] };
}

/** Reads every member `membersOf` names from a botocore data folder. */
export function extract(dataDir: string, members: readonly string[], source: string): ModelFacts {
  const models = new Map<string, Shapes>();
  const shapesOf = (service: string): Shapes => {
    const cached = models.get(service);
    if (cached) return cached;
    const file = join(dataDir, SERVICES[service], "service-2.json");
    const shapes = (JSON.parse(readFileSync(file, "utf8")) as { shapes: Shapes }).shapes;
    models.set(service, shapes);
    return shapes;
  };
  const facts: Record<string, ModelConstraint> = {};
  for (const member of [...members].sort()) {
    const { name, shape } = resolve(shapesOf(member.slice(0, member.indexOf(":"))), member);
    facts[member] = {
      shape: name,
      type: shape.type,
      ...(shape.min === undefined ? {} : { min: shape.min }),
      ...(shape.max === undefined ? {} : { max: shape.max }),
      ...(shape.pattern === undefined ? {} : { pattern: shape.pattern }),
      ...(shape.enum === undefined ? {} : { enum: shape.enum }),
    };
  }
  return { source, members: facts };
}

export const FACTS_FILE = join(__dirname, "..", "fixtures", "aws-api-models.json");

export function readFacts(): ModelFacts {
  return JSON.parse(readFileSync(FACTS_FILE, "utf8")) as ModelFacts;
}

if (require.main === module) {
  const [dataDir, source] = process.argv.slice(2);
  if (!dataDir) {
    console.error("usage: npx tsx tests/support/aws-api-models.ts BOTOCORE_DATA_DIR [SOURCE]");
    process.exit(2);
  }
  const members = new Set(AWS_LIMITS.flatMap((row) => membersOf(row.type, row.path) ?? []));
  const facts = extract(dataDir, [...members], source ?? `botocore data in ${dataDir}`);
  writeFileSync(FACTS_FILE, JSON.stringify(facts, null, 2) + "\n");
  console.log(`${Object.keys(facts.members).length} members written to ${FACTS_FILE}`);
}
