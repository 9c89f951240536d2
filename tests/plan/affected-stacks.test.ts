/** Which stacks a pull request's changed files touch (plan/affected-stacks.ts). */
import { expect } from "chai";
import { affectedStacks } from "../../plan/affected-stacks";

const STACKS = [
  { stack: "dev", catalog: "config/catalog.yaml" },
  { stack: "prod", catalog: "config/prod.yaml" },
  { stack: "windows", catalog: "./config/windows.yaml" },
];

describe("affected stacks", () => {
  it("a changed catalog plans the stack that uses it, and only that one", () => {
    expect(affectedStacks(["config/prod.yaml"], STACKS)).to.deep.equal([{ stack: "prod", reason: "config/prod.yaml" }]);
  });

  it("a changed stack file plans its stack, and paths are compared normalized", () => {
    expect(affectedStacks(["Pulumi.windows.yaml", "config/windows.yaml"], STACKS)).to.deep.equal([
      { stack: "windows", reason: "Pulumi.windows.yaml, config/windows.yaml" },
    ]);
  });

  it("shared code plans every stack, and names what changed", () => {
    expect(affectedStacks(["components/factory-keys.ts", "config/prod.yaml"], STACKS)).to.deep.equal([
      { stack: "dev", reason: "shared code (components/factory-keys.ts)" },
      { stack: "prod", reason: "config/prod.yaml" },
      { stack: "windows", reason: "shared code (components/factory-keys.ts)" },
    ]);
    const many = ["a.ts", "b.ts", "c.ts", "d.ts", "e.ts"];
    expect(affectedStacks(many, STACKS)[0].reason).to.equal("shared code (a.ts, b.ts, c.ts, and 2 more)");
  });

  it("docs, tests, a catalog no stack uses and a removed stack's file plan nothing", () => {
    expect(
      affectedStacks(
        ["README.md", "docs/operations.md", "tests/plan/x.test.ts", "config/unused.yaml", "Pulumi.gone.yaml"],
        STACKS,
      ),
    ).to.deep.equal([]);
  });

  it("a workflow or the lockfile is shared: every stack", () => {
    expect(affectedStacks([".github/workflows/deploy.yml"], STACKS).map((s) => s.stack)).to.deep.equal([
      "dev",
      "prod",
      "windows",
    ]);
    expect(affectedStacks(["package-lock.json"], STACKS).map((s) => s.stack)).to.deep.equal(["dev", "prod", "windows"]);
  });
});
