import { expect } from "chai";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildDocument, splitAdvice } from "../../plan/document";
import { readStackConfig, stacksIn } from "../../plan/stack-config";
import { tempDir } from "../support/temp-dir";

function project(files: Record<string, string>): string {
  const dir = tempDir("stack");
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe("plan stack config", () => {
  it("reads Pulumi.<stack>.yaml as the program's config: qualified keys, string values", () => {
    const dir = project({
      "Pulumi.prod.yaml": [
        "config:",
        "  catalog: config/prod.yaml",
        "  aws:region: eu-west-1",
        "  ami-factory:limits: { images: 3 }",
        "  ami-factory:dryRun: true",
        "  ami-factory:token:",
        "    secure: AAABAKx",
      ].join("\n"),
    });
    expect(readStackConfig(dir, "prod")).to.deep.equal({
      ok: true,
      file: "Pulumi.prod.yaml",
      config: {
        "ami-factory:catalog": "config/prod.yaml",
        "aws:region": "eu-west-1",
        "ami-factory:limits": '{"images":3}',
        "ami-factory:dryRun": "true",
        "ami-factory:token": "(secret: not decrypted offline)",
      },
    });
  });

  it("names the stacks there are when the one asked for has no file", () => {
    const dir = project({ "Pulumi.dev.yaml": "config: {}\n", "Pulumi.staging.yaml": "config: {}\n" });
    expect(readStackConfig(dir, "prod")).to.deep.equal({
      ok: false,
      message: "no stack file Pulumi.prod.yaml (stacks here: dev, staging)",
    });
  });

  it("lists as stacks only the files whose name Pulumi allows as a stack name", () => {
    const dir = project({
      "Pulumi.yaml": "name: ami-factory\n",
      "Pulumi.prod-1.yaml": "config: {}\n",
      "Pulumi.eu_west.v2.yaml": "config: {}\n",
      "Pulumi.my stack.yaml": "config: {}\n",
      "Pulumi.dev.yaml.bak": "config: {}\n",
    });
    expect(stacksIn(dir)).to.deep.equal(["eu_west.v2", "prod-1"]);
  });

  it("refuses a stack file that is not YAML or whose config is not a map", () => {
    const dir = project({ "Pulumi.a.yaml": "config: [1\n", "Pulumi.b.yaml": "config: [1, 2]\n" });
    expect(readStackConfig(dir, "a")).to.deep.include({ ok: false });
    expect(readStackConfig(dir, "b")).to.deep.equal({ ok: false, message: 'Pulumi.b.yaml: "config" must be a map of settings' });
  });
});

describe("plan warnings", () => {
  it("points a large or slow stack at splitting it", () => {
    expect(splitAdvice(10_000)).to.equal(undefined);
    expect(splitAdvice(10_001)).to.match(/^this stack holds 10,001 resources: .* per image family or per channel/);
    expect(splitAdvice(500, 90_000)).to.match(/^this stack holds 500 resources and this plan took 90 s: /);
  });

  it("lists the advice among the document's warnings", () => {
    const head = Array.from({ length: 10_001 }, (_, i) => ({ type: "t:m:T", name: `r${i}`, custom: true, inputs: {} }));
    const document = buildDocument({ stack: "dev", catalog: "c", images: [], head, policy: [], accountNames: new Map() });
    expect(document.warnings).to.have.length(1);
    expect(document.counts).to.deep.equal({ "t:m:T": 10_001, total: 10_001 });
  });
});
