/**
 * The factory's key policies, evaluated as AWS evaluates them (tests/support/iam.ts), for every
 * regional key of the fixture plans: who may launch and copy the AMIs encrypted with them, and
 * who may not. Who should be able to comes from the plan's launch permissions, not from the
 * key policy's own code.
 */
import { expect } from "chai";
import type { RecordedResource } from "../../offline/run-program";
import { FIXTURE } from "../catalog/fixture";
import { ALLOW_ALL, decisions, ec2LaunchRequests, kmsDecision, type IamRequest } from "../support/iam";
import { ofType, run, T } from "../support/program";
import { FACTORY_ACCOUNT, factoryIdentity, keyArn } from "../support/factory-account";

const OUTSIDER = "555555555555";
const ALL_ALLOWED = (requests: IamRequest[]) => requests.map((r) => `${r.action}: Allowed`);
const ALL_DENIED = (requests: IamRequest[]) => requests.map((r) => `${r.action}: ImplicitlyDenied`);

/** Per region, the principals the plan grants launch permissions to: account ids and OU / organization ARNs. */
function sharedWith(resources: RecordedResource[]): Map<string, Set<string>> {
  const byRegion = new Map<string, Set<string>>();
  for (const grant of ofType(resources, T.grant)) {
    const who = grant.inputs.accountId ?? grant.inputs.organizationalUnitArn ?? grant.inputs.organizationArn;
    if (who === undefined) continue;
    const set = byRegion.get(grant.inputs.region) ?? new Set<string>();
    set.add(who);
    byRegion.set(grant.inputs.region, set);
  }
  return byRegion;
}

/** What an account in an OU presents as `aws:PrincipalOrgPaths`: the organization, the root and the OU. */
function orgPathIn(ouArn: string): string[] {
  const [, org, ou] = ouArn.split("/");
  return [`${org}/r-ab12/${ou}/`];
}

const FIXTURE_PLANS: Array<[string, unknown]> = [
  ["the example catalog", undefined],
  ["the loader's fixture", FIXTURE],
];

for (const [label, catalog] of FIXTURE_PLANS) {
  describe(`key policies of ${label}, evaluated`, () => {
    let keys: Array<{ region: string; arn: string; policy: any }>;
    let shared: Map<string, Set<string>>;
    before(async () => {
      const resources = await run(catalog, factoryIdentity);
      shared = sharedWith(resources);
      keys = ofType(resources, T.key).map((key) => ({
        region: key.inputs.region,
        arn: keyArn(key.inputs.region),
        policy: JSON.parse(key.inputs.policy),
      }));
      expect(shared.size, "regions with grants").to.be.greaterThan(0);
    });

    it("lets every account an AMI is shared with launch and copy it through EC2, with its own IAM's consent", async () => {
      for (const key of keys) {
        for (const who of shared.get(key.region) ?? []) {
          if (who.startsWith("arn:")) continue;
          const requests = ec2LaunchRequests(`arn:aws:iam::${who}:role/launcher`, key.arn);
          const allowed = await decisions(requests, (r) => kmsDecision(r, { policy: key.policy }, [ALLOW_ALL]));
          expect(allowed, `${who} in ${key.region}`).to.deep.equal(ALL_ALLOWED(requests));
          // The key policy names the account, which delegates to its IAM: a role without a policy gets nothing.
          const undelegated = await decisions(requests, (r) => kmsDecision(r, { policy: key.policy }, []));
          expect(undelegated, `${who} without IAM policy`).to.deep.equal(ALL_DENIED(requests));
        }
      }
    });

    it("lets every principal of a shared OU or organization launch through its condition keys, and no one else in the organization", async () => {
      let checked = 0;
      for (const key of keys) {
        for (const who of shared.get(key.region) ?? []) {
          if (!who.includes(":ou/")) continue;
          const inside = ec2LaunchRequests(`arn:aws:iam::${OUTSIDER}:role/launcher`, key.arn, {
            "aws:PrincipalOrgPaths": orgPathIn(who),
            "aws:PrincipalOrgID": who.split("/")[1],
          });
          const allowed = await decisions(inside, (r) => kmsDecision(r, { policy: key.policy }, [ALLOW_ALL]));
          expect(allowed, `${who} in ${key.region}`).to.deep.equal(ALL_ALLOWED(inside));
          const elsewhere = ec2LaunchRequests(`arn:aws:iam::${OUTSIDER}:role/launcher`, key.arn, {
            "aws:PrincipalOrgPaths": [`${who.split("/")[1]}/r-ab12/ou-ab12-00000000/`],
            "aws:PrincipalOrgID": who.split("/")[1],
          });
          const denied = await decisions(elsewhere, (r) => kmsDecision(r, { policy: key.policy }, [ALLOW_ALL]));
          expect(denied, `another OU in ${key.region}`).to.deep.equal(ALL_DENIED(elsewhere));
          checked++;
        }
      }
      if (label === "the example catalog") expect(checked, "OU keys checked").to.be.greaterThan(0);
    });

    it("lets no account the catalog does not share with use any key, however its IAM is set", async () => {
      for (const key of keys) {
        const requests = ec2LaunchRequests(`arn:aws:iam::${OUTSIDER}:role/admin`, key.arn);
        const denied = await decisions(requests, (r) => kmsDecision(r, { policy: key.policy }, [ALLOW_ALL]));
        expect(denied, key.region).to.deep.equal(ALL_DENIED(requests));
      }
    });

    it("lets Image Builder's service-linked role encrypt builds and distribution copies with every key", async () => {
      const role = `arn:aws:iam::${FACTORY_ACCOUNT}:role/aws-service-role/imagebuilder.amazonaws.com/AWSServiceRoleForImageBuilder`;
      for (const key of keys) {
        const requests: IamRequest[] = [
          ...ec2LaunchRequests(role, key.arn),
          { principal: role, action: "kms:ReEncryptTo", resource: key.arn },
          { principal: role, action: "kms:Encrypt", resource: key.arn },
        ];
        const allowed = await decisions(requests, (r) => kmsDecision(r, { policy: key.policy }));
        expect(allowed, key.region).to.deep.equal(ALL_ALLOWED(requests));
      }
    });

    it("keeps administering the key to the factory account's IAM, and lets nothing else administer it", async () => {
      for (const key of keys) {
        const admin = {
          principal: `arn:aws:iam::${FACTORY_ACCOUNT}:role/deployer`,
          action: "kms:PutKeyPolicy",
          resource: key.arn,
        };
        expect(await kmsDecision(admin, { policy: key.policy }, [ALLOW_ALL])).to.equal("Allowed");
        for (const who of shared.get(key.region) ?? []) {
          if (who.startsWith("arn:")) continue;
          const request = { principal: `arn:aws:iam::${who}:role/admin`, action: "kms:PutKeyPolicy", resource: key.arn };
          expect(await kmsDecision(request, { policy: key.policy }, [ALLOW_ALL]), who).to.equal("ImplicitlyDenied");
        }
      }
    });
  });
}
