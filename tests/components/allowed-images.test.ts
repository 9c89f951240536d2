/** Allowed AMIs in consumer accounts: managed where the catalog says, with the factory's account allowed. */
import { expect } from "chai";
import { FACTORY_ACCOUNT, factoryIdentity } from "../support/factory-account";
import { exampleCatalog, find, namesOf, run } from "../support/program";
import { edit, problemsOf } from "../catalog/fixture";

const SETTING = "aws:ec2/allowedImagesSettings:AllowedImagesSettings";
const PROD_WEB = "444455556666";
const PROD_WEB_REGIONS = ["ap-southeast-2", "eu-central-1", "eu-west-1", "us-east-1"];

describe("Allowed AMIs in consumer accounts", () => {
  it("enforces them for prod-web in every region it receives images in, allowing the factory's account and Amazon", async () => {
    const resources = await run(undefined, factoryIdentity);
    expect(namesOf(resources, SETTING)).to.deep.equal(PROD_WEB_REGIONS.map((r) => `ami-factory/allowed-images/${r}/${PROD_WEB}`));
    const setting = find(resources, SETTING, `ami-factory/allowed-images/eu-west-1/${PROD_WEB}`);
    expect(setting.provider).to.equal(`ami-factory/account/${PROD_WEB}`);
    expect(setting.inputs).to.deep.equal({
      state: "enabled",
      imageCriterions: [{ imageProviders: [FACTORY_ACCOUNT, "amazon"] }],
      region: "eu-west-1",
    });
  });

  it("audits instead when the account (or the default) says audit, and leaves unmanaged accounts alone", async () => {
    const catalog = exampleCatalog();
    delete catalog.accounts["prod-web"].allowedImages;
    catalog.allowedImages.default = "audit";
    const audited = await run(catalog, factoryIdentity);
    expect(find(audited, SETTING, `ami-factory/allowed-images/us-east-1/${PROD_WEB}`).inputs.state).to.equal("audit-mode");
    delete catalog.allowedImages.default;
    expect(namesOf(await run(catalog, factoryIdentity), SETTING)).to.deep.equal([]);
  });

  it("refuses to manage an account the factory has no role in", () => {
    const text = edit('  prod: "111122223333"\n', '  prod:\n    id: "111122223333"\n    allowedImages: enforce\n');
    expect(problemsOf(text)).to.deep.equal([
      "c.yaml:7:20 accounts.prod.allowedImages: allowedImages enforce needs a role the factory can assume in the account: add `role` to accounts.prod, or leave its Allowed AMIs to the account (docs/consumers.md lists the criteria to add)",
    ]);
  });

  it("refuses a mode that is not one", () => {
    const role = "    role: arn:aws:iam::444455556666:role/publisher\n";
    const text = edit(role, `${role}    allowedImages: strict\n`);
    expect(problemsOf(text)).to.deep.equal([
      'c.yaml:9:20 accounts.stage.allowedImages: "strict" is not an Allowed AMIs mode; use enforce, audit or unmanaged',
    ]);
  });
});
