/**
 * Every AWS resource the program registers goes where the plan means it to: in the plan's region
 * (its own `region` input, else its provider's), and in the plan's account (through that
 * account's provider, or the default provider for the factory's own), for every catalog the
 * tests keep and for generated ones. And the check fails on a program whose component puts a
 * resource elsewhere, as `plan` does.
 */
import { expect } from "chai";
import fc from "fast-check";
import { expand } from "../../catalog/expand/expand";
import { placementsOf } from "../../catalog/expand/placements";
import { loadCatalogText } from "../../catalog/load";
import { main } from "../../cli/plan";
import { checkPlacements, type PlacedResource } from "../../contract/check-placements";
import { TYPE } from "../../contract/type-tokens";
import { offlineNewestBuild, offlineSource } from "../../offline/newest-build";
import { runProgram } from "../../offline/run-program";
import { FIXTURE } from "../catalog/fixture";
import { planOf, validCatalog } from "../reliability/arbitrary";
import { brokenProgram, type Mistake } from "../support/broken-program";
import { FIXTURE_CATALOGS } from "../support/fixture-catalogs";
import { devConfig, run, writeCatalog } from "../support/program";

/** Each run of the program costs about half a second. */
const GENERATED_RUNS = 4;

function placementsOfText(text: string) {
  const loaded = loadCatalogText(text, "catalog.yaml");
  if (!loaded.ok) throw new Error(`not a valid catalog: ${loaded.problems.map((p) => p.message).join("; ")}`);
  return placementsOf(expand(loaded.catalog), offlineSource);
}

const problemsOf = (resources: readonly PlacedResource[], placements: ReturnType<typeof placementsOf>) =>
  checkPlacements(resources, placements).map((p) => `${p.type} ${p.name}: ${p.message}`);

describe("where each resource goes", () => {
  for (const { label, text } of FIXTURE_CATALOGS) {
    it(`is where the plan means it to be, for ${label}`, async () => {
      expect(problemsOf(await run(text), placementsOfText(text))).to.deep.equal([]);
    });
  }

  it("is where the plan means it to be, for generated catalogs", async () => {
    await fc.assert(
      fc.asyncProperty(validCatalog, async ({ catalog }) => {
        expect(problemsOf(await run(catalog), placementsOf(planOf(catalog), offlineSource))).to.deep.equal([]);
      }),
      { numRuns: GENERATED_RUNS },
    );
  });
});

/**
 * The loader tests' catalog (tests/catalog/fixture.ts): images web (stable on latest, for prod)
 * and win (latest, for prod and stage, which has a role), in us-east-1 and eu-west-1.
 */
const STAGE = "444455556666";
const copyOf = (image: string) => `ami-factory/${image}/copy/${offlineNewestBuild("ami-factory", image)}/eu-west-1`;

/** The program with `mistake`, on the loader tests' catalog: what the check says of it. */
async function misplacedBy(mistake: Mistake): Promise<string[]> {
  const config = { ...devConfig(), "ami-factory:catalog": writeCatalog(FIXTURE) };
  const { resources } = await runProgram({ root: brokenProgram(mistake), config });
  return problemsOf(resources, placementsOfText(FIXTURE));
}

/** A copy registered in the build region, as a component that took the wrong region would. */
const COPY_IN_BUILD_REGION: Mistake = {
  file: "image-releases.ts",
  from: "sourceAmiRegion: plan.buildRegion,\n          region: copy.region,",
  to: "sourceAmiRegion: plan.buildRegion,\n          region: plan.buildRegion,",
};

describe("the placement check, on a component that puts resources elsewhere", () => {
  it("refuses a copy registered in the build region", async () => {
    expect(await misplacedBy(COPY_IN_BUILD_REGION)).to.deep.equal([
      `${TYPE.amiCopy} ${copyOf("web")}: goes to us-east-1 (its region input); the plan puts it in eu-west-1`,
      `${TYPE.amiCopy} ${copyOf("win")}: goes to us-east-1 (its region input); the plan puts it in eu-west-1`,
    ]);
  });

  it("refuses a consumer account's parameter made through the default provider, in the factory's account", async () => {
    const mistake = { file: "image-releases.ts", from: "{ provider, dependsOn:", to: "{ dependsOn:" };
    const wrong = (region: string) =>
      `${TYPE.parameter} ami-factory/win/latest/${region}/${STAGE}: is made through the default provider; ` +
      `the plan makes it in account stage (${STAGE}), through provider ami-factory/account/${STAGE}`;
    expect(await misplacedBy(mistake)).to.deep.equal([wrong("us-east-1"), wrong("eu-west-1")]);
  });

  it("makes plan exit 1 naming the resources", async () => {
    let stderr = "";
    const file = writeCatalog(FIXTURE);
    const code = await main(
      ["--catalog", file],
      { out: () => undefined, err: (t) => (stderr += t) },
      { cwd: brokenProgram(COPY_IN_BUILD_REGION) },
    );
    expect(code).to.equal(1);
    expect(stderr).to.equal(
      `plan: ${file}: the program puts 2 resources elsewhere than the plan means:\n` +
        `  ${TYPE.amiCopy} ${copyOf("web")}: goes to us-east-1 (its region input); the plan puts it in eu-west-1\n` +
        `  ${TYPE.amiCopy} ${copyOf("win")}: goes to us-east-1 (its region input); the plan puts it in eu-west-1\n`,
    );
  });
});

describe("checkPlacements", () => {
  const placements = placementsOfText(FIXTURE);
  const resource = (type: string, name: string, inputs: Record<string, unknown>, provider?: string): PlacedResource => ({
    type,
    name,
    custom: true,
    inputs,
    ...(provider === undefined ? {} : { provider }),
  });
  const provider = (role: string) =>
    resource(TYPE.provider, `ami-factory/account/${STAGE}`, {
      region: "eu-west-1",
      assumeRoles: JSON.stringify([{ roleArn: role }]),
    });
  const ROLE = `arn:aws:iam::${STAGE}:role/publisher`;

  it("takes the provider's region for a resource without its own", () => {
    const parameter = resource(TYPE.parameter, `ami-factory/win/latest/us-east-1/${STAGE}`, {}, `ami-factory/account/${STAGE}`);
    expect(problemsOf([provider(ROLE), parameter], placements)).to.deep.equal([
      `${TYPE.parameter} ${parameter.name}: goes to eu-west-1 (the region of its provider ami-factory/account/${STAGE}); the plan puts it in us-east-1`,
    ]);
  });

  it("refuses a factory resource made through a consumer account's provider", () => {
    const key = resource(TYPE.key, "ami-factory/kms/eu-west-1", { region: "eu-west-1" }, `ami-factory/account/${STAGE}`);
    expect(problemsOf([provider(ROLE), key], placements)).to.deep.equal([
      `${TYPE.key} ami-factory/kms/eu-west-1: is made through provider ami-factory/account/${STAGE}; the plan makes it in the factory's own account, through the default provider`,
    ]);
  });

  it("refuses an account's provider that assumes another role", () => {
    const other = "arn:aws:iam::111122223333:role/publisher";
    expect(problemsOf([provider(other)], placements)).to.deep.equal([
      `${TYPE.provider} ami-factory/account/${STAGE}: assumes ${other}; the plan reaches account stage through ${ROLE}`,
    ]);
  });

  it("refuses a regional resource the plan does not place, and a global one made in another account", () => {
    const stray = resource(TYPE.parameter, "ami-factory/stray", { region: "us-east-1" });
    const role = resource(TYPE.role, "ami-factory-stray", {}, `ami-factory/account/${STAGE}`);
    expect(problemsOf([provider(ROLE), stray, role], placements)).to.deep.equal([
      `${TYPE.parameter} ami-factory/stray: the plan places no resource of this type and name; a regional resource must be one it places`,
      `${TYPE.role} ami-factory-stray: is made through provider ami-factory/account/${STAGE}; the plan makes it in the factory's own account, through the default provider`,
    ]);
  });

  it("leaves out components and other packages' resources", () => {
    const id = resource(TYPE.randomId, "anything", {});
    const component = { ...resource("ami-factory:index:ImageReleases", "anything", {}), custom: false };
    expect(problemsOf([id, component], placements)).to.deep.equal([]);
  });
});
