/**
 * EC2 Auto Scaling in consumer accounts (and EKS managed node groups, which launch through it):
 * its service-linked role can create the volumes of an encrypted shared AMI only through a KMS
 * grant. Evaluated with the key policies and grants the stack makes (tests/support/iam.ts).
 */
import { expect } from "chai";
import { consumerRole } from "../../catalog/expand/consumer-role";
import { expand } from "../../catalog/expand/expand";
import { loadCatalogFile } from "../../catalog/load";
import { AUTO_SCALING_GRANT_OPERATIONS, autoScalingRoleArn, spotRoleArn } from "../../catalog/render/access-policies";
import type { RecordedResource } from "../../offline/run-program";
import { FACTORY_ACCOUNT, factoryIdentity, keyArn } from "../support/factory-account";
import { ALLOW_ALL, decisions, ec2LaunchRequests, kmsDecision, type IamRequest, type KmsGrant } from "../support/iam";
import { EXAMPLE_CATALOG, exampleCatalogWithout, find, namesOf, ofType, run, T } from "../support/program";

const GRANT = "aws:kms/grant:Grant";
const PROD_WEB = "444455556666";
const STAGING = "012345678901";
const OUTSIDER = "555555555555";
const OU_PATH = ["o-a1b2c3d4e5/r-ab12/ou-ab12-cdef3456/"];

function grantsOf(resources: RecordedResource[]): KmsGrant[] {
  return ofType(resources, GRANT).map((g) => ({
    keyArn: keyArn(g.inputs.region),
    granteePrincipal: g.inputs.granteePrincipal,
    operations: g.inputs.operations,
  }));
}

function policyOf(resources: RecordedResource[], region: string): any {
  return JSON.parse(find(resources, T.key, `ami-factory/kms/${region}`).inputs.policy);
}

/** CreateGrant as an account's administrator makes it for its own Auto Scaling role (docs/consumers.md). */
function createGrant(caller: string, region: string, grantee: string, operations: readonly string[], context = {}): IamRequest {
  return {
    principal: caller,
    action: "kms:CreateGrant",
    resource: keyArn(region),
    context: {
      ...context,
      "kms:GranteePrincipal": grantee,
      "kms:GrantOperations": [...operations],
      "kms:GrantIsForAWSResource": "false",
    },
  };
}

describe("EC2 Auto Scaling in consumer accounts, evaluated", () => {
  let resources: RecordedResource[];
  before(async () => {
    resources = await run(undefined, factoryIdentity);
  });

  it("grants Auto Scaling's role the key in every region where an account with a role may launch, from that account", () => {
    expect(namesOf(resources, GRANT)).to.deep.equal(
      ["ap-southeast-2", "eu-central-1", "eu-west-1", "us-east-1"].map((r) => `ami-factory/scaling-grant/${r}/${PROD_WEB}`),
    );
    const grant = find(resources, GRANT, `ami-factory/scaling-grant/eu-west-1/${PROD_WEB}`);
    expect(grant.provider).to.equal(`ami-factory/account/${PROD_WEB}`);
    expect(grant.inputs).to.include({
      granteePrincipal: autoScalingRoleArn(PROD_WEB),
      retireOnDelete: true,
      region: "eu-west-1",
    });
  });

  it("lets the consumer's Auto Scaling role create the volumes with its grant, and not without it", async () => {
    const grants = grantsOf(resources);
    for (const region of ["eu-west-1", "us-east-1", "eu-central-1", "ap-southeast-2"]) {
      const requests = ec2LaunchRequests(autoScalingRoleArn(PROD_WEB), keyArn(region));
      // The service-linked role's own policy has no KMS permission: no identity policy.
      const withGrant = await decisions(requests, (r) => kmsDecision(r, { policy: policyOf(resources, region), grants }));
      expect(withGrant, region).to.deep.equal(requests.map((r) => `${r.action}: Allowed`));
      const without = await decisions(requests, (r) => kmsDecision(r, { policy: policyOf(resources, region) }));
      expect(without, `${region} without the grant`).to.deep.equal(requests.map((r) => `${r.action}: ImplicitlyDenied`));
    }
  });

  it("lets the account's own role create that grant under the key policy, and an unlisted account's cannot", async () => {
    const policy = policyOf(resources, "eu-west-1");
    const own = createGrant(
      `arn:aws:iam::${PROD_WEB}:role/ami-factory-publisher`,
      "eu-west-1",
      autoScalingRoleArn(PROD_WEB),
      AUTO_SCALING_GRANT_OPERATIONS,
    );
    expect(await kmsDecision(own, { policy }, [ALLOW_ALL])).to.equal("Allowed");
    const outsider = createGrant(
      `arn:aws:iam::${OUTSIDER}:role/admin`,
      "eu-west-1",
      autoScalingRoleArn(OUTSIDER),
      AUTO_SCALING_GRANT_OPERATIONS,
    );
    expect(await kmsDecision(outsider, { policy }, [ALLOW_ALL])).to.equal("ImplicitlyDenied");
    const launches = ec2LaunchRequests(autoScalingRoleArn(OUTSIDER), keyArn("eu-west-1"));
    const denied = await decisions(launches, (r) => kmsDecision(r, { policy, grants: grantsOf(resources) }, [ALLOW_ALL]));
    expect(denied).to.deep.equal(launches.map((r) => `${r.action}: ImplicitlyDenied`));
  });

  it("lets an account without a role create its own grant (the plan lists it), and an OU's accounts theirs, for their own role only", async () => {
    const policy = policyOf(resources, "eu-west-1");
    const staging = createGrant(
      `arn:aws:iam::${STAGING}:role/admin`,
      "eu-west-1",
      autoScalingRoleArn(STAGING),
      AUTO_SCALING_GRANT_OPERATIONS,
    );
    expect(await kmsDecision(staging, { policy }, [ALLOW_ALL])).to.equal("Allowed");
    const inOu = { "aws:PrincipalOrgPaths": OU_PATH, "aws:PrincipalOrgID": "o-a1b2c3d4e5", "aws:PrincipalAccount": OUTSIDER };
    const caller = `arn:aws:iam::${OUTSIDER}:role/admin`;
    const ouOwn = createGrant(caller, "eu-west-1", autoScalingRoleArn(OUTSIDER), AUTO_SCALING_GRANT_OPERATIONS, inOu);
    expect(await kmsDecision(ouOwn, { policy }, [ALLOW_ALL]), "OU account, own role").to.equal("Allowed");
    const ouOther = createGrant(caller, "eu-west-1", autoScalingRoleArn(PROD_WEB), AUTO_SCALING_GRANT_OPERATIONS, inOu);
    expect(await kmsDecision(ouOther, { policy }, [ALLOW_ALL]), "OU account, another account's role").to.equal(
      "ImplicitlyDenied",
    );
    const ouMore = createGrant(
      caller,
      "eu-west-1",
      autoScalingRoleArn(OUTSIDER),
      [...AUTO_SCALING_GRANT_OPERATIONS, "RetireGrant"],
      inOu,
    );
    expect(await kmsDecision(ouMore, { policy }, [ALLOW_ALL]), "OU account, more operations").to.equal("ImplicitlyDenied");
    const ouAnyone = createGrant(
      caller,
      "eu-west-1",
      `arn:aws:iam::${OUTSIDER}:role/anyone`,
      AUTO_SCALING_GRANT_OPERATIONS,
      inOu,
    );
    expect(await kmsDecision(ouAnyone, { policy }, [ALLOW_ALL]), "OU account, any grantee").to.equal("ImplicitlyDenied");
  });

  it("lets a named account grant the key only to its own Auto Scaling and EC2 Spot roles, with exactly their operations", async () => {
    for (const region of ["eu-west-1", "us-east-1"]) {
      const policy = policyOf(resources, region);
      for (const id of [PROD_WEB, STAGING]) {
        const caller = `arn:aws:iam::${id}:role/admin`;
        const decision = (grantee: string, operations: readonly string[]) =>
          kmsDecision(createGrant(caller, region, grantee, operations), { policy }, [ALLOW_ALL]);
        const at = `${id} in ${region}`;
        expect(await decision(autoScalingRoleArn(id), AUTO_SCALING_GRANT_OPERATIONS), `${at}, Auto Scaling`).to.equal("Allowed");
        // docs/consumers.md: Spot Instances from a launch configuration launch as this role.
        expect(await decision(spotRoleArn(id), AUTO_SCALING_GRANT_OPERATIONS), `${at}, Spot`).to.equal("Allowed");
        expect(await decision(autoScalingRoleArn(id), ["Decrypt"]), `${at}, fewer operations`).to.equal("Allowed");
        expect(await decision(`arn:aws:iam::${OUTSIDER}:root`, ["Decrypt", "CreateGrant"]), `${at}, outsider`).to.equal(
          "ImplicitlyDenied",
        );
        expect(await decision(`arn:aws:iam::${id}:role/anyone`, ["Decrypt"]), `${at}, own other role`).to.equal(
          "ImplicitlyDenied",
        );
        expect(await decision(autoScalingRoleArn(OUTSIDER), AUTO_SCALING_GRANT_OPERATIONS), `${at}, another account's`).to.equal(
          "ImplicitlyDenied",
        );
        expect(
          await decision(autoScalingRoleArn(id), [...AUTO_SCALING_GRANT_OPERATIONS, "RetireGrant"]),
          `${at}, more operations`,
        ).to.equal("ImplicitlyDenied");
      }
    }
  });

  it("drops an account's grants with the account", async () => {
    const after = await run(exampleCatalogWithout("prod-web"), factoryIdentity);
    expect(namesOf(after, GRANT)).to.deep.equal([]);
  });

  it("still lets an account with a role list the grants on every key once its images stop sharing with it, as the grants' delete waits with ListGrants", async () => {
    // The engine updates the key policies while the program runs and deletes the grants at the
    // end: the provider retires each grant, then lists the key's grants, as the account's role,
    // until it is gone, against the new key policy.
    const loaded = loadCatalogFile(EXAMPLE_CATALOG);
    if (!loaded.ok) throw new Error("the example catalog does not load");
    const role = consumerRole(expand(loaded.catalog), FACTORY_ACCOUNT).permissionPolicy;
    const after = await run(exampleCatalogWithout("prod-web"), factoryIdentity);
    for (const grant of ofType(resources, GRANT)) {
      const region: string = grant.inputs.region;
      const list = (principal: string): IamRequest => ({ principal, action: "kms:ListGrants", resource: keyArn(region) });
      const policy = policyOf(after, region);
      expect(await kmsDecision(list(`arn:aws:iam::${PROD_WEB}:role/ami-factory-publisher`), { policy }, [role]), region).to.equal(
        "Allowed",
      );
      // Read-only: nothing else the account could do with the key before is left to it.
      const use = ec2LaunchRequests(`arn:aws:iam::${PROD_WEB}:role/launcher`, keyArn(region));
      const denied = await decisions(use, (r) => kmsDecision(r, { policy }, [ALLOW_ALL]));
      expect(denied, `${region} use`).to.deep.equal(use.map((r) => `${r.action}: ImplicitlyDenied`));
      // Accounts the factory has no role in make no grant through it and read none.
      expect(
        await kmsDecision(list(`arn:aws:iam::${STAGING}:role/admin`), { policy }, [ALLOW_ALL]),
        `${region} staging`,
      ).to.equal("ImplicitlyDenied");
    }
  });
});
