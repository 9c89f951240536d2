/**
 * The Pulumi CLI loads the program and the policy pack through the ts-node that @pulumi/pulumi
 * bundles (pulumi/pulumi sdk/nodejs/cmd/run and cmd/run-policy-pack), where `require("./x")`
 * is resolved by Node's CommonJS rules: `x.js`, `x.json` and `x.node` come before `x.ts`, which
 * ts-node adds last. The tests load through tsx, which prefers `.ts`, so a `config.ts` next to a
 * `config.json` works here and breaks there (it did, in policy/). No TypeScript module may have
 * such a sibling.
 */
import { expect } from "chai";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT } from "../support/program";

const BEFORE_TS = [".js", ".json", ".node"];

describe("module resolution under the Pulumi CLI's ts-node", () => {
  it("no TypeScript module has a .js, .json or .node file of its name beside it, which Node would load instead", () => {
    const files = execFileSync("git", ["ls-files", "-co", "--exclude-standard", "*.ts"], { cwd: ROOT, encoding: "utf8" })
      .split("\n")
      .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"));
    expect(files.length).to.be.greaterThan(100);
    const shadowed = files.flatMap((file) =>
      BEFORE_TS.map((ext) => file.slice(0, -".ts".length) + ext).filter((sibling) => fs.existsSync(path.join(ROOT, sibling))),
    );
    expect(shadowed).to.deep.equal([]);
  });
});
