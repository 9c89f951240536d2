/**
 * The whole pack against what the real program registers: nothing for the example catalog, and
 * the expected violation for catalogs written to break a rule. The program's own validation
 * already refuses many broken catalogs; these are the ones it accepts and the policies catch.
 */
import { expect } from "chai";
import * as path from "path";
import type { RecordedResource } from "../../offline/run-program";
import { evaluate, type Finding } from "../../policy/policies";
import { runShared } from "../support/program";
import { T } from "./support";

const ROOT = path.resolve(__dirname, "..", "..");

async function resourcesOf(catalog: string): Promise<RecordedResource[]> {
  const { resources } = await runShared({ config: { "ami-factory:catalog": catalog, "aws:region": "us-east-1" } });
  return resources;
}

const fixture = (name: string) => path.join(__dirname, "fixtures", `${name}.yaml`);
const summary = (findings: Finding[]) => findings.map((f) => `${f.enforcement} ${f.policy} ${f.resource}`);

describe("policy pack on the program's resources", () => {
  describe("the example catalog", () => {
    let resources: RecordedResource[];
    before(async () => {
      resources = await resourcesOf(path.join(ROOT, "config", "catalog.yaml"));
    });

    it("registers every kind of resource the policies look at", () => {
      const types = new Set(resources.map((r) => r.type));
      for (const type of [
        T.recipe,
        T.infrastructure,
        T.distribution,
        T.pipeline,
        T.lifecycle,
        T.copy,
        T.grant,
        T.role,
        T.attachment,
      ]) {
        expect(types.has(type), type).to.equal(true);
      }
    });

    it("violates no policy, mandatory or advisory", () => {
      expect(evaluate(resources)).to.deep.equal([]);
    });
  });

  describe("an image shared with every AWS account", () => {
    let resources: RecordedResource[];
    before(async () => {
      resources = await resourcesOf(fixture("public-image"));
    });

    it("violates the public-sharing and encryption policies when the allow-list is empty", () => {
      const findings = evaluate(resources);
      expect(summary(findings)).to.deep.equal([
        `mandatory no-public-launch-permission ${T.grant} ami-factory/al2023-public/grant/ami-0abcdef1234567890/plain/eu-west-1/public`,
        `mandatory no-public-launch-permission ${T.grant} ami-factory/al2023-public/grant/ami-0abcdef1234567890/us-east-1/public`,
        `mandatory encrypted-with-customer-managed-key ${T.copy} ami-factory/al2023-public/copy/ami-0abcdef1234567890/plain/eu-west-1`,
        // The distribution's one region, the build region: the other region gets the release's copy.
        `mandatory encrypted-with-customer-managed-key ${T.distribution} ami-factory/al2023-public`,
        `mandatory encrypted-with-customer-managed-key ${T.recipe} ami-factory/al2023-public`,
      ]);
      expect(findings[1].message).to.equal(
        'AmiLaunchPermission "ami-factory/al2023-public/grant/ami-0abcdef1234567890/us-east-1/public" shares image "al2023-public" with every AWS account ' +
          '(group "all"); remove `public: true` from image "al2023-public" and its releases in the catalog, or, if every ' +
          'AWS account may really launch it, add "al2023-public" to the publicImages config of this policy',
      );
    });

    it("violates nothing once both policies' allow-lists name the image", () => {
      const allow = { publicImages: ["al2023-public"] };
      expect(
        evaluate(resources, { "no-public-launch-permission": allow, "encrypted-with-customer-managed-key": allow }),
      ).to.deep.equal([]);
    });

    it("still violates the encryption policy when only the public-sharing policy allows it", () => {
      const findings = evaluate(resources, { "no-public-launch-permission": { publicImages: ["al2023-public"] } });
      expect(new Set(findings.map((f) => `${f.enforcement} ${f.policy}`))).to.deep.equal(
        new Set(["mandatory encrypted-with-customer-managed-key"]),
      );
    });
  });

  describe("a build outside us-east-1", () => {
    it("gets an advisory warning on its pipeline, and no mandatory violation", async () => {
      const findings = evaluate(await resourcesOf(fixture("build-region-eu")));
      expect(summary(findings).sort()).to.deep.equal([`advisory build-region ${T.pipeline} ami-factory/al2023-eu`]);
      expect(findings.find((f) => f.resource.startsWith(T.pipeline))!.message).to.equal(
        'ImagePipeline "ami-factory/al2023-eu" builds in eu-west-1, not in an allowed build region (us-east-1); set ' +
          "`buildRegion: us-east-1` in the catalog, or add eu-west-1 to this policy's allowedBuildRegions",
      );
    });
  });

  describe("a catalog without the required tag", () => {
    it("gets an advisory warning for every taggable resource, and no mandatory violation", async () => {
      const resources = await resourcesOf(fixture("no-owner-tag"));
      const findings = evaluate(resources);
      expect(new Set(findings.map((f) => `${f.enforcement} ${f.policy}`))).to.deep.equal(new Set(["advisory required-tags"]));
      expect(findings.map((f) => f.resource)).to.include.members([
        `${T.recipe} ami-factory/debian-untagged`,
        `${T.pipeline} ami-factory/debian-untagged`,
        "aws:kms/key:Key ami-factory/kms/us-east-1",
        `${T.role} ami-factory-build-instance`,
      ]);
      expect(findings.map((f) => f.resource)).not.to.include(
        `${T.grant} ami-factory/debian-untagged/latest/us-east-1/012345678901`,
      );
      expect(evaluate(resources, { "required-tags": { requiredTags: ["cost-center"] } })).to.deep.equal([]);
    });
  });

  describe("builds copied into an account through its role", () => {
    it("violates nothing: the distribution role is tagged, its policies grant no wildcard", async () => {
      const resources = await resourcesOf(fixture("copy-to-account"));
      const role = resources.find((r) => r.type === T.role && r.name === "ami-factory/distribution-role/444455556666");
      expect(role?.inputs.tags).to.include({ "ami-factory:factory": "ami-factory" });
      expect(resources.some((r) => r.type === T.rolePolicy)).to.equal(true);
      expect(evaluate(resources)).to.deep.equal([]);
    });
  });
});
