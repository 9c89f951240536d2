/**
 * The plan says, for each image whose first build the deployment starts, that its `latest`
 * channels are released only by the first `pulumi up` after that build finishes: in the text and
 * the markdown renderings, and only for images new in a `--base` diff.
 */
import { expect } from "chai";
import { main } from "../../cli/plan";
import { buildMinutes } from "../../components/timeouts";
import type { PlanDocument } from "../../plan/document";
import { exampleCatalog, ROOT, writeCatalog } from "../support/program";

async function plan(...argv: string[]): Promise<string> {
  let out = "";
  let err = "";
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) }, { cwd: ROOT });
  expect(code, err).to.equal(0);
  return out;
}

const waits = (image: string, channel: string, duration: string) =>
  `${image}: channel ${channel} is released by the first \`pulumi up\` after the image's first build finishes, not by this one: ` +
  `the build starts about 10 minutes after \`pulumi up\` and takes up to about ${duration} (build, tests, distribution); ` +
  "the next scheduled `pulumi up` picks it up";

describe("the plan on the first builds that latest channels wait for", () => {
  it("names every latest channel of every image, with the build's duration, when there is no base", async () => {
    const text = await plan();
    // al2023-base: the default 720-minute tests, distributed in the build region only.
    expect(buildMinutes(720, 1)).to.equal(830);
    expect(text).to.include(
      `First builds (\`latest\` channels wait for them)\n  - ${waits("al2023-base", "candidate", "13 h 50 min")}\n`,
    );
    // windows-2022-base tests for 180 minutes.
    expect(text).to.include(`  - ${waits("windows-2022-base", "latest", "4 h 50 min")}\n`);
    // A pinned channel waits for nothing: al2023-base's stable is not named.
    expect(text).to.not.include("al2023-base: channels");
    const json = JSON.parse(await plan("--format", "json")) as PlanDocument;
    expect(json.firstReleases.map((r) => r.image)).to.deep.equal([
      "al2023-base",
      "al2023-graviton",
      "ubuntu-2204-data",
      "ubuntu-2404-web",
      "windows-2022-base",
    ]);
  });

  it("with --base, names only the images the change adds, in the pull-request comment too", async () => {
    const base = exampleCatalog();
    base.images = base.images.filter((i: { name: string }) => i.name !== "windows-2022-base");
    const markdown = await plan("--base", writeCatalog(base), "--format", "markdown");
    expect(markdown).to.include(
      `> [!NOTE]\n> **First builds: \`latest\` channels wait for them** (1)\n> - ${waits("windows-2022-base", "latest", "4 h 50 min")}\n`,
    );
    expect(markdown).to.not.include("al2023-base: channel");
  });

  it("says nothing when no image is new", async () => {
    const text = await plan("--base", writeCatalog(exampleCatalog()));
    expect(text).to.not.include("First builds");
  });
});
