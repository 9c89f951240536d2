/**
 * What a reviewer must not miss, put at the top of the plan: launch permissions revoked, AMIs
 * replaced or deleted, public sharing, builds shared at build time (grants the stack does not
 * manage) and protected resources the change would delete.
 */
import { parseName } from "../catalog/render/names";
import { isOfflineNewestBuild } from "../offline/newest-build";
import type { Change } from "./diff";
import { keyOf, type PlanResource } from "./resources";
import { TYPE } from "../contract/type-tokens";

export type CalloutKind = "grant-revoked" | "ami-replaced" | "ami-deleted" | "protected" | "public" | "shared-at-build";

export interface Callout {
  kind: CalloutKind;
  /** `type name` of the resource it is about. */
  resource: string;
  message: string;
  /** Revocations: who loses the grant (`name (id)`) and in which region, to count them by. */
  grantee?: string;
  region?: string;
}

/** Headings, in the order callouts are printed. */
export const CALLOUT_TITLES: Readonly<Record<CalloutKind, string>> = {
  "grant-revoked": "Launch permissions revoked",
  "ami-replaced": "AMIs replaced",
  "ami-deleted": "AMIs deleted",
  protected: "Protected resources in the way",
  public: "Public sharing (every AWS account)",
  "shared-at-build": "Builds shared at build time (not managed by the stack)",
};

const GRANT = TYPE.grant;
const COPY = TYPE.amiCopy;
const DISTRIBUTION = TYPE.distribution;
const UNBLOCK = TYPE.blockPublicAccess;

export interface CalloutContext {
  base?: readonly PlanResource[];
  head: readonly PlanResource[];
  changes?: readonly Change[];
  /** Catalog account name per account id or ARN. */
  accountNames: ReadonlyMap<string, string>;
}

/** `staging (012345678901)`, or the id alone when the catalog has no name for it. */
export function principalLabel(id: string, names: ReadonlyMap<string, string>): string {
  const name = names.get(id);
  return name === undefined ? id : `${name} (${id})`;
}

/** Who a launch permission is for. */
function grantee(inputs: Record<string, unknown>, names: ReadonlyMap<string, string>): string {
  if (inputs.group === "all") return "every AWS account (public)";
  const id = [inputs.accountId, inputs.organizationArn, inputs.organizationalUnitArn].find((v) => typeof v === "string");
  return typeof id === "string" ? principalLabel(id, names) : "an unknown principal";
}

/**
 * `image al2023-base, AMI ami-0abc..., in eu-west-1` from a copy's or grant's name
 * `<factory>/<image>/copy|grant/<source AMI>/...` (names.ts); `image ..., channel ...` from other names.
 */
function where(resource: PlanResource): string {
  const [image, kind, source] = parseName(resource.name).keys;
  const region = typeof resource.inputs.region === "string" ? resource.inputs.region : "its region";
  if (kind === undefined) return `${resource.name} in ${region}`;
  if (
    (resource.type === GRANT || resource.type === COPY) &&
    (kind === "grant" || kind === "copy") &&
    source?.startsWith("ami-")
  ) {
    return `image ${image}, AMI ${isOfflineNewestBuild(source) ? "newest build" : source}, in ${region}`;
  }
  return `image ${image}, channel ${kind}, in ${region}`;
}

function amiFate(resource: PlanResource): string {
  const at: unknown = resource.inputs.deprecationTime;
  const deprecated =
    typeof at === "string"
      ? `deprecated on ${at.slice(0, 10)} (its release's deprecateAt)`
      : "deprecated by the sweeper lifecycle.deprecateAfterDays after the first sweep that finds it unserved";
  return resource.retainOnDelete
    ? `the old AMI is kept in AWS (retainOnDelete) and ${deprecated}; instances and launch templates that use it keep working`
    : "the old AMI is deregistered and its snapshots deleted: instances and launch templates that use its id break";
}

export function calloutsOf(context: CalloutContext): Callout[] {
  const { head, changes, accountNames } = context;
  const baseByKey = new Map((context.base ?? []).map((r) => [keyOf(r), r]));
  const headByKey = new Map(head.map((r) => [keyOf(r), r]));
  const callouts: Callout[] = [];

  for (const change of changes ?? []) {
    const key = `${change.type} ${change.name}`;
    const before = baseByKey.get(key);
    const after = headByKey.get(key);
    if (change.action === "delete" && before) {
      if (change.type === GRANT) {
        const who = grantee(before.inputs, accountNames);
        callouts.push({
          kind: "grant-revoked",
          resource: key,
          message: `${who} can no longer launch ${where(before)} (${change.name})`,
          grantee: who,
          region: typeof before.inputs.region === "string" ? before.inputs.region : "its region",
        });
      }
      if (change.type === COPY) {
        callouts.push({
          kind: "ami-deleted",
          resource: key,
          message: `${where(before)} leaves the catalog (${change.name}): ${amiFate(before)}`,
        });
      }
      if (before.protect) {
        callouts.push({
          kind: "protected",
          resource: key,
          message: `${key} is protected and would be deleted: \`pulumi up\` refuses until protect is lifted`,
        });
      }
    }
    if (change.action === "replace" && after) {
      if (change.type === COPY) {
        const because = change.reason ? ` (${change.reason})` : "";
        callouts.push({
          kind: "ami-replaced",
          resource: key,
          message: `${where(after)} gets a new AMI${because}: ${amiFate(before ?? after)}`,
        });
      }
      if (after.protect || before?.protect) {
        callouts.push({
          kind: "protected",
          resource: key,
          message: `${key} is protected and would be replaced: \`pulumi up\` refuses until protect is lifted`,
        });
      }
    }
  }

  const created = new Set((changes ?? []).filter((c) => c.action === "create").map((c) => `${c.type} ${c.name}`));
  for (const resource of head) {
    if (resource.type === GRANT && resource.inputs.group === "all") {
      const status = changes === undefined ? "" : created.has(keyOf(resource)) ? " (new)" : " (kept)";
      callouts.push({
        kind: "public",
        resource: keyOf(resource),
        message: `${where(resource)} can be launched by every AWS account${status}`,
      });
    }
    if (resource.type === UNBLOCK) {
      callouts.push({
        kind: "public",
        resource: keyOf(resource),
        message: `the factory account's AMI block public access is turned off in ${String(resource.inputs.region)} (state unblocked): any of its AMIs there can then be made public`,
      });
    }
    if (resource.type === DISTRIBUTION) {
      for (const message of sharedAtBuild(resource, accountNames)) {
        callouts.push({ kind: "shared-at-build", resource: keyOf(resource), message });
      }
    }
  }
  const order = Object.keys(CALLOUT_TITLES);
  return callouts.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
}

/** Distributions of a configuration that grant launch permissions on every build. */
function sharedAtBuild(resource: PlanResource, names: ReadonlyMap<string, string>): string[] {
  const distributions: unknown[] = Array.isArray(resource.inputs.distributions) ? resource.inputs.distributions : [];
  const messages: string[] = [];
  for (const distribution of distributions) {
    const d = distribution as { region?: string; amiDistributionConfiguration?: { launchPermission?: Record<string, unknown> } };
    const permission = d.amiDistributionConfiguration?.launchPermission;
    if (!permission) continue;
    const ids = ["userIds", "organizationArns", "organizationalUnitArns"].flatMap((field) =>
      Array.isArray(permission[field]) ? (permission[field] as string[]) : [],
    );
    const groups = Array.isArray(permission.userGroups) ? (permission.userGroups as string[]) : [];
    const who = [
      ...ids.map((id) => principalLabel(id, names)),
      ...groups.map((g) => (g === "all" ? "every AWS account (public)" : `group ${g}`)),
    ];
    messages.push(
      `every build of ${resource.name} in ${d.region ?? "its region"} is shared with ${who.join(", ") || "nobody"}: ` +
        "these grants are made by Image Builder, not managed by the stack, and not revoked when an account leaves the catalog",
    );
  }
  return messages;
}
