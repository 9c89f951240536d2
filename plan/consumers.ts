/**
 * What each principal a release is shared with gets besides its launch permissions, read from
 * the planned resources: EC2 Auto Scaling's grant on the factory's keys (made by the stack, or
 * to be made by the account) and the Allowed AMIs setting the stack manages there.
 */
import { TYPE } from "../contract/type-tokens";
import type { PlanResource } from "./resources";
import { compareText } from "../catalog/tables/order";

const GRANT = TYPE.grant;
const SCALING_GRANT = TYPE.kmsGrant;
const ALLOWED = TYPE.allowedImages;
const UNBLOCK = TYPE.blockPublicAccess;

export interface ConsumerLine {
  /** Account id, organization ARN or OU ARN. */
  principal: string;
  message: string;
}

function regionsOf(resources: readonly PlanResource[]): string {
  return [...new Set(resources.map((r) => String(r.inputs.region)))].sort().join(", ");
}

/** `<factory>/allowed-images/<region>/<account id>` and `<factory>/scaling-grant/...` end with the account id. */
function forAccount(resources: readonly PlanResource[], type: string, id: string): PlanResource[] {
  return resources.filter((r) => r.type === type && r.name.endsWith(`/${id}`));
}

export function consumerLinesOf(head: readonly PlanResource[], names: ReadonlyMap<string, string>): ConsumerLine[] {
  const granted = new Map<string, PlanResource[]>();
  for (const r of head) {
    if (r.type !== GRANT) continue;
    const who = [r.inputs.accountId, r.inputs.organizationArn, r.inputs.organizationalUnitArn].find((v) => typeof v === "string");
    if (typeof who !== "string") continue;
    granted.set(who, [...(granted.get(who) ?? []), r]);
  }
  const lines: ConsumerLine[] = [];
  for (const [who, grants] of [...granted].sort(([a], [b]) => compareText(a, b))) {
    const label = names.has(who) ? `${names.get(who)} (${who})` : who;
    const parts: string[] = [];
    if (who.startsWith("arn:")) {
      parts.push(`each account creates its own Auto Scaling grant in ${regionsOf(grants)} (docs/consumers.md)`);
    } else {
      const scaling = forAccount(head, SCALING_GRANT, who);
      parts.push(
        scaling.length > 0
          ? `Auto Scaling grant made by the stack in ${regionsOf(scaling)}`
          : `no role: creates its own Auto Scaling grant in ${regionsOf(grants)} (docs/consumers.md)`,
      );
      const allowed = forAccount(head, ALLOWED, who);
      const state: unknown = allowed[0]?.inputs.state;
      parts.push(
        allowed.length > 0
          ? `Allowed AMIs ${state === "enabled" ? "enforced" : "audited"} in ${regionsOf(allowed)}`
          : "Allowed AMIs not managed (if enabled there, it must allow the factory's account)",
      );
    }
    lines.push({ principal: who, message: `${label}: ${parts.join("; ")}` });
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
