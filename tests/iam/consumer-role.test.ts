/**
 * `npm run consumer-role`: its policies evaluated (tests/support/iam.ts) against every call the
 * AWS provider makes for what the stack creates in a consumer account, and against calls it
 * must not allow; its StackSet template checked by cfn-lint where cfn-lint is installed.
 */
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { main } from "../../cli/consumer-role";
import { AUTO_SCALING_GRANT_OPERATIONS, autoScalingRoleArn } from "../../catalog/render/access-policies";
import type { RecordedResource } from "../../offline/run-program";
import { FACTORY_ACCOUNT, factoryIdentity, keyArn } from "../support/factory-account";
import { ALLOW_ALL, decide, kmsDecision, retireGrantDecision, type IamRequest, type KmsGrant } from "../support/iam";
import { find, ofType, ROOT, run, T } from "../support/program";
import { tempDir } from "../support/temp-dir";

const PROD_WEB = "444455556666";
const ROLE = `arn:aws:iam::${PROD_WEB}:role/ami-factory-publisher`;

function consumerRoleOutput(): any {
  const out: string[] = [];
  const code = main(["--factory-account", FACTORY_ACCOUNT, "--format", "json"], { out: (l) => out.push(l), err: () => {} }, ROOT);
  expect(code).to.equal(0);
  return JSON.parse(out.join("\n"));
}

/** The calls the AWS provider makes for one SSM parameter: create, read, tag, delete. */
function parameterCalls(region: string, name: string): IamRequest[] {
  const arn = `arn:aws:ssm:${region}:${PROD_WEB}:parameter${name}`;
  const on = (action: string, resource = arn): IamRequest => ({ principal: ROLE, action, resource, resourceAccount: PROD_WEB });
  return [
    on("ssm:PutParameter"),
    on("ssm:AddTagsToResource"),
    on("ssm:GetParameter"),
    on("ssm:ListTagsForResource"),
    on("ssm:RemoveTagsFromResource"),
    on("ssm:DeleteParameter"),
    on("ssm:DescribeParameters", "*"),
    on("ec2:DescribeImages", "*"),
  ];
}

const allowedImagesCalls = ["Enable", "ReplaceImageCriteriaIn", "Get", "Disable"].map((verb): IamRequest => ({
  principal: ROLE,
  action: `ec2:${verb}AllowedImagesSettings`,
  resource: "*",
  resourceAccount: PROD_WEB,
}));

describe("npm run consumer-role, evaluated", () => {
  let output: any;
  let resources: RecordedResource[];
  const allow = (r: IamRequest) => decide(r, { identity: [output.permissionPolicy] });
  before(async () => {
    output = consumerRoleOutput();
    resources = await run(undefined, factoryIdentity);
  });

  it("lets the factory's account assume the role, and no other account", async () => {
    const assume = (principal: string) => ({ principal, action: "sts:AssumeRole", resource: ROLE });
    expect(
      await decide(assume(`arn:aws:iam::${FACTORY_ACCOUNT}:role/deployer`), {
        identity: [ALLOW_ALL],
        resource: output.trustPolicy,
      }),
    ).to.equal("Allowed");
    expect(
      await decide(assume("arn:aws:iam::555555555555:role/admin"), { identity: [ALLOW_ALL], resource: output.trustPolicy }),
    ).to.equal("ImplicitlyDenied");
  });

  it("allows every call the provider makes for the SSM parameters the stack creates in the account", async () => {
    const parameters = ofType(resources, T.parameter).filter((p) => p.provider === `ami-factory/account/${PROD_WEB}`);
    expect(parameters.length).to.be.greaterThan(0);
    for (const parameter of parameters) {
      for (const call of parameterCalls(parameter.inputs.region, parameter.inputs.name)) {
        expect(await allow(call), `${call.action} ${call.resource}`).to.equal("Allowed");
      }
    }
  });

  it("allows every call for its Allowed AMIs settings", async () => {
    for (const call of allowedImagesCalls) expect(await allow(call), call.action).to.equal("Allowed");
  });

  it("allows creating and reading the Auto Scaling grants the stack makes there, with the key policy's consent", async () => {
    for (const grant of ofType(resources, "aws:kms/grant:Grant").filter(
      (g) => g.provider === `ami-factory/account/${PROD_WEB}`,
    )) {
      const key = { policy: JSON.parse(find(resources, T.key, `ami-factory/kms/${grant.inputs.region}`).inputs.policy) };
      const create: IamRequest = {
        principal: ROLE,
        action: "kms:CreateGrant",
        resource: keyArn(grant.inputs.region),
        context: {
          "kms:GranteePrincipal": grant.inputs.granteePrincipal,
          "kms:GrantOperations": grant.inputs.operations,
          "kms:GrantIsForAWSResource": "false",
          "aws:PrincipalAccount": PROD_WEB,
        },
      };
      expect(await kmsDecision(create, key, [output.permissionPolicy]), grant.name).to.equal("Allowed");
      const list: IamRequest = { principal: ROLE, action: "kms:ListGrants", resource: keyArn(grant.inputs.region) };
      expect(await kmsDecision(list, key, [output.permissionPolicy]), `${grant.name} read`).to.equal("Allowed");
      const other = {
        ...create,
        context: { ...create.context, "kms:GranteePrincipal": `arn:aws:iam::${PROD_WEB}:role/someone` },
      };
      expect(await kmsDecision(other, key, [output.permissionPolicy]), `${grant.name} other grantee`).to.equal(
        "ImplicitlyDenied",
      );
      const more = {
        ...create,
        context: { ...create.context, "kms:GrantOperations": [...AUTO_SCALING_GRANT_OPERATIONS, "RetireGrant"] },
      };
      expect(await kmsDecision(more, key, [output.permissionPolicy]), `${grant.name} more operations`).to.equal(
        "ImplicitlyDenied",
      );
      expect(grant.inputs.granteePrincipal).to.equal(autoScalingRoleArn(PROD_WEB));
    }
  });

  it("lets the role retire the Auto Scaling grants the stack made there, as their delete does, in any region of the factory's keys", async () => {
    const grants = ofType(resources, "aws:kms/grant:Grant").filter((g) => g.provider === `ami-factory/account/${PROD_WEB}`);
    expect(grants.length).to.be.greaterThan(0);
    // A region the catalog no longer grants in: the StackSet may be updated before the stack deletes the grant there.
    for (const region of [...grants.map((g) => g.inputs.region as string), "sa-east-1"]) {
      const grant: KmsGrant = {
        keyArn: keyArn(region),
        granteePrincipal: autoScalingRoleArn(PROD_WEB),
        operations: grants[0].inputs.operations,
        retiringPrincipal: grants[0].inputs.retiringPrincipal,
      };
      expect(grant.retiringPrincipal).to.equal(`arn:aws:iam::${PROD_WEB}:root`);
      const retire: IamRequest = { principal: ROLE, action: "kms:RetireGrant", resource: keyArn(region) };
      expect(await retireGrantDecision(retire, grant, [output.permissionPolicy]), region).to.equal("Allowed");
      // The account is the retiring principal: its role retires only with the account's IAM delegating it.
      expect(await retireGrantDecision(retire, grant, []), `${region} undelegated`).to.equal("ImplicitlyDenied");
      const othersGrant = { ...grant, retiringPrincipal: "arn:aws:iam::555555555555:root" };
      expect(await retireGrantDecision(retire, othersGrant, [output.permissionPolicy]), `${region} another account's`).to.equal(
        "ImplicitlyDenied",
      );
    }
  });

  it("denies parameters outside the factory's path or regions, and other actions", async () => {
    const denied: IamRequest[] = [
      {
        principal: ROLE,
        action: "ssm:PutParameter",
        resource: `arn:aws:ssm:eu-west-1:${PROD_WEB}:parameter/other-team/db-password`,
      },
      { principal: ROLE, action: "ssm:DeleteParameter", resource: `arn:aws:ssm:eu-west-1:${PROD_WEB}:parameter/other-team/x` },
      {
        principal: ROLE,
        action: "ssm:PutParameter",
        resource: `arn:aws:ssm:sa-east-1:${PROD_WEB}:parameter/ami-factory/al2023-base/stable`,
      },
      { principal: ROLE, action: "ssm:GetParametersByPath", resource: `arn:aws:ssm:eu-west-1:${PROD_WEB}:parameter/ami-factory` },
      { principal: ROLE, action: "ec2:RunInstances", resource: `arn:aws:ec2:eu-west-1:${PROD_WEB}:instance/*` },
      { principal: ROLE, action: "ec2:ModifyImageAttribute", resource: "arn:aws:ec2:eu-west-1::image/ami-0abcdef1234567890" },
      { principal: ROLE, action: "iam:CreateRole", resource: `arn:aws:iam::${PROD_WEB}:role/anything` },
      { principal: ROLE, action: "kms:Decrypt", resource: keyArn("eu-west-1") },
    ];
    for (const call of denied) expect(await allow(call), `${call.action} ${call.resource}`).to.equal("ImplicitlyDenied");
  });

  it("rolls the same role out with a service-managed StackSet", () => {
    const stackSet = output.stackSetTemplate.Resources.ConsumerRoleStackSet;
    expect(stackSet.Type).to.equal("AWS::CloudFormation::StackSet");
    expect(stackSet.Properties).to.deep.include({ PermissionModel: "SERVICE_MANAGED", Capabilities: ["CAPABILITY_NAMED_IAM"] });
    expect(stackSet.Properties.AutoDeployment).to.deep.equal({ Enabled: true, RetainStacksOnAccountRemoval: false });
    const inner = JSON.parse(stackSet.Properties.TemplateBody);
    const role = inner.Resources.ConsumerRole.Properties;
    expect(role.RoleName).to.equal(output.roleName);
    // The same documents, with the factory account a parameter (Fn::Sub) and IAM's own variables left to IAM.
    const statements = role.Policies[0].PolicyDocument.Statement;
    const grants = statements.find((s: { Sid: string }) => s.Sid === "AutoScalingGrants");
    expect(grants.Resource[0]).to.deep.equal({ "Fn::Sub": "arn:aws:kms:ap-southeast-2:${FactoryAccountId}:key/*" });
    expect(grants.Condition.StringEquals["kms:GranteePrincipal"]).to.equal(autoScalingRoleArn("${aws:PrincipalAccount}"));
    expect(role.AssumeRolePolicyDocument.Statement[0].Principal.AWS).to.deep.equal({
      "Fn::Sub": "arn:aws:iam::${FactoryAccountId}:root",
    });
  });

  it("is valid CloudFormation, outer and inner template, as cfn-lint checks it (where installed)", function () {
    if (spawnSync("cfn-lint", ["--version"]).status !== 0) this.skip();
    this.timeout(120_000);
    const dir = tempDir("consumer-role");
    const outer = path.join(dir, "stackset.json");
    const inner = path.join(dir, "role.json");
    const broken = path.join(dir, "broken.json");
    fs.writeFileSync(outer, JSON.stringify(output.stackSetTemplate));
    fs.writeFileSync(inner, output.stackSetTemplate.Resources.ConsumerRoleStackSet.Properties.TemplateBody);
    const wrong = structuredClone(output.stackSetTemplate);
    wrong.Resources.ConsumerRoleStackSet.Properties.PermissionModel = "SERVICE";
    fs.writeFileSync(broken, JSON.stringify(wrong));
    const valid = spawnSync("cfn-lint", [outer, inner], { encoding: "utf8" });
    expect(valid.status, valid.stdout).to.equal(0);
    // The check can fail: a permission model CloudFormation does not know is an error.
    expect(spawnSync("cfn-lint", [broken], { encoding: "utf8" }).status).to.not.equal(0);
  });
});
