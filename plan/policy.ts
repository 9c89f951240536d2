/**
 * The policy pack's rules over the planned resources: the single place the plan applies them
 * (policy/policies.ts `evaluate`, the same rules `pulumi preview --policy-pack policy` runs).
 * The pack's settings come from `policy/config.json`, the file CI also passes to
 * `pulumi preview --policy-pack-config`, so the plan and a real preview judge alike.
 */
import { existsSync, readFileSync } from "fs";
import { join } from "path";
import type { PackConfigFile } from "../policy/settings";
import { evaluate, type Finding } from "../policy/policies";
import type { PlanResource } from "./resources";

export type { Finding };

/** Where the pack's settings live, relative to the project root. */
export const POLICY_CONFIG_FILE = join("policy", "config.json");

/**
 * The pack config file as it is (`{ "<policy>": { "<key>": [...] } }`): each policy reads its own
 * section, as the pack does, so one policy's allow-list never applies to another.
 */
export function readPolicyConfig(root: string): PackConfigFile {
  const file = join(root, POLICY_CONFIG_FILE);
  if (!existsSync(file)) return {};
  return JSON.parse(readFileSync(file, "utf8")) as PackConfigFile;
}

export function checkPolicies(resources: readonly PlanResource[], root: string): Finding[] {
  return evaluate(resources, readPolicyConfig(root));
}

export function mandatory(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.enforcement === "mandatory");
}
