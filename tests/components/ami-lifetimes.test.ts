/**
 * AMI lifetimes on every valid fixture catalog: each build reaches each region once (the
 * distribution in the build region, one copy per source elsewhere), and every AMI a release
 * serves is out of reach of the image's lifecycle policy as its real inputs say.
 */
import { expect } from "chai";
import { fromRecorded } from "../../plan/resources";
import { offlineNewestBuild } from "../../offline/newest-build";
import { lifetimesOf } from "../../plan/lifetimes";
import { parseName } from "../../catalog/render/names";
import { FIXTURE_CATALOGS } from "../support/fixture-catalogs";
import { exampleCatalog, find, ofType, run, T } from "../support/program";

const STAGING = "012345678901";
import type { RecordedResource } from "../../offline/run-program";

for (const { label, text } of FIXTURE_CATALOGS) {
  describe(`AMI lifetimes of ${label}`, () => {
    let resources: RecordedResource[];
    before(async () => {
      resources = await run(text);
    });

    it("gives no region the same build twice: the distribution stays in the build region, copies go elsewhere once", () => {
      for (const distribution of ofType(resources, T.distribution)) {
        const regions = (distribution.inputs.distributions as { region: string }[]).map((d) => d.region);
        expect(regions, distribution.name).to.deep.equal([distribution.inputs.region]);
        const buildRegion = distribution.inputs.region as string;
        const copies = ofType(resources, T.copy).filter((c) => c.name.startsWith(`${distribution.name}/`));
        const received = copies.map((c) => `${c.inputs.sourceAmiId} ${c.inputs.region} encrypted=${c.inputs.encrypted}`);
        expect(
          copies.map((c) => c.inputs.region),
          distribution.name,
        ).to.not.include(buildRegion);
        expect(new Set(received).size, `${distribution.name}: ${received.join(", ")}`).to.equal(received.length);
      }
    });

    it("keeps the lifecycle policy off every AMI a release serves", () => {
      const lifetimes = lifetimesOf(resources.map(fromRecorded));
      expect(lifetimes.map((l) => l.image).sort()).to.deep.equal(
        ofType(resources, T.lifecycle)
          .map((p) => parseName(p.name).keys[0])
          .sort(),
      );
      for (const image of lifetimes) {
        expect(image.served.length, image.image).to.be.greaterThan(0);
        for (const served of image.served) {
          expect(served.protectedBy, `${image.image} ${served.channel} ${served.region} ${served.ami}`).to.not.equal(undefined);
          // In the build region the AMI is Image Builder's: only a tag keeps the policy off it.
          if (served.region === image.buildRegion) expect(served.protectedBy).to.match(/^tag /);
        }
      }
    });

    it("never deprecates by age: deprecation counts from when a build stops being current, which the sweeper sets", () => {
      for (const policy of ofType(resources, T.lifecycle)) {
        const actions = (policy.inputs.policyDetails as { action: { type: string } }[]).map((d) => d.action.type);
        expect(actions, policy.name).to.deep.equal(["DELETE"]);
      }
    });
  });
}

describe("AMI lifetimes when two channels serve the same build", () => {
  it("copies the build into each region once, and both channels grant and publish that copy", async () => {
    const catalog = exampleCatalog();
    catalog.images.find((i: { name: string }) => i.name === "al2023-base").releases.canary = { ami: "latest" };
    const resources = await run(catalog);
    const copies = ofType(resources, T.copy).filter((c) => c.name.startsWith("ami-factory/al2023-base/"));
    const build = offlineNewestBuild("ami-factory", "al2023-base");
    expect(copies.map((c) => [c.name, c.aliases])).to.deep.equal([
      // One copy of the newest build per region, named by it; `canary` sorts first and names it.
      // Aliased to its name without the factory's, then to each channel's per-channel name.
      [
        `ami-factory/al2023-base/copy/${build}/ap-southeast-2`,
        [`al2023-base/copy/${build}/ap-southeast-2`, "al2023-base/canary/ap-southeast-2", "al2023-base/candidate/ap-southeast-2"],
      ],
      [
        `ami-factory/al2023-base/copy/${build}/eu-west-1`,
        [`al2023-base/copy/${build}/eu-west-1`, "al2023-base/canary/eu-west-1", "al2023-base/candidate/eu-west-1"],
      ],
      [
        "ami-factory/al2023-base/copy/ami-0abcdef1234567890/ap-southeast-2",
        ["al2023-base/copy/ami-0abcdef1234567890/ap-southeast-2", "al2023-base/stable/ap-southeast-2"],
      ],
      [
        "ami-factory/al2023-base/copy/ami-0abcdef1234567890/eu-west-1",
        ["al2023-base/copy/ami-0abcdef1234567890/eu-west-1", "al2023-base/stable/eu-west-1"],
      ],
    ]);
    // Both channels grant staging that copy: one grant, aliased to each channel's old name.
    const grant = find(resources, T.grant, `ami-factory/al2023-base/grant/${build}/eu-west-1/${STAGING}`);
    expect(grant.inputs.imageId).to.equal(`{{aws:ec2/amiCopy:AmiCopy ami-factory/al2023-base/copy/${build}/eu-west-1.id}}`);
    expect(grant.aliases).to.deep.equal([
      `al2023-base/grant/${build}/eu-west-1/${STAGING}`,
      `al2023-base/canary/eu-west-1/${STAGING}`,
      `al2023-base/candidate/eu-west-1/${STAGING}`,
    ]);
    // Staging's grants on al2023-base in eu-west-1: the newest build's copy and the pinned AMI's.
    const staging = ofType(resources, T.grant).filter(
      (g) => g.name.startsWith("ami-factory/al2023-base/") && g.name.endsWith(`/eu-west-1/${STAGING}`),
    );
    expect(staging).to.have.length(2);
    // Each channel still tags the build it serves with its own key.
    expect(find(resources, T.tag, "ami-factory/al2023-base/candidate").inputs.key).to.equal("ami-factory:served:candidate");
    expect(find(resources, T.tag, "ami-factory/al2023-base/canary").inputs.key).to.equal("ami-factory:served:canary");
  });
});
