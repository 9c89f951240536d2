/**
 * The IAM roles the stack makes, evaluated (tests/support/iam.ts): who may assume each, and what
 * the distribution role may do with the factory's keys. The AWS-managed policies attached are
 * not evaluated here (their documents are AWS's, not in this repository): the test pins them to
 * the one each role's job documents.
 */
import { expect } from "chai";
import { MANAGED_POLICY } from "../../catalog/render/access-policies";
import type { RecordedResource } from "../../offline/run-program";
import { FACTORY_ACCOUNT, factoryIdentity, keyArn } from "../support/factory-account";
import { ALLOW_ALL, decide, kmsDecision, type IamRequest } from "../support/iam";
import { exampleCatalog, find, ofType, run, T } from "../support/program";

const PROD_WEB = "444455556666";

function assume(principal: string, role: string): IamRequest {
  return { principal, action: "sts:AssumeRole", resource: role };
}

/** A recorded policy with the mock's key-ARN references replaced by real-looking ARNs. */
function withKeyArns(policy: string): any {
  return JSON.parse(
    policy.replace(/\{\{aws:kms\/key:Key ami-factory\/kms\/([a-z0-9-]+)\.arn\}\}/g, (_, region) => keyArn(region)),
  );
}

describe("IAM roles of the stack, evaluated", () => {
  let resources: RecordedResource[];
  before(async () => {
    const catalog = exampleCatalog();
    catalog.images.find((i: { name: string }) => i.name === "al2023-graviton").copyTo = ["prod-web"];
    resources = await run(catalog, factoryIdentity);
  });

  it("lets only EC2 assume the build instances' role, and only Image Builder the lifecycle role", async () => {
    const cases: Array<[string, string, string[]]> = [
      ["ami-factory-build-instance", "ec2.amazonaws.com", ["imagebuilder.amazonaws.com", "lambda.amazonaws.com"]],
      ["ami-factory-lifecycle", "imagebuilder.amazonaws.com", ["ec2.amazonaws.com", "lambda.amazonaws.com"]],
    ];
    for (const [name, service, others] of cases) {
      const role = find(resources, T.role, name);
      const arn = `arn:aws:iam::${FACTORY_ACCOUNT}:role/${name}`;
      const trust = JSON.parse(role.inputs.assumeRolePolicy);
      expect(await decide(assume(service, arn), { resource: trust }), `${service} -> ${name}`).to.equal("Allowed");
      for (const other of others)
        expect(await decide(assume(other, arn), { resource: trust }), `${other} -> ${name}`).to.equal("ImplicitlyDenied");
      const user = `arn:aws:iam::${FACTORY_ACCOUNT}:user/someone`;
      expect(await decide(assume(user, arn), { identity: [ALLOW_ALL], resource: trust }), `a user -> ${name}`).to.equal(
        "ImplicitlyDenied",
      );
    }
  });

  it("attaches to each role only the AWS-managed policy of its job", () => {
    const attached = ofType(resources, T.attachment)
      .map((a) => [a.name, a.inputs.policyArn])
      .sort();
    expect(attached).to.deep.equal([
      ["ami-factory-build-instance/image-builder", MANAGED_POLICY.imageBuilderInstance],
      ["ami-factory-build-instance/ssm-core", MANAGED_POLICY.ssmCore],
      ["ami-factory-lifecycle/lifecycle", MANAGED_POLICY.lifecycle],
      [`ami-factory/distribution-role/${PROD_WEB}`, MANAGED_POLICY.crossAccountDistribution],
    ]);
  });

  describe("the first-build role", () => {
    const NAME = "ami-factory-first-build";
    const arn = `arn:aws:iam::${FACTORY_ACCOUNT}:role/${NAME}`;
    const group = (name: string, account = FACTORY_ACCOUNT) => `arn:aws:scheduler:us-east-1:${account}:schedule-group/${name}`;
    const pipeline = (name: string, account = FACTORY_ACCOUNT) =>
      `arn:aws:imagebuilder:us-east-1:${account}:image-pipeline/${name}`;
    /** The recorded policy with the mock's reference to the schedule group replaced by its ARN. */
    const trust = () =>
      JSON.parse(
        find(resources, T.role, NAME).inputs.assumeRolePolicy.replace(
          "{{aws:scheduler/scheduleGroup:ScheduleGroup ami-factory-first-builds.arn}}",
          group("ami-factory-first-builds"),
        ),
      );
    const asScheduler = (source: string, account = FACTORY_ACCOUNT): IamRequest => ({
      ...assume("scheduler.amazonaws.com", arn),
      context: { "aws:SourceAccount": account, "aws:SourceArn": source },
    });

    it("is assumed only by EventBridge Scheduler, for the factory's own schedule group", async () => {
      expect(await decide(asScheduler(group("ami-factory-first-builds")), { resource: trust() })).to.equal("Allowed");
      expect(await decide(asScheduler(group("default")), { resource: trust() }), "another group").to.equal("ImplicitlyDenied");
      const elsewhere = asScheduler(group("ami-factory-first-builds", "555555555555"), "555555555555");
      expect(await decide(elsewhere, { resource: trust() }), "another account's group").to.equal("ImplicitlyDenied");
      expect(await decide(assume("scheduler.amazonaws.com", arn), { resource: trust() }), "no source").to.equal(
        "ImplicitlyDenied",
      );
      expect(await decide(assume("events.amazonaws.com", arn), { resource: trust() }), "EventBridge rules").to.equal(
        "ImplicitlyDenied",
      );
    });

    it("may start this factory's pipelines, and do nothing else", async () => {
      const policy = JSON.parse(find(resources, T.rolePolicy, `${NAME}/start-pipeline`).inputs.policy);
      const start = (resource: string, factory: string, action = "imagebuilder:StartImagePipelineExecution"): IamRequest => ({
        principal: arn,
        action,
        resource,
        context: { "aws:ResourceTag/ami-factory:factory": factory },
      });
      const as = (request: IamRequest) => decide(request, { identity: [policy] });
      expect(await as(start(pipeline("ami-factory_al2023-base"), "ami-factory"))).to.equal("Allowed");
      expect(await as(start(pipeline("other_web"), "other")), "another factory's pipeline").to.equal("ImplicitlyDenied");
      expect(await as(start(pipeline("ami-factory_web", "555555555555"), "ami-factory")), "another account").to.equal(
        "ImplicitlyDenied",
      );
      const euPipeline = pipeline("ami-factory_web").replace("us-east-1", "eu-west-1");
      expect(await as(start(euPipeline, "ami-factory")), "another region").to.equal("ImplicitlyDenied");
      for (const action of ["imagebuilder:DeleteImagePipeline", "imagebuilder:UpdateImagePipeline"]) {
        expect(await as(start(pipeline("ami-factory_al2023-base"), "ami-factory", action)), action).to.equal("ImplicitlyDenied");
      }
      const launch = {
        principal: arn,
        action: "ec2:RunInstances",
        resource: `arn:aws:ec2:us-east-1:${FACTORY_ACCOUNT}:instance/*`,
      };
      expect(await as(launch), "ec2:RunInstances").to.equal("ImplicitlyDenied");
      const pass = {
        principal: arn,
        action: "iam:PassRole",
        resource: `arn:aws:iam::${FACTORY_ACCOUNT}:role/ami-factory-build-instance`,
      };
      expect(await as(pass), "iam:PassRole").to.equal("ImplicitlyDenied");
    });
  });

  it("lets the factory's account, and no other, assume the distribution role in a copyTo account", async () => {
    const role = find(resources, T.role, `ami-factory/distribution-role/${PROD_WEB}`);
    const arn = `arn:aws:iam::${PROD_WEB}:role/EC2ImageBuilderDistributionCrossAccountRole`;
    const trust = JSON.parse(role.inputs.assumeRolePolicy);
    const from = (account: string) =>
      `arn:aws:iam::${account}:role/aws-service-role/imagebuilder.amazonaws.com/AWSServiceRoleForImageBuilder`;
    expect(await decide(assume(from(FACTORY_ACCOUNT), arn), { identity: [ALLOW_ALL], resource: trust })).to.equal("Allowed");
    expect(await decide(assume(from("555555555555"), arn), { identity: [ALLOW_ALL], resource: trust })).to.equal(
      "ImplicitlyDenied",
    );
  });

  it("lets the distribution role use the factory's keys for the copies it receives, and nothing more", async () => {
    const policy = withKeyArns(find(resources, T.rolePolicy, `ami-factory/distribution-role/${PROD_WEB}`).inputs.policy);
    const principal = `arn:aws:iam::${PROD_WEB}:role/EC2ImageBuilderDistributionCrossAccountRole`;
    const on = (action: string, resource: string, context = {}): IamRequest => ({ principal, action, resource, context });
    // Cross-account: the role's policy and the key policy must both allow.
    const decideOn = (request: IamRequest) => {
      const region = request.resource.split(":")[3];
      const key = ofType(resources, T.key).find((k) => k.inputs.region === region)!;
      return kmsDecision(request, { policy: JSON.parse(key.inputs.policy) }, [policy]);
    };
    const uses = [
      "kms:Decrypt",
      "kms:DescribeKey",
      "kms:GenerateDataKeyWithoutPlaintext",
      "kms:ReEncryptFrom",
      "kms:ReEncryptTo",
    ];
    for (const region of ["us-east-1", "eu-west-1"]) {
      for (const action of uses) expect(await decideOn(on(action, keyArn(region))), `${action} ${region}`).to.equal("Allowed");
      const forEc2 = on("kms:CreateGrant", keyArn(region), { "kms:GrantIsForAWSResource": "true" });
      expect(await decideOn(forEc2), `CreateGrant for EC2 ${region}`).to.equal("Allowed");
      const byHand = on("kms:CreateGrant", keyArn(region), { "kms:GrantIsForAWSResource": "false" });
      expect(await decideOn(byHand), `CreateGrant by hand ${region}`).to.equal("ImplicitlyDenied");
    }
    const other = on("kms:Decrypt", keyArn("eu-west-1", "555555555555"));
    expect(await decide(other, { identity: [policy], resource: ALLOW_ALL_KEY }), "another account's key").to.equal(
      "ImplicitlyDenied",
    );
    expect(await decideOn(on("kms:ScheduleKeyDeletion", keyArn("eu-west-1"))), "administer the key").to.equal("ImplicitlyDenied");
  });
});

/** A key policy that lets every principal do everything: what is left to refuse is the role's own policy. */
const ALLOW_ALL_KEY = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:*", Resource: "*" }],
};
