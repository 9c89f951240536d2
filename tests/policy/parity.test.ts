/**
 * Policy parity: the pack's own policies, called through the policy SDK's entry points with
 * each policy's own config section (as `pulumi preview --policy-pack-config` hands it to them),
 * and `evaluate` (what `npm run plan` runs) reach the same verdicts on the same resources. The
 * sections differ on purpose: a setting of one policy must not leak into another.
 */
import { expect } from "chai";
import { readFileSync } from "fs";
import * as path from "path";
import type { RecordedResource } from "../../offline/run-program";
import { sectionOf, type PackConfigFile } from "../../policy/settings";
import { evaluate, RULES } from "../../policy/policies";
import { runShared } from "../support/program";
import { resourceArgs, policyNamed, validateStack } from "./support";

const ROOT = path.resolve(__dirname, "..", "..");

/** Each policy's verdicts through the SDK entry point: `<policy> <type> <name>: <message>`. */
async function viaPack(resources: readonly RecordedResource[], file: PackConfigFile): Promise<string[]> {
  const providers = new Map(resources.filter((r) => r.type.startsWith("pulumi:providers:")).map((r) => [r.name, r.inputs]));
  const verdicts: string[] = [];
  for (const rule of RULES) {
    const section = sectionOf(file, rule.name, rule.enforcement);
    if (section.enforcement === "disabled") continue;
    const policy = policyNamed(rule.name);
    if (rule.kind === "stack") {
      const byUrn = new Map(resources.map((r) => [`urn:pulumi:dev::ami-factory::${r.type}::${r.name}`, r]));
      for (const { message, urn } of await validateStack(rule.name, [...resources], section.config)) {
        const r = byUrn.get(urn!)!;
        verdicts.push(`${section.enforcement} ${rule.name} ${r.type} ${r.name}: ${message}`);
      }
      continue;
    }
    const validations = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource!];
    for (const r of resources) {
      const provider = r.provider === undefined ? undefined : providers.get(r.provider);
      for (const validation of validations) {
        await validation(resourceArgs(r, section.config, { provider }), (message) =>
          verdicts.push(`${section.enforcement} ${rule.name} ${r.type} ${r.name}: ${message}`),
        );
      }
    }
  }
  return verdicts.sort();
}

function viaPlan(resources: readonly RecordedResource[], file: PackConfigFile): string[] {
  return evaluate(resources, file)
    .map((f) => `${f.enforcement} ${f.policy} ${f.resource}: ${f.message}`)
    .sort();
}

const CATALOGS = {
  example: path.join(ROOT, "config", "catalog.yaml"),
  "public image": path.join(__dirname, "fixtures", "public-image.yaml"),
  "copy into an account": path.join(__dirname, "fixtures", "copy-to-account.yaml"),
};

/** Settings that differ per policy, and levels changed in both directions. */
const FILES: Record<string, PackConfigFile> = {
  "the committed config": JSON.parse(readFileSync(path.join(ROOT, "policy", "config.json"), "utf8")) as PackConfigFile,
  "public sharing allowed, encryption not": {
    "no-public-launch-permission": { publicImages: ["al2023-public"] },
    "required-tags": { requiredTags: ["cost-center", "team"] },
    "build-region": { allowedBuildRegions: ["eu-west-1"] },
  },
  "levels overridden": {
    all: "advisory",
    "encrypted-with-customer-managed-key": { enforcementLevel: "mandatory", publicImages: ["al2023-public"] },
    "required-tags": "disabled",
  },
};

describe("policy parity: the pack's own policies and `plan` on the same resources", () => {
  for (const [catalogName, catalog] of Object.entries(CATALOGS)) {
    describe(`the ${catalogName} catalog`, () => {
      let resources: RecordedResource[];
      before(async () => {
        ({ resources } = await runShared({ config: { "ami-factory:catalog": catalog, "aws:region": "us-east-1" } }));
      });
      for (const [fileName, file] of Object.entries(FILES)) {
        it(`reach the same verdicts with ${fileName}`, async () => {
          expect(viaPlan(resources, file)).to.deep.equal(await viaPack(resources, file));
        });
      }
    });
  }

  it("keep one policy's allow-list out of another's verdict", async () => {
    const { resources } = await runShared({
      config: { "ami-factory:catalog": CATALOGS["public image"], "aws:region": "us-east-1" },
    });
    const verdicts = viaPlan(resources, FILES["public sharing allowed, encryption not"]);
    expect(verdicts.some((v) => v.startsWith("mandatory encrypted-with-customer-managed-key "))).to.equal(true);
    expect(verdicts.some((v) => v.startsWith("mandatory no-public-launch-permission "))).to.equal(false);
  });
});
