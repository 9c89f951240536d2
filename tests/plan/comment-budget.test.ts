/**
 * The pull-request comment at the sizes that matter: removing one account from a 60-image
 * catalog (480 grants revoked), planned through the real program, and the first plan of a
 * 1,000-image catalog, whose resources are named from the expanded catalog as the program names
 * them (the program itself takes minutes at that size under the test runner, and the comment
 * reads only types, names and regions). Both are rendered as the workflow renders them
 * (`npm run plan-comment`). Each stays
 * within GitHub's comment limit, lists or counts every revocation, and has one Mermaid block
 * within Mermaid's default size and edge limits that Mermaid's own parser accepts.
 */
import { expect } from "chai";
import { stringify } from "yaml";
import { generateCatalog, shapeFor } from "../../bench/generate";
import { comment } from "../../cli/plan-comment";
import { main } from "../../cli/plan";
import type { PlanDocument } from "../../plan/document";
import { GITHUB_COMMENT_MAX, MERMAID_MAX_EDGES, MERMAID_MAX_TEXT_SIZE } from "../../plan/limits";
import { edgeCount } from "../../plan/mermaid";
import { expand } from "../../catalog/expand/expand";
import { formatProblem, loadCatalogFile } from "../../catalog/load";
import { buildDocument } from "../../plan/document";
import { accountNamesOf, imagesOf } from "../../plan/images";
import type { PlanResource } from "../../plan/resources";
import { ROOT, T, writeCatalog } from "../support/program";
import { mermaidBlocks, parseAllWithMermaid, structuralProblems } from "./mermaid-syntax";

const REGIONS = ["us-east-1", "eu-west-1", "eu-central-1", "ap-southeast-2"];

/** 60 images in 4 regions, each with a pinned and a `latest` channel, shared with three accounts. */
function sixtyImages(accounts: string[]) {
  return {
    factory: "ami-factory",
    accounts: { "prod-web": "444455556666", staging: "012345678901", "dev-sandbox": "210987654321" },
    images: Array.from({ length: 60 }, (_, i) => ({
      name: `app-${String(i).padStart(2, "0")}`,
      os: "amazon-linux-2023",
      arch: "x86_64",
      regions: REGIONS,
      accounts,
      // Each its own pinned AMI: two images may not pin one.
      releases: { stable: { ami: `ami-0abcdef12345678${String(i).padStart(2, "0")}` }, candidate: { ami: "latest" } },
    })),
  };
}

/** A first plan (every resource created) of a catalog, its resources named from the expansion. */
function firstPlanOf(yaml: string): PlanDocument {
  const loaded = loadCatalogFile(writeCatalog(yaml));
  if (!loaded.ok) throw new Error(loaded.problems.map(formatProblem).join("\n"));
  const factory = expand(loaded.catalog);
  const resource = (type: string, name: string, region: string): PlanResource => ({
    type,
    name,
    custom: true,
    inputs: { region },
  });
  const head = factory.images.flatMap((image) => [
    ...PER_IMAGE.map((type) => resource(type, image.name, image.buildRegion)),
    ...image.releaseResources.copies.map((c) => resource(T.copy, c.resourceName, c.region)),
    ...image.releaseResources.grants.map((g) => resource(T.grant, g.resourceName, g.region)),
    ...image.releases.flatMap((release) => release.parameters.map((p) => resource(T.parameter, p.resourceName, p.region))),
  ]);
  return buildDocument({
    stack: "dev",
    catalog: "config/large.yaml",
    images: imagesOf(factory, loaded.catalog),
    head,
    policy: [],
    accountNames: accountNamesOf(loaded.catalog),
    base: { label: "main:config/large.yaml", resources: [] },
  });
}

const PER_IMAGE = [T.recipe, T.infrastructure, T.distribution, T.pipeline, T.lifecycle];

async function planJson(...argv: string[]): Promise<PlanDocument> {
  let out = "";
  let err = "";
  const code = await main([...argv, "--format", "json"], { out: (t) => (out += t), err: (t) => (err += t) }, { cwd: ROOT });
  expect(code, err).to.equal(0);
  return JSON.parse(out) as PlanDocument;
}

/** The revocation rows of a comment, summed per principal. */
function revokedCounts(markdown: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of markdown.matchAll(/^> \| (.+?) \| [^|]+ \| (\d+) \|$/gm)) {
    counts.set(m[1], (counts.get(m[1]) ?? 0) + Number(m[2]));
  }
  return counts;
}

describe("the pull-request comment at any size", function () {
  this.timeout(300_000);
  const charts: string[] = [];
  let revocation: { document: PlanDocument; markdown: string };
  let firstPlan: { document: PlanDocument; markdown: string };

  before(async () => {
    const base = writeCatalog(stringify(sixtyImages(["prod-web", "staging", "dev-sandbox"])));
    const head = writeCatalog(stringify(sixtyImages(["prod-web", "staging"])));
    const document = await planJson("--catalog", head, "--base", base);
    revocation = { document, markdown: comment([{ stack: "dev", status: 0, document, errors: "" }], "https://example.com/run") };
    const first = firstPlanOf(generateCatalog(shapeFor(1000, true)));
    firstPlan = { document: first, markdown: comment([{ stack: "dev", status: 0, document: first, errors: "" }]) };
    charts.push(...mermaidBlocks(revocation.markdown), ...mermaidBlocks(firstPlan.markdown));
  });

  it("the mass revocation revokes 480 grants, and the comment fits GitHub's limit", () => {
    expect(revocation.document.callouts.filter((c) => c.kind === "grant-revoked")).to.have.length(480);
    expect(revocation.markdown.length).to.be.at.most(GITHUB_COMMENT_MAX);
  });

  it("counts every revoked grant, per principal and region", () => {
    expect(revocation.markdown).to.contain("**Launch permissions revoked** (480)");
    expect([...revokedCounts(revocation.markdown)]).to.deep.equal([["dev-sandbox (210987654321)", 480]]);
    for (const region of REGIONS) expect(revocation.markdown).to.contain(`> | dev-sandbox (210987654321) | ${region} | 120 |`);
  });

  it("says what it cut and where the full plan is", () => {
    expect(revocation.markdown).to.match(
      /more changes cut here to keep the comment within GitHub's limit: the full plan is in the workflow artifact `ami-factory-plan` of \[this run\]\(https:\/\/example.com\/run\) \(`dev.json`, `dev.md`\)/,
    );
  });

  it("the 1,000-image first plan fits GitHub's limit, with every change counted in the summary", () => {
    expect(firstPlan.document.images).to.have.length(1000);
    expect(firstPlan.markdown.length).to.be.at.most(GITHUB_COMMENT_MAX);
    expect(firstPlan.markdown).to.contain(
      `**${firstPlan.document.changes!.length} to create, 0 to update, 0 to replace, 0 to delete**`,
    );
    expect(firstPlan.markdown).to.contain("images cut here");
  });

  it("draws one diagram per comment within Mermaid's limits, aggregated when large", () => {
    expect(mermaidBlocks(revocation.markdown)).to.have.length(1);
    expect(mermaidBlocks(firstPlan.markdown)).to.have.length(1);
    expect(revocation.markdown).to.contain("Fan-out diagram (per image and region");
    expect(firstPlan.markdown).to.contain("Fan-out diagram (per region");
    for (const chart of charts) {
      expect(chart.length).to.be.at.most(MERMAID_MAX_TEXT_SIZE);
      expect(edgeCount(chart)).to.be.at.most(MERMAID_MAX_EDGES);
      expect(structuralProblems(chart)).to.deep.equal([]);
    }
  });

  it("Mermaid's own parser accepts the diagrams, at its default limits", async () => {
    // Mermaid itself refuses a diagram past maxTextSize: its parser checks the first limit too.
    expect(await parseAllWithMermaid(charts)).to.deep.equal(charts.map(() => ({ available: true })));
  });
});
