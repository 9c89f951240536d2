/**
 * The accounts builds are copied into (`copyTo`): EC2 Auto Scaling's grant for their copies,
 * the consumer role's policies, derived from catalogs with `copyTo` as `npm run consumer-role`
 * derives them, evaluated (tests/support/iam.ts) against the AWS provider's calls for what the
 * stack makes there, and the distribution role it makes there, within its permissions boundary.
 */
import { expect } from "chai";
import { consumerRole, stackSetTemplate } from "../../catalog/expand/consumer-role";
import { templateProblems } from "../support/cloudformation";
import { expand } from "../../catalog/expand/expand";
import { loadCatalogFile } from "../../catalog/load";
import {
  AUTO_SCALING_GRANT_OPERATIONS,
  autoScalingRoleArn,
  CROSS_ACCOUNT_ROLE_NAME,
  MANAGED_POLICY,
} from "../../catalog/render/access-policies";
import {
  CROSS_ACCOUNT_DISTRIBUTION_STATEMENTS,
  distributionBoundaryArn,
  distributionBoundaryName,
} from "../../catalog/render/distribution-boundary";
import type { RecordedResource } from "../../offline/run-program";
import { FACTORY_ACCOUNT, factoryIdentity, keyArn } from "../support/factory-account";
import { ALLOW_ALL, decide, decisions, ec2LaunchRequests, kmsDecision, type IamRequest, type KmsGrant } from "../support/iam";
import { exampleCatalog, find, namesOf, ofType, run, T, writeCatalog } from "../support/program";

const GRANT = "aws:kms/grant:Grant";
const PROD_WEB = "444455556666";

/** The plan of a catalog, as `npm run consumer-role` expands it. */
function planOf(catalog: unknown): ReturnType<typeof expand> {
  const loaded = loadCatalogFile(writeCatalog(catalog));
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join("; "));
  return expand(loaded.catalog);
}

/** The consumer role of a catalog, as `npm run consumer-role` derives it. */
function consumerRoleOf(catalog: unknown): ReturnType<typeof consumerRole> {
  return consumerRole(planOf(catalog), FACTORY_ACCOUNT);
}

/** The example catalog with `copyTo` on al2023-base. */
function copyToCatalog(copyTo: string[], drop: string[] = []): any {
  const catalog = exampleCatalog();
  for (const image of catalog.images) {
    image.accounts = image.accounts?.filter((a: string) => !drop.includes(a));
    for (const release of Object.values<any>(image.releases ?? {}))
      release.accounts = release.accounts?.filter((a: string) => !drop.includes(a));
  }
  catalog.images.find((i: { name: string }) => i.name === "al2023-base").copyTo = copyTo;
  return catalog;
}

/**
 * A `copyTo` account owns the copy Image Builder's distribution makes of every build, in each
 * region the distribution sends it to, encrypted with the factory's key there: its Auto Scaling
 * groups launch from that copy only through the same grant as a shared AMI.
 */
describe("EC2 Auto Scaling in copyTo accounts, evaluated", () => {
  const SHARED_SERVICES = "111122223333";
  let resources: RecordedResource[];
  before(async () => {
    // shared-services has a role and no launch permission: its only images are its copies.
    resources = await run(copyToCatalog(["shared-services", "prod-web"]), factoryIdentity);
  });

  it("grants the copyTo account's Auto Scaling role the key of each region the distribution copies into, from that account", () => {
    const regions = find(resources, T.distribution, "ami-factory/al2023-base").inputs.distributions.map(
      (d: { region: string }) => d.region,
    );
    expect(regions).to.deep.equal(["us-east-1"]);
    const own = namesOf(resources, GRANT).filter((n) => n.endsWith(`/${SHARED_SERVICES}`));
    expect(own).to.deep.equal(regions.map((r: string) => `ami-factory/scaling-grant/${r}/${SHARED_SERVICES}`));
    const grant = find(resources, GRANT, `ami-factory/scaling-grant/us-east-1/${SHARED_SERVICES}`);
    expect(grant.provider).to.equal(`ami-factory/account/${SHARED_SERVICES}`);
    expect(grant.inputs).to.deep.include({
      granteePrincipal: autoScalingRoleArn(SHARED_SERVICES),
      operations: [...AUTO_SCALING_GRANT_OPERATIONS],
      retiringPrincipal: `arn:aws:iam::${SHARED_SERVICES}:root`,
      retireOnDelete: true,
      region: "us-east-1",
    });
  });

  it("lets Auto Scaling in the copyTo account create the volumes of its copy with that grant", async () => {
    const policy = JSON.parse(find(resources, T.key, "ami-factory/kms/us-east-1").inputs.policy);
    const grants: KmsGrant[] = ofType(resources, GRANT).map(({ inputs }) => ({
      keyArn: keyArn(inputs.region),
      granteePrincipal: inputs.granteePrincipal,
      operations: inputs.operations,
    }));
    const requests = ec2LaunchRequests(autoScalingRoleArn(SHARED_SERVICES), keyArn("us-east-1"));
    const launched = await decisions(requests, (r) => kmsDecision(r, { policy, grants }));
    expect(launched).to.deep.equal(requests.map((r) => `${r.action}: Allowed`));
  });

  it("makes one grant per account and region whether it is owed to a launch permission, a copy or both", () => {
    expect(namesOf(resources, GRANT).filter((n) => n.endsWith(`/${PROD_WEB}`))).to.deep.equal(
      ["ap-southeast-2", "eu-central-1", "eu-west-1", "us-east-1"].map((r) => `ami-factory/scaling-grant/${r}/${PROD_WEB}`),
    );
  });

  it("makes none for copies of a public image, which are not encrypted", async () => {
    const catalog = exampleCatalog();
    const base = catalog.images.find((i: { name: string }) => i.name === "al2023-base");
    base.public = true;
    base.releases.candidate.public = true;
    base.copyTo = ["shared-services"];
    const plain = await run(catalog, factoryIdentity);
    const distribution = find(plain, T.distribution, "ami-factory/al2023-base").inputs.distributions[0];
    expect(distribution.amiDistributionConfiguration.targetAccountIds).to.deep.equal([SHARED_SERVICES]);
    expect(distribution.amiDistributionConfiguration.kmsKeyId).to.equal(undefined);
    expect(namesOf(plain, GRANT).filter((n) => n.endsWith(`/${SHARED_SERVICES}`))).to.deep.equal([]);
  });
});

describe("Auto Scaling grants of copyTo accounts, through the consumer role", () => {
  it("allows creating and reading the Auto Scaling grant of an account that only receives copies (copyTo)", async () => {
    const SHARED_SERVICES = "111122223333";
    const caller = `arn:aws:iam::${SHARED_SERVICES}:role/ami-factory-publisher`;
    // No account with a role has a launch permission left: the copy is the only reason for a grant.
    const catalog = copyToCatalog(["shared-services"], ["prod-web"]);
    const role = consumerRoleOf(catalog);
    const copied = await run(catalog, factoryIdentity);
    const grants = ofType(copied, "aws:kms/grant:Grant");
    expect(grants.map((g) => g.name)).to.deep.equal([`ami-factory/scaling-grant/us-east-1/${SHARED_SERVICES}`]);
    for (const grant of grants) {
      expect(grant.provider).to.equal(`ami-factory/account/${SHARED_SERVICES}`);
      const key = { policy: JSON.parse(find(copied, T.key, `ami-factory/kms/${grant.inputs.region}`).inputs.policy) };
      const call = (action: string, context: IamRequest["context"] = {}): IamRequest => ({
        principal: caller,
        action,
        resource: keyArn(grant.inputs.region),
        context,
      });
      const asMade = {
        "kms:GranteePrincipal": grant.inputs.granteePrincipal,
        "kms:GrantOperations": grant.inputs.operations,
        "kms:GrantIsForAWSResource": "false",
      };
      for (const request of [call("kms:CreateGrant", asMade), call("kms:ListGrants")]) {
        expect(await kmsDecision(request, key, [role.permissionPolicy]), `${grant.name} ${request.action}`).to.equal("Allowed");
      }
    }
  });
});

/**
 * The distribution role the stack makes in a `copyTo` account, through the consumer role: the
 * AWS provider's calls for it (aws.iam.Role, RolePolicyAttachment, RolePolicy: create, read,
 * update of an existing role, delete) evaluated against the consumer role, and what the
 * distribution role itself can do within its permissions boundary.
 */
describe("the distribution role in copyTo accounts, evaluated", () => {
  const SHARED_SERVICES = "111122223333";
  const CALLER = `arn:aws:iam::${SHARED_SERVICES}:role/ami-factory-publisher`;
  const DISTRIBUTION_ROLE = `arn:aws:iam::${SHARED_SERVICES}:role/${CROSS_ACCOUNT_ROLE_NAME}`;
  const ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess";
  let role: ReturnType<typeof consumerRole>;
  let resources: RecordedResource[];
  const allow = (request: IamRequest) => decide(request, { identity: [role.permissionPolicy] });
  /** A call on the distribution role, with the boundary it carries (or is given) in the context. */
  const on = (action: string, context: Record<string, string> = {}): IamRequest => ({
    principal: CALLER,
    action,
    resource: DISTRIBUTION_ROLE,
    context,
  });
  const catalog = copyToCatalog(["shared-services"]);
  before(async () => {
    role = consumerRoleOf(catalog);
    resources = await run(catalog, factoryIdentity);
  });

  it("gives the role the boundary the consumer role's StackSet creates in the account", () => {
    const made = find(resources, T.role, `ami-factory/distribution-role/${SHARED_SERVICES}`);
    expect(made.provider).to.equal(`ami-factory/account/${SHARED_SERVICES}`);
    expect(made.inputs.permissionsBoundary).to.equal(distributionBoundaryArn(SHARED_SERVICES, "ami-factory"));
    const template: any = stackSetTemplate(planOf(catalog));
    const inner = JSON.parse(template.Resources.ConsumerRoleStackSet.Properties.TemplateBody);
    expect(templateProblems(inner)).to.deep.equal([]);
    const boundary = inner.Resources.DistributionBoundary;
    expect(boundary.Type).to.equal("AWS::IAM::ManagedPolicy");
    expect(boundary.Properties.ManagedPolicyName).to.equal(distributionBoundaryName("ami-factory"));
    // The same document as the one printed, with the factory account the StackSet's parameter.
    const keys = boundary.Properties.PolicyDocument.Statement.find((st: { Sid: string }) => st.Sid === "UseFactoryKeys");
    expect(keys.Resource).to.deep.equal({ "Fn::Sub": "arn:aws:kms:*:${FactoryAccountId}:key/*" });
  });

  it("allows every call the provider makes for the role, its managed policy and its key policy", async () => {
    const made = find(resources, T.role, `ami-factory/distribution-role/${SHARED_SERVICES}`);
    const boundary = { "iam:PermissionsBoundary": made.inputs.permissionsBoundary };
    const policyArn = find(resources, T.attachment, `ami-factory/distribution-role/${SHARED_SERVICES}`).inputs.policyArn;
    const calls: IamRequest[] = [
      // Create: the role with its tags and boundary, then the attachment and the inline policy.
      on("iam:CreateRole", boundary),
      on("iam:TagRole", boundary),
      on("iam:AttachRolePolicy", { ...boundary, "iam:PolicyARN": policyArn }),
      on("iam:PutRolePolicy", boundary),
      // Read.
      on("iam:GetRole"),
      on("iam:ListRolePolicies"),
      on("iam:GetRolePolicy"),
      on("iam:ListAttachedRolePolicies"),
      // Update: a role made before the boundary gets it in place; a description or tags change.
      on("iam:PutRolePermissionsBoundary", boundary),
      on("iam:UpdateRoleDescription"),
      on("iam:UntagRole"),
      // Delete, also of a role that never got the boundary (the account left copyTo meanwhile).
      on("iam:DetachRolePolicy", { "iam:PolicyARN": policyArn }),
      on("iam:DeleteRolePolicy"),
      on("iam:ListInstanceProfilesForRole"),
      on("iam:DeleteRole"),
    ];
    for (const call of calls) expect(await allow(call), `${call.action} ${JSON.stringify(call.context)}`).to.equal("Allowed");
  });

  it("denies making the role more than the boundary allows, or taking the boundary off", async () => {
    const boundary = { "iam:PermissionsBoundary": distributionBoundaryArn(SHARED_SERVICES, "ami-factory") };
    const other = { "iam:PermissionsBoundary": ADMIN };
    const denied: Array<[IamRequest, string]> = [
      [on("iam:AttachRolePolicy", { ...boundary, "iam:PolicyARN": ADMIN }), "ImplicitlyDenied"],
      [on("iam:DetachRolePolicy", { "iam:PolicyARN": ADMIN }), "ImplicitlyDenied"],
      [on("iam:CreateRole"), "ImplicitlyDenied"],
      [on("iam:CreateRole", other), "ImplicitlyDenied"],
      // A role without the boundary (made before it, or by someone else) gets no policy.
      [on("iam:PutRolePolicy"), "ImplicitlyDenied"],
      [on("iam:AttachRolePolicy", { "iam:PolicyARN": MANAGED_POLICY.crossAccountDistribution }), "ImplicitlyDenied"],
      [on("iam:PutRolePermissionsBoundary", other), "ImplicitlyDenied"],
      [on("iam:DeleteRolePermissionsBoundary", boundary), "ExplicitlyDenied"],
      [on("iam:UpdateAssumeRolePolicy", boundary), "ImplicitlyDenied"],
      [
        {
          principal: CALLER,
          action: "iam:CreatePolicyVersion",
          resource: distributionBoundaryArn(SHARED_SERVICES, "ami-factory"),
        },
        "ExplicitlyDenied",
      ],
      [
        { principal: CALLER, action: "iam:CreateRole", resource: `arn:aws:iam::${SHARED_SERVICES}:role/other` },
        "ImplicitlyDenied",
      ],
    ];
    for (const [call, decision] of denied) {
      expect(await allow(call), `${call.action} ${call.resource} ${JSON.stringify(call.context)}`).to.equal(decision);
    }
  });

  it("lets the role within its boundary copy and tag images with the factory's keys, and nothing else, whatever it is given", async () => {
    const inline = JSON.parse(
      find(resources, T.rolePolicy, `ami-factory/distribution-role/${SHARED_SERVICES}`).inputs.policy.replace(
        /\{\{aws:kms\/key:Key ami-factory\/kms\/([a-z0-9-]+)\.arn\}\}/g,
        (_: string, region: string) => keyArn(region),
      ),
    );
    const managed = { Version: "2012-10-17", Statement: [...CROSS_ACCOUNT_DISTRIBUTION_STATEMENTS] };
    const boundary = role.distributionBoundary!.policy;
    const keyPolicy = JSON.parse(find(resources, T.key, "ami-factory/kms/us-east-1").inputs.policy);
    const as = (action: string, resource: string, context: Record<string, string> = {}): IamRequest => ({
      principal: DISTRIBUTION_ROLE,
      action,
      resource,
      // An image's ARN names no account: the copy is the account's own.
      resourceAccount: resource.startsWith("arn:aws:kms:") ? undefined : SHARED_SERVICES,
      context,
    });
    const image = "arn:aws:ec2:us-east-1::image/ami-0abcdef1234567890";
    const needed: Array<[IamRequest, { resource?: unknown }]> = [
      [as("ec2:CopyImage", image), {}],
      [as("ec2:CreateTags", image), {}],
      [as("ec2:ModifyImageAttribute", image), {}],
      [as("ec2:DescribeImages", "*"), {}],
      [as("kms:Decrypt", keyArn("us-east-1")), { resource: keyPolicy }],
      [as("kms:CreateGrant", keyArn("us-east-1"), { "kms:GrantIsForAWSResource": "true" }), { resource: keyPolicy }],
    ];
    for (const [call, extra] of needed) {
      const decision = await decide(call, { identity: [managed, inline], boundary, ...(extra as object) });
      expect(decision, call.action).to.equal("Allowed");
    }
    // Given AdministratorAccess, and trusted by anyone, it still can do nothing else.
    for (const call of [
      as("iam:CreateUser", `arn:aws:iam::${SHARED_SERVICES}:user/someone`),
      as("ec2:RunInstances", `arn:aws:ec2:us-east-1:${SHARED_SERVICES}:instance/*`),
      as("s3:GetObject", "arn:aws:s3:::any-bucket/any-key"),
      as("ec2:TerminateInstances", `arn:aws:ec2:us-east-1:${SHARED_SERVICES}:instance/i-0123456789abcdef0`),
    ]) {
      expect(await decide(call, { identity: [ALLOW_ALL], boundary }), call.action).to.equal("ImplicitlyDenied");
      expect(await decide(call, { identity: [ALLOW_ALL] }), `${call.action} without the boundary`).to.equal("Allowed");
    }
  });
});
