/**
 * The catalog's cross-field rules: small functions over one context, grouped by what they are
 * about. They read the parsed catalog defensively (it may be partly invalid; the schema reports
 * that) and speak only about values they understand, so a bad value is reported once.
 */
import { AMI_METADATA_RULES } from "./ami-metadata-rules";
import { AWS_LIMIT_RULES } from "./aws-limit-rules";
import { AWS_NAME_RULES } from "./aws-name-rules";
import { IMAGE_RULES } from "./image-rules";
import { INPUT_RULES } from "./input-rules";
import type { Finding } from "./locate";
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
];

/** Every rule's findings for a parsed (possibly invalid) catalog. */
export function checkRules(raw: unknown): Finding[] {
  const ctx = new RuleContext(raw);
  for (const rule of RULES) rule(ctx);
  return ctx.findings;
}
