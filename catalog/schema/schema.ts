/**
 * The catalog's schema, defined once. Validation, the JSON Schema that editors use and the
 * catalog reference in docs/ are all derived from this file, so they cannot disagree.
 *
 * The schema checks shapes and single values. Rules that need more than one field (unknown
 * account names, a region list that omits nothing it must keep, limits summed over an image)
 * live in rules.ts.
 */
import { z } from "zod";
import {
  ACCOUNT_ID,
  ARN_REGION,
  EBS_IOPS,
  IMAGE_BUILDER_TAG_KEY_CHARS,
  IMAGE_PROVIDER,
  LIMITS,
  NOT_AWS_PREFIX,
  organizationArn,
  ouArn,
  SSM_RESERVED_PREFIXES,
} from "../../contract/aws-limits";
import {
  DEFAULT_CHANNEL,
  DEFAULT_FACTORY,
  DEFAULT_LIFECYCLE,
  DEFAULT_PUBLIC,
  DEFAULT_ROOT_GIB,
  DEFAULT_ROOT_VOLUME_TYPE,
  DEFAULT_SCHEDULE,
  DEFAULT_SHARE_BUILDS,
  DEFAULT_TEST_TIMEOUT_MINUTES,
  NEWEST_BUILD,
} from "../tables/defaults";
import { ARCHITECTURES, DEFAULT_INSTANCE_TYPES, OS_NAMES, OS_TABLE } from "../tables/os-table";
import { DEFAULT_BUILD_REGION, REGIONS } from "../tables/regions";
import { show } from "../read/wording";

/** An allowed-values list the way messages print it: `x86_64 or arm64`, `a, b or c`. */
export function listOf(values: readonly string[]): string {
  if (values.length <= 1) return values.join("");
  return `${values.slice(0, -1).join(", ")} or ${values[values.length - 1]}`;
}

/** A closed set with a message that names the bad value and every allowed one. */
function oneOf<const T extends readonly [string, ...string[]]>(values: T, noun: string) {
  return z.enum(values, {
    error: (issue) =>
      `${show(issue.input)} is not ${noun}; use ${values.length > 8 ? `one of: ${values.join(", ")}` : listOf(values)}`,
  });
}

/** A string matching a pattern, with a message that says what the pattern means. */
function matching(pattern: RegExp, what: string) {
  return z
    .string({ error: (issue) => `${show(issue.input)} is not ${what}` })
    .regex(pattern, { error: (issue) => `${show(issue.input)} is not ${what}` });
}

// Each name's pattern and the words its messages describe it with come from one length bound.
// Image names become parts of Image Builder names, AMI names, IAM-free tags and SSM paths.
// Image Builder allows [-_A-Za-z0-9] and spaces up to 128. IMAGE_NAME_LENGTH.max is the most any
// image name may have; with the factory's name in front (catalog/render/aws-names.ts), aws-name-rules.ts
// checks that the derived names fit. Spaces are refused: they cannot stand in SSM parameter paths.
export const IMAGE_NAME_LENGTH = { min: 3, max: 100 };
export const IMAGE_NAME = new RegExp(
  `^[A-Za-z0-9][A-Za-z0-9_-]{${IMAGE_NAME_LENGTH.min - 2},${IMAGE_NAME_LENGTH.max - 2}}[A-Za-z0-9]$`,
);
export const IMAGE_NAME_RULE = `an image name: ${IMAGE_NAME_LENGTH.min} to ${IMAGE_NAME_LENGTH.max} letters, digits, '-' or '_', starting and ending with a letter or digit`;

export { ACCOUNT_ID, AMI_ID } from "../../contract/aws-limits";
/** The AMI id messages show as an example. */
export const EXAMPLE_AMI_ID = "ami-0abcdef1234567890";
export const AMI_ID_RULE = `ami- and 8 or 17 lowercase hex digits, like ${EXAMPLE_AMI_ID}`;
/** The catalog takes the commercial partition's ARNs only. */
export const ORG_ARN = organizationArn("aws");
export const OU_ARN = ouArn("aws");
export const ROLE_ARN = /^arn:aws:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
export const SSM_BASE = new RegExp(`^ssm:\\/?[A-Za-z0-9_.\\-/]{1,${LIMITS.parameterName}}$`);
export const IMAGE_ARN =
  /^arn:aws:imagebuilder:[a-z0-9-]+:(\d{12}|aws|aws-marketplace):image\/[a-z0-9-_]+\/(\d+|x)\.(\d+|x)\.(\d+|x)(\/\d+)?$/;
/**
 * The region as the provider's `verify.ValidARN` takes it (`us-east-1`), which the recipe's
 * `component_arn` runs at preview; AWS's own pattern takes any.
 */
export const COMPONENT_ARN = new RegExp(
  `^arn:aws:imagebuilder:${ARN_REGION}:(\\d{12}|aws|aws-marketplace):component/[a-z0-9-_]+/(\\d+|x)\\.(\\d+|x)\\.(\\d+|x)(/\\d+)?$`,
);
const CHANNEL_NAME_MAX = 30;
export const CHANNEL_NAME = new RegExp(`^[a-z][a-z0-9-]{0,${CHANNEL_NAME_MAX - 1}}$`);
export const CHANNEL_NAME_RULE = `a channel name: 1 to ${CHANNEL_NAME_MAX} lowercase letters, digits or '-', starting with a letter`;
/** Neither has `_`: catalog/render/aws-names.ts joins AWS names with it. */
const FACTORY_NAME_LENGTH = { min: 2, max: 31 };
export const FACTORY_NAME = new RegExp(`^[a-z][a-z0-9-]{${FACTORY_NAME_LENGTH.min - 1},${FACTORY_NAME_LENGTH.max - 1}}$`);
export const FACTORY_NAME_RULE = `a factory name: ${FACTORY_NAME_LENGTH.min} to ${FACTORY_NAME_LENGTH.max} lowercase letters, digits or '-', starting with a letter`;
const COMPONENT_NAME_MAX = 63;
export const COMPONENT_NAME = new RegExp(`^[a-z0-9][a-z0-9-]{0,${COMPONENT_NAME_MAX - 1}}$`);
export const COMPONENT_NAME_RULE = `a component name: lowercase letters, digits and '-', up to ${COMPONENT_NAME_MAX}`;
const ACCOUNT_NAME_MAX = 63;
export const ACCOUNT_NAME = new RegExp(`^[a-z0-9][a-z0-9._-]{0,${ACCOUNT_NAME_MAX - 1}}$`);
export const ACCOUNT_NAME_RULE = `an account name: 1 to ${ACCOUNT_NAME_MAX} lowercase letters, digits, '.', '_' or '-', starting with a letter or digit`;
/** Catalog tags go on Image Builder's resources and on EC2's AMIs: the narrower of both sets binds. */
export const TAG_KEY = new RegExp(`^${NOT_AWS_PREFIX}[${IMAGE_BUILDER_TAG_KEY_CHARS}]{1,${LIMITS.tagKey}}$`);
/** What a catalog tag's key and value may hold, in words: the reference and `validate`'s messages say it so. */
export const TAG_KEY_WORDS = `1 to ${LIMITS.tagKey} ASCII letters, digits or _ . : / = + -, not starting with aws: in any case`;
export const TAG_VALUE_WORDS = "letters, digits, spaces or _ . : / = + - @";
const TAG_RULES = `Keys: ${TAG_KEY_WORDS}. Values: up to ${LIMITS.tagValue} ${TAG_VALUE_WORDS} (IAM and Systems Manager take no others).`;

const region = oneOf(REGIONS, "a known AWS region");

/** One pattern for the three principal forms, so the JSON Schema carries the same check. */
const PRINCIPAL = new RegExp(`^(?:${[ACCOUNT_ID, ORG_ARN, OU_ARN].map((r) => r.source.slice(1, -1)).join("|")})$`);

const accountPrincipal = z
  .string({ error: (issue) => `${show(issue.input)} is not an account id or ARN; quote the 12 digits: "012345678901"` })
  .regex(PRINCIPAL, {
    error: (issue) =>
      `${show(issue.input)} is not a 12-digit account id, an organization ARN ` +
      `(arn:aws:organizations::<id>:organization/o-...) or an OU ARN (.../ou/o-.../ou-...)`,
  });

/** How the factory manages an account's Allowed AMIs (EC2): `enforce`, `audit`, or not at all. */
export const ALLOWED_IMAGES_MODES = ["enforce", "audit", "unmanaged"] as const;
export const DEFAULT_ALLOWED_IMAGES_MODE: (typeof ALLOWED_IMAGES_MODES)[number] = "unmanaged";
const allowedImagesMode = z.enum(ALLOWED_IMAGES_MODES, {
  error: (issue) => `${show(issue.input)} is not an Allowed AMIs mode; use ${listOf(ALLOWED_IMAGES_MODES)}`,
});

export const AccountSchema = z.union(
  [
    accountPrincipal.describe("A 12-digit account id (quoted), an organization ARN or an OU ARN."),
    z
      .strictObject({
        id: accountPrincipal.describe("The 12-digit account id (quoted), organization ARN or OU ARN."),
        role: matching(ROLE_ARN, "an IAM role ARN (arn:aws:iam::<12 digits>:role/<name>)")
          .optional()
          .describe(
            "A role in that account the factory may assume. With it, the factory publishes the AMI ids " +
              "as SSM parameters in the account and may copy images into it (`copyTo`). Not in the factory's own " +
              "account, where the factory publishes them itself: the deployment stops there.",
          ),
        allowedImages: allowedImagesMode
          .optional()
          .describe(
            "Manage the account's Allowed AMIs in every region it receives images in: `enforce` (only allowed " +
              "images can be seen and launched), `audit` (all can, the others are flagged) or `unmanaged`. " +
              "Needs `role`. Default: the top-level `allowedImages.default`.",
          ),
      })
      .describe("An account with a role the factory assumes to publish into it."),
  ],
  { error: () => "an account is a quoted 12-digit id, an organization or OU ARN, or a map with `id` and `role`" },
);

const COMPONENT_ARN_RULE = "an Image Builder component ARN (arn:aws:imagebuilder:<region>:<owner>:component/<name>/<x.x.x>)";

/** What is wrong with a component ARN: its region alone, when that is all, else its shape. */
function componentArnProblem(input: unknown): string {
  const region = typeof input === "string" ? /^arn:aws:imagebuilder:([^:]*):/.exec(input)?.[1] : undefined;
  if (region !== undefined && COMPONENT_ARN.test((input as string).replace(`:${region}:`, ":us-east-1:"))) {
    return `${show(input)} has the region ${show(region)}, which is not a region like us-east-1: the AWS provider refuses the ARN at preview`;
  }
  return `${show(input)} is not ${COMPONENT_ARN_RULE}`;
}

const ComponentSchema = z.union(
  [
    z
      .strictObject({
        arn: z
          .string({ error: (issue) => componentArnProblem(issue.input) })
          .regex(COMPONENT_ARN, { error: (issue) => componentArnProblem(issue.input) })
          .describe("An existing Image Builder component, AWS-managed or your own."),
      })
      .describe("A component that already exists in Image Builder."),
    z
      .strictObject({
        name: matching(COMPONENT_NAME, COMPONENT_NAME_RULE).describe("The component's name, unique within the image."),
        description: z.string().max(LIMITS.imageBuilderText).optional().describe("What the component does."),
        build: z
          .array(z.string().min(1))
          .min(1)
          .describe(
            "Commands run in the build phase (bash on Linux, PowerShell on Windows), in order, as root (SYSTEM on Windows) " +
              "with the environment of Image Builder's agent: PATH, and no HOME or LANG on Linux. Any failure fails the build.",
          ),
        test: z
          .array(z.string().min(1))
          .optional()
          .describe("Commands run in the test phase, on an instance launched from the new image. Any failure fails the build."),
      })
      .describe("An inline component: the factory writes its document and versions it by content."),
  ],
  { error: () => "a component is either `{ arn: ... }` or `{ name, build: [commands], test: [commands] }`" },
);

const ScheduleSchema = z
  .strictObject({
    cron: z
      .string()
      .optional()
      .describe(
        `Image Builder cron expression, \`cron(minutes hours day-of-month month day-of-week year)\`. Default \`${DEFAULT_SCHEDULE.cron}\`.`,
      ),
    timezone: z.string().optional().describe(`IANA time zone of the cron expression. Default \`${DEFAULT_SCHEDULE.timezone}\`.`),
    onlyWhenChanged: z
      .boolean()
      .optional()
      .describe(
        [
          "Build only when the base image or a component has a newer version (true, Image Builder's",
          "`EXPRESSION_MATCH_AND_DEPENDENCY_UPDATES_AVAILABLE`), or on every tick (false, `EXPRESSION_MATCH_ONLY`).",
          `Default ${DEFAULT_SCHEDULE.onlyWhenChanged}: an image promises OS packages at most one schedule period old.`,
          "With true, security fixes the vendor publishes to its package repositories reach the image only when the",
          "vendor republishes its AMI (rarely, for some vendors), and the OS-update practice runs only that often.",
          "A build costs a build instance and a test instance for as long as the build and its tests take, and the new",
          "AMI's snapshots until the lifecycle policy deletes them: at the weekly default schedule, two instances for",
          "one build per image and week, against an image that could otherwise miss months of fixes. Set true (or a",
          "sparser cron) where fewer builds matter more than fresh packages. `npm run plan` says per image how often",
          "it rebuilds.",
        ].join(" "),
      ),
  })
  .describe("When the pipeline builds.");

const RootVolumeSchema = z
  .strictObject({
    sizeGiB: z
      .number()
      .int()
      .min(8)
      .max(LIMITS.volumeSize.max)
      .optional()
      .describe(`Size in GiB. Default ${DEFAULT_ROOT_GIB.Linux} on Linux, ${DEFAULT_ROOT_GIB.Windows} on Windows.`),
    type: oneOf(["gp3", "gp2", "io1", "io2"], "an EBS volume type for a root volume")
      .optional()
      .describe(
        `EBS volume type. Default ${DEFAULT_ROOT_VOLUME_TYPE}. Instance-store roots are not offered: the factory builds EBS-backed AMIs only.`,
      ),
    // The least any type takes (io1, io2); gp3's own minimum is the rules' (image-rules.ts).
    iops: z
      .number()
      .int()
      .min(LIMITS.iops.min)
      .max(LIMITS.iops.max)
      .optional()
      .describe(
        `Provisioned IOPS: ${Object.entries(EBS_IOPS)
          .map(([t, l]) => `${t} ${l.min} to ${Math.min(l.max, LIMITS.iops.max)} and at most ${l.perGiB} per GiB`)
          .join(", ")}. gp3 default ${EBS_IOPS.gp3.default}.`,
      ),
    throughput: z
      .number()
      .int()
      .min(LIMITS.throughput.min)
      .max(LIMITS.throughput.max)
      .optional()
      .describe(`Throughput in MiB/s (gp3 only), at most ${EBS_IOPS.gp3.throughputPerIops} per IOPS.`),
  })
  .describe("The root EBS volume of the image. Always encrypted with the factory's key.");

const LifecycleSchema = z
  .strictObject({
    deprecateAfterDays: z
      .number()
      .int()
      .min(1)
      // Also how recently a build must have been launched to be kept from deletion.
      .max(LIMITS.lastLaunched.max)
      .optional()
      .describe(
        `Deprecate an AMI this many days after it stops being current, pipeline builds and release copies alike: \`npm run sweep -- --deprecate\` counts them from the first sweep that finds no release serving it, and never deprecates an AMI a release serves. Default ${DEFAULT_LIFECYCLE.deprecateAfterDays}.`,
      ),
    deleteAfterDays: z
      .number()
      .int()
      .min(1)
      .max(LIMITS.lifecycleAge.max)
      .optional()
      .describe(
        `Delete pipeline builds no release ever served (AMIs and snapshots) this many days after they are made; \`npm run sweep -- --apply\` removes AMIs that left the stack once deprecated and not launched for this many days. Default ${DEFAULT_LIFECYCLE.deleteAfterDays}.`,
      ),
    keepAtLeast: z
      .number()
      .int()
      .min(LIMITS.retainAtLeast.min)
      .max(LIMITS.retainAtLeast.max)
      .optional()
      .describe(
        `Never delete the newest N builds, whatever their age (${LIMITS.retainAtLeast.min} to ${LIMITS.retainAtLeast.max}). Default ${DEFAULT_LIFECYCLE.keepAtLeast}.`,
      ),
    retainCopies: z
      .boolean()
      .optional()
      .describe(
        "Keep a release copy in AWS when it leaves the stack (region removed, channel moved), for instances and " +
          "launch templates still using it, until the sweeper has deprecated it and finds it unused. " +
          `Default ${DEFAULT_LIFECYCLE.retainCopies}.`,
      ),
  })
  .describe("How old builds and copies are deprecated and removed.");

const ReleaseSchema = z
  .strictObject({
    ami: z
      .string()
      .describe(
        `\`${NEWEST_BUILD}\` (the newest build of this image's pipeline, resolved at deploy) or a pinned AMI id in the build region; an AMI id is pinned by one image only (on any of its channels), since two images would each hold a grant on it.`,
      ),
    regions: z
      .array(region)
      .optional()
      .describe("Regions of this release: a subset of the image's regions. Default: all of them."),
    accounts: z
      .array(z.string())
      .optional()
      .describe("Account names of this release: a subset of the image's accounts. Default: all of them."),
    public: z.boolean().optional().describe("Share this release with every AWS account. Needs `public: true` on the image too."),
    deprecateAt: z
      .string()
      .optional()
      .describe(
        "A date or UTC time (`2027-06-30` or `2027-06-30T00:00:00Z`) when this release's copies are deprecated, even while current. Default: none; they are deprecated `lifecycle.deprecateAfterDays` after they stop being current.",
      ),
  })
  .describe("A channel: the AMI that accounts launch under this name.");

/** Fields an image may set and `defaults` may give. */
const imageFields = {
  // The AMI description of every build and copy: EC2's 255, not Image Builder's 1,024.
  description: z.string().max(LIMITS.amiDescription).optional().describe("What the image is for."),
  os: oneOf(OS_NAMES, "a supported operating system").optional().describe("Operating system of the image."),
  arch: oneOf(ARCHITECTURES, "a 64-bit architecture").optional().describe("CPU architecture. 32-bit (i386) is not built."),
  base: z
    .string()
    .optional()
    .describe(
      "Base image: an AMI id, `ssm:<parameter>` or an Image Builder image ARN. Default: the OS's current public image " +
        "for the architecture, from the parameter its vendor documents; " +
        `${listOf(OS_NAMES.filter((os) => OS_TABLE[os].defaultBase.value.kind === "none"))} has none, so its images must set base.`,
    ),
  regions: z.array(region).optional().describe("Regions the image is available in. The build region is always one of them."),
  accounts: z.array(z.string()).optional().describe("Names from the top-level `accounts` map that may launch the image."),
  public: z
    .boolean()
    .optional()
    .describe(`Allow releases of this image to be shared with every AWS account. Default ${DEFAULT_PUBLIC}.`),
  components: z
    .array(ComponentSchema)
    .optional()
    .describe("Your components, after the factory's own (updates, hardening, login user, remote access)."),
  instanceTypes: z
    .array(z.string())
    .optional()
    .describe(
      `Build instance types; they must fit the architecture. Default ${ARCHITECTURES.map((arch) => `${DEFAULT_INSTANCE_TYPES[arch].join(", ")} (${arch})`).join("; ")}.`,
    ),
  subnetId: z.string().optional().describe("Subnet of the build instances. Default: the default VPC."),
  securityGroupIds: z.array(z.string()).optional().describe("Security groups of the build instances (needs `subnetId`)."),
  rootVolume: RootVolumeSchema.optional(),
  schedule: ScheduleSchema.optional(),
  testTimeoutMinutes: z
    .number()
    .int()
    .min(LIMITS.testTimeout.min)
    .max(LIMITS.testTimeout.max)
    .optional()
    .describe(
      `Image test timeout, ${LIMITS.testTimeout.min} to ${LIMITS.testTimeout.max} minutes. Default ${DEFAULT_TEST_TIMEOUT_MINUTES}.`,
    ),
  shareBuilds: z
    .boolean()
    .optional()
    .describe(
      "Also share every pipeline build with the image's accounts at build time. Such grants are not managed: " +
        `removing an account does not revoke them from builds already made. Default ${DEFAULT_SHARE_BUILDS}.`,
    ),
  copyTo: z.array(z.string()).optional().describe("Account names (each with a `role`) the pipeline copies every build into."),
  tags: z
    .record(z.string(), z.string())
    .optional()
    .describe(
      `Tags on every resource and AMI of the image, merged over \`defaults.tags\` and the top-level \`tags\`. ${TAG_RULES}`,
    ),
  lifecycle: LifecycleSchema.optional(),
  releases: z
    .record(z.string(), ReleaseSchema)
    .optional()
    .describe(`Channels and the AMI each one serves. Default: one channel \`${DEFAULT_CHANNEL}\` serving the newest build.`),
};

export const DefaultsSchema = z
  .strictObject(imageFields)
  .describe("A default for any image field. An image's own value replaces the default; tags are merged.");

export const ImageSchema = z
  .strictObject({
    name: matching(IMAGE_NAME, IMAGE_NAME_RULE).describe("Unique name of the image; the key of every resource made for it."),
    renamedFrom: z
      .array(z.string())
      .optional()
      .describe(
        "Earlier names of this image, oldest first: the first is the name AWS resources keep. Its resources keep " +
          "their identity across the rename instead of being replaced.",
      ),
    ...imageFields,
  })
  .describe("One machine image.");

export const CatalogSchema = z
  .strictObject({
    factory: matching(FACTORY_NAME, FACTORY_NAME_RULE)
      .optional()
      .describe(
        `Prefix of the names of shared resources (keys, roles, components) and of the SSM parameters (\`/<factory>/<image>/<channel>\`), so it does not begin with ${SSM_RESERVED_PREFIXES.join(" or ")}, which Systems Manager keeps for AWS. Two stacks in one account need different names. Default \`${DEFAULT_FACTORY}\`.`,
      ),
    buildRegion: region.optional().describe(`Where the pipelines build. Default ${DEFAULT_BUILD_REGION}.`),
    tags: z
      .record(z.string(), z.string())
      .optional()
      .describe(
        `Tags on every resource of the factory. ${TAG_RULES} A value here is not empty: the factory's Scheduler schedule group carries these tags.`,
      ),
    accounts: z
      .record(z.string(), AccountSchema)
      .optional()
      .describe("Names for the accounts, organizations and OUs images are shared with."),
    allowedImages: z
      .strictObject({
        default: allowedImagesMode
          .optional()
          .describe(
            `The Allowed AMIs mode of every account with a role that does not set its own. Default \`${DEFAULT_ALLOWED_IMAGES_MODE}\`.`,
          ),
        imageProviders: z
          .array(
            matching(IMAGE_PROVIDER, "an image provider: a 12-digit account id, amazon, aws-marketplace or aws-backup-vault"),
          )
          .max(LIMITS.allowedImageProviders - 1, {
            error: `at most ${LIMITS.allowedImageProviders - 1} image providers: Allowed AMIs takes ${LIMITS.allowedImageProviders}, the factory's account among them`,
          })
          .optional()
          .describe(
            "Image providers allowed besides the factory's own account (always allowed): account ids, `amazon`, " +
              "`aws-marketplace`, `aws-backup-vault`. Default none.",
          ),
      })
      .optional()
      .describe("Allowed AMIs (EC2) in the accounts the factory publishes into."),
    defaults: DefaultsSchema.optional(),
    images: z
      .array(ImageSchema)
      .min(1, { error: "the catalog has no images; add at least one" })
      .describe("The images the factory builds."),
  })
  .describe("The ami-factory catalog: every machine image the organization runs.");

export type CatalogInput = z.infer<typeof CatalogSchema>;
export type ImageInput = z.infer<typeof ImageSchema>;
export type DefaultsInput = z.infer<typeof DefaultsSchema>;
export type AccountInput = z.infer<typeof AccountSchema>;
export type AllowedImagesMode = (typeof ALLOWED_IMAGES_MODES)[number];
export type ComponentInput = z.infer<typeof ComponentSchema>;
export type ReleaseInput = z.infer<typeof ReleaseSchema>;
