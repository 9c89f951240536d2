import { expect } from "chai";
import { AL2023_BASE_PRINCIPALS, devConfig, runShared } from "../support/program";

describe("the stack's outputs", () => {
  it("come from a function Pulumi's runner calls once index.ts is loaded", () => {
    // run.js calls the program's export when it is a Function and exports what it returns;
    // loading the module alone registers nothing.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect(require("../../index")).to.be.instanceOf(Function);
  });

  let outputs: Record<string, any>;
  before(async () => {
    ({ outputs } = await runShared({ config: devConfig() }));
  });

  it("give per image its pipeline, regions and resolved principals", () => {
    expect(outputs.images["al2023-base"]).to.deep.equal({
      pipelineArn: "{{aws:imagebuilder/imagePipeline:ImagePipeline ami-factory/al2023-base.arn}}",
      regions: ["ap-southeast-2", "eu-west-1", "us-east-1"],
      accounts: AL2023_BASE_PRINCIPALS,
    });
  });

  it("give the AMI id per image, channel and region, for a StackReference to read without parsing", () => {
    expect(outputs.amis["al2023-base"].stable).to.deep.equal({
      "us-east-1": "ami-0abcdef1234567890",
      "eu-west-1": "{{aws:ec2/amiCopy:AmiCopy ami-factory/al2023-base/copy/ami-0abcdef1234567890/eu-west-1.id}}",
      "ap-southeast-2": "{{aws:ec2/amiCopy:AmiCopy ami-factory/al2023-base/copy/ami-0abcdef1234567890/ap-southeast-2.id}}",
    });
    expect(Object.keys(outputs.amis).sort()).to.deep.equal([
      "al2023-base",
      "al2023-graviton",
      "ubuntu-2204-data",
      "ubuntu-2404-web",
      "windows-2022-base",
    ]);
    expect(Object.keys(outputs.amis["windows-2022-base"])).to.deep.equal(["latest"]);
  });
});
