/**
 * The offline runner refuses what the Pulumi engine refuses and the SDK's mocks accept: a URN
 * registered twice, an unknown parent, a provider never registered or of another package, an alias
 * two resources answer to; and a regional AWS resource whose region neither it nor its provider names.
 * Each case is a small program (tests/fixtures/engine-program) that does one of them.
 */
import { expect } from "chai";
import * as path from "node:path";
import { main } from "../../cli/plan";
import { runProgram } from "../../offline/run-program";
import { exampleCatalog, ROOT, writeCatalog } from "../support/program";

const PROGRAM = path.join(__dirname, "../fixtures/engine-program");
const URN = "urn:pulumi:dev::ami-factory::";

async function refusal(name: string): Promise<string> {
  try {
    await runProgram({ root: PROGRAM, config: { "ami-factory:case": name } });
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`case ${name} ran without a refusal`);
}

describe("the offline runner's engine invariants", () => {
  it("accept one type and name under two parents, a provider of the resource's own package, a region from the provider, and a global resource without one", async () => {
    const { resources } = await runProgram({ root: PROGRAM, config: { "ami-factory:case": "valid" } });
    expect(resources.map((r) => `${r.type} ${r.name}`)).to.have.members([
      "test:index:Group group",
      "aws:ssm/parameter:Parameter p",
      "aws:ssm/parameter:Parameter p",
      "pulumi:providers:aws east",
      "aws:ssm/parameter:Parameter r",
      "aws:ssm/parameter:Parameter s",
      "pulumi:providers:aws anywhere",
      "aws:iam/role:Role role",
    ]);
  });

  it("refuse a regional resource that names no region and uses the default provider", async () => {
    expect(await refusal("no-region")).to.equal(
      "the Pulumi engine would refuse this program:\n" +
        `  ${URN}aws:ssm/parameter:Parameter::p: names no region: it has no region input and it uses the default provider, so the aws:region or AWS_REGION of whoever runs pulumi up would decide where it goes (the engine accepts this; this runner does not)`,
    );
  });

  it("refuse a regional resource without a region input whose provider names none", async () => {
    expect(await refusal("provider-without-region")).to.equal(
      "the Pulumi engine would refuse this program:\n" +
        `  ${URN}aws:ssm/parameter:Parameter::p: names no region: it has no region input nor does its provider ${URN}pulumi:providers:aws::anywhere, so the aws:region or AWS_REGION of whoever runs pulumi up would decide where it goes (the engine accepts this; this runner does not)`,
    );
  });

  it("refuse a URN registered twice", async () => {
    expect(await refusal("urn-twice")).to.equal(
      "the Pulumi engine would refuse this program:\n" +
        `  ${URN}aws:ssm/parameter:Parameter::p: registered twice (type aws:ssm/parameter:Parameter, name "p", same parent); the Pulumi engine refuses a duplicate URN`,
    );
  });

  it("compute the URN from the whole parent chain, as the engine does", async () => {
    expect(await refusal("urn-twice-nested")).to.equal(
      "the Pulumi engine would refuse this program:\n" +
        `  ${URN}test:index:Group$aws:ssm/parameter:Parameter::p: registered twice (type aws:ssm/parameter:Parameter, name "p", same parent); the Pulumi engine refuses a duplicate URN`,
    );
  });

  it("refuse two resources that answer to one alias", async () => {
    expect(await refusal("alias-twice")).to.equal(
      "the Pulumi engine would refuse this program:\n" +
        `  ${URN}aws:ssm/parameter:Parameter::b: its alias ${URN}aws:ssm/parameter:Parameter::old is an alias of ${URN}aws:ssm/parameter:Parameter::a too; the Pulumi engine refuses a duplicate resource alias`,
    );
  });

  it("refuse an alias that is another resource's URN", async () => {
    expect(await refusal("alias-is-urn")).to.equal(
      "the Pulumi engine would refuse this program:\n" +
        `  ${URN}aws:ssm/parameter:Parameter::b: its alias ${URN}aws:ssm/parameter:Parameter::a is the URN of another resource; the Pulumi engine refuses a duplicate resource alias`,
    );
  });

  it("refuse an alias a child inherits from its parent's former URN when another resource claims it", async () => {
    expect(await refusal("inherited-alias")).to.equal(
      "the Pulumi engine would refuse this program:\n" +
        `  ${URN}test:index:Group$aws:ssm/parameter:Parameter::group/p: its alias ${URN}test:index:Group$aws:ssm/parameter:Parameter::old-group/p is the URN of another resource; the Pulumi engine refuses a duplicate resource alias`,
    );
  });

  it("refuse a parent that was never registered", async () => {
    expect(await refusal("unregistered-parent")).to.equal(
      "the Pulumi engine would refuse this program:\n" +
        `  ${URN}test:index:Group$aws:ssm/parameter:Parameter::p: its parent ${URN}test:index:Group::ghost was never registered; the Pulumi engine refuses an unknown parent`,
    );
  });

  it("refuse a provider reference that was never registered", async () => {
    expect(await refusal("unregistered-provider")).to.equal(
      "the Pulumi engine would refuse this program:\n" +
        `  ${URN}aws:ssm/parameter:Parameter::p: its provider ${URN}pulumi:providers:aws::ghost was never registered as a provider`,
    );
  });

  it("refuse a provider of another package", async () => {
    expect(await refusal("wrong-provider")).to.equal(
      "the Pulumi engine would refuse this program:\n" +
        `  ${URN}aws:ssm/parameter:Parameter::p: its provider ${URN}pulumi:providers:random::dice is of package random; a resource of type aws:ssm/parameter:Parameter needs a provider of package aws`,
    );
  });

  it("are not the first to see two catalog accounts with one id and a role: the catalog is refused", async () => {
    // This catalog made the program register one provider URN twice; the catalog rule now names
    // it first, and the programs above keep the engine-level check honest.
    const catalog = exampleCatalog();
    catalog.accounts["prod-web-again"] = catalog.accounts["prod-web"];
    catalog.images.find((i: { name: string }) => i.name === "al2023-graviton").accounts.push("prod-web-again");
    let stderr = "";
    const file = writeCatalog(catalog);
    const code = await main(["--catalog", file], { out: () => undefined, err: (t) => (stderr += t) }, { cwd: ROOT });
    expect(code).to.equal(1);
    expect(stderr).to.equal(
      `plan: ${file} has 1 problem:\n` +
        `${file}:11:9 accounts.prod-web-again.id: "444455556666" is also the id of accounts.prod-web; one account needs one name: use prod-web or prod-web-again everywhere and remove the other\n`,
    );
  });
});
