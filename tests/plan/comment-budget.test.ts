/**
 * The pull-request comment at the sizes that matter: removing one account from a 60-image
 * catalog (480 grants revoked), planned through the real program, and the first plan of a
 * 1,000-image catalog, whose resources are named from the expanded catalog as the program names
 * them (the program itself takes minutes at that size under the test runner, and the comment
 * reads only types, names and regions). Both are rendered as the workflow renders them
 * (`npm run plan-comment`). Each stays
 * within GitHub's comment limit, lists or counts every revocation, and has one Mermaid block
 * within Mermaid's default size and edge limits that Mermaid's own parser accepts. Then the mass
 * revocation, with a thousand more callouts and two warnings, as each of 20, 60 and 300 stacks,
 * some of which failed: the comment still fits, and names the stacks it cut.
 */
import { expect } from "chai";
import { stringify } from "yaml";
import { generateCatalog, shapeFor } from "../../bench/generate";
import { comment, type StackResult } from "../../plan/pr-comment";
import { main } from "../../cli/plan";
import type { PlanDocument } from "../../plan/document";
import { COMMENT_BUDGET, GITHUB_COMMENT_MAX, MERMAID_MAX_EDGES, MERMAID_MAX_TEXT_SIZE } from "../../plan/limits";
import { edgeCount } from "../../plan/mermaid";
import { FOOTER } from "../../plan/render-markdown";
import { expand } from "../../catalog/expand/expand";
import { formatProblem, loadCatalogFile } from "../../catalog/load";
import { buildDocument } from "../../plan/document";
import { accountNamesOf, imagesOf } from "../../plan/images";
import type { PlanResource } from "../../plan/resources";
import { ROOT, T, writeCatalog } from "../support/program";
import { mermaidBlocks, mermaidDefaults, parseAllWithMermaid, structuralProblems } from "./mermaid-syntax";

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

let planned: Promise<PlanDocument> | undefined;
/** The plan of removing one account from the 60 images (480 grants revoked), made once for the file. */
function massRevocation(): Promise<PlanDocument> {
  const base = () => writeCatalog(stringify(sixtyImages(["prod-web", "staging", "dev-sandbox"])));
  const head = () => writeCatalog(stringify(sixtyImages(["prod-web", "staging"])));
  planned ??= planJson("--catalog", head(), "--base", base());
  return planned;
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
    const document = await massRevocation();
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

  it("our limits are Mermaid's own defaults, read from the installed package", async () => {
    // Mermaid checks maxTextSize only when it renders (mermaid.core.mjs, render), never in parse:
    // the length check above is the only one, so its constant must be Mermaid's.
    expect(await mermaidDefaults()).to.deep.equal({ maxTextSize: MERMAID_MAX_TEXT_SIZE, maxEdges: MERMAID_MAX_EDGES });
  });

  it("Mermaid's own parser accepts the diagrams, and refuses one edge past maxEdges", async () => {
    // maxEdges is enforced while parsing (the flowchart DB's addLink), so the parser checks it.
    const tooMany = ["flowchart LR", ...Array.from({ length: MERMAID_MAX_EDGES + 1 }, (_, i) => `  a${i} --> b${i}`)].join("\n");
    const [edges, ...verdicts] = await parseAllWithMermaid([tooMany, ...charts]);
    expect(verdicts).to.deep.equal(charts.map(() => ({ available: true })));
    expect(edges).to.have.property("error").that.contains("Edge limit exceeded");
  });
});

/** Each stack's section of a comment, by stack name; the comment ends with the footer, once. */
function sectionsOf(markdown: string): Map<string, string> {
  expect(markdown.endsWith(`\n${FOOTER}\n`)).to.equal(true);
  expect(markdown.split(FOOTER)).to.have.length(2);
  const sections = new Map<string, string>();
  for (const part of markdown
    .slice(0, -FOOTER.length - 2)
    .split(/\n(?=## AMI factory plan: )/)
    .slice(1)) {
    const name = /^## AMI factory plan: `stack ([^`]+)`/.exec(part)![1];
    expect(sections.has(name), `one section for ${name}`).to.equal(false);
    sections.set(name, part);
  }
  return sections;
}

describe("a pull-request comment of many busy stacks", function () {
  this.timeout(300_000);
  const RUN = "https://github.com/o/r/actions/runs/1";
  const WHERE = `the workflow artifact \`ami-factory-plan\` of [this run](${RUN})`;
  let revocation: PlanDocument;
  /** Stacks named s000, s001, ...: every seventh failed before printing a plan, every fifth after. */
  let stacks: (n: number) => StackResult[];

  before(async () => {
    revocation = await massRevocation();
    // 480 revocations, 1,000 more callouts, two warnings and the plan's own tables on each.
    const replaced = Array.from({ length: 1_000 }, (_, i) => ({
      kind: "ami-replaced" as const,
      resource: `copy ${i}`,
      message: `image app-${i % 60}, AMI ami-0abc, in eu-west-1 gets a new AMI: instances launched from the old one keep running`,
    }));
    const warnings = [
      "3 stack output keys removed (amis.web, amis.db, amis.ci): StackReference consumers that read them break; a renamed image keeps its old keys only with renamedFrom",
      "image web arrives as image www leaves: if it is www renamed, add `renamedFrom: [www]` to it",
    ];
    stacks = (n) =>
      Array.from({ length: n }, (_, i) => {
        const stack = `s${String(i).padStart(3, "0")}`;
        const document: PlanDocument = {
          ...revocation,
          stack,
          catalog: `config/${stack}.yaml`,
          callouts: [...revocation.callouts, ...replaced],
          warnings,
        };
        delete document.stackCatalog;
        if (i % 7 === 6) return { stack, status: 2, errors: `error: ${stack}: the catalog does not parse\n    at line 3` };
        return { stack, status: i % 5 === 4 ? 1 : 0, document, errors: `mandatory policy findings in stack ${stack}\n...` };
      });
  });

  /**
   * Asserts the section of each stack the comment shows: header, summary, failure, revocations
   * counted in rows and the warnings, or, in the smallest form, the revocations counted in a line
   * and the warnings named among what was left out.
   */
  function assertSections(markdown: string, results: readonly StackResult[], smallest = false): void {
    for (const [stack, section] of sectionsOf(markdown)) {
      const result = results.find((r) => r.stack === stack)!;
      if (result.document === undefined) {
        expect(section).to.match(
          new RegExp(`^## AMI factory plan: \`stack ${stack}\` failed \\(exit 2\\)\n\n\`\`\`\nerror: ${stack}: the catalog`),
        );
        continue;
      }
      expect(section).to.contain(`**0 to create, 4 to update, 0 to replace, 480 to delete**`);
      expect(section).to.contain("> **Launch permissions revoked** (480)\n");
      if (smallest) {
        const fullPlan = `${WHERE} (\`${stack}.json\`, \`${stack}.md\`)`;
        expect(section).to.contain(
          `\n> 480 grants from 1 principal in 4 regions; counted per principal and region in ${fullPlan}.\n`,
        );
        expect(section).to.contain(`\n> ✂️ Left out to keep the comment within GitHub's limit: the warnings (2), `);
      } else {
        expect([...revokedCounts(section)], stack).to.deep.equal([["dev-sandbox (210987654321)", 480]]);
        expect(section, stack).to.contain(`### Warnings\n\n- ${result.document.warnings[0]}\n- ${result.document.warnings[1]}\n`);
      }
      if (result.status !== 0) {
        expect(section.trimEnd()).to.match(
          new RegExp(
            `\n> \\[!CAUTION\\]\n> \`npm run plan\` exited 1 for stack \`${stack}\`: mandatory policy findings in stack ${stack}$`,
          ),
        );
      }
    }
  }

  for (const n of [20, 60]) {
    it(`${n} stacks fit GitHub's limit, each with its summary, revocations, warnings and failure, and a line naming the stacks cut`, () => {
      const results = stacks(n);
      const markdown = comment(results, RUN);
      expect(markdown.length).to.be.at.most(COMMENT_BUDGET);
      expect(COMMENT_BUDGET).to.be.below(GITHUB_COMMENT_MAX);
      expect([...sectionsOf(markdown).keys()]).to.deep.equal(results.map((r) => r.stack));
      assertSections(markdown, results);
      const [intro, cut] = markdown.split("\n\n");
      expect(intro).to.equal(`Stacks planned (${n}): ${results.map((r) => `\`${r.stack}\``).join(", ")}.`);
      // Every stack with a plan is shortened; the ones that failed before planning fit whole.
      const shortened = results.filter((r) => r.document).map((r) => `\`${r.stack}\``);
      expect(cut).to.equal(
        `> ✂️ To keep this comment within GitHub's limit, the plans of ${shortened.join(", ")} are shortened (each says what it cut): every stack's full plan is in ${WHERE}.`,
      );
    });
  }

  it("300 stacks fit too: those shown have their summary and revocations, and a line names the ones left out", () => {
    const results = stacks(300);
    const markdown = comment(results, RUN);
    expect(markdown.length).to.be.at.most(COMMENT_BUDGET);
    const shown = [...sectionsOf(markdown).keys()];
    expect(shown.length).to.be.within(60, 200);
    assertSections(markdown, results, true);
    const cut = markdown.split("\n\n")[1];
    const left = /, and the plans of (.+) and (\d+) more are left out: every stack's full plan is in /.exec(cut);
    expect(left, cut).not.to.equal(null);
    const named = left![1].split(", ").map((name) => name.replace(/`/g, ""));
    // The stacks left out are the ones not shown, in name order.
    const notShown = results.map((r) => r.stack).filter((stack) => !shown.includes(stack));
    expect(named).to.deep.equal(notShown.slice(0, named.length));
    expect(named.length + Number(left![2])).to.equal(notShown.length);
  });
});
