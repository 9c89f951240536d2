/**
 * The policy pack runs inside `pulumi up` with its own small dependency set: loading its
 * policies must not load yaml or the catalog's expansion (it takes the tag keys from
 * catalog/tables/tags.ts).
 */
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "../support/program";

describe("the policy pack's imports", () => {
  it("load neither yaml nor catalog/expand/expand.ts", function () {
    this.timeout(60_000);
    const script =
      'require("./policy/policies.ts");' +
      "console.log(JSON.stringify(Object.keys(require.cache).filter((k) => /node_modules[\\\\/]yaml[\\\\/]|catalog[\\\\/]expand/.test(k))));";
    const result = spawnSync(join(ROOT, "node_modules", ".bin", "tsx"), ["-e", script], { cwd: ROOT, encoding: "utf8" });
    expect(result.status, result.stderr).to.equal(0);
    expect(JSON.parse(result.stdout)).to.deep.equal([]);
  });
});
