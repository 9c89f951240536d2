/** EC2's limit of public AMIs per region and account, checked on the catalog. */
import { expect } from "chai";
import { stringify } from "yaml";
import { formatProblem, loadCatalogText } from "../../catalog/load";
import { MAX_PUBLIC_AMIS_PER_REGION } from "../../catalog/limits";

/** `n` public images in us-east-1 (the build region), one public release each; the last also in eu-west-1. */
function publicImages(n: number): string {
  return stringify({
    images: Array.from({ length: n }, (_, i) => ({
      name: `pub-${i}`,
      os: "amazon-linux-2023",
      arch: "x86_64",
      public: true,
      regions: i === n - 1 ? ["us-east-1", "eu-west-1"] : ["us-east-1"],
      releases: { stable: { ami: "latest", public: true } },
    })),
  });
}

function problems(text: string): string[] {
  const loaded = loadCatalogText(text, "c.yaml");
  return loaded.ok ? [] : loaded.problems.map(formatProblem);
}

describe("public AMIs per region", () => {
  it(`accepts ${MAX_PUBLIC_AMIS_PER_REGION} public releases in a region`, () => {
    expect(problems(publicImages(MAX_PUBLIC_AMIS_PER_REGION))).to.deep.equal([]);
  });

  it("refuses the sixth, on its public line, naming the region and the releases", () => {
    const text = publicImages(MAX_PUBLIC_AMIS_PER_REGION + 1);
    const line =
      text
        .split("\n")
        .map((l) => l.includes("public: true"))
        .lastIndexOf(true) + 1;
    expect(problems(text)).to.deep.equal([
      `c.yaml:${line}:17 images[5].releases.stable.public: us-east-1 would hold 6 public AMIs (pub-0/stable, pub-1/stable, pub-2/stable, pub-3/stable, pub-4/stable, pub-5/stable); EC2 allows at most 5 public AMIs per region and account`,
    ]);
  });
});
