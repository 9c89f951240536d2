/**
 * What each principal a release is shared with gets besides its launch permissions, read from
 * the planned resources: EC2 Auto Scaling's grant on the factory's keys (made by the stack, or
 * to be made by the account) and the Allowed AMIs setting the stack manages there; and what an
 * account that builds are copied into (`copyTo`) receives.
 */
import { TYPE } from "../contract/type-tokens";
import { principalLabel } from "./callouts";
import { grantReadersIn } from "../catalog/render/access-policies";
import type { Change } from "./diff";
import { keyOf, type PlanResource } from "./resources";
import { compareText } from "../catalog/tables/order";

const GRANT = TYPE.grant;
const SCALING_GRANT = TYPE.kmsGrant;
const ALLOWED = TYPE.allowedImages;
const UNBLOCK = TYPE.blockPublicAccess;
const KEY = TYPE.key;

export interface ConsumerLine {
  /** Account id, organization ARN or OU ARN. */
  principal: string;
  message: string;
}

function regionsOf(resources: readonly PlanResource[]): string {
  return [...new Set(resources.map((r) => String(r.inputs.region)))].sort().join(", ");
}

/**
 * The resources of `type` by the account id their name ends with (`<factory>/allowed-images/
 * <region>/<account id>`, `<factory>/scaling-grant/...`): indexed once, as a large estate has
 * thousands of accounts and tens of thousands of resources.
 */
function byAccount(resources: readonly PlanResource[], type: string): Map<string, PlanResource[]> {
  const found = new Map<string, PlanResource[]>();
  for (const r of resources) {
    if (r.type === type) push(found, r.name.slice(r.name.lastIndexOf("/") + 1), r);
  }
  return found;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const DISTRIBUTION = TYPE.distribution;

/** One account's copies of builds (copyTo): the images, the regions, whether the factory's key encrypts them. */
interface Copies {
  images: Set<string>;
  regions: Set<string>;
  encrypted: boolean;
}

/** By account id, what the distribution configurations copy into it. */
function copiesByAccount(resources: readonly PlanResource[]): Map<string, Copies> {
  const found = new Map<string, Copies>();
  for (const r of resources) {
    if (r.type !== DISTRIBUTION) continue;
    const distributions: unknown = r.inputs.distributions;
    if (!Array.isArray(distributions)) continue;
    for (const d of distributions as { region?: unknown; amiDistributionConfiguration?: Record<string, unknown> }[]) {
      const config = d.amiDistributionConfiguration ?? {};
      const targets = Array.isArray(config.targetAccountIds) ? (config.targetAccountIds as unknown[]) : [];
      for (const id of targets) {
        if (typeof id !== "string") continue;
        const copies = found.get(id) ?? { images: new Set<string>(), regions: new Set<string>(), encrypted: false };
        copies.images.add(r.name.slice(r.name.indexOf("/") + 1));
        copies.regions.add(String(d.region));
        if (config.kmsKeyId !== undefined) copies.encrypted = true;
        found.set(id, copies);
      }
    }
  }
  return found;
}

/**
 * The images whose builds the factory's keys do not encrypt, by the name their distribution
 * configuration and their releases' component share (`<factory>/<image>`): public images, as AWS
 * shares no encrypted AMI publicly. Auto Scaling needs no grant to launch them.
 */
function unencryptedImagesOf(resources: readonly PlanResource[]): Set<string> {
  const found = new Set<string>();
  for (const r of resources) {
    if (r.type !== DISTRIBUTION || !Array.isArray(r.inputs.distributions)) continue;
    const distributions = r.inputs.distributions as { amiDistributionConfiguration?: Record<string, unknown> }[];
    if (distributions.every((d) => d.amiDistributionConfiguration?.kmsKeyId === undefined)) found.add(r.name);
  }
  return found;
}

const NO_GRANT_NEEDED = "not encrypted: Auto Scaling needs no grant for them";
const PUBLIC_ONLY = "launches only public images, which are not encrypted: Auto Scaling needs no grant";

function copiesPart(copies: Copies): string {
  const sorted = (set: Set<string>) => [...set].sort(compareText).join(", ");
  return `receives its own copy of each build of ${sorted(copies.images)} in ${sorted(copies.regions)} (copyTo)`;
}

export function consumerLinesOf(head: readonly PlanResource[], names: ReadonlyMap<string, string>): ConsumerLine[] {
  const granted = new Map<string, PlanResource[]>();
  for (const r of head) {
    if (r.type !== GRANT) continue;
    const who = [r.inputs.accountId, r.inputs.organizationArn, r.inputs.organizationalUnitArn].find((v) => typeof v === "string");
    if (typeof who !== "string") continue;
    push(granted, who, r);
  }
  const scalingGrants = byAccount(head, SCALING_GRANT);
  const allowedImages = byAccount(head, ALLOWED);
  const copies = copiesByAccount(head);
  const unencrypted = unencryptedImagesOf(head);
  const lines: ConsumerLine[] = [];
  for (const [who, grants] of [...granted].sort(([a], [b]) => compareText(a, b))) {
    const label = principalLabel(who, names);
    const parts: string[] = [];
    const encrypted = grants.filter((g) => g.parent === undefined || !unencrypted.has(g.parent));
    const ownGrant = (subject: string) =>
      encrypted.length > 0 ? `${subject} its own Auto Scaling grant in ${regionsOf(encrypted)} (docs/consumers.md)` : PUBLIC_ONLY;
    if (who.startsWith("arn:")) {
      parts.push(ownGrant("each account creates"));
    } else {
      const scaling = scalingGrants.get(who) ?? [];
      parts.push(
        scaling.length > 0 ? `Auto Scaling grant made by the stack in ${regionsOf(scaling)}` : ownGrant("no role: creates"),
      );
      const allowed = allowedImages.get(who) ?? [];
      const state: unknown = allowed[0]?.inputs.state;
      parts.push(
        allowed.length > 0
          ? `Allowed AMIs ${state === "enabled" ? "enforced" : "audited"} in ${regionsOf(allowed)}`
          : "Allowed AMIs not managed (if enabled there, it must allow the factory's account)",
      );
      const copied = copies.get(who);
      if (copied) parts.push(copiesPart(copied));
    }
    lines.push({ principal: who, message: `${label}: ${parts.join("; ")}` });
  }
  // Accounts that receive copies and no launch permission: their copies are their own AMIs.
  for (const [who, copied] of [...copies].sort(([a], [b]) => compareText(a, b))) {
    if (granted.has(who)) continue;
    const label = principalLabel(who, names);
    const scaling = scalingGrants.get(who) ?? [];
    const grant =
      scaling.length > 0
        ? `Auto Scaling grant made by the stack in ${regionsOf(scaling)}`
        : copied.encrypted
          ? "no Auto Scaling grant made by the stack"
          : NO_GRANT_NEEDED;
    lines.push({ principal: who, message: `${label}: ${copiesPart(copied)}; ${grant}` });
  }
  for (const r of head) {
    if (r.type !== UNBLOCK) continue;
    lines.push({
      principal: "factory",
      message: `factory account: AMI block public access turned off in ${String(r.inputs.region)} for its public releases`,
    });
  }
  return lines;
}

/**
 * With `--base`: the accounts whose Auto Scaling grants the change deletes in a region whose key
 * stays in the stack and no longer lets the account list grants (it left `accounts:`, or lost its
 * `role`). The provider deletes a grant by retiring it as the account's role, then waits with
 * ListGrants until it is gone; the engine deletes at the end of the update, after the key policy
 * has dropped the account. So `pulumi up` fails once there, with the grants already retired, and
 * a re-run completes. One warning per account, with the way around it.
 */
export function scalingGrantWarnings(
  base: readonly PlanResource[],
  head: readonly PlanResource[],
  changes: readonly Change[],
  names: ReadonlyMap<string, string>,
): string[] {
  const baseByKey = new Map(base.map((r) => [keyOf(r), r]));
  const readersByRegion = new Map<string, Set<string>>();
  for (const r of head) {
    if (r.type === KEY && typeof r.inputs.policy === "string")
      readersByRegion.set(String(r.inputs.region), new Set(grantReadersIn(r.inputs.policy)));
  }
  const stranded = new Map<string, string[]>();
  for (const change of changes) {
    if (change.action !== "delete" || change.type !== SCALING_GRANT) continue;
    const grant = baseByKey.get(keyOf(change));
    if (!grant) continue;
    const account = grant.name.slice(grant.name.lastIndexOf("/") + 1);
    const region = String(grant.inputs.region);
    const readers = readersByRegion.get(region);
    // A key that leaves the stack is retained in AWS with the policy it had, which lists the account.
    if (readers === undefined || readers.has(account)) continue;
    push(stranded, account, region);
  }
  return [...stranded]
    .sort(([a], [b]) => compareText(a, b))
    .map(([account, regions]) => {
      const label = principalLabel(account, names);
      return (
        `${label} leaves the accounts the factory has a role in while the stack deletes its Auto Scaling grants in ` +
        `${[...new Set(regions)].sort().join(", ")}: \`pulumi up\` fails once at their delete (the grants are retired, ` +
        "but the key policy no longer lets the account list grants, which the delete waits on), and a re-run completes. " +
        'To avoid it, remove the account from its images in one change and from `accounts:` in the next (docs/operations.md, "Revoke an account")'
      );
    });
}
