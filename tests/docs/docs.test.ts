import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { loadCatalogText } from "../../catalog/load";
import { CATALOG_KEY, readStackConfig } from "../../plan/stack-config";
import { mermaidBlocks, parseAllWithMermaid } from "../plan/mermaid-syntax";
import { ROOT } from "../support/program";
import { tempDir } from "../support/temp-dir";

const pages = [
  "README.md",
  ...fs
    .readdirSync(path.join(ROOT, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
];

describe("the documentation", () => {
  it("has diagrams that Mermaid parses", async () => {
    const charts = pages.flatMap((page) =>
      mermaidBlocks(fs.readFileSync(path.join(ROOT, page), "utf8")).map((chart) => ({ page, chart })),
    );
    expect(charts.length).to.be.greaterThan(0);
    const verdicts = await parseAllWithMermaid(charts.map(({ chart }) => chart));
    charts.forEach(({ page }, i) => expect(verdicts[i], page).to.deep.equal({ available: true }));
  });

  it("links only to files that exist", () => {
    for (const page of pages) {
      const text = fs.readFileSync(path.join(ROOT, page), "utf8");
      for (const [, target] of text.matchAll(/\]\(((?!https?:|#)[^)#\s]+)[^)]*\)/g)) {
        const file = path.join(ROOT, path.dirname(page), target);
        expect(fs.existsSync(file), `${page} links to ${target}`).to.equal(true);
      }
    }
  });

  it("shows a catalog in the README that the validator accepts", () => {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    const example = /## The catalog[\s\S]*?```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example, "a yaml block under ## The catalog").to.be.a("string");
    const result = loadCatalogText(example!, "README.md");
    expect(result.ok ? [] : result.problems).to.deep.equal([]);
  });

  it("gives the same deploy steps in the README and in docs/operations.md", () => {
    const steps = (page: string, heading: string) => {
      const text = fs.readFileSync(path.join(ROOT, page), "utf8");
      const section = text.slice(text.indexOf(heading));
      return /```sh\n([\s\S]*?)```/.exec(section)?.[1];
    };
    const readme = steps("README.md", "## Deploying for real");
    expect(readme).to.contain("pulumi up --stack prod --policy-pack policy --policy-pack-config policy/config.json");
    expect(steps("docs/operations.md", "## Deploy\n")).to.equal(readme);
  });

  it("names the drift check's refresh as drift-stack.yml runs it, and restoring as pulumi up --refresh", () => {
    const workflow = fs.readFileSync(path.join(ROOT, ".github", "workflows", "drift-stack.yml"), "utf8");
    expect(workflow).to.contain('pulumi refresh --preview-only --json --stack "$PULUMI_STACK"');
    for (const page of pages) {
      const text = fs.readFileSync(path.join(ROOT, page), "utf8");
      const previews = [...text.matchAll(/`(pulumi refresh --preview-only[^`]*)`/g)].map((m) => m[1]);
      expect(
        previews.filter((command) => command !== "pulumi refresh --preview-only --json"),
        page,
      ).to.deep.equal([]);
      // Restoring after drift needs the refresh: a plain `pulumi up` trusts the drifted state.
      expect(text, page).not.to.match(/run `pulumi up` to\s+restore/);
    }
  });

  it("has a Pulumi.prod.yaml example that names its catalog", () => {
    const dir = tempDir("prod");
    fs.copyFileSync(path.join(ROOT, "docs", "examples", "Pulumi.prod.yaml"), path.join(dir, "Pulumi.prod.yaml"));
    const config = readStackConfig(dir, "prod");
    expect(config.ok && config.config[CATALOG_KEY]).to.equal("config/prod.yaml");
  });
});
