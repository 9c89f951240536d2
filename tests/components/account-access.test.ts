import { expect } from "chai";
import type { RecordedResource } from "../../offline/run-program";
import { exampleCatalog, find, namesOf, ofType, run, T } from "../support/program";

const WORKLOADS = "444455556666";

describe("copies into another account (copyTo)", () => {
  let resources: RecordedResource[];
  before(async () => {
    const catalog = exampleCatalog();
    const windows = catalog.images.find((i: { name: string }) => i.name === "windows-2022-base");
    windows.copyTo = ["prod-web"];
    resources = await run(catalog);
  });

  it("names the account as a target of every region of the image's distribution", () => {
    const distributions = find(resources, T.distribution, "ami-factory/windows-2022-base").inputs.distributions;
    for (const d of distributions) expect(d.amiDistributionConfiguration.targetAccountIds, d.region).to.deep.equal([WORKLOADS]);
    expect(
      find(resources, T.distribution, "ami-factory/al2023-base").inputs.distributions[0].amiDistributionConfiguration
        .targetAccountIds,
    ).to.equal(undefined);
  });

  it("creates Image Builder's cross-account distribution role in that account, through its provider", () => {
    const role = find(resources, T.role, `ami-factory/distribution-role/${WORKLOADS}`);
    expect(role.provider).to.equal(`ami-factory/account/${WORKLOADS}`);
    expect(role.inputs.name).to.equal("EC2ImageBuilderDistributionCrossAccountRole");
    const trust = JSON.parse(role.inputs.assumeRolePolicy);
    expect(trust.Statement[0].Principal.AWS).to.equal("arn:aws:iam::(resolved at deploy: factory account id):root");
    expect(find(resources, T.attachment, `ami-factory/distribution-role/${WORKLOADS}`).inputs.policyArn).to.equal(
      "arn:aws:iam::aws:policy/Ec2ImageBuilderCrossAccountDistributionAccess",
    );
  });

  it("gives the role the factory's permissions boundary of that account, which the consumer role requires", () => {
    const role = find(resources, T.role, `ami-factory/distribution-role/${WORKLOADS}`);
    expect(role.inputs.permissionsBoundary).to.equal(`arn:aws:iam::${WORKLOADS}:policy/ami-factory-distribution-boundary`);
  });

  it("lets the role use exactly the factory's keys for the encrypted copies it receives", () => {
    const policy = JSON.parse(find(resources, T.rolePolicy, `ami-factory/distribution-role/${WORKLOADS}`).inputs.policy);
    const keys = namesOf(resources, T.key).map((name) => `{{aws:kms/key:Key ${name}.arn}}`);
    expect([...policy.Statement[0].Resource].sort()).to.deep.equal(keys);
    expect(policy.Statement[0].Action).to.not.include("kms:*");
  });

  it("adds the account to the key policy of every region it receives copies in", () => {
    for (const region of ["us-east-1", "eu-west-1", "ap-southeast-2"]) {
      const policy = JSON.parse(find(resources, T.key, `ami-factory/kms/${region}`).inputs.policy);
      const shared = policy.Statement.find((s: { Sid: string }) => s.Sid === "SharedAccountsUse");
      expect(shared.Condition.StringEquals["aws:PrincipalAccount"], region).to.include(WORKLOADS);
    }
  });

  it("makes no distribution role where nothing is copied into an account", async () => {
    const plain = await run();
    expect(ofType(plain, T.role).map((r) => r.name)).to.not.include(`ami-factory/distribution-role/${WORKLOADS}`);
  });
});

describe("an account with a role that is the factory's own", () => {
  const deployingFrom = (account: string) => (token: string) =>
    token === "aws:index/getCallerIdentity:getCallerIdentity"
      ? { accountId: account, arn: `arn:aws:iam::${account}:role/deployer`, userId: "AROAEXAMPLE", id: account }
      : undefined;

  it("fails the deployment before its provider is used: the factory would publish its parameters there twice", async () => {
    let error: unknown;
    try {
      await run(undefined, deployingFrom(WORKLOADS));
    } catch (e) {
      error = e;
    }
    expect(String(error)).to.contain(
      `account prod-web (${WORKLOADS}) is the factory's own account, where the factory publishes its SSM parameters itself; ` +
        "a role there would make it publish them twice under the same names: remove the account's role",
    );
  });

  it("deploys when the factory's account is another", async () => {
    const resources = await run(undefined, deployingFrom("999988887777"));
    const provider = find(resources, T.provider, `ami-factory/account/${WORKLOADS}`);
    // A provider's inputs reach the engine JSON-encoded.
    expect(JSON.parse(provider.inputs.assumeRoles)[0].roleArn).to.equal(`arn:aws:iam::${WORKLOADS}:role/ami-factory-publisher`);
  });
});
