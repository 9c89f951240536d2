import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { DEFAULT_CONFIG, sectionOf, type PackConfigFile } from "../../policy/settings";
import { policies } from "../../policy/policies";
import type { Enforcement } from "../../policy/rules/rule";
import { checkPolicies, mandatory, readPolicyConfig } from "../../plan/policy";
import { exampleCatalog, ROOT, run } from "../support/program";
import { tempDir } from "../support/temp-dir";

function rootWith(config: unknown): string {
  const root = tempDir("policy");
  fs.mkdirSync(path.join(root, "policy"));
  fs.writeFileSync(path.join(root, "policy", "config.json"), JSON.stringify(config));
  return root;
}

describe("the plan's policy settings (policy/config.json)", () => {
  it("are the pack's defaults as committed, policy by policy", () => {
    const file = readPolicyConfig(ROOT);
    for (const policy of policies) {
      const section = sectionOf(file, policy.name, policy.enforcementLevel as Enforcement);
      expect(section.enforcement, policy.name).to.equal(policy.enforcementLevel);
      for (const [key, value] of Object.entries(section.config)) {
        expect(value, `${policy.name}.${key}`).to.deep.equal(DEFAULT_CONFIG[key as keyof typeof DEFAULT_CONFIG]);
      }
    }
  });

  it("give each policy its own section and enforcement level, `all` the level of the others", () => {
    const file: PackConfigFile = {
      all: "advisory",
      "no-public-launch-permission": { enforcementLevel: "mandatory", publicImages: ["web"] },
      "required-tags": { requiredTags: ["owner", "team"] },
      "build-region": "disabled",
    };
    expect(sectionOf(file, "no-public-launch-permission", "mandatory")).to.deep.equal({
      enforcement: "mandatory",
      config: { publicImages: ["web"] },
    });
    expect(sectionOf(file, "encrypted-with-customer-managed-key", "mandatory")).to.deep.equal({
      enforcement: "advisory",
      config: {},
    });
    expect(sectionOf(file, "build-region", "advisory")).to.deep.equal({ enforcement: "disabled", config: {} });
  });

  it("take the levels the CLI takes: `remediate` enforces a validation as mandatory", () => {
    expect(sectionOf({ "required-tags": "remediate" }, "required-tags", "advisory").enforcement).to.equal("mandatory");
    expect(sectionOf({ all: { enforcementLevel: "remediate" } }, "build-region", "advisory").enforcement).to.equal("mandatory");
  });

  it("refuse a level or a section the CLI refuses, naming the policy", () => {
    const bad = (file: unknown) => () => sectionOf(file as PackConfigFile, "build-region", "advisory");
    expect(bad({ "build-region": "warn" })).to.throw(
      'policy config "build-region": "warn" is not an enforcement level; use advisory, mandatory, remediate, disabled',
    );
    expect(bad({ "build-region": { enforcementLevel: true } })).to.throw('policy config "build-region": true is not');
    expect(bad({ all: "Mandatory", "build-region": "advisory" })).to.throw('policy config "all": "Mandatory" is not');
    expect(bad({ "build-region": ["us-east-1"] })).to.throw(
      'policy config "build-region": ["us-east-1"] is neither an enforcement level nor an object',
    );
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
