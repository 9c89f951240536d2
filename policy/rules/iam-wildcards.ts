/**
 * The roles of the build instances, of the lifecycle execution and of cross-account distribution
 * get least privilege: no statement allows every action on every resource, inline or through an
 * attached AWS-managed policy that does (AdministratorAccess).
 */
import { describe, isUnknown, listOf, recordOf, showInput, type Subject } from "../inputs";
import { TYPES, type ResourceRule } from "./rule";

/** AWS-managed policies that allow `*` on `*`, in any partition. */
const ALLOW_ALL_MANAGED = /^arn:aws[a-z-]*:iam::aws:policy\/AdministratorAccess$/;

/** The statements of a policy document given as JSON text or as an object; undefined when unreadable. */
function statementsOf(document: unknown): Record<string, unknown>[] | undefined {
  let parsed = document;
  if (typeof document === "string") {
    try {
      parsed = JSON.parse(document);
    } catch {
      return undefined;
    }
  }
  const statements = listOf(recordOf(parsed)?.Statement);
  if (isUnknown(statements)) return undefined;
  return statements.flatMap((s) => (recordOf(s) ? [recordOf(s)!] : []));
}

function includesWildcard(value: unknown, wildcards: readonly string[]): boolean {
  const values = listOf(value);
  return !isUnknown(values) && values.some((v) => typeof v === "string" && wildcards.includes(v));
}

/** Messages for every statement of one document that allows `*` on `*`. */
function documentProblems(subject: Subject, document: unknown, where: string): string[] {
  if (isUnknown(document)) return [];
  return (statementsOf(document) ?? []).flatMap((statement, index) => {
    if (statement.Effect !== "Allow") return [];
    if (!includesWildcard(statement.Action, ["*", "*:*"]) || !includesWildcard(statement.Resource, ["*"])) return [];
    const sid = typeof statement.Sid === "string" ? `"${statement.Sid}"` : `#${index + 1}`;
    return [
      `${describe(subject)} allows every action ("*") on every resource ("*") in ${where}statement ${sid}; ` +
        `list the actions the role needs and the resources it needs them on`,
    ];
  });
}

function managedProblem(subject: Subject, arn: unknown, field: string): string[] {
  if (typeof arn !== "string" || !ALLOW_ALL_MANAGED.test(arn)) return [];
  return [
    `${describe(subject)} attaches ${showInput(arn)} (${field}), which allows every action on every resource; ` +
      `attach the AWS-managed policy of the role's job or an inline policy with only the actions it needs`,
  ];
}

export const noWildcardIam: ResourceRule = {
  kind: "resource",
  name: "no-wildcard-iam",
  description:
    'IAM policies of the factory\'s roles (build instances, lifecycle execution, distribution) allow no "*" action ' +
    'on "*" resource, inline or through an attached AdministratorAccess.',
  enforcement: "mandatory",
  config: [],
  types: [TYPES.rolePolicy, TYPES.policy, TYPES.role, TYPES.rolePolicyAttachment],
  check(subject) {
    const { inputs } = subject;
    switch (subject.type) {
      case TYPES.rolePolicy:
      case TYPES.policy:
        return documentProblems(subject, inputs.policy, "");
      case TYPES.rolePolicyAttachment:
        return managedProblem(subject, inputs.policyArn, "policyArn");
      case TYPES.role: {
        const inline = listOf(inputs.inlinePolicies);
        const managed = listOf(inputs.managedPolicyArns);
        return [
          ...(isUnknown(inline)
            ? []
            : inline.flatMap((p) => {
                const policy = recordOf(p);
                const name = typeof policy?.name === "string" ? `inline policy "${policy.name}", ` : "an inline policy, ";
                return documentProblems(subject, policy?.policy, name);
              })),
          ...(isUnknown(managed) ? [] : managed.flatMap((arn) => managedProblem(subject, arn, "managedPolicyArns"))),
        ];
      }
      default:
        return [];
    }
  },
};
