/**
 * The size of each region's key policy: every principal an image is shared with in a region is
 * named in that region's key policy, which KMS caps (LIMITS.keyPolicyBytes), and so is every
 * account with a `role`, in every region (its grant readers). The policy is rendered by the same
 * function the stack uses, so the size is the one KMS would see; it is reported where the
 * accounts that push it over the limit are added.
 */
import { LIMITS } from "../../contract/aws-limits";
import type { Principal } from "../resolve/model";
import { keyPolicy } from "../render/access-policies";
import { parsePrincipal, principalText } from "../resolve/principal";
import { isRegion } from "../tables/regions";
import { asStringList, mapEntries, type ImageView, type Origin, type Rule, type RuleContext } from "./rule-context";
import { count, formatNumber } from "../read/wording";
import { compareText } from "../tables/order";

/** A factory account id has 12 digits whatever it is: the rendered size does not depend on which. */
const ANY_ACCOUNT_ID = "000000000000";

/** One place that adds principals to some regions' keys. */
interface Contribution {
  image: ImageView;
  origin: Origin | undefined;
  regions: readonly string[];
  principals: readonly Principal[];
}

function principalsOf(ctx: RuleContext, list: readonly string[]): Principal[] {
  return list.flatMap((name) => {
    const text = principalText(ctx.accounts[name]);
    const principal = text === undefined ? undefined : parsePrincipal(text);
    return principal ? [principal] : [];
  });
}

/** What each image adds to the keys, as expand.ts's keysOf does: releases, shared builds, copyTo targets. */
function contributions(ctx: RuleContext): Contribution[] {
  const out: Contribution[] = [];
  for (const image of ctx.images) {
    const regions = ctx.regions(image);
    if (!regions) continue;
    const accountsOrigin = ctx.field(image, "accounts");
    const imageAccounts = ctx.accountNames(image) ?? [];
    const releases = ctx.field(image, "releases");
    if (releases) {
      for (const [channel, release] of mapEntries(releases.value)) {
        const own = asStringList(release.accounts);
        const ownRegions = asStringList(release.regions)?.filter(isRegion);
        out.push({
          image,
          origin: own ? { ...releases, path: [...releases.path, channel, "accounts"] } : accountsOrigin,
          regions: ownRegions ? [...ownRegions, ctx.buildRegion] : [...regions],
          principals: principalsOf(ctx, own ?? imageAccounts),
        });
      }
    } else {
      out.push({ image, origin: accountsOrigin, regions: [...regions], principals: principalsOf(ctx, imageAccounts) });
    }
    if (ctx.field(image, "shareBuilds")?.value === true) {
      out.push({ image, origin: accountsOrigin, regions: [...regions], principals: principalsOf(ctx, imageAccounts) });
    }
    const copyTo = ctx.field(image, "copyTo");
    const targets = asStringList(copyTo?.value);
    if (copyTo && targets) {
      const accounts = principalsOf(ctx, targets).filter((p) => p.kind === "account");
      out.push({ image, origin: copyTo, regions: [...regions], principals: accounts });
    }
  }
  return out;
}

/** The accounts with a role, as expand.ts's grantReadersOf finds them in the resolved catalog. */
function grantReadersOf(ctx: RuleContext): string[] {
  const ids = Object.values(ctx.accounts).flatMap((entry) => {
    if (entry === null || typeof entry !== "object" || typeof (entry as { role?: unknown }).role !== "string") return [];
    const text = principalText(entry);
    const principal = text === undefined ? undefined : parsePrincipal(text);
    return principal?.kind === "account" ? [principal.id] : [];
  });
  return [...new Set(ids)].sort(compareText);
}

const keyPolicySize: Rule = (ctx) => {
  if (ctx.accountsBroken) return;
  const readers = grantReadersOf(ctx);
  const policyBytes = (principals: ReadonlyMap<string, Principal>): number =>
    Buffer.byteLength(keyPolicy(ANY_ACCOUNT_ID, [...principals.values()], readers), "utf8");
  const all = contributions(ctx);
  const byRegion = new Map<string, Map<string, Principal>>();
  for (const c of all) {
    for (const region of c.regions) {
      const set = byRegion.get(region) ?? new Map<string, Principal>();
      c.principals.forEach((p) => set.set(p.key, p));
      byRegion.set(region, set);
    }
  }
  for (const [region, principals] of [...byRegion].sort(([a], [b]) => compareText(a, b))) {
    if (policyBytes(principals) <= LIMITS.keyPolicyBytes) continue;
    // Over the limit: find the place whose principals push it over, in catalog order.
    const sofar = new Map<string, Principal>();
    for (const c of all) {
      if (!c.regions.includes(region)) continue;
      c.principals.forEach((p) => sofar.set(p.key, p));
      const bytes = policyBytes(sofar);
      if (bytes <= LIMITS.keyPolicyBytes || !c.origin) continue;
      const accounts = [...principals.values()].filter((p) => p.kind === "account").length;
      const message = `${count(accounts, "account")} share the ${region} key; its policy would be ${formatNumber(policyBytes(principals))} bytes, KMS allows ${formatNumber(LIMITS.keyPolicyBytes)}: use an OU or split the image`;
      ctx.reportFor(c.image, c.origin, message, []);
      break;
    }
  }
};

export const KEY_POLICY_RULES: readonly Rule[] = [keyPolicySize];
