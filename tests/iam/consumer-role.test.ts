/**
 * `npm run consumer-role`: its policies evaluated (tests/support/iam.ts) against every call the
 * AWS provider makes for what the stack creates in a consumer account, and against calls it
 * must not allow; its StackSet template checked against CloudFormation's resource specification.
 */
import { expect } from "chai";
import { main } from "../../cli/consumer-role";
import { AUTO_SCALING_GRANT_OPERATIONS, autoScalingRoleArn } from "../../catalog/render/access-policies";
import type { RecordedResource } from "../../offline/run-program";
import { FACTORY_ACCOUNT, factoryIdentity, keyArn } from "../support/factory-account";
import { ALLOW_ALL, decide, kmsDecision, retireGrantDecision, type IamRequest, type KmsGrant } from "../support/iam";
import { find, ofType, ROOT, run, T } from "../support/program";
import { templateProblems } from "../support/cloudformation";

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

  describe("its StackSet template, checked against CloudFormation's resource specification (tests/support/cloudformation.ts)", () => {
    const outer = () => output.stackSetTemplate as Record<string, unknown>;
    const inner = () => JSON.parse(output.stackSetTemplate.Resources.ConsumerRoleStackSet.Properties.TemplateBody);

    it("is valid CloudFormation, the StackSet's template and the template of its stacks", function () {
      this.timeout(30_000);
      expect(templateProblems(outer())).to.deep.equal([]);
      expect(templateProblems(inner())).to.deep.equal([]);
    });

    it("fits the StackSet's template body, at most 51,200 bytes (AWS::CloudFormation::StackSet, TemplateBody)", () => {
      expect(Buffer.byteLength(output.stackSetTemplate.Resources.ConsumerRoleStackSet.Properties.TemplateBody)).to.be.at.most(
        51_200,
      );
    });

    it("lets a delegated administrator make the StackSet: CallAs is a parameter, SELF by default", () => {
      const template = outer() as any;
      expect(template.Parameters.CallAs.AllowedValues).to.deep.equal(["SELF", "DELEGATED_ADMIN"]);
      expect(template.Resources.ConsumerRoleStackSet.Properties.CallAs).to.deep.equal({ Ref: "CallAs" });
    });

    it("can fail: a permission model, a property, a reference or a substitution CloudFormation does not know", () => {
      const wrong: any = structuredClone(outer());
      const stackSet = wrong.Resources.ConsumerRoleStackSet.Properties;
      stackSet.PermissionModel = "SERVICE";
      stackSet.AutoDeploy = true;
      stackSet.Parameters[0].ParameterValue = { Ref: "FactoryAccount" };
      const role: any = inner();
      role.Resources.ConsumerRole.Properties.AssumeRolePolicyDocument.Statement[0].Principal.AWS = {
        "Fn::Sub": "arn:aws:iam::${FactoryAccountId}:role/${aws:PrincipalAccount}",
      };
      role.Outputs.RoleArn.Value = { "Fn::GetAtt": ["ConsumerRole", "Name"] };
      const at = "Resources.ConsumerRoleStackSet.Properties";
      expect(templateProblems(wrong).map((p) => p.replace(/; known: .*/, ""))).to.deep.equal([
        `${at}.PermissionModel: "SERVICE" is not one of SERVICE_MANAGED, SELF_MANAGED`,
        `${at}.Parameters[0].ParameterValue: Ref "FactoryAccount" names no parameter, resource or pseudo parameter`,
        `${at}.AutoDeploy: not a property`,
      ]);
      expect(templateProblems(role)).to.deep.equal([
        "Resources.ConsumerRole.Properties.AssumeRolePolicyDocument.Statement[0].Principal.AWS: Fn::Sub ${aws:PrincipalAccount} resolves to nothing",
        "Outputs.RoleArn.Value: Fn::GetAtt AWS::IAM::Role has no attribute Name",
      ]);
    });
  });
});
