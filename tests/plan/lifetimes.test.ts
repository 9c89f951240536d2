/**
 * The plan's AMI lifetimes: per image how many AMIs a build has per region and what keeps the
 * lifecycle policy off each served AMI, and with `--base` which AMI stops being current and when
 * it and its copies are deprecated and swept.
 */
import { expect } from "chai";
import { main } from "../../cli/plan";
import { daysAfter } from "../../catalog/expand/lifetimes";
import type { PlanDocument } from "../../plan/document";
import { exampleCatalog, ROOT, writeCatalog } from "../support/program";

async function plan(...argv: string[]) {
  let out = "";
  const code = await main(argv, { out: (t) => (out += t), err: () => undefined }, { cwd: ROOT });
  return { code, out };
}

describe("the plan's AMI lifetimes", () => {
  it("counts one AMI per build and region, and names the exclusion that protects each served AMI", async () => {
    const { code, out } = await plan("--format", "json");
    expect(code).to.equal(0);
    const base = (JSON.parse(out) as PlanDocument).lifetimes!.find((l) => l.image === "al2023-base")!;
    expect(base.amisPerBuild).to.deep.equal([
      {
        source: "newest build",
        regions: ["ap-southeast-2", "eu-west-1", "us-east-1"].map((region) => ({ region, amis: 1 })),
      },
      {
        source: "ami-0abcdef1234567890",
        regions: ["ap-southeast-2", "eu-west-1", "us-east-1"].map((region) => ({ region, amis: 1 })),
      },
    ]);
    const stable = base.served.find((s) => s.channel === "stable" && s.region === "us-east-1")!;
    expect(stable).to.deep.equal({
      channel: "stable",
      region: "us-east-1",
      ami: "ami-0abcdef1234567890",
      protectedBy: "tag ami-factory:served:stable",
    });
  });

  it("with --base, says which AMI a promotion takes out of service and when it is deprecated and swept", async () => {
    const before = exampleCatalog();
    before.images.find((i: { name: string }) => i.name === "al2023-base").releases.stable.ami = "ami-0fedcba9876543210";
    const { code, out } = await plan("--base", writeCatalog(before));
    expect(code).to.equal(0);
    const today = new Date();
    const deprecated = daysAfter(today, 90).slice(0, 10);
    const swept = daysAfter(today, 365).slice(0, 10);
    expect(out).to.contain(
      `image al2023-base, channel stable moves to ami-0abcdef1234567890: ami-0fedcba9876543210 stops being current. ` +
        `its copies (ap-southeast-2, eu-west-1) stay in AWS; in the build region it loses its served tag, and the ` +
        `first sweep after this deployment deprecates it and its copies 90 days later (not before ${deprecated}); ` +
        `npm run sweep removes it not before ${swept}`,
    );
    // Only the channel that moved.
    expect(out.match(/stops being current/g)?.length).to.equal(1);
  });

  it("with --base, gives a superseded release's copies the day its deprecateAt fixed", async () => {
    const before = exampleCatalog();
    const stable = before.images.find((i: { name: string }) => i.name === "al2023-base").releases.stable;
    Object.assign(stable, { ami: "ami-0fedcba9876543210", deprecateAt: "2027-06-30" });
    const { code, out } = await plan("--base", writeCatalog(before));
    expect(code).to.equal(0);
    const deprecated = daysAfter(new Date(), 90).slice(0, 10);
    expect(out).to.contain(
      `ami-0fedcba9876543210 stops being current. its copies (ap-southeast-2, eu-west-1) stay in AWS, deprecated on ` +
        `2027-06-30 (deprecateAt); in the build region it loses its served tag, and the first sweep after this ` +
        `deployment deprecates it 90 days later (not before ${deprecated});`,
    );
  });
});
