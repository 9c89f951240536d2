/**
 * One entry per catalog image: where it is built, where it is available, who may launch it, and
 * per channel (release) the same. Taken from the expanded catalog, the same plan the program
 * builds its resources from.
 */
import type { FactoryPlan, ImagePlan } from "../catalog/expand/factory-plan";
import type { Catalog, Principal, Schedule } from "../catalog/resolve/model";
import { compareText } from "../catalog/tables/order";

export interface PlanChannel {
  channel: string;
  /** `newest build` or the pinned AMI id. */
  source: string;
  regions: string[];
  /** Resolved principals: 12-digit account ids and organization / OU ARNs. */
  accounts: string[];
  /** The catalog's names for them, in the same order. */
  accountNames: string[];
  public: boolean;
}

export interface PlanImage {
  name: string;
  os: string;
  arch: string;
  buildRegion: string;
  /** The recipe's parent image: `ssm:/aws/...`, an AMI id or an Image Builder image ARN. */
  base: string;
  /** Every region the image is available in. */
  regions: string[];
  /** Resolved principals: 12-digit account ids and organization / OU ARNs. */
  accounts: string[];
  accountNames: string[];
  public: boolean;
  /** How often the pipeline builds: its schedule, and whether a tick builds without a new base or component. */
  rebuilds: string;
  channels: PlanChannel[];
}

/** An account id as it is; an organization or OU ARN by its last part (`o-...`, `ou-...`). */
export function shortPrincipal(principal: string): string {
  return principal.startsWith("arn:") ? principal.slice(principal.lastIndexOf("/") + 1) : principal;
}

export function principalId(principal: Principal): string {
  return principal.kind === "account" ? principal.id : principal.arn;
}

/** Catalog account name per principal id (account id or ARN): how messages name a principal. */
export function accountNamesOf(catalog: Catalog): Map<string, string> {
  const names = new Map<string, string>();
  for (const account of Object.values(catalog.accounts).sort((a, b) => compareText(a.name, b.name))) {
    const id = principalId(account.principal);
    if (!names.has(id)) names.set(id, account.name);
  }
  return names;
}

function namesFor(principals: readonly Principal[], names: ReadonlyMap<string, string>): string[] {
  return principals.map((p) => names.get(principalId(p)) ?? principalId(p));
}

/** `cron(0 4 ? * SUN *) Etc/UTC, every run`, or `..., only when the base image or a component has a new version`. */
export function rebuildsText(schedule: Schedule): string {
  const when = schedule.onlyWhenChanged ? "only when the base image or a component has a new version" : "every run";
  return `${schedule.cron} ${schedule.timezone}, ${when}`;
}

function imageOf(image: ImagePlan, names: ReadonlyMap<string, string>): PlanImage {
  return {
    name: image.name,
    os: image.os,
    arch: image.arch,
    buildRegion: image.buildRegion,
    base: image.parentImage,
    regions: [...image.regions],
    accounts: image.principals.map(principalId),
    accountNames: namesFor(image.principals, names),
    public: image.public,
    rebuilds: rebuildsText(image.pipeline.schedule),
    channels: image.releases.map((release) => ({
      channel: release.channel,
      source: release.source.kind === "pinned" ? release.source.amiId : "newest build",
      regions: [...release.regions],
      accounts: release.principals.map(principalId),
      accountNames: namesFor(release.principals, names),
      public: release.public,
    })),
  };
}

export function imagesOf(plan: FactoryPlan, catalog: Catalog): PlanImage[] {
  const names = accountNamesOf(catalog);
  return plan.images.map((image) => imageOf(image, names));
}
