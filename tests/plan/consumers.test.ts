/** The plan's consumer-account lines: what Auto Scaling needs and what Allowed AMIs becomes, per principal. */
import { expect } from "chai";
import { consumerLinesOf, scalingGrantWarnings } from "../../plan/consumers";
import { diffResources } from "../../plan/diff";
import { fromRecorded } from "../../plan/resources";
import { exampleCatalog, exampleCatalogWithout, run } from "../support/program";

const NAMES = new Map([
  ["444455556666", "prod-web"],
  ["012345678901", "staging"],
  ["arn:aws:organizations::111122223333:ou/o-a1b2c3d4e5/ou-ab12-cdef3456", "engineering-ou"],
]);
const ALL = "ap-southeast-2, eu-central-1, eu-west-1, us-east-1";

describe("plan: consumer accounts", () => {
  it("says per account of the example catalog what Auto Scaling needs and what its Allowed AMIs become", async () => {
    const lines = consumerLinesOf(await run(), NAMES).map((l) => l.message);
    expect(lines).to.include(
      `prod-web (444455556666): Auto Scaling grant made by the stack in ${ALL}; Allowed AMIs enforced in ${ALL}`,
    );
    expect(lines).to.include(
      `staging (012345678901): no role: creates its own Auto Scaling grant in ${ALL} (docs/consumers.md); Allowed AMIs not managed (if enabled there, it must allow the factory's account)`,
    );
    expect(lines).to.include(
      "engineering-ou (arn:aws:organizations::111122223333:ou/o-a1b2c3d4e5/ou-ab12-cdef3456): each account creates its own Auto Scaling grant in ap-southeast-2, eu-west-1, us-east-1 (docs/consumers.md)",
    );
  });

  describe("with a base, an account whose Auto Scaling grants the change deletes", () => {
    async function warningsFor(catalog: unknown): Promise<string[]> {
      const base = (await run()).map(fromRecorded);
      const head = (await run(catalog)).map(fromRecorded);
      const changes = diffResources(base, head);
      expect(changes.filter((c) => c.action === "delete" && c.type === "aws:kms/grant:Grant")).to.have.length(4);
      return scalingGrantWarnings(base, head, changes, NAMES);
    }

    it("needs no warning while the account keeps its role in `accounts:`: the key policies still let it list grants", async () => {
      expect(await warningsFor(exampleCatalogWithout("prod-web"))).to.deep.equal([]);
    });

    it("warns, with the two-step way around it, when the account leaves `accounts:` in the same change", async () => {
      const catalog = exampleCatalogWithout("prod-web");
      delete catalog.accounts["prod-web"];
      expect(await warningsFor(catalog)).to.deep.equal([
        `prod-web (444455556666) leaves the accounts the factory has a role in while the stack deletes its Auto Scaling grants in ${ALL}: ` +
          "`pulumi up` fails once at their delete (the grants are retired, but the key policy no longer lets the account list grants, which the delete waits on), and a re-run completes. " +
          'To avoid it, remove the account from its images in one change and from `accounts:` in the next (docs/operations.md, "Revoke an account")',
      ]);
    });
  });

  it("says where the factory account's AMI block public access is turned off", async () => {
    const catalog = exampleCatalog();
    const image = catalog.images.find((i: { name: string }) => i.name === "al2023-base");
    image.public = true;
    image.releases.candidate.public = true;
    const lines = consumerLinesOf(await run(catalog), NAMES).map((l) => l.message);
    expect(lines.filter((l) => l.startsWith("factory account"))).to.deep.equal(
      ["ap-southeast-2", "eu-west-1", "us-east-1"].map(
        (r) => `factory account: AMI block public access turned off in ${r} for its public releases`,
      ),
    );
  });

  it("needs no Auto Scaling grant for a principal that launches only public images: they are not encrypted", async () => {
    const catalog = exampleCatalogWithout("prod-web");
    const image = catalog.images.find((i: { name: string }) => i.name === "al2023-base");
    image.public = true;
    image.releases.candidate.public = true;
    image.accounts.push("prod-web");
    image.releases.stable.accounts.push("prod-web");
    const lines = consumerLinesOf(await run(catalog), NAMES).map((l) => l.message);
    const none = "launches only public images, which are not encrypted: Auto Scaling needs no grant";
    expect(lines).to.include(`prod-web (444455556666): ${none}; Allowed AMIs enforced in ap-southeast-2, eu-west-1, us-east-1`);
    expect(lines).to.include(`engineering-ou (arn:aws:organizations::111122223333:ou/o-a1b2c3d4e5/ou-ab12-cdef3456): ${none}`);
    // staging also launches encrypted images, in every region; only those need its grant.
    expect(lines).to.include(
      `staging (012345678901): no role: creates its own Auto Scaling grant in ${ALL} (docs/consumers.md); Allowed AMIs not managed (if enabled there, it must allow the factory's account)`,
    );
  });

  it("says what an account that builds are copied into (copyTo) receives, and its Auto Scaling grant", async () => {
    const catalog = exampleCatalog();
    catalog.images.find((i: { name: string }) => i.name === "al2023-base").copyTo = ["shared-services", "prod-web"];
    const names = new Map([...NAMES, ["111122223333", "shared-services"]]);
    const lines = consumerLinesOf(await run(catalog), names).map((l) => l.message);
    expect(lines).to.include(
      "shared-services (111122223333): receives its own copy of each build of al2023-base in us-east-1 (copyTo); Auto Scaling grant made by the stack in us-east-1",
    );
    expect(lines).to.include(
      `prod-web (444455556666): Auto Scaling grant made by the stack in ${ALL}; Allowed AMIs enforced in ${ALL}; receives its own copy of each build of al2023-base in us-east-1 (copyTo)`,
    );
  });
});
