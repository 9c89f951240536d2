/**
 * Default quotas AWS raises on request: a catalog past them is valid (`validate` exits 0) and
 * says so, with the quota's name, in a line whose message starts with `warning: `.
 */
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { main as plan } from "../../cli/plan";
import { main } from "../../cli/validate";
import { tempDir } from "../support/temp-dir";

async function validate(text: string): Promise<{ code: number; out: string[]; file: string }> {
  const file = path.join(tempDir("quota"), "catalog.yaml");
  fs.writeFileSync(file, text);
  const out: string[] = [];
  const code = await main([file], { out: (line) => out.push(line), err: (line) => out.push(line) });
  return { code, out, file };
}

/** `n` images; `extra(i)` adds fields to the i-th. */
function images(n: number, extra: (i: number) => string = () => ""): string {
  const lines = ['accounts:\n  prod: "111122223333"\nimages:'];
  for (let i = 0; i < n; i += 1) {
    lines.push(
      `  - name: image-${String(i).padStart(3, "0")}\n    os: amazon-linux-2023\n    arch: x86_64\n    accounts: [prod]${extra(i)}`,
    );
  }
  return `${lines.join("\n")}\n`;
}

/** A public release of its own AMI (an AMI is pinned by one image only). */
const PUBLIC = (i: number) =>
  `\n    regions: [us-east-1, eu-west-1]\n    public: true\n    releases:\n      stable: { ami: ami-0abcdef12345678${String(i).padStart(2, "0")}, public: true }`;

describe("quota warnings", () => {
  it("take 75 pipelines in the build region without a word", async () => {
    const { code, out, file } = await validate(images(75));
    expect(code).to.equal(0);
    expect(out).to.deep.equal([`${file}: 75 images, 1 region, 1 account: valid`]);
  });

  it("warn at 76 pipelines, naming the Image Builder quota, and the catalog stays valid", async () => {
    const { code, out, file } = await validate(images(76));
    expect(code).to.equal(0);
    expect(out).to.deep.equal([
      `${file}:4:3 images: warning: 76 images make as many Image Builder pipelines in us-east-1, over the default quota of 75 (EC2 Image Builder quota "Image pipelines"): ask AWS to raise it before deploying, or split the catalog into stacks`,
      `${file}: 76 images, 1 region, 1 account: valid`,
    ]);
  });

  it("are in the plan's warnings too, and the plan succeeds", async () => {
    const { out, file } = await validate(images(76));
    let stdout = "";
    const code = await plan(["--catalog", file, "--format", "json"], { out: (t) => (stdout += t), err: () => undefined });
    expect(code).to.equal(0);
    expect((JSON.parse(stdout) as { warnings: string[] }).warnings).to.include(out[0]);
  });

  it("take 5 public AMIs in a region without a word", async () => {
    expect((await validate(images(5, PUBLIC))).out).to.have.length(1);
  });

  it("warn at the release that makes a 6th public AMI in a region, naming the EC2 quota", async () => {
    const { code, out, file } = await validate(images(6, PUBLIC));
    expect(code).to.equal(0);
    expect(out).to.deep.equal([
      `${file}:51:53 images[5].releases.stable.public: warning: with this release eu-west-1, us-east-1 hold more than 5 public AMIs, the default quota per Region (Amazon EC2 quota "Public AMIs"): ask AWS to raise it before deploying`,
      `${file}: 6 images, 2 regions, 1 account: valid`,
    ]);
  });
});
