/**
 * Rules about who gets an image where: the accounts map, every reference to it, releases and
 * their channels, copies, and the sharing limits of AMIs and Image Builder distributions.
 */
import { normalizeUtcTime, UTC_TIME_RULE } from "../resolve/iso-date";
import { LIMITS } from "../../contract/aws-limits";
import { parsePrincipal, principalText } from "../resolve/principal";
import { isRegion, REGIONS } from "../tables/regions";
import { asMap, asStringList, mapEntries, servedAmi, stringItems, type ImageView, type Origin, type Rule } from "./rule-context";
import {
  ACCOUNT_ID,
  ACCOUNT_NAME,
  ACCOUNT_NAME_RULE,
  AMI_ID,
  AMI_ID_RULE,
  EXAMPLE_AMI_ID,
  CHANNEL_NAME,
  CHANNEL_NAME_RULE,
  ROLE_ARN,
} from "../schema/schema";
import { closest, count, formatNumber, nameList, show } from "../read/wording";
import { compareText } from "../tables/order";
import { DEFAULT_CHANNEL, NEWEST_BUILD } from "../tables/defaults";

const accountEntries: Rule = (ctx) => {
  for (const [name, entry] of Object.entries(ctx.accounts)) {
    if (!ACCOUNT_NAME.test(name)) {
      ctx.report(["accounts", name], `${show(name)} is not ${ACCOUNT_NAME_RULE}`, "key");
    }
    const id = typeof entry === "string" ? entry : asMap(entry)?.id;
    if (typeof id === "string" && /^\d+$/.test(id) && id.length !== 12) {
      ctx.report(
        typeof entry === "string" ? ["accounts", name] : ["accounts", name, "id"],
        `${show(id)} has ${id.length} digits; an account id has 12`,
      );
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

/** A release's `ami` that is neither `latest` nor an AMI id; `channels` are the image's channels. */
function releaseAmiProblem(ami: string, channels: readonly string[]): string {
  const shown = show(ami);
  if (ami.toLowerCase() === NEWEST_BUILD) return `${shown} is not ${NEWEST_BUILD}: write ${NEWEST_BUILD} in lowercase`;
  if (channels.includes(ami)) {
    return `${shown} is a channel; a release serves ${NEWEST_BUILD} or an AMI id: to promote ${ami}, write the AMI id it serves (stack output amis.<image>.${ami})`;
  }
  if (ami.startsWith("ami-")) return `${shown} is not an AMI id: ${AMI_ID_RULE}`;
  return `${shown} is not ${NEWEST_BUILD} or an AMI id; use ${NEWEST_BUILD} or an AMI id like ${EXAMPLE_AMI_ID}`;
}

/** Regions people write that are not regions: an availability zone, another partition, a typo. */
function regionProblem(value: string): string | undefined {
  if (isRegion(value)) return undefined;
  const shown = show(value);
  const zone = /^([a-z]{2}(?:-[a-z]+)+-\d+)[a-z]$/.exec(value);
  if (zone && isRegion(zone[1])) return `${shown} is an availability zone; use its region, ${zone[1]}`;
  if (/^(us-gov|cn|us-iso[a-z]?|eu-isoe?)-/.test(value)) {
    return `${shown} is in another AWS partition (GovCloud, China or ISO); a factory there is a separate stack with its own accounts`;
  }
  const guess = closest(value, REGIONS);
  return guess === undefined ? undefined : `${shown} is not a known AWS region; did you mean "${guess}"?`;
}

/** Says more than the schema's list of every region, when it can (the schema's message stands otherwise). */
const regionNames: Rule = (ctx) => {
  const check = (value: unknown, path: Origin["path"]) => {
    const problem = typeof value === "string" ? regionProblem(value) : undefined;
    if (problem) ctx.report(path, problem);
  };
  check(ctx.raw.buildRegion, ["buildRegion"]);
  for (const origin of ctx.written("regions"))
    for (const [region, i] of stringItems(origin.value)) check(region, [...origin.path, i]);
  for (const origin of ctx.written("releases")) {
    for (const [channel, release] of mapEntries(origin.value)) {
      for (const [region, i] of stringItems(release.regions)) check(region, [...origin.path, channel, "regions", i]);
    }
  }
};

/** Every place an account name is used: image `accounts`, `copyTo` and release `accounts`. */
const accountReferences: Rule = (ctx) => {
  // When the accounts map itself is broken, every name would be "unknown": that map is the problem.
  if (ctx.accountsBroken) return;
  const known = nameList(Object.keys(ctx.accounts).sort());
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
        ctx.report(
          path,
          `${show(name)} has no role; copyTo needs a role the factory can assume: add \`role\` to accounts.${name}`,
        );
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
          const message = `${show(name)} is not one of the image's accounts (${nameList([...new Set(accounts.filter((known) => ctx.isKnownAccount(known)))].sort())}); add it to the image's accounts or remove it here`;
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
        ctx.report([...origin.path, channel], `${show(channel)} is not ${CHANNEL_NAME_RULE}`, "key");
      }
    }
    for (const [channel, release] of mapEntries(origin.value)) {
      const path = [...origin.path, channel];
      if (typeof release.ami === "string" && release.ami !== NEWEST_BUILD && !AMI_ID.test(release.ami)) {
        ctx.report([...path, "ami"], releaseAmiProblem(release.ami, Object.keys(asMap(origin.value) ?? {})));
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
      const message = releases.fromDefaults
        ? `public sharing needs \`public: true\` on the image; image "${image.label}" takes this release from defaults and does not set it`
        : "public sharing needs `public: true` on the image";
      ctx.report([...releases.path, channel, "public"], message);
    }
  }
};

/**
 * One pinned AMI, one image. Channels of one image that serve an AMI share its launch permissions
 * (catalog/expand/release-resources.ts); two images would each hold their own, and AWS keeps one
 * per AMI and principal: when either image lets its grant go, the other's accounts lose the AMI
 * while its grant is still in the state. It also keeps the 1,000 sharing entities of an AMI a
 * count over one image (sharingLimits).
 */
const pinnedByOneImage: Rule = (ctx) => {
  const owners = new Map<string, { image: ImageView; channel: string; origin: Origin }>();
  // A release in defaults is every image's that takes releases from there: one problem, said once.
  const reported = new Set<string>();
  const fix =
    "AWS keeps one launch permission per AMI and account, so the grants of two images on it would revoke each other's: " +
    "release the AMI from one image, with the accounts of both";
  for (const image of ctx.images) {
    const releases = ctx.field(image, "releases");
    if (!releases) continue;
    for (const [channel, release] of mapEntries(releases.value)) {
      if (typeof release.ami !== "string" || !AMI_ID.test(release.ami)) continue;
      const origin: Origin = { ...releases, path: [...releases.path, channel, "ami"] };
      const owner = owners.get(release.ami);
      if (owner === undefined) owners.set(release.ami, { image, channel, origin });
      const at = JSON.stringify(origin.path);
      if (owner === undefined || owner.image === image || reported.has(at)) continue;
      reported.add(at);
      if (JSON.stringify(owner.origin.path) === at) {
        const images = ctx.images.filter((other) => ctx.field(other, "releases")?.fromDefaults === true);
        ctx.report(
          origin.path,
          `${show(release.ami)} is pinned in defaults, so each image that takes its releases from there ` +
            `(${nameList(images.map((other) => `"${other.label}"`))}) releases it; ${fix}`,
        );
      } else {
        const message = `${show(release.ami)} is also pinned by image "${owner.image.label}" on channel "${owner.channel}"; ${fix}`;
        ctx.reportFor(image, origin, message, [owner.origin]);
      }
    }
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
    const perRelease: Array<[Origin | undefined, string, readonly string[], string]> = releases
      ? mapEntries(releases.value).map(([channel, release]) => {
          const own = asStringList(release.accounts);
          const origin = own ? { ...releases, path: [...releases.path, channel, "accounts"] } : accounts;
          return [origin, channel, own ?? imageAccounts, servedAmi(release)];
        })
      : [[accounts, DEFAULT_CHANNEL, imageAccounts, NEWEST_BUILD]];
    const entities = (size: number) => count(size, "account, organization or OU", "accounts, organizations and OUs");
    const most = `an AMI can be shared with at most ${formatNumber(LIMITS.sharingEntities)}`;
    // Channels that serve one AMI hold one grant per principal on it (catalog/expand/release-resources.ts),
    // so the limit holds for them together; a channel over it alone is reported on its own.
    const bySource = new Map<string, { channels: string[]; keys: Set<string> }>();
    for (const [origin, channel, list, ami] of perRelease) {
      const keys = principals(list);
      if (origin && keys.size > LIMITS.sharingEntities) {
        ctx.reportFor(image, origin, `release "${channel}" shares with ${entities(keys.size)}; ${most}`, []);
        continue;
      }
      const source = bySource.get(ami) ?? { channels: [], keys: new Set<string>() };
      source.channels.push(channel);
      for (const key of keys.keys()) source.keys.add(key);
      bySource.set(ami, source);
    }
    for (const [ami, { channels, keys }] of bySource) {
      if (!releases || channels.length < 2 || keys.size <= LIMITS.sharingEntities) continue;
      const message =
        `releases ${nameList([...channels].sort(compareText).map((c) => `"${c}"`))} serve one AMI (${ami}) and together share it with ` +
        `${entities(keys.size)}; ${most}: serve another AMI on one of them, or share with fewer`;
      ctx.reportFor(image, releases, message, []);
    }
    const shareBuilds = ctx.field(image, "shareBuilds");
    if (shareBuilds?.value === true && accounts) {
      const kinds = [...principals(imageAccounts).values()];
      const limits: Array<[string, number, string]> = [
        ["account", LIMITS.distributionAccounts, "account ids"],
        ["organization", LIMITS.distributionOrganizations, "organization ARNs"],
        ["ou", LIMITS.distributionOus, "OU ARNs"],
      ];
      for (const [kind, limit, noun] of limits) {
        const n = kinds.filter((k) => k === kind).length;
        if (n > limit) {
          ctx.reportFor(
            image,
            accounts,
            `shareBuilds shares every build with ${formatNumber(n)} ${noun}; Image Builder distributes to at most ${formatNumber(limit)}`,
            [shareBuilds],
          );
        }
      }
    }
    const copyTo = ctx.field(image, "copyTo");
    const copies = new Set(asStringList(copyTo?.value) ?? []).size;
    if (copyTo && copies > LIMITS.distributionAccounts) {
      ctx.report(
        copyTo.path,
        `copyTo names ${formatNumber(copies)} accounts; Image Builder copies into at most ${formatNumber(LIMITS.distributionAccounts)}`,
      );
    }
  }
};

export const SHARING_RULES: readonly Rule[] = [
  regionNames,
  accountEntries,
  accountReferences,
  copyTargets,
  releaseSubsets,
  channels,
  pinnedByOneImage,
  sharingLimits,
];
