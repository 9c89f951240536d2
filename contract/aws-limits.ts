/**
 * AWS's limits on every value the stack sends: one row per (resource type token, input path),
 * each with the AWS API reference it comes from. `contract/check-inputs.ts` checks a recorded
 * plan against it, and the catalog's rules and schema import their numbers from here directly
 * (catalog/tables/limits.ts holds only the factory's own), so `validate` and the table cannot
 * disagree.
 *
 * Paths: property names joined by `.`; `[]` is every item of a list, `{}` every key of a map,
 * `*` every value of a map. A row on a list or a map counts its items.
 *
 * Where the Terraform AWS provider (which `@pulumi/aws` bridges, and whose validators run at
 * `pulumi preview`) is stricter than AWS's API reference, the row follows the provider and says so
 * in `note`: a value the provider refuses never reaches AWS.
 */
import { MAX_VERSION_NODE } from "../catalog/render/content-version";
import { normalizeUtcTime } from "../catalog/resolve/iso-date";
import { TYPE as T } from "./type-tokens";

export interface Bounds {
  /** Length in characters (Unicode code points). */
  length?: { min: number; max: number };
  /** Size in UTF-8 bytes, for rendered documents. */
  bytes?: number;
  pattern?: RegExp;
  /** For numbers: inclusive range; integers only. */
  range?: { min: number; max: number };
  /** For lists and maps: number of items. */
  count?: { min?: number; max: number };
  /** A closed set of values. */
  values?: readonly string[];
  /** Something no pattern says (a version's nodes): a problem, or undefined. */
  check?: (value: string) => string | undefined;
}

export interface LimitRow {
  type: string;
  path: string;
  /** Undefined with `none`: the value has no AWS limit, for the reason given. */
  bounds?: Bounds;
  none?: string;
  source: string;
  note?: string;
}

const IB = "https://docs.aws.amazon.com/imagebuilder/latest/APIReference";
const EC2 = "https://docs.aws.amazon.com/AWSEC2/latest/APIReference";
const IAM = "https://docs.aws.amazon.com/IAM/latest/APIReference";
const KMS = "https://docs.aws.amazon.com/kms/latest/APIReference";
const SSM = "https://docs.aws.amazon.com/systems-manager/latest/APIReference";
const SCHEDULER = "https://docs.aws.amazon.com/scheduler/latest/APIReference";
const TF_SERVICE = "hashicorp/terraform-provider-aws internal/service";
const TF = `${TF_SERVICE}/imagebuilder`;
/** The provider's generic ARN check, `verify.ValidARN`, which many ARN inputs run. */
const VALID_ARN = "hashicorp/terraform-provider-aws internal/verify/validate.go ValidARN";

/** Image Builder's resource names: 3 to 128 letters, digits, `-`, `_`, spaces inside. */
const IB_NAME = /^[-_A-Za-z0-9][-_A-Za-z0-9 ]{1,126}[-_A-Za-z0-9]$/;
/** What an Allowed AMIs image criterion names as a provider (ImageCriterionRequest `ImageProviders`). */
export const IMAGE_PROVIDER = /^(\d{12}|amazon|aws-marketplace|aws-backup-vault)$/;
/** The characters of EventBridge Scheduler's schedule names (CreateSchedule `Name`), as a class's body. */
export const SCHEDULE_NAME_CHARACTERS = "0-9A-Za-z._-";
/** An AWS account id, as every API that takes one has it. Exported for the catalog and the CLI. */
export const ACCOUNT_ID = /^\d{12}$/;
/** An AMI id: `ami-` and 8 or 17 hexadecimal digits (EC2's resource ids). Exported for the catalog and the plan. */
export const AMI_ID = /^ami-([0-9a-f]{8}|[0-9a-f]{17})$/;
/** An AMI id of the longer form: what a name built around an id only a deployment knows is measured with. */
export const LONGEST_AMI_ID = "ami-0123456789abcdef0";
/**
 * Schedule `timezone`, as Image Builder's API model has it (API_Schedule.html prints `A-z`, which
 * would also let `[`, `^` and the backtick through). Exported for catalog/rules/cron.ts.
 */
export const SCHEDULE_TIMEZONE = /^[a-zA-Z0-9]{2,}(?:\/[a-zA-Z0-9_+-]+)*$/;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
/**
 * What a Systems Manager parameter's name may not begin with, in any case: PutParameter keeps
 * them for AWS. The reference does not say that a leading slash changes nothing; AWS's answers
 * that users report do (`/awssec/...` refused as a reserved name, AccessDeniedException;
 * `/ssm...` as a bad prefix, ValidationException), and moto's emulation of PutParameter strips
 * the slash before it compares. Exported for the catalog, whose factory name begins its
 * parameters' names.
 */
export const SSM_RESERVED_PREFIXES = ["aws", "ssm"] as const;
const anyCase = (word: string) => [...word].map((c) => `[${c.toLowerCase()}${c.toUpperCase()}]`).join("");
/**
 * A tag key beginning with `aws:` in any case is AWS's: most reference pages print only `aws:`, but
 * AWS Backup's API model states the rule as `(?![aA]{1}[wW]{1}[sS]{1}:)`, the tagging guide forbids
 * "any upper or lowercase combination", and KMS emulators refuse it so. Exported for the catalog.
 */
export const NOT_AWS_PREFIX = `(?!${anyCase("aws")}:)`;
/** A tag key row's pattern where the service states no character set: only the reserved prefix. */
const NOT_AWS_KEY = new RegExp(`^${NOT_AWS_PREFIX}`);
const SSM_PARAMETER_NAME = new RegExp(
  `^(?!${SSM_RESERVED_PREFIXES.map((prefix) => `\\/?${anyCase(prefix)}`).join("|")})(\\/[a-zA-Z0-9_.-]+){1,15}$`,
);
/**
 * An ARN's partition and region as the provider's `verify.ValidARN` takes them (`^aws(-[a-z]+)*$`,
 * `^[a-z]{2}(-[a-z]+)+-\d{1,2}$`; one digit here, as every region has): AWS's API models take
 * any partition starting `aws` and any region, and the provider refuses the rest at preview.
 */
const PARTITION = "aws(?:-[a-z]+)*";
export const ARN_REGION = "[a-z]{2}(?:-[a-z]+)+-\\d";
const REGION = new RegExp(`^${ARN_REGION}$`);
/**
 * An Image Builder ARN of one kind, as another request takes it (Image Builder's API model), with
 * the partition and region as `verify.ValidARN` has them.
 */
const ibArn = (kind: string, owner: string, version: string): RegExp =>
  new RegExp(`^arn:${PARTITION}:imagebuilder:${ARN_REGION}:(?:\\d{12}|${owner}):${kind}/[a-z0-9_-]+${version}$`);
/** An AWS Organizations organization ARN in a partition (a pattern's text), as EC2 and Image Builder take it. */
export const organizationArn = (partition: string): RegExp =>
  new RegExp(`^arn:${partition}:organizations::\\d{12}:organization/o-[a-z0-9]{10,32}$`);
/** An AWS Organizations OU ARN in a partition (a pattern's text), as EC2 and Image Builder take it. */
export const ouArn = (partition: string): RegExp =>
  new RegExp(`^arn:${partition}:organizations::\\d{12}:ou/o-[a-z0-9]{10,32}/ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}$`);
/** Both with `verify.ValidARN`'s partitions. */
const ORG_ARN = organizationArn(PARTITION);
const OU_ARN = ouArn(PARTITION);
const ORG_NOTE = `${VALID_ARN} takes only the partitions aws(-[a-z]+)*: followed`;
const SEMVER_OR_X = "(?:\\d+|x)\\.(?:\\d+|x)\\.(?:\\d+|x)";
/** Policy documents (IAM's and KMS's): tab, line breaks and Latin-1 only. */
const POLICY_TEXT = /^[\t\n\r\u0020-\u00FF]+$/;

/** The first key an object of a JSON text repeats, or undefined; the text must parse. */
function repeatedKey(text: string): string | undefined {
  // One entry per open object (its keys so far) or array (undefined); `key` is whether a string there is a key.
  const open: (Set<string> | undefined)[] = [];
  let key = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === "\\" ? 2 : 1;
      const keys = open.at(-1);
      if (key && keys) {
        const name = JSON.parse(text.slice(i, end + 1)) as string;
        if (keys.has(name)) return name;
        keys.add(name);
      }
      key = false;
      i = end;
    } else if (c === "{" || c === "[") {
      open.push(c === "{" ? new Set() : undefined);
      key = c === "{";
    } else if (c === "}" || c === "]") {
      open.pop();
    } else if (c === ",") {
      key = open.at(-1) !== undefined;
    }
  }
  return undefined;
}

/**
 * A policy document as the provider's `verify.ValidIAMPolicyJSON` takes it (a role's trust policy,
 * an inline policy): a JSON object from its first character, no key repeated. A KMS key policy's
 * `validation.StringIsJSON` takes any JSON; this is stricter there.
 */
const policyJson = (value: string): string | undefined => {
  if (!value.startsWith("{")) return "not a JSON object from its first character";
  try {
    JSON.parse(value);
  } catch {
    return "not JSON";
  }
  const repeated = repeatedKey(value);
  return repeated === undefined ? undefined : `repeats the JSON key ${JSON.stringify(repeated)}`;
};

/**
 * IAM's and Systems Manager's tag keys and values: letters, digits, spaces and `_ . : / = + - @`
 * in any script (API_Tag.html of both). Exported for the catalog, whose tags reach roles and parameters.
 */
export const TAG_TEXT_CHARS = "\\p{L}\\p{Z}\\p{N}_.:/=+\\-@";
const TAG_KEY_TEXT = new RegExp(`^${NOT_AWS_PREFIX}[${TAG_TEXT_CHARS}]+$`, "u");
/**
 * A tag value of the characters IAM and Systems Manager take, the tightest of the services a
 * catalog's tags reach. Exported for the catalog's rules.
 */
export const TAG_VALUE_TEXT = new RegExp(`^[${TAG_TEXT_CHARS}]*$`, "u");

/** Exported for the catalog's rules: one place per number. */
export const LIMITS = {
  /** EC2 CopyImage `Name`: 3 to 128 characters. */
  amiName: { min: 3, max: 128 },
  /** CreateComponent `name`: the provider validates 1 to 126 characters, stricter than AWS's 128. */
  componentName: 126,
  /** EC2 AMI descriptions: up to 255 characters. */
  amiDescription: 255,
  /** Tags per resource and value lengths (EC2, Image Builder, IAM, KMS, SSM agree). */
  tagsPerResource: 50,
  /**
   * Tag key length. EC2's API reference says 127 (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_Tag.html:
   * "accept a maximum of 127 Unicode characters"), its user guide 128
   * (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/Using_Tags.html#tag-restrictions), and EBS
   * enforces 127 (awslabs/coldsnap#378). Every catalog tag reaches EC2 on the AMI copies, so the
   * stricter of the two binds everywhere.
   */
  tagKey: 127,
  tagValue: 256,
  /** Image Builder's `resourceTags` on build instances: fewer than on the AMI. */
  buildInstanceTags: 30,
  /** LifecyclePolicyDetailFilter `value` (age in the unit sent, days here). */
  lifecycleAge: { min: 1, max: 1000 },
  /** LifecyclePolicyDetailExclusionRulesAmisLastLaunched `value`. */
  lastLaunched: { min: 1, max: 365 },
  /**
   * EnableImageDeprecation `DeprecateAt`, in years: at most this far ahead, and for a public AMI
   * at most this long after its creation (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EnableImageDeprecation.html).
   */
  deprecateAtYears: { ahead: 10, publicAfterCreation: 2 },
  retainAtLeast: { min: 1, max: 10 },
  /**
   * Entries of a lifecycle exclusion rule's `tagMap`, for AMIs and for images alike
   * (LifecyclePolicyDetailExclusionRulesAmis, LifecyclePolicyDetailExclusionRules: "Maximum
   * number of 50 items"): one per channel of the image, and the released mark.
   */
  exclusionTags: 50,
  /** CreateComponent `data`: inline document, characters. */
  componentData: 16_000,
  /**
   * Recipe root volume (EbsInstanceBlockDeviceSpecification). The size as the provider validates
   * it; IOPS and throughput as Image Builder's API takes them (at most 64,000 and 1,000), below the
   * provider's 100,000 and 2,000 and below what gp3 and io2 volumes themselves take (`EBS_IOPS`).
   */
  volumeSize: { min: 1, max: 16_000 },
  iops: { min: 100, max: 64_000 },
  throughput: { min: 125, max: 1000 },
  testTimeout: { min: 60, max: 1440 },
  /** KMS key policy document, bytes. */
  keyPolicyBytes: 32_768,
  /** IAM role trust policy, characters (the default quota). */
  trustPolicy: 2048,
  /** Inline role policy, characters (the aggregate for one role is 10,240). */
  rolePolicy: 10_240,
  /** EventBridge Scheduler schedule and schedule group names (CreateSchedule, CreateScheduleGroup `Name`). */
  scheduleName: 64,
  /** Image Builder's idempotency tokens (StartImagePipelineExecution `clientToken`). */
  imageBuilderClientToken: 36,
  /** Image Builder distribution lists. */
  distributionAccounts: 1536,
  distributionOrganizations: 25,
  distributionOus: 25,
  /** CreateImageRecipe `components`: components per recipe. */
  recipeComponents: 20,
  /** AmiDistributionConfiguration `name`: the AMI name template before Image Builder expands it. */
  amiNameTemplate: 127,
  /** ImageCriterionRequest `ImageProviders`: image providers in one Allowed AMIs criterion. */
  allowedImageProviders: 200,
  /**
   * Sharing entities (accounts, organizations, OUs) one AMI may have launch permissions for per
   * Region: a hard quota, not an input (Amazon EC2 AMI quotas,
   * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ami-quotas.html).
   */
  sharingEntities: 1000,
  /** Image Builder's non-empty strings (descriptions, ARNs, key ids): 1 to 1,024 characters. */
  imageBuilderText: 1024,
  /** PutParameter `Name`: a fully qualified parameter name. */
  parameterName: 1011,
} as const;

/** Image Builder's non-empty strings: descriptions, ARNs, key ids. */
const IB_TEXT = { length: { min: 1, max: LIMITS.imageBuilderText } };

/**
 * What EBS itself takes per root volume type, which the provider's blanket ranges above do not
 * check: a recipe past them is created, and every build's RunInstances then fails on its block
 * device mapping. gp3 (https://docs.aws.amazon.com/ebs/latest/userguide/general-purpose.html):
 * 3,000 IOPS included, provisioned up to 80,000 at 500 IOPS per GiB, throughput at most 0.25 MiB/s
 * per provisioned IOPS (the 2025 raise from 16,000 IOPS and 1,000 MiB/s). io1 and io2
 * (https://docs.aws.amazon.com/ebs/latest/userguide/provisioned-iops.html): from 100 IOPS, io1 up
 * to 64,000 at 50 per GiB, io2 up to 256,000 at 1,000 per GiB. A recipe takes no more than
 * `LIMITS.iops` and `LIMITS.throughput` (Image Builder's API), which bind above those.
 */
export const EBS_IOPS = {
  gp3: { min: 3000, max: 80_000, perGiB: 500, default: 3000, throughputPerIops: 0.25 },
  io1: { min: 100, max: 64_000, perGiB: 50 },
  io2: { min: 100, max: 256_000, perGiB: 1000 },
} as const;

/**
 * Default quotas AWS raises on request: a catalog past them is valid, and `validate` warns with
 * the quota's name. Image Builder: 75 image pipelines per Region (EC2 Image Builder endpoints and
 * quotas, https://docs.aws.amazon.com/general/latest/gr/imagebuilder.html); EC2: 5 public AMIs
 * per Region (Amazon EC2 AMI quotas, https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ami-quotas.html).
 */
export const QUOTAS = {
  pipelines: { name: "Image pipelines", service: "EC2 Image Builder", default: 75 },
  publicAmis: { name: "Public AMIs", service: "Amazon EC2", default: 5 },
} as const;

/**
 * The characters of a tag key every Image Builder tag map takes. The HTML API reference gives
 * resource `tags` and `amiTags` `^(?!aws:)[a-zA-Z+-=._:/]+$` (ASCII letters, and `+` to `=`:
 * digits and `, - . / : ; <`; API_StartImagePipelineExecution.html, API_AmiDistributionConfiguration.html);
 * the newer markdown copy of AmiDistributionConfiguration and Image Builder's API model (one
 * `TagKey` shape for every tag map, tests/fixtures/aws-api-models.json)
 * `^(?!aws:)[a-zA-Z0-9\s_.:/=+\-@]*$`. Which of the two the service enforces is not known here,
 * so this is what both take: no space, no `@`, ASCII only.
 */
export const IMAGE_BUILDER_TAG_KEY_CHARS = "A-Za-z0-9_.:/=+-";
const IMAGE_BUILDER_TAG_KEY = new RegExp(`^${NOT_AWS_PREFIX}[${IMAGE_BUILDER_TAG_KEY_CHARS}]+$`);

interface TagRules {
  max?: number;
  key?: RegExp;
  value?: RegExp;
  /** Scheduler refuses an empty value. */
  valueMin?: number;
}

function tags(type: string, path: string, source: string, rules: TagRules = {}): LimitRow[] {
  const { max = LIMITS.tagsPerResource, key = NOT_AWS_KEY, value, valueMin = 0 } = rules;
  return [
    { type, path, bounds: { count: { max } }, source },
    { type, path: `${path}{}`, bounds: { length: { min: 1, max: LIMITS.tagKey }, pattern: key }, source },
    {
      type,
      path: `${path}.*`,
      bounds: { length: { min: valueMin, max: LIMITS.tagValue }, ...(value ? { pattern: value } : {}) },
      source,
    },
  ];
}

/** IAM's and Systems Manager's tags: their characters. */
const textTags = (type: string, path: string, source: string): LimitRow[] =>
  tags(type, path, source, { key: TAG_KEY_TEXT, value: TAG_VALUE_TEXT });

const versionNodes = (value: string): string | undefined =>
  value
    .split(".")
    .map(Number)
    .some((node) => node > MAX_VERSION_NODE)
    ? `a version node is over ${MAX_VERSION_NODE}`
    : undefined;

const names = (type: string, source: string): LimitRow => ({ type, path: "name", bounds: { pattern: IB_NAME }, source });
const region = (type: string): LimitRow => ({
  type,
  path: "region",
  bounds: { pattern: REGION },
  source: "https://docs.aws.amazon.com/general/latest/gr/rande.html",
});
const arn = (type: string, path: string, source: string, pattern = /^arn:aws[a-z-]*:/, note?: string): LimitRow => ({
  type,
  path,
  bounds: { ...IB_TEXT, pattern },
  source,
  ...(note === undefined ? {} : { note }),
});

const imageBuilderTags = (type: string, path: string, source: string, max?: number): LimitRow[] =>
  tags(type, path, source, { max, key: IMAGE_BUILDER_TAG_KEY });

const IMAGE_BUILDER: LimitRow[] = [
  names(T.component, `${IB}/API_CreateComponent.html`),
  {
    type: T.component,
    path: "name",
    bounds: { length: { min: 1, max: LIMITS.componentName } },
    source: `${IB}/API_CreateComponent.html`,
    note: `${TF}/component.go validates 1 to 126 characters, stricter than AWS's 128: followed`,
  },
  {
    type: T.component,
    path: "data",
    bounds: { length: { min: 1, max: LIMITS.componentData }, pattern: /^[^\0]+$/ },
    source: `${IB}/API_CreateComponent.html`,
    note: `${TF}/component.go validates 1 to 16,000 characters`,
  },
  { type: T.component, path: "description", bounds: IB_TEXT, source: `${IB}/API_CreateComponent.html` },
  {
    type: T.component,
    path: "platform",
    bounds: { values: ["Linux", "Windows", "macOS"] },
    source: `${IB}/API_CreateComponent.html`,
  },
  {
    type: T.component,
    path: "version",
    bounds: { pattern: /^\d+\.\d+\.\d+$/, check: versionNodes },
    source: `${IB}/API_CreateComponent.html`,
  },
  region(T.component),
  ...imageBuilderTags(T.component, "tags", `${IB}/API_CreateComponent.html`),

  names(T.recipe, `${IB}/API_CreateImageRecipe.html`),
  { type: T.recipe, path: "description", bounds: IB_TEXT, source: `${IB}/API_CreateImageRecipe.html` },
  {
    type: T.recipe,
    path: "version",
    bounds: { pattern: /^\d+\.\d+\.\d+$/, check: versionNodes },
    source: `${IB}/API_CreateImageRecipe.html`,
  },
  { type: T.recipe, path: "parentImage", bounds: IB_TEXT, source: `${IB}/API_CreateImageRecipe.html` },
  {
    type: T.recipe,
    path: "components",
    bounds: { count: { min: 1, max: LIMITS.recipeComponents } },
    source: `${IB}/API_CreateImageRecipe.html`,
  },
  arn(
    T.recipe,
    "components[].componentArn",
    `${IB}/API_ComponentConfiguration.html`,
    ibArn("component", "aws(?:-managed|-marketplace)?", `/(?:${SEMVER_OR_X}|\\d+\\.\\d+\\.\\d+/\\d+)`),
    `${TF}/image_recipe.go validates component_arn with ${VALID_ARN}: partitions aws(-[a-z]+)*, regions like us-east-1, ` +
      "owners aws, aws-managed, aws-marketplace, third-party or 12 digits (AWS's API model takes any region and no third-party): followed; " +
      "aws-marketplace is in the validator's account pattern from its aws-sdk-go-v2 versions (a 2026 copy of internal/verify/validate.go), not in older ones",
  ),
  {
    type: T.recipe,
    path: "blockDeviceMappings[].deviceName",
    bounds: IB_TEXT,
    source: `${IB}/API_InstanceBlockDeviceMapping.html`,
  },
  ...(["deleteOnTermination", "encrypted"] as const).map((p) => ({
    type: T.recipe,
    path: `blockDeviceMappings[].ebs.${p}`,
    bounds: { values: ["true", "false"] },
    source: `${IB}/API_EbsInstanceBlockDeviceSpecification.html`,
    note: "the provider takes these booleans as strings",
  })),
  arn(T.recipe, "blockDeviceMappings[].ebs.kmsKeyId", `${IB}/API_EbsInstanceBlockDeviceSpecification.html`),
  ...(
    [
      // The provider's own maximum where the API's is lower.
      ["volumeSize", LIMITS.volumeSize, undefined],
      ["iops", LIMITS.iops, "100,000"],
      ["throughput", LIMITS.throughput, "2,000"],
    ] as const
  ).map(([p, range, providerMax]) => ({
    type: T.recipe,
    path: `blockDeviceMappings[].ebs.${p}`,
    bounds: { range },
    source: `${IB}/API_EbsInstanceBlockDeviceSpecification.html`,
    note:
      providerMax === undefined
        ? `${TF}/image_recipe.go validates ${range.min} to ${range.max}: followed`
        : `${TF}/image_recipe.go validates up to ${providerMax}; the API takes at most ${range.max}: followed`,
  })),
  {
    type: T.recipe,
    path: "blockDeviceMappings[].ebs.volumeType",
    bounds: { values: ["standard", "io1", "io2", "gp2", "gp3", "sc1", "st1"] },
    source: `${IB}/API_EbsInstanceBlockDeviceSpecification.html`,
  },
  region(T.recipe),
  ...imageBuilderTags(T.recipe, "tags", `${IB}/API_CreateImageRecipe.html`),

  names(T.infrastructure, `${IB}/API_CreateInfrastructureConfiguration.html`),
  { type: T.infrastructure, path: "description", bounds: IB_TEXT, source: `${IB}/API_CreateInfrastructureConfiguration.html` },
  {
    type: T.infrastructure,
    path: "instanceProfileName",
    bounds: { length: { min: 1, max: 256 }, pattern: /^[\w+=,.@-]+$/ },
    source: `${IB}/API_CreateInfrastructureConfiguration.html`,
  },
  {
    type: T.infrastructure,
    path: "instanceTypes[]",
    bounds: { pattern: /^[a-z0-9-]+\.[a-z0-9]+$/ },
    source: `${EC2}/API_InstanceTypeInfo.html`,
  },
  {
    type: T.infrastructure,
    path: "subnetId",
    bounds: { pattern: /^subnet-[0-9a-f]+$/ },
    source: `${IB}/API_CreateInfrastructureConfiguration.html`,
  },
  {
    type: T.infrastructure,
    path: "securityGroupIds[]",
    bounds: { pattern: /^sg-[0-9a-f]+$/ },
    source: `${IB}/API_CreateInfrastructureConfiguration.html`,
  },
  {
    type: T.infrastructure,
    path: "instanceMetadataOptions.httpPutResponseHopLimit",
    bounds: { range: { min: 1, max: 64 } },
    source: `${IB}/API_InstanceMetadataOptions.html`,
  },
  {
    type: T.infrastructure,
    path: "instanceMetadataOptions.httpTokens",
    bounds: { values: ["required", "optional"] },
    source: `${IB}/API_InstanceMetadataOptions.html`,
  },
  region(T.infrastructure),
  ...imageBuilderTags(T.infrastructure, "tags", `${IB}/API_CreateInfrastructureConfiguration.html`),
  ...imageBuilderTags(
    T.infrastructure,
    "resourceTags",
    `${IB}/API_CreateInfrastructureConfiguration.html`,
    LIMITS.buildInstanceTags,
  ),

  names(T.distribution, `${IB}/API_CreateDistributionConfiguration.html`),
  {
    type: T.distribution,
    path: "name",
    bounds: { length: { min: 1, max: 126 } },
    source: `${IB}/API_CreateDistributionConfiguration.html`,
    note: `${TF}/distribution_configuration.go validates 1 to 126 characters, stricter than AWS's 128: followed`,
  },
  { type: T.distribution, path: "description", bounds: IB_TEXT, source: `${IB}/API_CreateDistributionConfiguration.html` },
  { type: T.distribution, path: "distributions[].region", bounds: { pattern: REGION }, source: `${IB}/API_Distribution.html` },
  {
    type: T.distribution,
    path: "distributions[].amiDistributionConfiguration.name",
    bounds: {
      length: { min: 1, max: LIMITS.amiNameTemplate },
      pattern: /^[-_A-Za-z0-9{][-_A-Za-z0-9\t\n\f\r :{}.]+[-_A-Za-z0-9}]$/,
    },
    source: `${IB}/API_AmiDistributionConfiguration.html`,
    note:
      `${TF}/distribution_configuration.go matches the API's pattern in Go, whose \\s is only tab, line feed, form feed, ` +
      "carriage return and space (JavaScript's also takes other Unicode spaces): followed",
  },
  {
    type: T.distribution,
    path: "distributions[].amiDistributionConfiguration.description",
    bounds: { length: { min: 1, max: LIMITS.amiDescription } },
    source: `${IB}/API_AmiDistributionConfiguration.html`,
    note: `Image Builder allows 1 to 1,024, but this is the description of the AMI it creates and copies, which EC2 holds to ${LIMITS.amiDescription} (${EC2}/API_RegisterImage.html): followed`,
  },
  arn(T.distribution, "distributions[].amiDistributionConfiguration.kmsKeyId", `${IB}/API_AmiDistributionConfiguration.html`),
  ...imageBuilderTags(
    T.distribution,
    "distributions[].amiDistributionConfiguration.amiTags",
    `${IB}/API_AmiDistributionConfiguration.html`,
  ),
  {
    type: T.distribution,
    path: "distributions[].amiDistributionConfiguration.targetAccountIds",
    bounds: { count: { min: 1, max: LIMITS.distributionAccounts } },
    source: `${IB}/API_AmiDistributionConfiguration.html`,
  },
  {
    type: T.distribution,
    path: "distributions[].amiDistributionConfiguration.targetAccountIds[]",
    bounds: { pattern: ACCOUNT_ID },
    source: `${IB}/API_AmiDistributionConfiguration.html`,
  },
  ...(
    [
      ["userIds", LIMITS.distributionAccounts, ACCOUNT_ID],
      ["organizationArns", LIMITS.distributionOrganizations, ORG_ARN],
      ["organizationalUnitArns", LIMITS.distributionOus, OU_ARN],
      ["userGroups", 1, /^all$/],
    ] as const
  ).flatMap(([list, max, pattern]) => [
    {
      type: T.distribution,
      path: `distributions[].amiDistributionConfiguration.launchPermission.${list}`,
      bounds: { count: { min: 1, max } },
      source: `${IB}/API_LaunchPermissionConfiguration.html`,
    },
    {
      type: T.distribution,
      path: `distributions[].amiDistributionConfiguration.launchPermission.${list}[]`,
      bounds: { pattern },
      source: `${IB}/API_LaunchPermissionConfiguration.html`,
      ...(list.startsWith("organization") ? { note: `${TF}/distribution_configuration.go: ${ORG_NOTE}` } : {}),
    },
  ]),
  region(T.distribution),
  ...imageBuilderTags(T.distribution, "tags", `${IB}/API_CreateDistributionConfiguration.html`),

  names(T.pipeline, `${IB}/API_CreateImagePipeline.html`),
  { type: T.pipeline, path: "description", bounds: IB_TEXT, source: `${IB}/API_CreateImagePipeline.html` },
  arn(T.pipeline, "imageRecipeArn", `${IB}/API_CreateImagePipeline.html`, ibArn("image-recipe", "aws", `/${SEMVER_OR_X}`)),
  ...(["infrastructure", "distribution"] as const).map((kind) =>
    arn(T.pipeline, `${kind}ConfigurationArn`, `${IB}/API_CreateImagePipeline.html`, ibArn(`${kind}-configuration`, "aws", "")),
  ),
  {
    type: T.pipeline,
    path: "schedule.scheduleExpression",
    bounds: { length: { min: 1, max: 1024 } },
    source: `${IB}/API_Schedule.html`,
  },
  {
    type: T.pipeline,
    path: "schedule.timezone",
    bounds: { length: { min: 3, max: 100 }, pattern: SCHEDULE_TIMEZONE },
    source: `${IB}/API_Schedule.html`,
  },
  {
    type: T.pipeline,
    path: "schedule.pipelineExecutionStartCondition",
    bounds: { values: ["EXPRESSION_MATCH_ONLY", "EXPRESSION_MATCH_AND_DEPENDENCY_UPDATES_AVAILABLE"] },
    source: `${IB}/API_Schedule.html`,
  },
  {
    type: T.pipeline,
    path: "imageTestsConfiguration.timeoutMinutes",
    bounds: { range: LIMITS.testTimeout },
    source: `${IB}/API_ImageTestsConfiguration.html`,
  },
  { type: T.pipeline, path: "status", bounds: { values: ["DISABLED", "ENABLED"] }, source: `${IB}/API_CreateImagePipeline.html` },
  region(T.pipeline),
  ...imageBuilderTags(T.pipeline, "tags", `${IB}/API_CreateImagePipeline.html`),

  names(T.lifecycle, `${IB}/API_CreateLifecyclePolicy.html`),
  { type: T.lifecycle, path: "description", bounds: IB_TEXT, source: `${IB}/API_CreateLifecyclePolicy.html` },
  {
    type: T.lifecycle,
    path: "executionRole",
    bounds: { length: { min: 1, max: 2048 }, pattern: new RegExp(`^arn:${PARTITION}:iam::\\d{12}:role/[\\w+=,.@/-]+$`) },
    source: `${IB}/API_CreateLifecyclePolicy.html`,
    note:
      `${TF}/lifecycle_policy.go types execution_role as fwtypes.ARNType, which refuses what arn.IsARN does not take: ` +
      "the role's ARN, not the bare name AWS's API also takes: followed",
  },
  {
    type: T.lifecycle,
    path: "resourceType",
    bounds: { values: ["AMI_IMAGE", "CONTAINER_IMAGE"] },
    source: `${IB}/API_CreateLifecyclePolicy.html`,
  },
  {
    type: T.lifecycle,
    path: "status",
    bounds: { values: ["DISABLED", "ENABLED"] },
    source: `${IB}/API_CreateLifecyclePolicy.html`,
  },
  {
    type: T.lifecycle,
    path: "policyDetails",
    bounds: { count: { min: 1, max: 3 } },
    source: `${IB}/API_CreateLifecyclePolicy.html`,
  },
  {
    type: T.lifecycle,
    path: "policyDetails[].action.type",
    bounds: { values: ["DELETE", "DEPRECATE", "DISABLE"] },
    source: `${IB}/API_LifecyclePolicyDetailAction.html`,
  },
  {
    type: T.lifecycle,
    path: "policyDetails[].filter.type",
    bounds: { values: ["AGE", "COUNT"] },
    source: `${IB}/API_LifecyclePolicyDetailFilter.html`,
  },
  {
    type: T.lifecycle,
    path: "policyDetails[].filter.value",
    bounds: { range: LIMITS.lifecycleAge },
    source: `${IB}/API_LifecyclePolicyDetailFilter.html`,
  },
  {
    type: T.lifecycle,
    path: "policyDetails[].filter.retainAtLeast",
    bounds: { range: LIMITS.retainAtLeast },
    source: `${IB}/API_LifecyclePolicyDetailFilter.html`,
  },
  ...["policyDetails[].filter.unit", "policyDetails[].exclusionRules.amis.lastLaunched.unit"].map((path) => ({
    type: T.lifecycle,
    path,
    bounds: { values: ["DAYS", "WEEKS", "MONTHS", "YEARS"] },
    source: `${IB}/API_LifecyclePolicyDetailFilter.html`,
  })),
  {
    type: T.lifecycle,
    path: "policyDetails[].exclusionRules.amis.lastLaunched.value",
    bounds: { range: LIMITS.lastLaunched },
    source: `${IB}/API_LifecyclePolicyDetailExclusionRulesAmisLastLaunched.html`,
  },
  // Tags that keep served AMIs out of the policy.
  ...imageBuilderTags(
    T.lifecycle,
    "policyDetails[].exclusionRules.tagMap",
    `${IB}/API_LifecyclePolicyDetailExclusionRules.html`,
    LIMITS.exclusionTags,
  ),
  ...imageBuilderTags(
    T.lifecycle,
    "policyDetails[].exclusionRules.amis.tagMap",
    `${IB}/API_LifecyclePolicyDetailExclusionRulesAmis.html`,
    LIMITS.exclusionTags,
  ),
  {
    type: T.lifecycle,
    path: "resourceSelection.recipes",
    bounds: { count: { min: 1, max: 50 } },
    source: `${IB}/API_LifecyclePolicyResourceSelection.html`,
  },
  {
    type: T.lifecycle,
    path: "resourceSelection.recipes[].name",
    bounds: { pattern: IB_NAME },
    source: `${IB}/API_LifecyclePolicyResourceSelectionRecipe.html`,
  },
  {
    type: T.lifecycle,
    path: "resourceSelection.recipes[].semanticVersion",
    bounds: { pattern: /^(x|\d+)\.(x|\d+)\.(x|\d+)$/ },
    source: `${IB}/API_LifecyclePolicyResourceSelectionRecipe.html`,
    note: "@pulumi/aws 7.48 documents x.x.x wildcards here (the provider's older validator took only numbers): followed",
  },
  region(T.lifecycle),
  ...imageBuilderTags(T.lifecycle, "tags", `${IB}/API_CreateLifecyclePolicy.html`),
];

const EC2_ROWS: LimitRow[] = [
  {
    type: T.amiCopy,
    path: "name",
    bounds: { length: LIMITS.amiName, pattern: /^[A-Za-z0-9()[\] ./\-'@_]+$/ },
    source: `${EC2}/API_CopyImage.html`,
  },
  {
    type: T.amiCopy,
    path: "description",
    bounds: { length: { min: 0, max: LIMITS.amiDescription } },
    source: `${EC2}/API_RegisterImage.html`,
  },
  { type: T.amiCopy, path: "sourceAmiId", bounds: { pattern: AMI_ID }, source: `${EC2}/API_CopyImage.html` },
  { type: T.amiCopy, path: "sourceAmiRegion", bounds: { pattern: REGION }, source: `${EC2}/API_CopyImage.html` },
  {
    type: T.amiCopy,
    path: "kmsKeyId",
    bounds: { ...IB_TEXT, pattern: new RegExp(`^arn:${PARTITION}:kms:${ARN_REGION}:\\d{12}:key/[\\w-]+$`) },
    source: `${EC2}/API_CopyImage.html`,
    note: `${TF_SERVICE}/ec2/ec2_ami_copy.go validates kms_key_id with ${VALID_ARN}: a whole key ARN: followed`,
  },
  {
    type: T.amiCopy,
    path: "deprecationTime",
    bounds: { pattern: ISO_UTC, check: (value) => (normalizeUtcTime(value) === value ? undefined : "not a real UTC time") },
    source: `${EC2}/API_EnableImageDeprecation.html`,
    note: `${TF_SERVICE}/ec2/ec2_ami_copy.go validates validation.IsRFC3339Time, which refuses a day or time that does not exist: followed`,
  },
  region(T.amiCopy),
  ...tags(T.amiCopy, "tags", `${EC2}/API_Tag.html`),
  { type: T.grant, path: "imageId", bounds: { pattern: AMI_ID }, source: `${EC2}/API_ModifyImageAttribute.html` },
  { type: T.grant, path: "accountId", bounds: { pattern: ACCOUNT_ID }, source: `${EC2}/API_LaunchPermission.html` },
  {
    type: T.grant,
    path: "organizationArn",
    bounds: { pattern: ORG_ARN },
    source: `${EC2}/API_LaunchPermission.html`,
    note: `${TF_SERVICE}/ec2/ec2_ami_launch_permission.go: ${ORG_NOTE}`,
  },
  {
    type: T.grant,
    path: "organizationalUnitArn",
    bounds: { pattern: OU_ARN },
    source: `${EC2}/API_LaunchPermission.html`,
    note: `${TF_SERVICE}/ec2/ec2_ami_launch_permission.go: ${ORG_NOTE}`,
  },
  { type: T.grant, path: "group", bounds: { values: ["all"] }, source: `${EC2}/API_LaunchPermission.html` },
  region(T.grant),
  // The stack tags only AMIs with aws:ec2/tag (the served tags of build-region builds).
  { type: T.ec2Tag, path: "resourceId", bounds: { pattern: AMI_ID }, source: `${EC2}/API_CreateTags.html` },
  {
    type: T.ec2Tag,
    path: "key",
    bounds: { length: { min: 1, max: LIMITS.tagKey }, pattern: NOT_AWS_KEY },
    source: `${EC2}/API_Tag.html`,
  },
  { type: T.ec2Tag, path: "value", bounds: { length: { min: 0, max: LIMITS.tagValue } }, source: `${EC2}/API_Tag.html` },
  region(T.ec2Tag),
  {
    type: T.blockPublicAccess,
    path: "state",
    bounds: { values: ["block-new-sharing", "unblocked"] },
    source: `${EC2}/API_GetImageBlockPublicAccessState.html`,
  },
  region(T.blockPublicAccess),
  {
    type: T.allowedImages,
    path: "state",
    bounds: { values: ["enabled", "audit-mode"] },
    source: `${EC2}/API_EnableAllowedImagesSettings.html`,
  },
  {
    type: T.allowedImages,
    path: "imageCriterions",
    bounds: { count: { min: 1, max: 10 } },
    source: `${EC2}/API_ReplaceImageCriteriaInAllowedImagesSettings.html`,
  },
  {
    type: T.allowedImages,
    path: "imageCriterions[].imageProviders",
    bounds: { count: { min: 1, max: LIMITS.allowedImageProviders } },
    source: `${EC2}/API_ImageCriterionRequest.html`,
  },
  {
    type: T.allowedImages,
    path: "imageCriterions[].imageProviders[]",
    bounds: { pattern: IMAGE_PROVIDER },
    source: `${EC2}/API_ImageCriterionRequest.html`,
  },
  region(T.allowedImages),
];

const IAM_ROWS: LimitRow[] = [
  ...[T.role, T.profile, T.rolePolicy].map((type) => ({
    type,
    path: "name",
    bounds: { length: { min: 1, max: type === T.profile ? 128 : type === T.role ? 64 : 128 }, pattern: /^[\w+=,.@-]+$/ },
    source: `${IAM}/${type === T.role ? "API_CreateRole" : type === T.profile ? "API_CreateInstanceProfile" : "API_PutRolePolicy"}.html`,
  })),
  ...[T.profile, T.rolePolicy, T.attachment].map((type) => ({
    type,
    path: "role",
    bounds: { length: { min: 1, max: 64 }, pattern: /^[\w+=,.@-]+$/ },
    source: `${IAM}/API_CreateRole.html`,
  })),
  {
    type: T.role,
    path: "description",
    bounds: { length: { min: 0, max: 1000 }, pattern: /^[\t\n\r\u0020-\u007E\u00A1-\u00FF]*$/ },
    source: `${IAM}/API_CreateRole.html`,
  },
  {
    type: T.role,
    path: "assumeRolePolicy",
    bounds: { length: { min: 1, max: LIMITS.trustPolicy }, pattern: POLICY_TEXT, check: policyJson },
    source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html",
    note:
      "role trust policy length, 2,048 characters by default (a quota AWS can raise to 4,096); " +
      `${TF_SERVICE}/iam/role.go validates verify.ValidIAMPolicyJSON: followed`,
  },
  {
    type: T.rolePolicy,
    path: "policy",
    bounds: { length: { min: 1, max: LIMITS.rolePolicy }, pattern: POLICY_TEXT, check: policyJson },
    source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html",
    note: `${TF_SERVICE}/iam/role_policy.go validates verify.ValidIAMPolicyJSON: followed`,
  },
  {
    type: T.attachment,
    path: "policyArn",
    bounds: { length: { min: 20, max: 2048 }, pattern: new RegExp(`^arn:${PARTITION}:iam::(?:\\d{12}|aws):policy/.`) },
    source: `${IAM}/API_AttachRolePolicy.html`,
    note: `${TF_SERVICE}/iam/role_policy_attachment.go validates policy_arn with ${VALID_ARN}: partitions aws(-[a-z]+)*: followed`,
  },
  {
    type: T.role,
    path: "permissionsBoundary",
    bounds: { length: { min: 20, max: 2048 }, pattern: new RegExp(`^arn:${PARTITION}:iam::\\d{12}:policy/.`) },
    source: `${IAM}/API_CreateRole.html`,
    note: `${TF_SERVICE}/iam/role.go validates permissions_boundary with ${VALID_ARN}: partitions aws(-[a-z]+)*: followed`,
  },
  ...textTags(T.role, "tags", `${IAM}/API_Tag.html`),
  ...textTags(T.profile, "tags", `${IAM}/API_Tag.html`),
];

/**
 * A KMS grant's principal within CreateGrant's characters: an ARN as `verify.ValidARN` takes it,
 * or a service principal as `verify.ValidServicePrincipal` does.
 */
const GRANT_PRINCIPAL = new RegExp(
  `^(?:arn:${PARTITION}:[a-z0-9-]+:(?:${ARN_REGION})?:(?:\\d{12})?:[\\w+=,.@/-]+|(?:[0-9a-z-]+\\.){1,4}(?:amazonaws|amazon)\\.com)$`,
);

const KMS_ROWS: LimitRow[] = [
  {
    type: T.key,
    path: "policy",
    bounds: { bytes: LIMITS.keyPolicyBytes, pattern: POLICY_TEXT, check: policyJson },
    source: `${KMS}/API_CreateKey.html`,
    note: `${TF_SERVICE}/kms/key.go validates validation.StringIsJSON: followed, and held to a JSON object as IAM's are`,
  },
  { type: T.key, path: "description", bounds: { length: { min: 0, max: 8192 } }, source: `${KMS}/API_CreateKey.html` },
  {
    type: T.key,
    path: "deletionWindowInDays",
    bounds: { range: { min: 7, max: 30 } },
    source: `${KMS}/API_ScheduleKeyDeletion.html`,
  },
  region(T.key),
  ...tags(T.key, "tags", `${KMS}/API_Tag.html`),
  {
    type: T.alias,
    path: "name",
    bounds: { length: { min: 1, max: 256 }, pattern: /^alias\/(?!aws\/)[a-zA-Z0-9/_-]+$/ },
    source: `${KMS}/API_CreateAlias.html`,
  },
  { type: T.alias, path: "targetKeyId", bounds: { length: { min: 1, max: 2048 } }, source: `${KMS}/API_CreateAlias.html` },
  region(T.alias),
  { type: T.kmsGrant, path: "keyId", bounds: { length: { min: 1, max: 2048 } }, source: `${KMS}/API_CreateGrant.html` },
  ...["granteePrincipal", "retiringPrincipal"].map((path) => ({
    type: T.kmsGrant,
    path,
    bounds: { length: { min: 1, max: 256 }, pattern: GRANT_PRINCIPAL },
    source: `${KMS}/API_CreateGrant.html`,
    note:
      `${TF_SERVICE}/kms/grant.go validates ${VALID_ARN} or verify.ValidServicePrincipal: an ARN or a service principal ` +
      "(AWS's API takes any of its characters): followed",
  })),
  {
    type: T.kmsGrant,
    path: "operations[]",
    bounds: {
      values: [
        "Decrypt",
        "Encrypt",
        "GenerateDataKey",
        "GenerateDataKeyWithoutPlaintext",
        "ReEncryptFrom",
        "ReEncryptTo",
        "Sign",
        "Verify",
        "GetPublicKey",
        "CreateGrant",
        "RetireGrant",
        "DescribeKey",
        "GenerateDataKeyPair",
        "GenerateDataKeyPairWithoutPlaintext",
        "GenerateMac",
        "VerifyMac",
        "DeriveSharedSecret",
      ],
    },
    source: `${KMS}/API_CreateGrant.html`,
  },
  region(T.kmsGrant),
];

const SSM_ROWS: LimitRow[] = [
  {
    type: T.parameter,
    path: "name",
    bounds: { length: { min: 1, max: LIMITS.parameterName }, pattern: SSM_PARAMETER_NAME },
    source: `${SSM}/API_PutParameter.html`,
    note:
      "1,011 characters for a fully qualified name, at most 15 levels (Systems Manager user guide, parameter hierarchies); " +
      "not beginning with aws or ssm (PutParameter's naming constraints)",
  },
  { type: T.parameter, path: "description", bounds: { length: { min: 0, max: 1024 } }, source: `${SSM}/API_PutParameter.html` },
  {
    type: T.parameter,
    path: "value",
    bounds: { pattern: AMI_ID },
    source: `${SSM}/API_PutParameter.html`,
    note: "data type aws:ec2:image takes an AMI id",
  },
  {
    type: T.parameter,
    path: "type",
    bounds: { values: ["String", "StringList", "SecureString"] },
    source: `${SSM}/API_PutParameter.html`,
  },
  {
    type: T.parameter,
    path: "dataType",
    bounds: { values: ["text", "aws:ec2:image", "aws:ssm:integration"] },
    source: `${SSM}/API_PutParameter.html`,
  },
  region(T.parameter),
  ...textTags(T.parameter, "tags", `${SSM}/API_AddTagsToResource.html`),
];

/** Schedule and schedule group names: 1 to 64 letters, digits, `-`, `_` and `.`. */
const SCHEDULE_NAME = { length: { min: 1, max: LIMITS.scheduleName }, pattern: new RegExp(`^[${SCHEDULE_NAME_CHARACTERS}]+$`) };

/** StartImagePipelineExecution's request, as the schedule's universal target sends it: both required parameters. */
const startPipelineInput = (value: string): string | undefined => {
  let request: Record<string, unknown>;
  try {
    request = JSON.parse(value) as Record<string, unknown>;
  } catch {
    return "not JSON";
  }
  const token = request.clientToken;
  if (typeof request.imagePipelineArn !== "string" || !/^arn:aws[^:]*:imagebuilder:/.test(request.imagePipelineArn)) {
    return "imagePipelineArn is not an Image Builder ARN";
  }
  if (typeof token !== "string" || token.length < 1 || token.length > LIMITS.imageBuilderClientToken) {
    return `clientToken must be 1 to ${LIMITS.imageBuilderClientToken} characters`;
  }
  return undefined;
};

/** A row of the first-build schedule's inputs, from the Scheduler API reference page given. */
const onSchedule = (path: string, bounds: Bounds, page = "API_CreateSchedule", note?: string): LimitRow => ({
  type: T.schedule,
  path,
  bounds,
  source: `${SCHEDULER}/${page}.html`,
  ...(note === undefined ? {} : { note }),
});

// The one-time schedule that starts a new pipeline's first build (components/image-pipeline.ts).
const SCHEDULER_ROWS: LimitRow[] = [
  onSchedule("name", SCHEDULE_NAME),
  onSchedule("groupName", SCHEDULE_NAME),
  onSchedule("description", { length: { min: 0, max: 512 } }),
  onSchedule(
    "scheduleExpression",
    { length: { min: 1, max: 256 }, pattern: /^at\(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\)$/ },
    "API_CreateSchedule",
    "the stack sends only one-time at() expressions (EventBridge Scheduler user guide, Schedule types)",
  ),
  onSchedule("scheduleExpressionTimezone", { length: { min: 1, max: 50 } }),
  onSchedule("actionAfterCompletion", { values: ["NONE", "DELETE"] }),
  onSchedule("flexibleTimeWindow.mode", { values: ["OFF", "FLEXIBLE"] }, "API_FlexibleTimeWindow"),
  onSchedule(
    "target.arn",
    { length: { min: 1, max: 1600 }, pattern: new RegExp(`^arn:${PARTITION}:scheduler:::aws-sdk:[a-z0-9]+:[a-zA-Z]+$`) },
    "API_Target",
    "a universal target: arn:aws:scheduler:::aws-sdk:<SDK service>:<API action> (EventBridge Scheduler user guide, Using universal targets); " +
      `${TF_SERVICE}/scheduler/schedule.go validates target.arn with ${VALID_ARN}: partitions aws(-[a-z]+)*: followed`,
  ),
  onSchedule(
    "target.roleArn",
    { length: { min: 1, max: 1600 }, pattern: /^arn:aws(-[a-z]+)?:iam::\d{12}:role\/[\w+=,.@/-]+$/ },
    "API_Target",
  ),
  {
    type: T.schedule,
    path: "target.input",
    bounds: { length: { min: 1, max: 8192 }, check: startPipelineInput },
    source: `${IB}/API_StartImagePipelineExecution.html`,
    note: `${SCHEDULER}/API_Target.html takes any JSON of at least one character; this row checks the request StartImagePipelineExecution requires (8,192 characters is ours, for a request of two ARNs)`,
  },
  region(T.schedule),
  { type: T.scheduleGroup, path: "name", bounds: SCHEDULE_NAME, source: `${SCHEDULER}/API_CreateScheduleGroup.html` },
  ...tags(T.scheduleGroup, "tags", `${SCHEDULER}/API_Tag.html`, { max: 200, valueMin: 1 }),
  region(T.scheduleGroup),
];

const PROVIDER_CONFIG = "provider configuration, read by the AWS provider itself and not sent to an AWS API as is";
const OTHER_ROWS: LimitRow[] = [
  ...["allowedAccountIds", "assumeRoles", "defaultTags", "skipCredentialsValidation", "skipRegionValidation"].map((path) => ({
    type: T.provider,
    path,
    none: PROVIDER_CONFIG,
    source: "https://www.pulumi.com/registry/packages/aws/api-docs/provider/",
  })),
  region(T.provider),
  ...["byteLength", "keepers{}", "keepers.*"].map((path) => ({
    type: T.randomId,
    path,
    none: "the random provider runs locally; nothing reaches AWS",
    source: "https://www.pulumi.com/registry/packages/random/api-docs/randomid/",
  })),
];

export const AWS_LIMITS: readonly LimitRow[] = [
  ...IMAGE_BUILDER,
  ...EC2_ROWS,
  ...IAM_ROWS,
  ...KMS_ROWS,
  ...SSM_ROWS,
  ...SCHEDULER_ROWS,
  ...OTHER_ROWS,
];

/** Rows by input path, of one resource type. */
export type TypeRows = ReadonlyMap<string, readonly LimitRow[]>;

/** The rows of one resource type, by path: a path may have several (the provider's and AWS's). */
export function rowsOf(type: string): TypeRows {
  return INDEX.get(type) ?? NONE;
}

const NONE: TypeRows = new Map();
const INDEX = new Map<string, Map<string, LimitRow[]>>();
for (const row of AWS_LIMITS) {
  const byPath = INDEX.get(row.type) ?? new Map<string, LimitRow[]>();
  byPath.set(row.path, [...(byPath.get(row.path) ?? []), row]);
  INDEX.set(row.type, byPath);
}
