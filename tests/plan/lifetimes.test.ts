/**
 * The plan's AMI lifetimes: per image how many AMIs a build has per region and what keeps the
 * lifecycle policy off each served AMI, and with `--base` which AMI stops being current and when
 * it and its copies are deprecated and swept; in the JSON plan, and as the text and the
 * pull-request comment's markdown render it.
 */
import { expect } from "chai";
import { main } from "../../cli/plan";
import type { PlanDocument } from "../../plan/document";
import { renderMarkdown } from "../../plan/render-markdown";
import { renderText } from "../../plan/render-text";
import { atTime } from "../support/clock";
import { exampleCatalog, ROOT, writeCatalog } from "../support/program";

/** The day the plans are made: copies' deprecation and the sweep's dates count from it. */
const NOW = new Date("2026-12-01T12:00:00Z");

/** The plan as JSON, as the pull-request workflow writes it and `plan-comment` renders it. */
async function planDocument(...argv: string[]): Promise<PlanDocument> {
  let out = "";
  const code = await atTime(NOW, () =>
    main(["--format", "json", ...argv], { out: (t) => (out += t), err: () => undefined }, { cwd: ROOT }),
  );
  expect(code).to.equal(0);
  return JSON.parse(out) as PlanDocument;
}

/** The lines from the one that starts with `first` up to the first that `last` matches, both included. */
function linesFrom(text: string, first: string, last: (line: string) => boolean): string[] {
  const lines = text.split("\n");
  const start = lines.findIndex((line) => line.startsWith(first));
  expect(start, first).to.be.greaterThan(-1);
  const end = lines.findIndex((line, i) => i > start && last(line));
  return lines.slice(start, end + 1);
}

const textSection = (document: PlanDocument) => linesFrom(renderText(document), "AMI lifetimes (", (line) => line === "");
const markdownSection = (document: PlanDocument, summary: string) =>
  linesFrom(renderMarkdown(document), `<details><summary>${summary}</summary>`, (line) => line === "</details>");

const PINNED = "ami-0abcdef1234567890";
const EARLIER = "ami-0fedcba9876543210";

/** What the example catalog serves, per image: its AMIs per build and region, and its exclusions. */
const LIFETIMES = [
  [
    "al2023-base",
    `newest build: ap-southeast-2 1, eu-west-1 1, us-east-1 1; ${PINNED}: ap-southeast-2 1, eu-west-1 1, us-east-1 1`,
    `candidate newest build by tag ami-factory:served:candidate; stable ${PINNED} by tag ami-factory:served:stable; copies elsewhere: never selected`,
  ],
  [
    "al2023-graviton",
    "newest build: ap-southeast-2 1, eu-central-1 1, eu-west-1 1, us-east-1 1",
    "latest newest build by tag ami-factory:served:latest; copies elsewhere: never selected",
  ],
  [
    "ubuntu-2204-data",
    "newest build: eu-west-1 1, us-east-1 1",
    "latest newest build by tag ami-factory:served:latest; copies elsewhere: never selected",
  ],
  [
    "ubuntu-2404-web",
    "newest build: ap-southeast-2 1, eu-west-1 1, us-east-1 1",
    "stable newest build by tag ami-factory:served:stable; copies elsewhere: never selected",
  ],
  [
    "windows-2022-base",
    "newest build: ap-southeast-2 1, eu-west-1 1, us-east-1 1",
    "latest newest build by tag ami-factory:served:latest; copies elsewhere: never selected",
  ],
];

/** al2023-base's stable channel, pinned to EARLIER in the base and to PINNED in the example. */
const STABLE_MOVES =
  `image al2023-base, channel stable moves to ${PINNED}: ${EARLIER} stops being current. ` +
  "its copies (ap-southeast-2, eu-west-1) stay in AWS; in the build region it loses its served tag, and the " +
  "first sweep after this deployment deprecates it and its copies 90 days later (not before 2027-03-01); " +
  "npm run sweep removes it not before 2027-12-01 (deprecated and not launched for the image's deleteAfterDays)";

describe("the plan's AMI lifetimes", function () {
  this.timeout(120_000);
  let example: PlanDocument;
  let promoted: PlanDocument;
  before(async () => {
    example = await planDocument();
    const base = exampleCatalog();
    base.images.find((i: { name: string }) => i.name === "al2023-base").releases.stable.ami = EARLIER;
    promoted = await planDocument("--base", writeCatalog(base));
  });

  it("counts one AMI per build and region, and names the exclusion that protects each served AMI", () => {
    const base = example.lifetimes!.find((l) => l.image === "al2023-base")!;
    expect(base.amisPerBuild).to.deep.equal([
      {
        source: "newest build",
        regions: ["ap-southeast-2", "eu-west-1", "us-east-1"].map((region) => ({ region, amis: 1 })),
      },
      {
        source: PINNED,
        regions: ["ap-southeast-2", "eu-west-1", "us-east-1"].map((region) => ({ region, amis: 1 })),
      },
    ]);
    const stable = base.served.find((s) => s.channel === "stable" && s.region === "us-east-1")!;
    expect(stable).to.deep.equal({
      channel: "stable",
      region: "us-east-1",
      ami: PINNED,
      protectedBy: "tag ami-factory:served:stable",
    });
  });

  it("prints, in text, each image's AMIs per build and region and its excluded: line, and nothing leaving service", () => {
    expect(textSection(example)).to.deep.equal([
      "AMI lifetimes (AMIs per build and region; what keeps the lifecycle policy off served AMIs)",
      ...LIFETIMES.flatMap(([image, perBuild, excluded]) => [`  ${image}  ${perBuild}`, `    excluded: ${excluded}`]),
      "",
    ]);
  });

  it("shows, in the pull-request comment, a table of the same per image, and no list of AMIs leaving service", () => {
    expect(markdownSection(example, "AMI lifetimes")).to.deep.equal([
      "<details><summary>AMI lifetimes</summary>",
      "",
      "| Image | AMIs per build and region | Lifecycle exclusions of served AMIs |",
      "|---|---|---|",
      ...LIFETIMES.map(([image, perBuild, excluded]) => `| \`${image}\` | ${perBuild} | ${excluded} |`),
      "",
      "</details>",
    ]);
    expect(renderMarkdown(example)).to.not.contain("AMIs leaving service");
  });

  it("with --base, says in text which AMI a promotion takes out of service and when it is deprecated and swept", () => {
    expect(textSection(promoted)).to.deep.equal([
      "AMI lifetimes (AMIs per build and region; what keeps the lifecycle policy off served AMIs)",
      ...LIFETIMES.flatMap(([image, perBuild, excluded]) => [`  ${image}  ${perBuild}`, `    excluded: ${excluded}`]),
      `  - ${STABLE_MOVES}`,
      "",
    ]);
  });

  it("with --base, lists in the pull-request comment the one AMI leaving service, and the same table", () => {
    expect(markdownSection(promoted, "AMIs leaving service (1)")).to.deep.equal([
      "<details><summary>AMIs leaving service (1)</summary>",
      "",
      `- ${STABLE_MOVES}`,
      "",
      "</details>",
    ]);
    expect(markdownSection(promoted, "AMI lifetimes")).to.deep.equal(markdownSection(example, "AMI lifetimes"));
  });

  it("with --base, gives a superseded release's copies the day its deprecateAt fixed", async () => {
    const before = exampleCatalog();
    const stable = before.images.find((i: { name: string }) => i.name === "al2023-base").releases.stable;
    Object.assign(stable, { ami: EARLIER, deprecateAt: "2027-06-30" });
    const text = renderText(await planDocument("--base", writeCatalog(before)));
    expect(text).to.contain(
      `${EARLIER} stops being current. its copies (ap-southeast-2, eu-west-1) stay in AWS, deprecated on ` +
        `2027-06-30 (deprecateAt); in the build region it loses its served tag, and the first sweep after this ` +
        `deployment deprecates it 90 days later (not before 2027-03-01);`,
    );
  });
});
