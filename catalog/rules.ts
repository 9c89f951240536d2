/**
 * The catalog's cross-field rules: one small function each, over one context. They read the
 * parsed catalog defensively (it may be partly invalid; the schema reports that) and only
 * speak about values they understand, so a bad value is reported once, by the schema.
 */
import { checkCron, checkTimezone } from "./cron";
import { normalizeUtcTime, UTC_TIME_RULE } from "./iso-date";
import type { Finding } from "./locate";
import { architecturesOf, instanceTypeArch, OS_TABLE, type Platform } from "./os-table";
import { parsePrincipal, principalText } from "./principal";
import { isRegion } from "./regions";
import { asMap, asStringList, mapEntries, RuleContext, stringItems, type Origin } from "./rule-context";
import { ACCOUNT_ID, ACCOUNT_NAME, AMI_ID, CHANNEL_NAME, IMAGE_ARN, IMAGE_NAME, IMAGE_NAME_RULE, listOf, ROLE_ARN, SSM_BASE, TAG_KEY } from "./schema";
import { count, names, show } from "./wording";

export type Rule = (ctx: RuleContext) => void;

/** Image Builder's limit of components per recipe. */
export const MAX_RECIPE_COMPONENTS = 20;
/** Components the factory puts in every recipe before the catalog's own. */
export const FACTORY_COMPONENTS: { readonly [P in Platform]: number } = { Linux: 4, Windows: 2 };
/** Sharing entities (accounts, organizations, OUs) one AMI may have launch permissions for. */
export const MAX_SHARING_ENTITIES = 1000;
/** Image Builder distribution limits for sharing builds and copying them into accounts. */
export const MAX_DISTRIBUTION_ACCOUNTS = 1536;
export const MAX_DISTRIBUTION_ORGS = 25;
export const MAX_DISTRIBUTION_OUS = 25;
export const MAX_AMI_TAGS = 50;
export const MAX_TAG_VALUE = 256;
export const MAX_AMI_NAME = 128;
export const MIN_WINDOWS_ROOT_GIB = 30;
/** Lifecycle defaults, shared with resolve.ts. */
export const DEFAULT_DEPRECATE_AFTER_DAYS = 90;
export const DEFAULT_DELETE_AFTER_DAYS = 365;

const THIRTY_TWO_BIT = ["i386", "i486", "i586", "i686", "x86", "x86_32", "ia32", "386", "arm", "armhf", "armv7", "armv7l", "armel"];
const SUBNET_ID = /^subnet-[0-9a-f]{8,17}$/;
const SECURITY_GROUP_ID = /^sg-[0-9a-f]{8,17}$/;
const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9-]+$/;

const uniqueImageNames: Rule = (ctx) => {
  const seen = new Map<string, { name: string; index: number }>();
  for (const image of ctx.images) {
    const name = image.raw.name;
    if (typeof name !== "string") continue;
    const first = seen.get(name.toLowerCase());
    if (!first) {
      seen.set(name.toLowerCase(), { name, index: image.index });
    } else if (first.name === name) {
      ctx.report([...image.path, "name"], `${show(name)} duplicates images[${first.index}].name`);
    } else {
      ctx.report([...image.path, "name"], `${show(name)} duplicates images[${first.index}].name ${show(first.name)} (names are compared without case)`);
    }
  }
};

const earlierNames: Rule = (ctx) => {
  const current = new Map<string, number>();
  for (const image of ctx.images) if (typeof image.raw.name === "string") current.set(image.raw.name.toLowerCase(), image.index);
  const claimed = new Map<string, number>();
  for (const image of ctx.images) {
    for (const [name, i] of stringItems(image.raw.renamedFrom)) {
      const path = [...image.path, "renamedFrom", i];
      const owner = current.get(name.toLowerCase());
      const other = claimed.get(name.toLowerCase());
      if (!IMAGE_NAME.test(name)) ctx.report(path, `${show(name)} is not ${IMAGE_NAME_RULE}`);
      else if (owner === image.index) ctx.report(path, `${show(name)} is this image's own name; renamedFrom lists only earlier names`);
      else if (owner !== undefined) ctx.report(path, `${show(name)} is the name of images[${owner}]; renamedFrom lists only earlier names`);
      else if (other !== undefined && other !== image.index) ctx.report(path, `${show(name)} is also in images[${other}].renamedFrom; an earlier name belongs to one image`);
      else claimed.set(name.toLowerCase(), image.index);
    }
  }
};

const osAndArch: Rule = (ctx) => {
  for (const origin of ctx.written("arch")) {
    if (typeof origin.value === "string" && THIRTY_TWO_BIT.includes(origin.value.toLowerCase())) {
      ctx.report(origin.path, `${show(origin.value)} is a 32-bit architecture; 32-bit images are refused: use x86_64 or arm64`);
    }
  }
  for (const image of ctx.images) {
    for (const key of ["os", "arch"]) {
      if (ctx.field(image, key) === undefined) {
        ctx.report([...image.path, key], `missing required field "${key}"; set it on the image or in defaults`);
      }
    }
    const os = ctx.os(image);
    const arch = ctx.arch(image);
    if (!os || !arch) continue;
    const supported = architecturesOf(os.value);
    if (!supported.includes(arch.value)) {
      ctx.reportFor(image, arch, `${os.value} has no ${arch.value} build; use ${listOf(supported)}`, [os]);
    }
  }
};

const baseImage: Rule = (ctx) => {
  for (const origin of ctx.written("base")) {
    const base = origin.value;
    if (typeof base !== "string" || AMI_ID.test(base) || SSM_BASE.test(base) || IMAGE_ARN.test(base)) continue;
    ctx.report(
      origin.path,
      `${show(base)} is not a base image; use an AMI id (ami-0abcdef1234567890), ssm:<parameter name> ` +
        `or an Image Builder image ARN (arn:aws:imagebuilder:<region>:<owner>:image/<name>/<x.x.x>)`,
    );
  }
};

const accountEntries: Rule = (ctx) => {
  for (const [name, entry] of Object.entries(ctx.accounts)) {
    if (!ACCOUNT_NAME.test(name)) {
      ctx.report(["accounts", name], `${show(name)} is not an account name: 1 to 63 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit`, "key");
    }
    const map = asMap(entry);
    if (!map || typeof map.id !== "string" || typeof map.role !== "string" || !ROLE_ARN.test(map.role)) continue;
    const roleAccount = map.role.split(":")[4];
    if (!ACCOUNT_ID.test(map.id)) {
      ctx.report(["accounts", name, "role"], "only a 12-digit account has a role; an organization or OU does not");
    } else if (roleAccount !== map.id) {
      ctx.report(["accounts", name, "role"], `the role is in account ${roleAccount}, not in ${map.id} (the account's id)`);
    }
  }
};

/** Every place an account name is used: image `accounts`, `copyTo` and release `accounts`. */
const accountReferences: Rule = (ctx) => {
  const known = names(Object.keys(ctx.accounts).sort());
  const check = (list: unknown, path: Origin["path"]) => {
    for (const [name, i] of stringItems(list)) {
      if (!ctx.isKnownAccount(name)) ctx.report([...path, i], `unknown account ${show(name)}; known: ${known}`);
    }
  };
  for (const key of ["accounts", "copyTo"]) for (const origin of ctx.written(key)) check(origin.value, origin.path);
  for (const origin of ctx.written("releases")) {
    for (const [channel, release] of mapEntries(origin.value)) check(release.accounts, [...origin.path, channel, "accounts"]);
  }
};

const copyTargets: Rule = (ctx) => {
  for (const origin of ctx.written("copyTo")) {
    for (const [name, i] of stringItems(origin.value)) {
      if (!ctx.isKnownAccount(name)) continue;
      const entry = ctx.accounts[name];
      const text = principalText(entry);
      const principal = text === undefined ? undefined : parsePrincipal(text);
      const path = [...origin.path, i];
      if (principal && principal.kind !== "account") {
        const kind = principal.kind === "ou" ? "an OU" : "an organization";
        ctx.report(path, `${show(name)} is ${kind}; copyTo needs a 12-digit account with a role`);
      } else if (typeof asMap(entry)?.role !== "string") {
        ctx.report(path, `${show(name)} has no role; copyTo needs a role the factory can assume: add \`role\` to accounts.${name}`);
      }
    }
  }
};

/** A release's regions and accounts are some of its image's. */
const releaseSubsets: Rule = (ctx) => {
  for (const image of ctx.images) {
    const releases = ctx.field(image, "releases");
    if (!releases) continue;
    const regions = ctx.regions(image);
    const accounts = ctx.accountNames(image);
    const regionsOrigin = ctx.field(image, "regions");
    const accountsOrigin = ctx.field(image, "accounts");
    for (const [channel, release] of mapEntries(releases.value)) {
      const at = (key: string, i: number): Origin => ({ ...releases, path: [...releases.path, channel, key, i] });
      if (regions) {
        for (const [region, i] of stringItems(release.regions)) {
          if (!isRegion(region) || regions.has(region)) continue;
          const message = `${show(region)} is not one of the image's regions (${[...regions].sort().join(", ")}); add it to the image's regions or remove it here`;
          ctx.reportFor(image, at("regions", i), message, [regionsOrigin]);
        }
      }
      if (accounts) {
        for (const [name, i] of stringItems(release.accounts)) {
          if (!ctx.isKnownAccount(name) || accounts.includes(name)) continue;
          const message = `${show(name)} is not one of the image's accounts (${names([...new Set(accounts.filter((known) => ctx.isKnownAccount(known)))].sort())}); add it to the image's accounts or remove it here`;
          ctx.reportFor(image, at("accounts", i), message, [accountsOrigin]);
        }
      }
    }
  }
};

const channels: Rule = (ctx) => {
  for (const origin of ctx.written("releases")) {
    for (const channel of Object.keys(asMap(origin.value) ?? {})) {
      if (!CHANNEL_NAME.test(channel)) {
        ctx.report([...origin.path, channel], `${show(channel)} is not a channel name: 1 to 30 lowercase letters, digits or '-', starting with a letter`, "key");
      }
    }
    for (const [channel, release] of mapEntries(origin.value)) {
      const path = [...origin.path, channel];
      if (typeof release.ami === "string" && release.ami !== "latest" && !AMI_ID.test(release.ami)) {
        ctx.report([...path, "ami"], `${show(release.ami)} is not latest or an AMI id; use latest or an AMI id like ami-0abcdef1234567890`);
      }
      if (typeof release.deprecateAt === "string" && normalizeUtcTime(release.deprecateAt) === undefined) {
        ctx.report([...path, "deprecateAt"], `${show(release.deprecateAt)} is not ${UTC_TIME_RULE}`);
      }
    }
  }
  for (const image of ctx.images) {
    const releases = ctx.field(image, "releases");
    const isPublic = ctx.field(image, "public");
    if (!releases || isPublic?.value === true) continue;
    for (const [channel, release] of mapEntries(releases.value)) {
      if (release.public !== true) continue;
      ctx.reportFor(image, { ...releases, path: [...releases.path, channel, "public"] }, "public sharing needs `public: true` on the image", [isPublic]);
    }
  }
};

const components: Rule = (ctx) => {
  for (const image of ctx.images) {
    const list = ctx.field(image, "components");
    const os = ctx.os(image);
    if (!list || !os || !Array.isArray(list.value)) continue;
    const platform = OS_TABLE[os.value].platform;
    const limit = MAX_RECIPE_COMPONENTS - FACTORY_COMPONENTS[platform];
    if (list.value.length > limit) {
      const message =
        `${count(list.value.length, "component")}; ${os.value} images take at most ${limit}: ` +
        `a recipe holds ${MAX_RECIPE_COMPONENTS} and the factory adds ${FACTORY_COMPONENTS[platform]} of its own to ${platform} images`;
      ctx.reportFor(image, list, message, [os]);
    }
  }
  for (const origin of ctx.written("components")) {
    const seen = new Map<string, number>();
    (Array.isArray(origin.value) ? origin.value : []).forEach((component, i) => {
      const name = asMap(component)?.name;
      if (typeof name !== "string") return;
      const first = seen.get(name);
      if (first === undefined) seen.set(name, i);
      else ctx.report([...origin.path, i, "name"], `${show(name)} duplicates components[${first}].name; inline component names are unique per image`);
    });
  }
};

const buildInstances: Rule = (ctx) => {
  for (const origin of ctx.written("instanceTypes")) {
    for (const [type, i] of stringItems(origin.value)) {
      if (!INSTANCE_TYPE.test(type) || instanceTypeArch(type) === undefined) {
        ctx.report([...origin.path, i], `${show(type)} is not an EC2 instance type like m7i.large`);
      }
    }
  }
  for (const origin of ctx.written("subnetId")) {
    if (typeof origin.value === "string" && !SUBNET_ID.test(origin.value)) {
      ctx.report(origin.path, `${show(origin.value)} is not a subnet id: subnet- and 8 to 17 hex digits`);
    }
  }
  for (const origin of ctx.written("securityGroupIds")) {
    for (const [group, i] of stringItems(origin.value)) {
      if (!SECURITY_GROUP_ID.test(group)) ctx.report([...origin.path, i], `${show(group)} is not a security group id: sg- and 8 to 17 hex digits`);
    }
  }
  for (const image of ctx.images) {
    const arch = ctx.arch(image);
    const types = ctx.field(image, "instanceTypes");
    if (arch && types) {
      for (const [type, i] of stringItems(types.value)) {
        const typeArch = INSTANCE_TYPE.test(type) ? instanceTypeArch(type) : undefined;
        if (typeArch === undefined || typeArch === arch.value) continue;
        ctx.reportFor(image, { ...types, path: [...types.path, i] }, `${show(type)} is an ${typeArch} instance type; this image is ${arch.value}`, [arch]);
      }
    }
    const groups = ctx.field(image, "securityGroupIds");
    const subnet = ctx.field(image, "subnetId");
    if (groups && Array.isArray(groups.value) && groups.value.length > 0 && subnet === undefined) {
      ctx.reportFor(image, groups, "securityGroupIds needs subnetId: security groups belong to a VPC, so name the subnet to build in", []);
    }
  }
};

const schedules: Rule = (ctx) => {
  for (const origin of ctx.written("schedule")) {
    const schedule = asMap(origin.value);
    if (typeof schedule?.cron === "string") {
      const problem = checkCron(schedule.cron);
      if (problem) ctx.report([...origin.path, "cron"], problem);
    }
    if (typeof schedule?.timezone === "string") {
      const problem = checkTimezone(schedule.timezone);
      if (problem) ctx.report([...origin.path, "timezone"], problem);
    }
  }
};

const lifecycles: Rule = (ctx) => {
  for (const image of ctx.images) {
    const deprecate = ctx.subField(image, "lifecycle", "deprecateAfterDays");
    const remove = ctx.subField(image, "lifecycle", "deleteAfterDays");
    if (!deprecate && !remove) continue;
    const deprecateDays = deprecate ? deprecate.value : DEFAULT_DEPRECATE_AFTER_DAYS;
    const deleteDays = remove ? remove.value : DEFAULT_DELETE_AFTER_DAYS;
    if (typeof deprecateDays !== "number" || typeof deleteDays !== "number" || deleteDays > deprecateDays) continue;
    const message =
      `deleteAfterDays ${deleteDays}${remove ? "" : " (the default)"} must be greater than ` +
      `deprecateAfterDays ${deprecateDays}${deprecate ? "" : " (the default)"}: an AMI is deprecated before it is deleted`;
    ctx.reportFor(image, (remove ?? deprecate)!, message, [remove ? deprecate : undefined]);
  }
};

/** Launch permissions per AMI, and Image Builder's limits when builds are shared or copied. */
const sharingLimits: Rule = (ctx) => {
  const principals = (list: readonly string[]) => {
    const keys = new Map<string, string>();
    for (const name of list) {
      const text = principalText(ctx.accounts[name]);
      const principal = text === undefined ? undefined : parsePrincipal(text);
      if (principal) keys.set(principal.key, principal.kind);
    }
    return keys;
  };
  for (const image of ctx.images) {
    const accounts = ctx.field(image, "accounts");
    const imageAccounts = ctx.accountNames(image) ?? [];
    const releases = ctx.field(image, "releases");
    const perRelease: Array<[Origin | undefined, string, readonly string[]]> = releases
      ? mapEntries(releases.value).map(([channel, release]) => {
          const own = asStringList(release.accounts);
          const origin = own ? { ...releases, path: [...releases.path, channel, "accounts"] } : accounts;
          return [origin, channel, own ?? imageAccounts];
        })
      : [[accounts, "latest", imageAccounts]];
    for (const [origin, channel, list] of perRelease) {
      const size = principals(list).size;
      if (origin && size > MAX_SHARING_ENTITIES) {
        const message = `release "${channel}" shares with ${count(size, "account, organization or OU", "accounts, organizations and OUs")}; an AMI can be shared with at most ${MAX_SHARING_ENTITIES.toLocaleString("en-US")}`;
        ctx.reportFor(image, origin, message, []);
      }
    }
    const shareBuilds = ctx.field(image, "shareBuilds");
    if (shareBuilds?.value === true && accounts) {
      const kinds = [...principals(imageAccounts).values()];
      const limits: Array<[string, number, string]> = [
        ["account", MAX_DISTRIBUTION_ACCOUNTS, "account ids"],
        ["organization", MAX_DISTRIBUTION_ORGS, "organization ARNs"],
        ["ou", MAX_DISTRIBUTION_OUS, "OU ARNs"],
      ];
      for (const [kind, limit, noun] of limits) {
        const n = kinds.filter((k) => k === kind).length;
        if (n > limit) {
          ctx.reportFor(image, accounts, `shareBuilds shares every build with ${n.toLocaleString("en-US")} ${noun}; Image Builder distributes to at most ${limit.toLocaleString("en-US")}`, [shareBuilds]);
        }
      }
    }
    const copyTo = ctx.field(image, "copyTo");
    const copies = new Set(asStringList(copyTo?.value) ?? []).size;
    if (copyTo && copies > MAX_DISTRIBUTION_ACCOUNTS) {
      ctx.report(copyTo.path, `copyTo names ${copies.toLocaleString("en-US")} accounts; Image Builder copies into at most ${MAX_DISTRIBUTION_ACCOUNTS.toLocaleString("en-US")}`);
    }
  }
};

const tags: Rule = (ctx) => {
  const places: Origin[] = [...(ctx.raw.tags !== undefined ? [{ value: ctx.raw.tags, path: ["tags"], fromDefaults: false }] : []), ...ctx.written("tags")];
  for (const origin of places) {
    for (const [key, value] of Object.entries(asMap(origin.value) ?? {})) {
      if (!TAG_KEY.test(key)) {
        ctx.report([...origin.path, key], `${show(key)} is not a tag key: 1 to 128 letters, digits, spaces or _ . : / = + - @, not starting with aws:`, "key");
      }
      if (typeof value === "string" && value.length > MAX_TAG_VALUE) {
        ctx.report([...origin.path, key], `the value is ${count(value.length, "character")} long; a tag value has at most ${MAX_TAG_VALUE}`);
      }
    }
  }
  const shared = [asMap(ctx.raw.tags), asMap(ctx.defaults.tags)];
  for (const image of ctx.images) {
    const merged = new Set<string>();
    for (const map of [...shared, asMap(image.raw.tags)]) for (const key of Object.keys(map ?? {})) merged.add(key);
    if (merged.size <= MAX_AMI_TAGS) continue;
    const at = image.raw.tags !== undefined ? [...image.path, "tags"] : ctx.defaults.tags !== undefined ? ["defaults", "tags"] : ["tags"];
    ctx.report(at, `${count(merged.size, "tag")} after merging the top-level, default and image tags; an AMI takes at most ${MAX_AMI_TAGS}`);
  }
};

/** Release copies are named `<image>-<channel>-<region>`; AWS allows 128 characters. */
const amiNames: Rule = (ctx) => {
  for (const image of ctx.images) {
    const releases = ctx.field(image, "releases");
    const regions = ctx.regions(image);
    if (typeof image.raw.name !== "string" || !releases || !regions) continue;
    for (const [channel, release] of mapEntries(releases.value)) {
      const own = asStringList(release.regions)?.filter(isRegion);
      const longest = [...(own ?? regions)].reduce((a, b) => (b.length > a.length ? b : a), "");
      const name = `${image.raw.name}-${channel}-${longest}`;
      if (name.length <= MAX_AMI_NAME) continue;
      const message = `the AMI name "${name}" would be ${name.length} characters; AWS allows ${MAX_AMI_NAME}: shorten the image name or the channel`;
      ctx.reportFor(image, { ...releases, path: [...releases.path, channel] }, message, [{ value: image.raw.name, path: [...image.path, "name"], fromDefaults: false }], "key");
    }
  }
};

const rootVolumes: Rule = (ctx) => {
  for (const image of ctx.images) {
    const type = ctx.subField(image, "rootVolume", "type");
    const typeName = typeof type?.value === "string" ? type.value : "gp3";
    const iops = ctx.subField(image, "rootVolume", "iops");
    const throughput = ctx.subField(image, "rootVolume", "throughput");
    if (iops && !["gp3", "io1", "io2"].includes(typeName)) {
      ctx.reportFor(image, iops, `iops needs a gp3, io1 or io2 volume; this one is ${typeName}`, [type]);
    }
    if (throughput && typeName !== "gp3") {
      ctx.reportFor(image, throughput, `throughput needs a gp3 volume; this one is ${typeName}`, [type]);
    }
    if (type && !iops && (typeName === "io1" || typeName === "io2")) {
      ctx.reportFor(image, type, `${typeName} volumes need iops`, []);
    }
    const os = ctx.os(image);
    const size = ctx.subField(image, "rootVolume", "sizeGiB");
    if (os && size && typeof size.value === "number" && OS_TABLE[os.value].platform === "Windows" && size.value < MIN_WINDOWS_ROOT_GIB) {
      ctx.reportFor(image, size, `Windows needs a root volume of at least ${MIN_WINDOWS_ROOT_GIB} GiB; got ${size.value}`, [os]);
    }
  }
};

export const RULES: readonly Rule[] = [
  uniqueImageNames,
  earlierNames,
  osAndArch,
  baseImage,
  accountEntries,
  accountReferences,
  copyTargets,
  releaseSubsets,
  channels,
  components,
  buildInstances,
  schedules,
  lifecycles,
  sharingLimits,
  tags,
  amiNames,
  rootVolumes,
];

/** Every rule's findings for a parsed (possibly invalid) catalog. */
export function checkRules(raw: unknown): Finding[] {
  const ctx = new RuleContext(raw);
  for (const rule of RULES) rule(ctx);
  return ctx.findings;
}
