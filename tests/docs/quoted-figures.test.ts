/**
 * Figures the README and docs/ quote from constants the code holds: a changed constant fails here
 * until the docs say it too.
 */
import { expect } from "chai";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { LARGE_STACK } from "../../plan/document";
import { ROOT } from "../support/program";

const read = (file: string) => readFileSync(path.join(ROOT, file), "utf8");
const figure = (n: number) => n.toLocaleString("en-US");

describe("the figures the docs quote from the code", () => {
  it("gives the stack size past which plan warns as plan/document.ts holds it", () => {
    const warns = `\`plan\` warns above ${figure(LARGE_STACK)}`;
    expect(read("README.md")).to.include(warns);
    expect(read("docs/operations.md")).to.include(warns);
    expect(read("docs/operations.md")).to.include(
      `at ${figure(LARGE_STACK)} resources, the size past which \`plan\` advises splitting`,
    );
    expect(read("docs/plan.md")).to.include(`Above ${figure(LARGE_STACK)} resources \`plan\` warns`);
  });
});
