/**
 * The role the factory assumes in a consumer account, derived from the catalog: a trust policy
 * for the factory's account and the least-privilege permissions for exactly what the stack
 * makes there (the AWS provider's calls per resource, listed with each statement), the
 * permissions boundary it requires on the distribution role of `copyTo` accounts, and a
 * CloudFormation StackSet that rolls them out to the accounts of OUs with service-managed
 * permissions. Pure: no Pulumi, no AWS.
 */
import type { FactoryPlan } from "./factory-plan";
import {
  AUTO_SCALING_GRANT_OPERATIONS,
  autoScalingRoleArn,
  CROSS_ACCOUNT_ROLE_NAME,
  factoryKeysArn,
} from "../render/access-policies";
import { distributionBoundaryName, distributionBoundaryPolicy } from "../render/distribution-boundary";
import { distributionRoleStatements } from "./distribution-role";
import { compareText } from "../tables/order";
import { ACCOUNT_ID } from "../../contract/aws-limits";

type Statement = Record<string, unknown>;
export interface PolicyDocument {
  Version: "2012-10-17";
  Statement: Statement[];
}

/** What a reader of the role needs: its name, who may assume it, what it may do. */
export interface ConsumerRole {
  roleName: string;
  trustPolicy: PolicyDocument;
  permissionPolicy: PolicyDocument;
  /** Roles the catalog names with another name than `roleName` (the StackSet makes one name). */
  otherRoleNames: string[];
  /**
   * With `copyTo` accounts: the permissions boundary the distribution role must carry, a
   * customer-managed policy of this name in each account (the StackSet creates it).
   */
  distributionBoundary?: { policyName: string; policy: PolicyDocument };
}

/** The role name the catalog's accounts use most (ties: the first in order), else `<factory>-publisher`. */
function roleNameOf(plan: FactoryPlan): { name: string; others: string[] } {
  const counts = new Map<string, number>();
  for (const account of plan.accounts) {
    const name = account.role
      .slice(account.role.indexOf(":role/") + ":role/".length)
      .split("/")
      .pop()!;
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  const sorted = [...counts].sort(([a, x], [b, y]) => y - x || compareText(a, b));
  const name = sorted[0]?.[0] ?? `${plan.factory}-publisher`;
  return { name, others: sorted.slice(1).map(([n]) => n) };
}

function regionsOf(items: readonly { region: string }[]): string[] {
  return [...new Set(items.map((i) => i.region))].sort();
}

export function consumerRole(plan: FactoryPlan, factoryAccountId: string): ConsumerRole {
  const { name, others } = roleNameOf(plan);
  const parameters = plan.images.flatMap((i) => i.releases.flatMap((r) => r.parameters.filter((p) => p.account !== undefined)));
  const statements: Statement[] = [];
  if (parameters.length > 0) {
    const parameterArns = regionsOf(parameters).map((region) => `arn:aws:ssm:${region}:*:parameter/${plan.factory}/*`);
    statements.push(
      {
        // aws.ssm.Parameter: PutParameter (create, update; with tags, AddTagsToResource),
        // GetParameter and ListTagsForResource (read), Add/RemoveTagsFromResource (tag changes),
        // DeleteParameter (delete), only under the factory's path in the regions it publishes in.
        Sid: "FactoryParameters",
        Effect: "Allow",
        Action: [
          "ssm:AddTagsToResource",
          "ssm:DeleteParameter",
          "ssm:GetParameter",
          "ssm:GetParameters",
          "ssm:ListTagsForResource",
          "ssm:PutParameter",
          "ssm:RemoveTagsFromResource",
        ],
        Resource: parameterArns,
      },
      {
        // DescribeParameters (the provider reads a parameter's metadata) has no resource type;
        // DescribeImages: SSM checks an aws:ec2:image value with the caller's permissions.
        Sid: "DescribeParametersAndImages",
        Effect: "Allow",
        Action: ["ssm:DescribeParameters", "ec2:DescribeImages"],
        Resource: "*",
      },
    );
  }
  if (plan.allowedImages.length > 0) {
    statements.push({
      // aws.ec2.AllowedImagesSettings: Enable + ReplaceImageCriteria (create, update),
      // GetAllowedImagesSettings (read), DisableAllowedImagesSettings (delete); no resource type.
      Sid: "AllowedImages",
      Effect: "Allow",
      Action: [
        "ec2:DisableAllowedImagesSettings",
        "ec2:EnableAllowedImagesSettings",
        "ec2:GetAllowedImagesSettings",
        "ec2:ReplaceImageCriteriaInAllowedImagesSettings",
      ],
      Resource: "*",
    });
  }
  if (plan.scalingGrants.length > 0) {
    const keys = regionsOf(plan.scalingGrants).map((region) => factoryKeysArn(factoryAccountId, region));
    statements.push(
      {
        // aws.kms.Grant: CreateGrant for the account's own Auto Scaling role, with exactly its
        // operations, in the regions the stack makes grants in.
        Sid: "AutoScalingGrants",
        Effect: "Allow",
        Action: "kms:CreateGrant",
        Resource: keys,
        Condition: {
          StringEquals: { "kms:GranteePrincipal": autoScalingRoleArn("${aws:PrincipalAccount}") },
          "ForAllValues:StringEquals": { "kms:GrantOperations": [...AUTO_SCALING_GRANT_OPERATIONS] },
        },
      },
      {
        // The provider reads a grant back with ListGrants, and deletes it with RetireGrant, then
        // waits with ListGrants until it is gone. The grant's retiring principal is the account
        // (its root), so the account's IAM must delegate kms:RetireGrant to this role (AWS KMS
        // developer guide, "Retiring and revoking grants"; a key policy cannot). On the factory's
        // keys in every region, not only those of today's grants: a region that leaves the
        // catalog still holds grants until the stack's next `pulumi up` deletes them, and the
        // StackSet may be updated first. Neither action gives anything: ListGrants reads, and
        // RetireGrant deletes only grants the account is the retiring principal of.
        Sid: "ReadGrants",
        Effect: "Allow",
        Action: ["kms:ListGrants", "kms:RetireGrant"],
        Resource: factoryKeysArn(factoryAccountId, "*"),
      },
    );
  }
  const copyTargets = plan.accounts.some((a) => a.distributionTarget);
  if (copyTargets) statements.push(...distributionRoleStatements(plan.factory));
  const boundary = copyTargets
    ? {
        distributionBoundary: {
          policyName: distributionBoundaryName(plan.factory),
          policy: distributionBoundaryPolicy(factoryAccountId),
        },
      }
    : {};
  return {
    roleName: name,
    otherRoleNames: others,
    ...boundary,
    trustPolicy: {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${factoryAccountId}:root` }, Action: "sts:AssumeRole" }],
    },
    permissionPolicy: { Version: "2012-10-17", Statement: statements },
  };
}

/** The inner template's parameter and the placeholder that becomes it. */
const FACTORY_ACCOUNT_PARAMETER = "FactoryAccountId";
const PLACEHOLDER = `\${${FACTORY_ACCOUNT_PARAMETER}}`;

/** Strings naming the factory account become `Fn::Sub`, with IAM's own `${...}` variables escaped. */
function substituted(value: unknown): unknown {
  if (typeof value === "string") {
    return value.includes(PLACEHOLDER) ? { "Fn::Sub": value.replace(/\$\{(?!FactoryAccountId\})/g, "${!") } : value;
  }
  if (Array.isArray(value)) return value.map(substituted);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substituted(v)]));
  }
  return value;
}

/**
 * A CloudFormation template that makes a StackSet (service-managed permissions, automatic
 * deployment to accounts that join the OUs) whose stacks create the role in each account.
 * Deployed in the organization's management account or a delegated administrator.
 */
export function stackSetTemplate(plan: FactoryPlan): Record<string, unknown> {
  const role = consumerRole(plan, PLACEHOLDER);
  const parameter = {
    Type: "String",
    AllowedPattern: ACCOUNT_ID.source,
    Description: "The factory's AWS account id: the account the role trusts.",
  };
  const inner = {
    AWSTemplateFormatVersion: "2010-09-09",
    Description: `The role ${plan.factory} assumes to publish AMI ids into this account`,
    Parameters: { [FACTORY_ACCOUNT_PARAMETER]: parameter },
    Resources: {
      ConsumerRole: {
        Type: "AWS::IAM::Role",
        Properties: {
          RoleName: role.roleName,
          Description: `Assumed by ${plan.factory} to publish AMI ids into this account`,
          AssumeRolePolicyDocument: substituted(role.trustPolicy),
          Policies: [{ PolicyName: plan.factory, PolicyDocument: substituted(role.permissionPolicy) }],
        },
      },
    },
    Outputs: { RoleArn: { Value: { "Fn::GetAtt": ["ConsumerRole", "Arn"] } } },
  };
  if (role.distributionBoundary) {
    // The boundary the consumer role requires on the distribution role (distribution-role.ts).
    Object.assign(inner.Resources, {
      DistributionBoundary: {
        Type: "AWS::IAM::ManagedPolicy",
        Properties: {
          ManagedPolicyName: role.distributionBoundary.policyName,
          Description: `The most ${CROSS_ACCOUNT_ROLE_NAME} may do when ${plan.factory} makes it: copy its images`,
          PolicyDocument: substituted(role.distributionBoundary.policy),
        },
      },
    });
  }
  return {
    AWSTemplateFormatVersion: "2010-09-09",
    Description: `Rolls out ${plan.factory}'s consumer role to every account of the given OUs`,
    Parameters: {
      [FACTORY_ACCOUNT_PARAMETER]: parameter,
      OrganizationalUnitIds: { Type: "CommaDelimitedList", Description: "The OUs whose accounts get the role (ou-...)." },
      // A StackSet with service-managed permissions made from a delegated administrator account
      // needs CallAs DELEGATED_ADMIN (AWS::CloudFormation::StackSet, CallAs).
      CallAs: {
        Type: "String",
        AllowedValues: ["SELF", "DELEGATED_ADMIN"],
        Default: "SELF",
        Description: "SELF in the organization's management account, DELEGATED_ADMIN in a delegated administrator account.",
      },
    },
    Resources: {
      ConsumerRoleStackSet: {
        Type: "AWS::CloudFormation::StackSet",
        Properties: {
          StackSetName: `${plan.factory}-consumer-role`,
          Description: `${plan.factory}'s consumer role in every account of the OUs`,
          PermissionModel: "SERVICE_MANAGED",
          CallAs: { Ref: "CallAs" },
          AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
          Capabilities: ["CAPABILITY_NAMED_IAM"],
          // IAM is global: one stack instance per account, in the build region.
          StackInstancesGroup: [
            { DeploymentTargets: { OrganizationalUnitIds: { Ref: "OrganizationalUnitIds" } }, Regions: [plan.buildRegion] },
          ],
          Parameters: [{ ParameterKey: FACTORY_ACCOUNT_PARAMETER, ParameterValue: { Ref: FACTORY_ACCOUNT_PARAMETER } }],
          TemplateBody: JSON.stringify(inner, null, 2),
        },
      },
    },
  };
}
