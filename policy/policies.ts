/**
 * The ami-factory policy pack's policies: AWS's AMI best practices, enforced on
 * every `pulumi preview --policy-pack policy` and applied offline by `npm run plan` through
 * `evaluate`. The rules themselves are pure (rules/); this module turns each into a Pulumi
 * policy object and runs them over recorded resources. It starts no policy server: only
 * policy/index.ts does, and tests never import that.
 */
import type { Policies, ReportViolation, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { configSchemaOf, resolveConfig, sectionOf, type PackConfig, type PackConfigFile } from "./settings";
import { plain, recordOf, type Subject } from "./inputs";
import { baseImage64Bit } from "./rules/base-image";
import { buildInstancesRequireImdsv2, terminateBuildInstancesOnFailure } from "./rules/build-instances";
import { buildRegion } from "./rules/build-region";
import { encryptedWithCustomerManagedKey } from "./rules/encryption";
import { noWildcardIam } from "./rules/iam-wildcards";
import { imageTestsAndScanning } from "./rules/image-tests";
import { lifecyclePolicyPerImage } from "./rules/lifecycle";
import { publicSharingUnblocked } from "./rules/public-access";
import { noPublicLaunchPermission } from "./rules/public-sharing";
import { recipeBestPracticeComponents } from "./rules/recipe-components";
import { requiredTags } from "./rules/required-tags";
import type { Enforcement, ResourceRule, Rule } from "./rules/rule";
import { compareText } from "../catalog/tables/order";

export { DEFAULT_CONFIG, type PackConfig, type PackConfigFile } from "./settings";
export type { Enforcement } from "./rules/rule";

/** Every rule, in the order findings are reported. */
export const RULES: readonly Rule[] = [
  noPublicLaunchPermission,
  publicSharingUnblocked,
  encryptedWithCustomerManagedKey,
  buildInstancesRequireImdsv2,
  terminateBuildInstancesOnFailure,
  recipeBestPracticeComponents,
  baseImage64Bit,
  imageTestsAndScanning,
  noWildcardIam,
  lifecyclePolicyPerImage,
  buildRegion,
  requiredTags,
];

/** A resource as `evaluate` reads it: what offline/run-program.ts records (RecordedResource fits). */
export interface EvaluatedResource {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
  /** Name of its explicit provider, whose region and default tags apply to it. */
  provider?: string;
}

/** One violation: which policy, how hard it enforces, which resource (`<type> <name>`) and why. */
export interface Finding {
  policy: string;
  enforcement: Enforcement;
  resource: string;
  message: string;
}

function common(rule: Rule) {
  const configSchema = configSchemaOf(rule.config);
  return {
    name: rule.name,
    description: rule.description,
    enforcementLevel: rule.enforcement,
    ...(configSchema ? { configSchema } : {}),
  };
}

function subjectOf(resource: {
  type: string;
  name: string;
  props: Record<string, unknown>;
  provider?: { props: Record<string, unknown> };
}): Subject {
  return {
    type: resource.type,
    name: resource.name,
    inputs: recordOf(plain(resource.props)) ?? {},
    providerInputs: resource.provider ? recordOf(plain(resource.provider.props)) : undefined,
  };
}

function toPolicy(rule: Rule): ResourceValidationPolicy | StackValidationPolicy {
  if (rule.kind === "resource") {
    return {
      ...common(rule),
      validateResource: (args, reportViolation: ReportViolation) => {
        if (!rule.types.includes(args.type)) return;
        const config = resolveConfig(args.getConfig<Partial<PackConfig>>());
        for (const message of rule.check(subjectOf(args), config)) reportViolation(message);
      },
    };
  }
  return {
    ...common(rule),
    validateStack: (args, reportViolation: ReportViolation) => {
      const urns = new Map<Subject, string>();
      const subjects = args.resources.map((resource) => {
        const subject = subjectOf(resource);
        urns.set(subject, resource.urn);
        return subject;
      });
      const config = resolveConfig(args.getConfig<Partial<PackConfig>>());
      for (const { subject, message } of rule.check(subjects, config)) reportViolation(message, urns.get(subject));
    },
  };
}

/** The pack's policies, for `new PolicyPack(...)` and for tests that call `validateResource` directly. */
export const policies: Policies = RULES.map(toPolicy);

function finding(rule: Rule, subject: Subject, message: string): Finding {
  return { policy: rule.name, enforcement: rule.enforcement, resource: `${subject.type} ${subject.name}`, message };
}

function resourceFindings(rule: ResourceRule, subject: Subject, config: PackConfig): Finding[] {
  if (!rule.types.includes(subject.type)) return [];
  return rule.check(subject, config).map((message) => finding(rule, subject, message));
}

/**
 * Every policy over the resources a run recorded, policy by policy in `RULES` order and, within
 * one, by resource type and name. Mandatory findings should fail the caller;
 * advisory ones are warnings. `config` is a pack config file: each policy reads its own section
 * and enforcement level from it, as it does under `pulumi preview --policy-pack-config`.
 */
export function evaluate(resources: readonly EvaluatedResource[], config?: PackConfigFile): Finding[] {
  const providers = new Map(
    resources.filter((r) => r.type.startsWith("pulumi:providers:")).map((r) => [r.name, r.inputs] as const),
  );
  // Registration order depends on when deploy-time lookups settle: sort, so findings are stable.
  const ordered = [...resources].sort((a, b) => compareText(a.type, b.type) || compareText(a.name, b.name));
  const subjects: Subject[] = ordered.map((r) => ({
    type: r.type,
    name: r.name,
    inputs: r.inputs,
    providerInputs: r.provider === undefined ? undefined : providers.get(r.provider),
  }));
  return RULES.flatMap((rule) => {
    const section = sectionOf(config, rule.name, rule.enforcement);
    if (section.enforcement === "disabled") return [];
    const resolved = resolveConfig(section.config);
    const found =
      rule.kind === "resource"
        ? subjects.flatMap((subject) => resourceFindings(rule, subject, resolved))
        : rule.check(subjects, resolved).map(({ subject, message }) => finding(rule, subject, message));
    return found.map((f) => ({ ...f, enforcement: section.enforcement as Enforcement }));
  });
}
