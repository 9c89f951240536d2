/** Drift or failure: what the scheduled refresh found (plan/drift.ts). */
import { expect } from "chai";
import { classifyRefresh, driftIssueBody } from "../../plan/drift";

const GRANT =
  "urn:pulumi:prod::ami-factory::ami-factory:index:AmiFactory$ami-factory:index:ImageReleases$aws:ec2/amiLaunchPermission:AmiLaunchPermission::web/stable/eu-west-1/111122223333";
const PARAMETER = "urn:pulumi:prod::ami-factory::aws:ssm/parameter:Parameter::web/stable/eu-west-1";

describe("drift", () => {
  it("a refresh that finds every resource the same is clean", () => {
    expect(classifyRefresh(0, JSON.stringify({ steps: [{ op: "same", urn: GRANT }] }))).to.deep.equal({ kind: "clean" });
  });

  it("a resource gone from AWS or changed there is drift, with what differs", () => {
    const steps = [
      { op: "delete", urn: GRANT },
      { op: "update", urn: PARAMETER, diffReasons: ["value"] },
      { op: "same", urn: "urn:x" },
    ];
    expect(classifyRefresh(0, JSON.stringify({ steps }))).to.deep.equal({
      kind: "drift",
      differences: [
        { op: "delete", urn: GRANT, properties: [] },
        { op: "update", urn: PARAMETER, properties: ["value"] },
      ],
    });
  });

  it("a failed refresh is a failure, not drift, whatever it printed", () => {
    expect(classifyRefresh(255, JSON.stringify({ steps: [{ op: "delete", urn: GRANT }] }))).to.deep.equal({
      kind: "failed",
      reason: "pulumi refresh exited 255",
    });
    expect(classifyRefresh(0, "error: the security token included in the request is expired")).to.deep.equal({
      kind: "failed",
      reason: "pulumi refresh printed no JSON",
    });
  });

  it("the issue lists each refreshed difference by type and name", () => {
    const body = driftIssueBody("prod", [{ op: "delete", urn: GRANT, properties: [] }], "https://example.com/run");
    expect(body).to.contain("Drift in stack `prod`: AWS differs from the stack's state in 1 resource. Nothing was deployed.");
    expect(body).to.contain(
      "| delete | `aws:ec2/amiLaunchPermission:AmiLaunchPermission web/stable/eu-west-1/111122223333` | gone from AWS |",
    );
  });
});
