/**
 * IAM and KMS decisions for tests, made by an IAM policy evaluation library
 * (@cloud-copilot/iam-simulate: identity, resource and cross-account evaluation as AWS documents
 * it) instead of by matching policy text. AGPL-3.0: a devDependency, used only here.
 *
 * What the library does not model, this file adds and says so: KMS grants (a grant lets its
 * grantee call the grant's operations on one key whatever the key policy and IAM say; AWS KMS
 * developer guide, "Grants in AWS KMS"), evaluated in `kmsDecision` next to the key policy, and
 * who may retire a grant (`retireGrantDecision`), which the grant decides, not the key policy.
 */
import { runSimulation } from "@cloud-copilot/iam-simulate";

export type Decision = "Allowed" | "ImplicitlyDenied" | "ExplicitlyDenied";

type PolicyDocument = { Version?: string; Statement: unknown[] };
type Context = Record<string, string | string[]>;

export interface IamRequest {
  /** The calling principal's ARN. */
  principal: string;
  /** `service:Action`. */
  action: string;
  /** The resource's ARN (`*` for actions without a resource). */
  resource: string;
  /** The account that owns the resource; by default the one in its ARN. */
  resourceAccount?: string;
  /** Request context: condition keys and their values. */
  context?: Context;
}

/** An identity policy that allows everything: an account's administrator, who delegates to nobody less. */
export const ALLOW_ALL: PolicyDocument = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };

/** The account id in an ARN (`arn:aws:service:region:account:...`). */
export function accountOf(arn: string): string {
  return arn.split(":")[4] ?? "";
}

/**
 * AWS's decision on one request: the identity policies of the caller, the resource's policy (a
 * key policy, a role's trust policy), the caller's permissions boundary, same-account and
 * cross-account rules. A request the library refuses as malformed (an unknown action, a
 * condition key the action does not have) throws, so a test cannot pass on a typo.
 */
export async function decide(
  request: IamRequest,
  policies: { identity?: readonly PolicyDocument[]; resource?: PolicyDocument; boundary?: PolicyDocument },
): Promise<Decision> {
  const result = await runSimulation(
    {
      request: {
        principal: request.principal,
        action: request.action,
        resource: { resource: request.resource, accountId: request.resourceAccount ?? accountOf(request.resource) },
        // AWS sets the caller's account on every request; the library leaves it to the caller.
        contextVariables: {
          ...(request.principal.startsWith("arn:") ? { "aws:PrincipalAccount": accountOf(request.principal) } : {}),
          ...request.context,
        },
      },
      identityPolicies: (policies.identity ?? []).map((policy, i) => ({ name: `identity-${i}`, policy })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(policies.resource ? { resourcePolicy: policies.resource } : {}),
      // The caller's permissions boundary: what its identity policies allow, it may do only within it.
      ...(policies.boundary ? { permissionBoundaryPolicies: [{ name: "boundary", policy: policies.boundary }] } : {}),
    },
    {},
  );
  if (result.resultType === "error") {
    throw new Error(`cannot evaluate ${request.action} on ${request.resource}: ${JSON.stringify(result.errors)}`);
  }
  return result.overallResult;
}

/** A KMS grant as the stack makes it: one key, one grantee, the operations without `kms:`. */
export interface KmsGrant {
  keyArn: string;
  granteePrincipal: string;
  operations: readonly string[];
  retiringPrincipal?: string;
}

/**
 * KMS's decision on a request to a key: allowed by a grant for the caller (grants are not
 * modelled by the library), else by the key policy with the caller's identity policies.
 */
export async function kmsDecision(
  request: IamRequest,
  key: { policy: PolicyDocument; grants?: readonly KmsGrant[] },
  identity: readonly PolicyDocument[] = [],
): Promise<Decision> {
  const operation = request.action.replace(/^kms:/, "");
  const granted = (key.grants ?? []).some(
    (grant) =>
      grant.keyArn === request.resource && grant.granteePrincipal === request.principal && grant.operations.includes(operation),
  );
  if (granted) return "Allowed";
  return decide(request, { identity, resource: key.policy });
}

/** `123456789012` from `arn:aws:iam::123456789012:root`; undefined for any other principal. */
function rootAccountOf(principal: string | undefined): string | undefined {
  return /^arn:aws:iam::(\d{12}):root$/.exec(principal ?? "")?.[1];
}

/**
 * KMS's decision on RetireGrant of one grant (AWS KMS developer guide, "Retiring and revoking
 * grants"; RetireGrant API reference): the grant decides. Its retiring principal may retire it,
 * and so may its grantee if the grant's operations include RetireGrant. When that principal is
 * an account (`arn:aws:iam::<id>:root`), the account's IAM principals may retire it only where
 * its IAM delegates `kms:RetireGrant` to them ("not effective in a key policy": the key policy
 * plays no part). Not modelled: AWS's backup, "the AWS account in which the grant was created".
 */
export async function retireGrantDecision(
  request: IamRequest,
  grant: KmsGrant,
  identity: readonly PolicyDocument[] = [],
): Promise<Decision> {
  if (request.action !== "kms:RetireGrant" || request.resource !== grant.keyArn) {
    throw new Error(`retireGrantDecision: ${request.action} on ${request.resource} is not a RetireGrant of this grant`);
  }
  const named = [grant.retiringPrincipal, grant.operations.includes("RetireGrant") ? grant.granteePrincipal : undefined];
  if (named.includes(request.principal)) return "Allowed";
  const caller = accountOf(request.principal);
  if (!named.some((principal) => rootAccountOf(principal) === caller)) return "ImplicitlyDenied";
  // The grant names the caller's account as KMS reads a key policy naming an account's root:
  // the account delegates to its IAM principals, whose own policies must allow the action.
  const account = { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${caller}:root` }, Action: request.action, Resource: "*" };
  return decide({ ...request, resourceAccount: caller }, { identity, resource: { Version: "2012-10-17", Statement: [account] } });
}

/**
 * What EC2 asks KMS for, as the launching principal, when it launches an instance from an AMI
 * whose snapshots are encrypted with a key in another account, or copies that AMI (Amazon EBS
 * user guide, "How Amazon EBS encryption works" and "Permissions"; EC2 user guide, "Share an
 * AMI with specific AWS accounts": the target needs kms:CreateGrant, kms:Decrypt,
 * kms:DescribeKey, kms:GenerateDataKeyWithoutPlaintext and kms:ReEncryptFrom). EC2 creates its
 * grant for the volume as an AWS service, so `kms:GrantIsForAWSResource` is true in that request.
 */
export function ec2LaunchRequests(principal: string, keyArn: string, context: Context = {}): IamRequest[] {
  const region = keyArn.split(":")[3];
  const via = { ...context, "kms:ViaService": `ec2.${region}.amazonaws.com`, "kms:CallerAccount": accountOf(principal) };
  return [
    { principal, action: "kms:DescribeKey", resource: keyArn, context: via },
    { principal, action: "kms:Decrypt", resource: keyArn, context: via },
    { principal, action: "kms:ReEncryptFrom", resource: keyArn, context: via },
    { principal, action: "kms:GenerateDataKeyWithoutPlaintext", resource: keyArn, context: via },
    { principal, action: "kms:CreateGrant", resource: keyArn, context: { ...via, "kms:GrantIsForAWSResource": "true" } },
  ];
}

/** The decision for each request, as `action: decision` lines: one assertion shows every failure. */
export async function decisions(
  requests: readonly IamRequest[],
  evaluate: (request: IamRequest) => Promise<Decision>,
): Promise<string[]> {
  const out: string[] = [];
  for (const request of requests) out.push(`${request.action}: ${await evaluate(request)}`);
  return out;
}
