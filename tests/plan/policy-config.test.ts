import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DEFAULT_CONFIG } from "../../policy/config";
import { checkPolicies, mandatory, readPolicyConfig } from "../../plan/policy";
import { exampleCatalog, ROOT, run } from "../support/program";

function rootWith(config: unknown): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "ami-factory-policy-"));
  fs.mkdirSync(path.join(root, "policy"));
  fs.writeFileSync(path.join(root, "policy", "config.json"), JSON.stringify(config));
  return root;
}

describe("the plan's policy settings (policy/config.json)", () => {
  it("are the pack's defaults as committed", () => {
    expect(readPolicyConfig(ROOT)).to.deep.equal(DEFAULT_CONFIG);
  });

  it("flatten the per-policy settings of a pack config file and drop enforcement levels", () => {
    const root = rootWith({
      "no-public-launch-permission": { enforcementLevel: "mandatory", publicImages: ["web"] },
      "required-tags": { requiredTags: ["owner", "team"] },
    });
    expect(readPolicyConfig(root)).to.deep.equal({ publicImages: ["web"], requiredTags: ["owner", "team"] });
  });

  it("let a team allow an image the catalog makes public", async () => {
    const catalog = exampleCatalog();
    const web = catalog.images.find((i: { name: string }) => i.name === "ubuntu-2404-web");
    web.public = true;
    web.releases.stable.public = true;
    const resources = await run(catalog);
    expect(mandatory(checkPolicies(resources, ROOT)).map((f) => f.policy)).to.include("no-public-launch-permission");
    const allowing = rootWith({
      "no-public-launch-permission": { publicImages: ["ubuntu-2404-web"] },
      "encrypted-with-customer-managed-key": { publicImages: ["ubuntu-2404-web"] },
    });
    expect(mandatory(checkPolicies(resources, allowing))).to.deep.equal([]);
  });
});
