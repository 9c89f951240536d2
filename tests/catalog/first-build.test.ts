/** The names, token and time of a pipeline's first-build schedule (catalog/render/first-build.ts), within AWS's limits. */
import { expect } from "chai";
import { firstBuildAt, firstBuildClientToken, firstBuildScheduleName } from "../../catalog/render/first-build";
import { LIMITS } from "../../contract/aws-limits";

describe("a pipeline's first-build schedule", () => {
  it("is named after the pipeline while the name fits a schedule name", () => {
    expect(firstBuildScheduleName("ami-factory_al2023-base")).to.equal("ami-factory_al2023-base");
  });

  it("keeps a long pipeline name's start and a hash of the whole, so two long names stay apart", () => {
    const a = firstBuildScheduleName(`ami-factory_${"a".repeat(90)}-one`);
    const b = firstBuildScheduleName(`ami-factory_${"a".repeat(90)}-two`);
    expect(a).to.have.length(LIMITS.scheduleName);
    expect(a).to.match(/^ami-factory_a+-[0-9a-f]{8}$/);
    expect(a).to.not.equal(b);
  });

  it("calls StartImagePipelineExecution with one token per pipeline, within Image Builder's length", () => {
    const token = firstBuildClientToken("ami-factory_al2023-base");
    expect(token).to.have.length(LIMITS.imageBuilderClientToken);
    expect(firstBuildClientToken("ami-factory_al2023-base")).to.equal(token);
    expect(firstBuildClientToken("ami-factory_al2023-graviton")).to.not.equal(token);
  });

  it("fires the given minutes after now, to the minute, in UTC", () => {
    expect(firstBuildAt(new Date("2026-12-31T23:55:59.999Z"), 10)).to.equal("at(2027-01-01T00:05:00)");
  });
});
