/**
 * The policy pack's rules over the planned resources: the single place the plan applies them
 * (policy/policies.ts `evaluate`, the same rules `pulumi preview --policy-pack policy` runs).
 * Offline there is no `--policy-pack-config`, so the pack's defaults apply.
 */
import { evaluate, type Finding } from "../policy/policies";
import type { PlanResource } from "./resources";

export type { Finding };

export function checkPolicies(resources: readonly PlanResource[]): Finding[] {
  return evaluate(resources);
}

export function mandatory(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.enforcement === "mandatory");
}
