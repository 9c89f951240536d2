/**
 * The markdown plan within its budget: it never passes the budget once its smallest form fits,
 * the warnings come right after the revocations, and whatever is cut, rows or whole parts, is
 * named in a line that says where the full plan is.
 */
import { expect } from "chai";
import type { Callout } from "../../plan/callouts";
import { buildDocument, type PlanDocument } from "../../plan/document";
import { renderMarkdown } from "../../plan/render-markdown";

const FULL = "`plan.json`";
const LIMIT = "to keep the comment within GitHub's limit";

/** A plan with no resources, to which each case adds what it renders. */
function plan(extra: Partial<PlanDocument> = {}): PlanDocument {
  const empty = buildDocument({
    stack: "dev",
    catalog: "config/catalog.yaml",
    images: [],
    head: [],
    policy: [],
    accountNames: new Map(),
    base: { label: "main", resources: [] },
  });
  return { ...empty, ...extra };
}

const revoked = (n: number): Callout[] =>
  Array.from({ length: n }, (_, i) => ({
    kind: "grant-revoked",
    resource: `grant ${i}`,
    message: `staging (012345678901) can no longer launch image app-${i}, AMI ami-0abc, in eu-west-1`,
    grantee: "staging (012345678901)",
    region: "eu-west-1",
  }));
const replaced = (n: number): Callout[] =>
  Array.from({ length: n }, (_, i) => ({
    kind: "ami-replaced",
    resource: `copy ${i}`,
    message: `image app-${i}, AMI ami-0abc, in eu-west-1 gets a new AMI: instances launched from the old one keep running`,
  }));
const warning = (i: number) =>
  `image app-${i} arrives as image old-${i} leaves: if it is old-${i} renamed, add \`renamedFrom: [old-${i}]\` to it, or its pipeline and everything under it are replaced`;
const OUTPUTS_REMOVED =
  "3 stack output keys removed (amis.web, amis.db, amis.ci): StackReference consumers that read them break; a renamed image keeps its old keys only with renamedFrom";

const findings = (n: number, enforcement: "advisory" | "mandatory", message: string) =>
  Array.from({ length: n }, (_, i) => ({ policy: `policy-${i}`, enforcement, resource: `f/app-${i}`, message }));

/** How many lines of the markdown start with `prefix`: the rows of a part that were shown. */
const shownRows = (markdown: string, prefix: string) => markdown.split("\n").filter((line) => line.startsWith(prefix)).length;

/** A plan with a bit of everything, in numbers no budget below 20,000 characters holds. */
const busy = plan({
  callouts: [...revoked(3), ...replaced(200)],
  warnings: [OUTPUTS_REMOVED, ...Array.from({ length: 30 }, (_, i) => warning(i))],
  policy: findings(40, "advisory", "a finding"),
  firstReleases: Array.from({ length: 50 }, (_, i) => ({ image: `app-${i}`, channels: ["candidate"], buildMinutes: 180 })),
});

describe("the markdown plan within its budget", () => {
  it("never passes its budget, from its smallest form up to the whole plan", () => {
    const smallest = renderMarkdown(busy, { budget: 0, fullPlan: FULL }).length;
    const whole = renderMarkdown(busy, { budget: Infinity, fullPlan: FULL }).length;
    expect(whole).to.be.greaterThan(20_000);
    const over: number[] = [];
    for (let budget = smallest; budget <= whole + 100; budget += 37) {
      if (renderMarkdown(busy, { budget, fullPlan: FULL }).length > budget) over.push(budget);
    }
    expect(over).to.deep.equal([]);
  });

  it("in its smallest form keeps the summary and the revocations, and names every part it left out", () => {
    expect(renderMarkdown(busy, { budget: 0, fullPlan: FULL })).to.equal(
      [
        "## AMI factory plan: `stack dev`",
        "",
        "Catalog `config/catalog.yaml` compared with `main`: **0 to create, 0 to update, 0 to replace, 0 to delete**.",
        "",
        "> [!CAUTION]",
        "> **Launch permissions revoked** (3)",
        `> 3 grants from 1 principal in 1 region; counted per principal and region in ${FULL}.`,
        "",
        `> ✂️ Left out ${LIMIT}: the warnings (31), "AMIs replaced" (200), "First builds: \`latest\` channels wait for them" (50), ` +
          `the policy findings (40), the changes (0), the images (0), the fan-out diagram, the resource types (0). The full plan is in ${FULL}.`,
        "",
        "<sub>Planned offline from the program and the catalog (`npm run plan`): values only AWS knows show as *resolved at deploy*; drift is not visible here.</sub>",
        "",
      ].join("\n"),
    );
  });

  it("puts the warnings right after the revocations, before the other callouts", () => {
    const markdown = renderMarkdown(busy, { budget: Infinity });
    const order = [
      "**Launch permissions revoked** (3)",
      "### Warnings",
      "**AMIs replaced** (200)",
      "**First builds",
      "### Policy",
    ];
    const at = order.map((heading) => markdown.indexOf(heading));
    expect(at.every((i) => i >= 0)).to.equal(true);
    expect([...at].sort((a, b) => a - b)).to.deep.equal(at);
  });

  it("shows the warnings before the callouts get any room, and cuts the callouts with a count", () => {
    const markdown = renderMarkdown(plan({ callouts: replaced(1_000), warnings: [OUTPUTS_REMOVED, warning(1)] }), {
      budget: 3_000,
      fullPlan: FULL,
    });
    expect(markdown.length).to.be.at.most(3_000);
    expect(markdown).to.contain(`### Warnings\n\n- ${OUTPUTS_REMOVED}\n- ${warning(1)}\n\n`);
    const shown = shownRows(markdown, "> - image app-");
    expect(shown).to.be.greaterThan(0);
    expect(markdown).to.contain(`> - ... and ${(1_000 - shown).toLocaleString("en-US")} more: the full plan is in ${FULL}\n`);
  });

  // Each part cut to some rows ends with a line that says how many more and where they are.
  const cutParts = [
    {
      noun: "warnings",
      rows: 40,
      row: "- image app-",
      budget: 4_000,
      document: plan({ warnings: Array.from({ length: 40 }, (_, i) => warning(i)) }),
    },
    {
      noun: "policies",
      rows: 60,
      row: "| mandatory | policy-",
      budget: 3_000,
      document: plan({ policy: findings(60, "mandatory", "a finding that blocks the merge") }),
    },
  ];
  for (const { noun, rows, row, budget, document } of cutParts) {
    it(`cuts a long list of ${noun} with a line that says how many and where the full plan is`, () => {
      const markdown = renderMarkdown(document, { budget, fullPlan: FULL });
      expect(markdown.length).to.be.at.most(budget);
      const shown = shownRows(markdown, row);
      expect(shown).to.be.within(1, rows - 1);
      expect(markdown).to.contain(`\n\n> ✂️ ${rows - shown} more ${noun} cut here ${LIMIT}: the full plan is in ${FULL}.\n`);
    });
  }

  it("says one more warning, not one more warnings, when a single row is cut", () => {
    // Rows longer than the line that replaces them, so the largest budget that cuts a row cuts one.
    const document = plan({ warnings: Array.from({ length: 3 }, (_, i) => `${warning(i)} ${"x".repeat(200)}`) });
    let budget = renderMarkdown(document, { budget: Infinity, fullPlan: FULL }).length;
    let markdown = renderMarkdown(document, { budget, fullPlan: FULL });
    while (shownRows(markdown, "- image app-") === 3) markdown = renderMarkdown(document, { budget: --budget, fullPlan: FULL });
    expect(shownRows(markdown, "- image app-")).to.equal(2);
    expect(markdown).to.contain(`\n\n> ✂️ 1 more warning cut here ${LIMIT}: the full plan is in ${FULL}.\n`);
  });

  it("names the first builds when not even their heading fits, instead of leaving them out unsaid", () => {
    const firstReleases = [{ image: "web", channels: ["candidate"], buildMinutes: 180 }];
    const document = plan({ firstReleases, warnings: [warning(1)] });
    // The smallest budget that shows the warning has no room for the first builds after it.
    let budget = renderMarkdown(document, { budget: 0, fullPlan: FULL }).length;
    while (!renderMarkdown(document, { budget, fullPlan: FULL }).includes(warning(1))) budget += 1;
    const markdown = renderMarkdown(document, { budget, fullPlan: FULL });
    expect(markdown).to.contain(`### Warnings\n\n- ${warning(1)}\n\n`);
    expect(markdown).not.to.contain("**First builds");
    expect(markdown).to.contain(
      `> ✂️ Left out ${LIMIT}: "First builds: \`latest\` channels wait for them" (1), the changes (0), the images (0), the fan-out diagram, the resource types (0).`,
    );
  });
});
