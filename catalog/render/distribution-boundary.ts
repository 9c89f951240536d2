/**
 * The permissions boundary of Image Builder's cross-account distribution role
 * (`EC2ImageBuilderDistributionCrossAccountRole`) in the accounts builds are copied into
 * (`copyTo`). The stack makes that role through the account's consumer role, and the consumer
 * role may create it, change its inline policy or attach a managed policy to it only while it
 * carries this boundary (catalog/expand/consumer-role.ts, `iam:PermissionsBoundary`): whatever
 * the role is given, and whoever its trust policy names, it can do no more than the boundary
 * allows (IAM user guide, "Permissions boundaries for IAM entities"). The consumer role's
 * StackSet creates the boundary in each account (a customer-managed policy). Pure.
 */
import { factoryKeysArn, KEY_USE_ACTIONS } from "./access-policies";

type Statement = Record<string, unknown>;

/**
 * What the AWS-managed policy the role is given, `Ec2ImageBuilderCrossAccountDistributionAccess`,
 * allows (its version v1, the default since September 2020, as the AWS managed policy reference
 * prints it): tagging images, and describing, copying and sharing them.
 */
export const CROSS_ACCOUNT_DISTRIBUTION_STATEMENTS: readonly Statement[] = [
  { Effect: "Allow", Action: "ec2:CreateTags", Resource: "arn:aws:ec2:*::image/*" },
  { Effect: "Allow", Action: ["ec2:DescribeImages", "ec2:CopyImage", "ec2:ModifyImageAttribute"], Resource: "*" },
];

/** The boundary's policy name in a consumer account: one per factory. */
export function distributionBoundaryName(factory: string): string {
  return `${factory}-distribution-boundary`;
}

/** The boundary's ARN in an account (`${aws:PrincipalAccount}` in a policy of that account). */
export function distributionBoundaryArn(accountId: string, factory: string): string {
  return `arn:aws:iam::${accountId}:policy/${distributionBoundaryName(factory)}`;
}

/**
 * The boundary: the managed policy's actions, and the factory's keys for the copies (what the
 * role's inline policy, access-policies.ts `keyUsePolicy`, asks for), in any region, so that a
 * region added to the catalog needs no new boundary.
 */
export function distributionBoundaryPolicy(factoryAccountId: string): { Version: "2012-10-17"; Statement: Statement[] } {
  const keys = factoryKeysArn(factoryAccountId, "*");
  return {
    Version: "2012-10-17",
    Statement: [
      { Sid: "TagImages", ...CROSS_ACCOUNT_DISTRIBUTION_STATEMENTS[0] },
      { Sid: "CopyImages", ...CROSS_ACCOUNT_DISTRIBUTION_STATEMENTS[1] },
      { Sid: "UseFactoryKeys", Effect: "Allow", Action: [...KEY_USE_ACTIONS], Resource: keys },
      {
        Sid: "GrantFactoryKeysToAwsServices",
        Effect: "Allow",
        Action: "kms:CreateGrant",
        Resource: keys,
        Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } },
      },
    ],
  };
}
