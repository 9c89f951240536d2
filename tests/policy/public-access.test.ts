/** The stack policy public-sharing-unblocked, through the policy SDK and through `evaluate`. */
import { expect } from "chai";
import { evaluate, type EvaluatedResource } from "../../policy/policies";
import { T, validateStack } from "./support";

const P = "public-sharing-unblocked";
const BLOCK = "aws:ec2/imageBlockPublicAccess:ImageBlockPublicAccess";
const publicGrant: EvaluatedResource = {
  type: T.grant,
  name: "ami-factory/al2023-base/stable/eu-west-1/public",
  inputs: { imageId: "ami-0abcdef1234567890", region: "eu-west-1", group: "all" },
};
const unblocked = (region: string, state = "unblocked"): EvaluatedResource => ({
  type: BLOCK,
  name: `ami-factory/image-public-access/${region}`,
  inputs: { region, state },
});
const MISSING =
  'AmiLaunchPermission "ami-factory/al2023-base/stable/eu-west-1/public" shares publicly in eu-west-1, where the stack does not turn off ' +
  'AMI block public access; add an aws:ec2/imageBlockPublicAccess:ImageBlockPublicAccess with state "unblocked" in that region';

async function findings(resources: EvaluatedResource[]): Promise<string[]> {
  const viaSdk = await validateStack(P, resources);
  const viaEvaluate = evaluate(resources).filter((f) => f.policy === P);
  expect(viaEvaluate.map((f) => f.message)).to.deep.equal(viaSdk.map((r) => r.message));
  return viaSdk.map((r) => r.message);
}

describe("policy public-sharing-unblocked (a stack policy)", () => {
  it("accepts a public grant where the stack unblocks public sharing in its region", async () => {
    expect(await findings([publicGrant, unblocked("eu-west-1")])).to.deep.equal([]);
  });

  it("refuses a public grant without the setting, with it in another region, or still blocking", async () => {
    expect(await findings([publicGrant])).to.deep.equal([MISSING]);
    expect(await findings([publicGrant, unblocked("us-east-1")])).to.deep.equal([MISSING]);
    expect(await findings([publicGrant, unblocked("eu-west-1", "block-new-sharing")])).to.deep.equal([MISSING]);
  });
});
