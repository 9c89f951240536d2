/**
 * The accounts builds are copied into (`copyTo`): EC2 Auto Scaling's grant for their copies,
 * and the consumer role's policies, derived from catalogs with `copyTo` as `npm run
 * consumer-role` derives them, evaluated (tests/support/iam.ts) against the AWS provider's calls
 * for what the stack makes there.
 */
import { expect } from "chai";
import { consumerRole } from "../../catalog/expand/consumer-role";
import { expand } from "../../catalog/expand/expand";
import { loadCatalogFile } from "../../catalog/load";
import { AUTO_SCALING_GRANT_OPERATIONS, autoScalingRoleArn } from "../../catalog/render/access-policies";
import { FACTORY_ACCOUNT, factoryIdentity, keyArn } from "../support/factory-account";
import { decisions, ec2LaunchRequests, kmsDecision, type IamRequest, type KmsGrant } from "../support/iam";
import { exampleCatalog, find, namesOf, ofType, run, T, writeCatalog } from "../support/program";
import type { RecordedResource } from "../../offline/run-program";

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
