/**
 * The shape of one policy's pure logic: what it is called, how hard it enforces, which config
 * keys it reads and which resources it looks at. The Pulumi policy objects and `evaluate` are
 * both built from these, so a preview and `npm run plan` apply the same rules.
 */
import type { ConfigKey, PackConfig } from "../settings";
import type { Subject } from "../inputs";
import { TYPE } from "../../contract/type-tokens";

export type Enforcement = "mandatory" | "advisory";

interface RuleInfo {
  /** The policy's name in the pack (kebab-case, stable: teams configure it by this name). */
  name: string;
  description: string;
  enforcement: Enforcement;
  /** The config keys the policy reads. */
  config: readonly ConfigKey[];
}

/** Looks at one resource at a time. */
export interface ResourceRule extends RuleInfo {
  kind: "resource";
  /** Type tokens the rule applies to; other resources are not its business. */
  types: readonly string[];
  /** One message per problem: the resource, the bad value and the fix. */
  check(subject: Subject, config: PackConfig): string[];
}

/** Looks at the whole stack: a rule about what must exist next to something. */
export interface StackRule extends RuleInfo {
  kind: "stack";
  check(subjects: readonly Subject[], config: PackConfig): { subject: Subject; message: string }[];
}

export type Rule = ResourceRule | StackRule;

/** The type tokens the rules name, under the rules' names, from contract/type-tokens.ts. */
export const TYPES = {
  component: TYPE.component,
  recipe: TYPE.recipe,
  infrastructure: TYPE.infrastructure,
  distribution: TYPE.distribution,
  pipeline: TYPE.pipeline,
  lifecyclePolicy: TYPE.lifecycle,
  image: TYPE.image,
  amiCopy: TYPE.amiCopy,
  launchPermission: TYPE.grant,
  key: TYPE.key,
  role: TYPE.role,
  rolePolicy: TYPE.rolePolicy,
  policy: TYPE.iamPolicy,
  rolePolicyAttachment: TYPE.attachment,
  instanceProfile: TYPE.profile,
  parameter: TYPE.parameter,
  imageBlockPublicAccess: TYPE.blockPublicAccess,
} as const;
