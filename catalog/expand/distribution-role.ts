/**
 * The consumer role's statements for Image Builder's distribution role in the accounts builds
 * are copied into (`copyTo`), kept apart from consumer-role.ts: what the consumer role may do
 * to that role is what keeps it from becoming more than the copies need. Pure.
 */
import { CROSS_ACCOUNT_ROLE_NAME, MANAGED_POLICY } from "../render/access-policies";
import { distributionBoundaryArn } from "../render/distribution-boundary";

type Statement = Record<string, unknown>;

/**
 * What the consumer role may do to Image Builder's distribution role in a `copyTo` account
 * (aws.iam.Role, RolePolicyAttachment and RolePolicy: components/account-access.ts), and no more:
 * create it, give it an inline policy or a managed policy only with the factory's permissions
 * boundary on it (catalog/render/distribution-boundary.ts), attach or detach only the one managed
 * policy the stack gives it, never take the boundary off or change it. The trust policy cannot
 * be held to a shape by a condition; the boundary caps what any principal it trusts may do.
 */
export function distributionRoleStatements(factory: string): Statement[] {
  const role = `arn:aws:iam::*:role/${CROSS_ACCOUNT_ROLE_NAME}`;
  // The account's own boundary: the consumer role acts in the account it is in.
  const boundary = distributionBoundaryArn("${aws:PrincipalAccount}", factory);
  const withBoundary = { StringEquals: { "iam:PermissionsBoundary": boundary } };
  const managedPolicy = { ArnEquals: { "iam:PolicyARN": MANAGED_POLICY.crossAccountDistribution } };
  return [
    {
      // Read, tag, describe and delete (DeleteRole needs its policies gone first, not its boundary).
      Sid: "DistributionRole",
      Effect: "Allow",
      Action: [
        "iam:DeleteRole",
        "iam:DeleteRolePolicy",
        "iam:GetRole",
        "iam:GetRolePolicy",
        "iam:ListAttachedRolePolicies",
        "iam:ListInstanceProfilesForRole",
        "iam:ListRolePolicies",
        "iam:TagRole",
        "iam:UntagRole",
        "iam:UpdateRole",
        "iam:UpdateRoleDescription",
      ],
      Resource: role,
    },
    {
      // CreateRole with the boundary; an inline policy only on the role that carries it; and the
      // boundary put on a role made before it (an in-place update, PutRolePermissionsBoundary).
      Sid: "DistributionRoleWithinBoundary",
      Effect: "Allow",
      Action: ["iam:CreateRole", "iam:PutRolePermissionsBoundary", "iam:PutRolePolicy"],
      Resource: role,
      Condition: withBoundary,
    },
    {
      Sid: "DistributionRoleManagedPolicy",
      Effect: "Allow",
      Action: "iam:AttachRolePolicy",
      Resource: role,
      Condition: { ...managedPolicy, ...withBoundary },
    },
    // Detaching takes permissions away: allowed also from a role without the boundary.
    { Sid: "DistributionRoleDetach", Effect: "Allow", Action: "iam:DetachRolePolicy", Resource: role, Condition: managedPolicy },
    {
      // Whatever else the account gives this role: the boundary stays on, and stays as it is.
      Sid: "KeepDistributionBoundary",
      Effect: "Deny",
      Action: [
        "iam:CreatePolicyVersion",
        "iam:DeletePolicy",
        "iam:DeletePolicyVersion",
        "iam:DeleteRolePermissionsBoundary",
        "iam:SetDefaultPolicyVersion",
      ],
      Resource: [role, distributionBoundaryArn("*", factory)],
    },
  ];
}
