/**
 * The policy pack's rules over the planned resources: the single place the plan applies them
 * (policy/policies.ts `evaluate`, the same rules `pulumi preview --policy-pack policy` runs).
 * The pack's settings come from `policy/config.json`, the file CI also passes to
 * `pulumi preview --policy-pack-config`, so the plan and a real preview judge alike.
 */
import { existsSync, readFileSync } from "fs";
import { join } from "path";
import type { PackConfig } from "../policy/config";
import { evaluate, type Finding } from "../policy/policies";
import type { PlanResource } from "./resources";

export type { Finding };

/** Where the pack's settings live, relative to the project root. */
export const POLICY_CONFIG_FILE = join("policy", "config.json");

/**
 * The settings of a policy-pack config file (`{ "<policy>": { "<key>": [...] } }`) as one flat
 * object: each policy declares the keys it reads, and the keys mean the same in every policy.
 */
export function readPolicyConfig(root: string): Partial<PackConfig> {
  const file = join(root, POLICY_CONFIG_FILE);
  if (!existsSync(file)) return {};
  const perPolicy = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  const flat: Record<string, unknown> = {};
  for (const settings of Object.values(perPolicy)) {
    if (settings && typeof settings === "object") Object.assign(flat, settings);
  }
  delete flat.enforcementLevel;
  return flat as Partial<PackConfig>;
}

export function checkPolicies(resources: readonly PlanResource[], root: string): Finding[] {
  return evaluate(resources, readPolicyConfig(root));
}

export function mandatory(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.enforcement === "mandatory");
}
