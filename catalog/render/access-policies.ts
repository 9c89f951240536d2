/**
 * IAM and KMS policy documents, as pure functions of account ids and principals. Kept apart from
 * the components so that what a key or role allows can be read and tested in one place.
 */
import type { Principal } from "../resolve/model";

type Statement = Record<string, unknown>;

function document(statements: Statement[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

/** What a consumer needs on the key to launch, copy or re-encrypt an AMI encrypted with it. */
export const KEY_USE_ACTIONS = [
  "kms:Decrypt",
  "kms:DescribeKey",
  "kms:Encrypt",
  "kms:GenerateDataKey*",
  "kms:ReEncrypt*",
] as const;

const grantForAwsResource = { Bool: { "kms:GrantIsForAWSResource": "true" } };
/** The same, for statements that also allow actions without the key (it is in grant requests only). */
const grantForAwsResourceIfAny = { BoolIfExists: { "kms:GrantIsForAWSResource": "true" } };

/**
 * The operations of EC2 Auto Scaling's grant on a key of another account (EC2 Auto Scaling user
 * guide, "Required AWS KMS key policy for use with encrypted volumes", cross-account example).
 */
export const AUTO_SCALING_GRANT_OPERATIONS = [
  "Encrypt",
  "Decrypt",
  "ReEncryptFrom",
  "ReEncryptTo",
  "GenerateDataKey",
  "GenerateDataKeyWithoutPlaintext",
  "DescribeKey",
  "CreateGrant",
] as const;

/** EC2 Auto Scaling's default service-linked role in an account (EC2 Auto Scaling user guide). */
export function autoScalingRoleArn(accountId: string): string {
  return `arn:aws:iam::${accountId}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`;
}

/** The factory's keys in a region (`*`: in every region), as a policy's `Resource` names them. */
export function factoryKeysArn(factoryAccountId: string, region: string): string {
  return `arn:aws:kms:${region}:${factoryAccountId}:key/*`;
}

/**
 * EC2's Spot service-linked role in an account: an Auto Scaling group that launches Spot
 * Instances from a launch configuration uses the key as this role (EC2 Auto Scaling user guide,
 * "Required AWS KMS key policy for use with encrypted volumes").
 */
export function spotRoleArn(accountId: string): string {
  return `arn:aws:iam::${accountId}:role/aws-service-role/spot.amazonaws.com/AWSServiceRoleForEC2Spot`;
}

/** The key policy statement that lets the accounts the factory has a role in list grants. */
export const GRANT_READERS_SID = "FactoryRoleAccountsListGrants";

/**
 * The policy of the factory's key in one region, as compact as KMS allows: each principal is
 * written once per statement, accounts by id alone (KMS caps a key policy at 32 KiB,
 * LIMITS.keyPolicyBytes in contract/aws-limits.ts). The factory account administers the key
 * through IAM; Image Builder's service-linked role encrypts builds with it. Shared accounts,
 * organizations and OUs (accounts by `aws:PrincipalAccount`, the others by the principal's
 * organization id and path, one statement for all of each kind) may use it, with their own
 * IAM's consent, and create the grants AWS services create for them (`kms:GrantIsForAWSResource`:
 * EC2 creates one for each volume it launches or copies). Beyond those, each of their accounts
 * may create one kind of grant itself: for EC2 Auto Scaling's role in it, with exactly Auto
 * Scaling's operations, since that role can use a key of another account only through a grant
 * the account creates (EC2 Auto Scaling user guide, "Required AWS KMS key policy for use with
 * encrypted volumes", cross-account example); a named account also for its EC2 Spot role
 * (docs/consumers.md). Nobody can grant the key to any other principal. The accounts the
 * factory has a role in (`grantReaders`, the same in every region) may list the key's grants.
 */
export function keyPolicy(factoryAccountId: string, principals: readonly Principal[], grantReaders: readonly string[]): string {
  const root = `arn:aws:iam::${factoryAccountId}:root`;
  const statements: Statement[] = [
    { Sid: "FactoryAccountAdministers", Effect: "Allow", Principal: { AWS: root }, Action: "kms:*", Resource: "*" },
    {
      Sid: "ImageBuilderEncryptsBuilds",
      Effect: "Allow",
      Principal: {
        AWS: `arn:aws:iam::${factoryAccountId}:role/aws-service-role/imagebuilder.amazonaws.com/AWSServiceRoleForImageBuilder`,
      },
      Action: [...KEY_USE_ACTIONS, "kms:CreateGrant"],
      Resource: "*",
    },
  ];
  /**
   * Use, and the grants AWS services create, for the principals `condition` matches; and the
   * grant for each one's own account's `grantees` (roles of `${aws:PrincipalAccount}`), with
   * exactly Auto Scaling's operations: the factory makes it only in accounts it has a role in.
   */
  const sharedStatements = (sid: string, condition: Record<string, unknown>, grantees: readonly string[]): Statement[] => [
    {
      Sid: `${sid}Use`,
      Effect: "Allow",
      Principal: { AWS: "*" },
      Action: [...KEY_USE_ACTIONS, "kms:CreateGrant"],
      Resource: "*",
      Condition: { ...condition, ...grantForAwsResourceIfAny },
    },
    {
      Sid: `${sid}GrantToAutoScaling`,
      Effect: "Allow",
      Principal: { AWS: "*" },
      Action: "kms:CreateGrant",
      Resource: "*",
      Condition: {
        ...condition,
        StringEquals: {
          ...((condition.StringEquals as Record<string, unknown> | undefined) ?? {}),
          "kms:GranteePrincipal": grantees.length === 1 ? grantees[0] : [...grantees],
        },
        "ForAllValues:StringEquals": { "kms:GrantOperations": [...AUTO_SCALING_GRANT_OPERATIONS] },
      },
    },
  ];
  const ownAccount = "${aws:PrincipalAccount}";
  const accounts = principals.flatMap((p) => (p.kind === "account" ? [p.id] : []));
  if (accounts.length > 0) {
    // Each account id once per statement, 15 bytes (`arn:aws:iam::<id>:root` as principals took
    // 33): any principal of these accounts, as the root principal would delegate to the
    // account's IAM. Their Spot role too: docs/consumers.md has named accounts grant it.
    statements.push(
      ...sharedStatements("SharedAccounts", { StringEquals: { "aws:PrincipalAccount": accounts } }, [
        autoScalingRoleArn(ownAccount),
        spotRoleArn(ownAccount),
      ]),
    );
  }
  if (grantReaders.length > 0) {
    statements.push({
      // The factory makes an Auto Scaling grant from each account it has a role in
      // (ScalingGrants) and reads it back with ListGrants, also after RetireGrant when it deletes
      // one: the engine deletes it at the end of the update that has already dropped the
      // account from the statements above. So every such account may list grants, read only,
      // in every region, whatever is shared with it now.
      Sid: GRANT_READERS_SID,
      Effect: "Allow",
      Principal: { AWS: "*" },
      Condition: { StringEquals: { "aws:PrincipalAccount": [...grantReaders] } },
      Action: "kms:ListGrants",
      Resource: "*",
    });
  }
  const orgs = principals.flatMap((p) => (p.kind === "organization" ? [p.key] : []));
  const ous = principals.flatMap((p) => (p.kind === "ou" ? [`${organizationOf(p.arn)}/*/${p.key}/*`] : []));
  // The factory cannot make grants in accounts it does not know: each account of the
  // organization or OU may create the one EC2 Auto Scaling needs, for its own role only.
  const organizationStatements = (sid: string, condition: Record<string, unknown>) =>
    sharedStatements(sid, condition, [autoScalingRoleArn(ownAccount)]);
  if (orgs.length > 0) {
    statements.push(...organizationStatements("SharedOrganizations", { StringEquals: { "aws:PrincipalOrgID": orgs } }));
  }
  if (ous.length > 0) {
    statements.push(
      ...organizationStatements("SharedOrganizationalUnits", { "ForAnyValue:StringLike": { "aws:PrincipalOrgPaths": ous } }),
    );
  }
  return document(statements);
}

/** The account ids a rendered key policy lets list grants (its GRANT_READERS_SID statement); none for a policy that is not JSON. */
export function grantReadersIn(policy: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(policy);
  } catch {
    return [];
  }
  const statements = (parsed as { Statement?: unknown }).Statement;
  if (!Array.isArray(statements)) return [];
  const statement = statements.find((s: { Sid?: unknown }) => s?.Sid === GRANT_READERS_SID) as
    { Condition?: { StringEquals?: { "aws:PrincipalAccount"?: unknown } } } | undefined;
  const ids = statement?.Condition?.StringEquals?.["aws:PrincipalAccount"];
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === "string") : [];
}

/** `o-abc123` from an OU ARN `arn:aws:organizations::<id>:ou/o-abc123/ou-...`. */
function organizationOf(ouArn: string): string {
  return ouArn.split("/")[1] ?? "";
}

/** Trust policy for a role that an AWS service assumes. */
export function serviceTrustPolicy(service: string): string {
  return document([{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }]);
}

/**
 * Trust policy of the role EventBridge Scheduler starts first builds as: the Scheduler, for
 * schedules of the factory's own schedule group in its own account only. AWS's confused-deputy
 * advice for Scheduler names `aws:SourceAccount` and, as `aws:SourceArn`, the schedule group's
 * ARN (EventBridge Scheduler user guide, "Confused deputy prevention").
 */
export function schedulerTrustPolicy(accountId: string, scheduleGroupArn: string): string {
  return document([
    {
      Effect: "Allow",
      Principal: { Service: "scheduler.amazonaws.com" },
      Action: "sts:AssumeRole",
      Condition: { StringEquals: { "aws:SourceAccount": accountId, "aws:SourceArn": scheduleGroupArn } },
    },
  ]);
}

/**
 * What the first-build schedules may do: start a build of this factory's pipelines (those
 * carrying its `ami-factory:factory` tag) in the build region, and nothing else.
 * StartImagePipelineExecution needs only `imagebuilder:StartImagePipelineExecution` on the
 * pipeline (Service Authorization Reference, Amazon EC2 Image Builder: no dependent actions); the
 * build then runs as Image Builder's service-linked role and the pipeline's instance profile.
 */
export function startFirstBuildPolicy(region: string, accountId: string, factoryTag: string, factory: string): string {
  return document([
    {
      Effect: "Allow",
      Action: "imagebuilder:StartImagePipelineExecution",
      Resource: `arn:aws:imagebuilder:${region}:${accountId}:image-pipeline/*`,
      Condition: { StringEquals: { [`aws:ResourceTag/${factoryTag}`]: factory } },
    },
  ]);
}

/** Trust policy that lets the factory's account assume a role in another account. */
export function accountTrustPolicy(factoryAccountId: string): string {
  return document([{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${factoryAccountId}:root` }, Action: "sts:AssumeRole" }]);
}

/** Lets a target account's distribution role use the factory's keys for the copies it receives. */
export function keyUsePolicy(keyArns: readonly string[]): string {
  return document([
    { Effect: "Allow", Action: [...KEY_USE_ACTIONS], Resource: [...keyArns] },
    { Effect: "Allow", Action: "kms:CreateGrant", Resource: [...keyArns], Condition: grantForAwsResource },
  ]);
}

/** AWS-managed policies, least privilege for each role's job. */
export const MANAGED_POLICY = {
  /** Lets Systems Manager drive the build instance (Image Builder runs components through it). */
  ssmCore: "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
  /** Lets the build instance fetch components and report to Image Builder. */
  imageBuilderInstance: "arn:aws:iam::aws:policy/EC2InstanceProfileForImageBuilder",
  /** Lets Image Builder deprecate and delete builds by the lifecycle policies. */
  lifecycle: "arn:aws:iam::aws:policy/service-role/EC2ImageBuilderLifecycleExecutionPolicy",
  /** Lets Image Builder copy builds into a target account. */
  crossAccountDistribution: "arn:aws:iam::aws:policy/Ec2ImageBuilderCrossAccountDistributionAccess",
} as const;

/** The role name Image Builder looks for in every target account of a distribution. */
export const CROSS_ACCOUNT_ROLE_NAME = "EC2ImageBuilderDistributionCrossAccountRole";
