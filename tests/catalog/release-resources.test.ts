/**
 * One copy and one launch permission per AMI, however many channels serve it, worked out from
 * the AMIs each channel resolves to (release-resources.ts). Pure: no program run.
 */
import { expect } from "chai";
import type { ImagePlan, ReleasePlan } from "../../catalog/expand/factory-plan";
import { releaseResources } from "../../catalog/expand/release-resources";
import { planOf } from "../reliability/arbitrary";

const X = "ami-0abcdef1234567890";
const Y = "ami-0123456789abcdef0";
const STAGING = "012345678901";

/** One image in us-east-1 and eu-west-1, shared with staging, with these releases. */
function image(releases: Record<string, unknown>, extra: Record<string, unknown> = {}): ImagePlan {
  return planOf({
    accounts: { staging: STAGING },
    images: [
      {
        name: "web",
        os: "amazon-linux-2023",
        arch: "x86_64",
        regions: ["us-east-1", "eu-west-1"],
        accounts: ["staging"],
        releases,
        ...extra,
      },
    ],
  }).images[0];
}

/** Resolves pinned channels to their id and `latest` ones to `newest`. */
const resolving = (newest: string | undefined) => (r: ReleasePlan) => (r.source.kind === "pinned" ? r.source.amiId : newest);

describe("release resources: one per AMI", () => {
  it("two channels pinned to one AMI share its copy and its grants, aliased to both channels' old names", () => {
    const plan = image({ beta: { ami: X }, stable: { ami: X } });
    const out = releaseResources(plan, resolving(undefined));
    expect(out.copies.map((c) => [c.resourceName, c.aliases, c.channel])).to.deep.equal([
      [`ami-factory/web/copy/${X}/eu-west-1`, ["web/beta/eu-west-1", "web/stable/eu-west-1"], "beta"],
    ]);
    expect(out.grants.map((g) => [g.resourceName, g.aliases, g.ami])).to.deep.equal([
      [
        `ami-factory/web/grant/${X}/eu-west-1/${STAGING}`,
        [`web/beta/eu-west-1/${STAGING}`, `web/stable/eu-west-1/${STAGING}`],
        { kind: "copy", copy: `ami-factory/web/copy/${X}/eu-west-1` },
      ],
      [
        `ami-factory/web/grant/${X}/us-east-1/${STAGING}`,
        [`web/beta/us-east-1/${STAGING}`, `web/stable/us-east-1/${STAGING}`],
        { kind: "source", id: X },
      ],
    ]);
    // Each channel still has its own parameters, pointing at the shared resources.
    expect(out.channels.map((c) => [c.release.channel, c.grants[`eu-west-1/${STAGING}`]])).to.deep.equal([
      ["beta", `ami-factory/web/grant/${X}/eu-west-1/${STAGING}`],
      ["stable", `ami-factory/web/grant/${X}/eu-west-1/${STAGING}`],
    ]);
  });

  it("two `latest` channels share the newest build's copy and grants", () => {
    const out = releaseResources(image({ canary: { ami: "latest" }, candidate: { ami: "latest" } }), resolving(Y));
    expect(out.copies.map((c) => c.resourceName)).to.deep.equal([`ami-factory/web/copy/${Y}/eu-west-1`]);
    expect(out.grants.map((g) => g.resourceName)).to.deep.equal([
      `ami-factory/web/grant/${Y}/eu-west-1/${STAGING}`,
      `ami-factory/web/grant/${Y}/us-east-1/${STAGING}`,
    ]);
  });

  it("a pinned channel and a `latest` one whose newest build is that AMI at deploy share one grant per region and principal", () => {
    const plan = image({ candidate: { ami: "latest" }, stable: { ami: X } });
    const apart = releaseResources(plan, resolving(Y));
    expect(apart.grants).to.have.length(4);
    const same = releaseResources(plan, resolving(X));
    expect(same.grants.map((g) => [g.resourceName, g.aliases])).to.deep.equal([
      [
        `ami-factory/web/grant/${X}/eu-west-1/${STAGING}`,
        [`web/stable/eu-west-1/${STAGING}`, `web/candidate/eu-west-1/${STAGING}`],
      ],
      [
        `ami-factory/web/grant/${X}/us-east-1/${STAGING}`,
        [`web/stable/us-east-1/${STAGING}`, `web/candidate/us-east-1/${STAGING}`],
      ],
    ]);
    // The pinned channel names the shared copy and leads its aliases, as it leads the grants' on it.
    expect(same.copies.map((c) => [c.channel, c.aliases])).to.deep.equal([
      ["stable", ["web/stable/eu-west-1", "web/candidate/eu-west-1"]],
    ]);
    // The grant on AMI X keeps its name whichever channels need it.
    expect(apart.grants.map((g) => g.resourceName)).to.include.members(same.grants.map((g) => g.resourceName));
  });

  it("a promoted copy keeps its AMI name when the `latest` channel moves on to the next build", () => {
    const plan = image({ candidate: { ami: "latest" }, stable: { ami: X } });
    const named = (newest: string) => releaseResources(plan, resolving(newest)).copies.find((c) => c.source === X)!.amiNamePrefix;
    expect(named(Y)).to.equal(named(X));
  });

  it("a public and a private release of one source share the build-region AMI's grant, and have a copy each elsewhere", () => {
    const plan = image({ internal: { ami: X }, stable: { ami: X, public: true } }, { public: true });
    const out = releaseResources(plan, resolving(undefined));
    expect(out.copies.map((c) => [c.resourceName, c.plain])).to.deep.equal([
      [`ami-factory/web/copy/${X}/eu-west-1`, false],
      [`ami-factory/web/copy/${X}/plain/eu-west-1`, true],
    ]);
    expect(out.grants.map((g) => g.resourceName).sort()).to.deep.equal([
      `ami-factory/web/grant/${X}/eu-west-1/${STAGING}`,
      `ami-factory/web/grant/${X}/plain/eu-west-1/${STAGING}`,
      `ami-factory/web/grant/${X}/plain/eu-west-1/public`,
      `ami-factory/web/grant/${X}/us-east-1/${STAGING}`,
      `ami-factory/web/grant/${X}/us-east-1/public`,
    ]);
  });

  it("a channel without an AMI registers nothing and is reported as unreleased", () => {
    const out = releaseResources(image({ candidate: { ami: "latest" }, stable: { ami: X } }), resolving(undefined));
    expect(out.unreleased).to.deep.equal(["candidate"]);
    expect(out.channels.map((c) => c.release.channel)).to.deep.equal(["stable"]);
    expect(out.grants.every((g) => g.aliases.every((a) => a.startsWith("web/stable/")))).to.equal(true);
  });
});
