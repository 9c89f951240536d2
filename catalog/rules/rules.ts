/**
 * The catalog's cross-field rules: small functions over one context, grouped by what they are
 * about. They read the parsed catalog defensively (it may be partly invalid; the schema reports
 * that) and speak only about values they understand, so a bad value is reported once.
 */
import { ALLOWED_IMAGES_RULES } from "./allowed-images-rules";
import { AMI_METADATA_RULES } from "./ami-metadata-rules";
import { AWS_LIMIT_RULES } from "./aws-limit-rules";
import { AWS_NAME_RULES } from "./aws-name-rules";
import { IMAGE_RULES } from "./image-rules";
import { INPUT_RULES } from "./input-rules";
import { KEY_POLICY_RULES } from "./key-policy-rules";
import type { Finding } from "../read/locate";
import { RuleContext, type Rule } from "./rule-context";
import { SHARING_RULES } from "./sharing-rules";

export type { Rule } from "./rule-context";

export const RULES: readonly Rule[] = [
  ...INPUT_RULES,
  ...IMAGE_RULES,
  ...SHARING_RULES,
  ...AMI_METADATA_RULES,
  ...AWS_LIMIT_RULES,
  ...AWS_NAME_RULES,
  ...KEY_POLICY_RULES,
  ...ALLOWED_IMAGES_RULES,
];

/** Every rule's findings for a parsed (possibly invalid) catalog. */
export function checkRules(raw: unknown): Finding[] {
  const ctx = new RuleContext(raw);
  for (const rule of RULES) rule(ctx);
  return ctx.findings;
}
