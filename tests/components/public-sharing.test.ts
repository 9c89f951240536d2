/** AMI block public access in the factory account: managed exactly where a release is public. */
import { expect } from "chai";
import { offlineNewestBuild } from "../../offline/newest-build";
import { exampleCatalog, find, namesOf, ofType, run, T } from "../support/program";

const BLOCK = "aws:ec2/imageBlockPublicAccess:ImageBlockPublicAccess";

describe("public sharing", () => {
  it("leaves AMI block public access alone when nothing is public (the example catalog)", async () => {
    expect(namesOf(await run(), BLOCK)).to.deep.equal([]);
  });

  it("turns it off in each region of a public release, in the factory account, before the public grants", async () => {
    const catalog = exampleCatalog();
    const image = catalog.images.find((i: { name: string }) => i.name === "al2023-base");
    image.public = true;
    image.releases.candidate.public = true;
    image.releases.candidate.regions = ["us-east-1", "eu-west-1"];
    const resources = await run(catalog);
    expect(namesOf(resources, BLOCK)).to.deep.equal([
      "ami-factory/image-public-access/eu-west-1",
      "ami-factory/image-public-access/us-east-1",
    ]);
    const setting = find(resources, BLOCK, "ami-factory/image-public-access/eu-west-1");
    expect(setting.inputs).to.deep.equal({ state: "unblocked", region: "eu-west-1" });
    expect(setting.provider).to.equal(undefined);
    const BUILD = offlineNewestBuild("ami-factory", "al2023-base");
    const publicGrants = ofType(resources, T.grant).filter((g) => g.inputs.group === "all");
    expect(publicGrants.map((g) => [g.name, g.dependsOn]).sort()).to.deep.equal([
      [`ami-factory/al2023-base/grant/${BUILD}/plain/eu-west-1/public`, ["ami-factory/image-public-access/eu-west-1"]],
      [`ami-factory/al2023-base/grant/${BUILD}/us-east-1/public`, ["ami-factory/image-public-access/us-east-1"]],
    ]);
  });
});
