/**
 * The benchmark's own correctness: its catalogs are valid and reproducible, and the resource
 * counts it relies on hold for what the real program registers. Nothing here is timed: the
 * figures come from `npm run bench`.
 */
import { expect } from "chai";
import { parse } from "yaml";
import { expand } from "../../catalog/expand/expand";
import type { FactoryPlan } from "../../catalog/expand/factory-plan";
import { loadCatalogText } from "../../catalog/load";
import { LIMITS } from "../../contract/aws-limits";
import { countResources, PIPELINE_RESOURCES } from "../../catalog/expand/resource-count";
import { sourceKey } from "../../catalog/expand/lifetimes";
import { offlineNewestBuild } from "../../offline/newest-build";
import { generateCatalog, OU_SIZE, shapeFor, type CatalogShape } from "../../bench/generate";
import { dependencyEdges, longestChain, referenceEdges } from "../../bench/graph";
import { record } from "../../bench/record";
import type { RecordedResource } from "../../offline/run-program";
import { TYPE } from "../../contract/type-tokens";
import { ofType, run, T, writeCatalog } from "../support/program";

function planOf(text: string): FactoryPlan {
  const loaded = loadCatalogText(text, "bench.yaml");
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => `${p.line}:${p.column} ${p.path}: ${p.message}`).join("\n"));
  return expand(loaded.catalog);
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const releasesOf = (plan: FactoryPlan) => plan.images.flatMap((image) => image.releases.map((release) => ({ image, release })));

describe("benchmark catalogs (bench/generate.ts)", () => {
  for (const images of [10, 50, 200, 1000]) {
    for (const organizations of [true, false]) {
      it(`makes a valid catalog of ${images} images ${organizations ? "shared with OUs" : "shared with accounts only"}`, () => {
        const plan = planOf(generateCatalog(shapeFor(images, organizations)));
        expect(plan.images).to.have.length(images);
        for (const { release } of releasesOf(plan)) expect(release.principals.length).to.be.at.most(LIMITS.sharingEntities);
      });
    }
  }

  it("gives the same text for the same shape and seed, and another for another seed", () => {
    const shape = shapeFor(50, true);
    expect(generateCatalog(shape)).to.equal(generateCatalog({ ...shape }));
    expect(generateCatalog({ ...shape, seed: 2 })).to.not.equal(generateCatalog(shape));
  });

  it("uses up to 16 regions and 300 accounts, OU and organization principals, and narrowed releases", () => {
    const catalog = parse(generateCatalog(shapeFor(1000, true))) as { accounts: Record<string, unknown>; images: any[] };
    const regions = new Set(catalog.images.flatMap((image) => image.regions as string[]));
    expect(regions.size).to.equal(16);
    expect(Object.keys(catalog.accounts).filter((name) => name.startsWith("acct-"))).to.have.length(300);
    const principals = new Set(catalog.images.flatMap((image) => image.accounts as string[]));
    expect([...principals].some((name) => name.startsWith("ou-"))).to.equal(true);
    expect(principals.has("organization")).to.equal(true);
    const narrowed = catalog.images.filter((image) => image.releases?.stable?.accounts.length < image.accounts.length);
    expect(narrowed.length).to.be.greaterThan(10);
  });

  it("lists an OU's member accounts in its place when organizations are off", () => {
    const plan = planOf(generateCatalog(shapeFor(200, false)));
    expect(plan.images.every((image) => image.principals.every((p) => p.kind === "account"))).to.equal(true);
    expect(Math.max(...plan.images.map((image) => image.principals.length))).to.be.at.least(OU_SIZE);
  });

  it("refuses a shape beyond 16 regions or 300 accounts", () => {
    expect(() => generateCatalog({ ...shapeFor(10, true), regions: 17 })).to.throw(RangeError, "regions must be 1 to 16; got 17");
    expect(() => generateCatalog({ ...shapeFor(10, true), accounts: 301 })).to.throw(
      RangeError,
      "accounts must be 1 to 300; got 301",
    );
  });
});

describe("resource counts of generated catalogs (the real program)", () => {
  const shape: CatalogShape = { images: 8, regions: 6, accounts: 60, organizations: true, seed: 3 };
  // One image's two channels both serve its newest build: they share that AMI's copies and grants.
  const text = generateCatalog(shape).replace("ami: ami-00000000001000002", "ami: latest");
  const plan = planOf(text);
  let resources: RecordedResource[];
  before(async () => {
    resources = await run(text);
  });

  it("registers one copy per source and region beyond the build region", () => {
    const keys = releasesOf(plan).flatMap(({ image, release }) =>
      release.regions
        .filter((r) => r !== image.buildRegion)
        .map((r) => `${image.name} ${sourceKey(release.source)} ${release.public ? "plain" : "encrypted"} ${r}`),
    );
    const expected = new Set(keys).size;
    expect(ofType(resources, T.copy)).to.have.length(expected);
    expect(countResources(plan).copies).to.equal(expected);
  });

  it("registers one grant per AMI, region and principal, however many releases serve the AMI", () => {
    const keys = releasesOf(plan).flatMap(({ image, release }) =>
      release.grants.map((grant) => {
        // In the build region every release of a source shares its one AMI, public or not.
        const plain = release.public && grant.region !== image.buildRegion;
        return `${image.name} ${sourceKey(release.source)} ${plain ? "plain" : "encrypted"} ${grant.region} ${grant.principal.key}`;
      }),
    );
    const expected = new Set(keys).size;
    expect(keys.length, "the grants the releases need, one per release").to.be.greaterThan(expected);
    expect(ofType(resources, T.grant)).to.have.length(expected);
    expect(countResources(plan).grants).to.equal(expected);
  });

  it("registers one parameter per release and region, and one more per consuming account with a role", () => {
    expect(ofType(resources, T.parameter)).to.have.length(countResources(plan).parameters);
  });

  it("registers as many resources as catalog/expand/resource-count.ts estimates from the expanded catalog", () => {
    // The benchmark sizes its runs by this estimate: a new kind of resource must be counted there.
    expect(resources.length, "catalog/expand/resource-count.ts").to.equal(countResources(plan).total);
  });

  it("registers the same pipeline resources for every image, whatever its regions and accounts", () => {
    const pipelineTypes = [T.recipe, T.infrastructure, T.distribution, T.pipeline, T.lifecycle, TYPE.schedule];
    for (const image of plan.images) {
      const own = resources.filter((r) => r.name === image.resourceName && (pipelineTypes as readonly string[]).includes(r.type));
      expect(own, image.name).to.have.length(PIPELINE_RESOURCES);
    }
  });
});

describe("sharing with an OU (the real program)", () => {
  /** Two images in three regions for five accounts; the pinned channel serves the first three. */
  const base: CatalogShape = { images: 2, regions: 3, accounts: 5, organizations: false, uniform: true, seed: 1 };
  const OU = "arn:aws:organizations::111122223333:ou/o-bench0000a/ou-bnch-00000099";

  it("adds one grant per AMI and region that serves it, however many accounts the OU holds", async () => {
    const catalog = parse(generateCatalog(base)) as { accounts: Record<string, unknown>; images: any[] };
    const before = ofType(await run(catalog), T.grant);
    catalog.accounts["big-ou"] = OU;
    for (const image of catalog.images) image.accounts.push("big-ou");
    const after = ofType(await run(catalog), T.grant);

    const added = after.filter((g) => !before.some((b) => b.name === g.name));
    // The `candidate` channel serves every account of the image, so the OU too; the pinned
    // `stable` channel names its accounts and does not.
    expect(added.map((g) => g.name).sort()).to.deep.equal(
      catalog.images
        .flatMap((image) =>
          (image.regions as string[]).map(
            (region) =>
              `ami-factory/${image.name}/grant/${offlineNewestBuild("ami-factory", image.name)}/${region}/ou-bnch-00000099`,
          ),
        )
        .sort(),
    );
    expect(added.every((g) => g.inputs.organizationalUnitArn === OU && g.inputs.accountId === undefined)).to.equal(true);
  });

  it("replaces one grant per member account by one per OU", () => {
    const members = planOf(generateCatalog({ ...base, accounts: OU_SIZE }));
    const ou = planOf(generateCatalog({ ...base, accounts: OU_SIZE, organizations: true }));
    const amiRegions = (plan: FactoryPlan) => sum(releasesOf(plan).map(({ release }) => release.regions.length));
    // Per image, `candidate` serves all 40 members and the pinned `stable` the first 20.
    expect(releasesOf(members).map(({ release }) => release.principals.length)).to.deep.equal([40, 20, 40, 20]);
    expect(countResources(members).grants).to.equal(30 * amiRegions(members));
    // With organizations the 40 members are one OU (the first account stays named: it has a role).
    expect(releasesOf(ou).map(({ release }) => release.principals.map((p) => p.kind))).to.deep.equal([
      ["account", "ou"],
      ["account"],
      ["account", "ou"],
      ["account"],
    ]);
    expect(countResources(ou).grants).to.equal(1.5 * amiRegions(ou));
  });
});

describe("dependency depth (bench/graph.ts on the real program)", () => {
  it("finds the longest chain and refuses a cycle", () => {
    const edges = new Map([
      ["grant", ["copy"]],
      ["copy", ["image", "key"]],
      ["image", ["recipe"]],
      ["recipe", ["key"]],
      ["key", []],
    ]);
    expect(longestChain(edges)).to.deep.equal({ depth: 5, chain: ["key", "recipe", "image", "copy", "grant"] });
    expect(() =>
      longestChain(
        new Map([
          ["a", ["b"]],
          ["b", ["a"]],
        ]),
      ),
    ).to.throw("dependency cycle");
  });

  it("stays the same from 2 regions and 2 accounts to 8 regions and 40 accounts: copies and grants run side by side", async () => {
    const depths: Array<{ engine: number; references: number; resources: number }> = [];
    for (const [regions, accounts] of [
      [2, 2],
      [8, 40],
    ] as const) {
      const file = writeCatalog(generateCatalog({ images: 2, regions, accounts, organizations: false, uniform: true, seed: 1 }));
      const recording = await record(file);
      depths.push({
        engine: longestChain(dependencyEdges(recording.resources, recording.dependencies)).depth,
        references: longestChain(referenceEdges(recording.resources)).depth,
        resources: recording.resources.length,
      });
    }
    expect(depths[1].resources).to.be.greaterThan(5 * depths[0].resources);
    expect(depths[1].engine).to.equal(depths[0].engine);
    expect(depths[1].references).to.equal(depths[0].references);
  });
});
