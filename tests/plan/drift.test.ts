/** Drift or failure: what the scheduled refresh found (plan/drift.ts). */
import { expect } from "chai";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { main } from "../../cli/drift";
import { classifyRefresh, driftIssueBody } from "../../plan/drift";
import { tempDir } from "../support/temp-dir";

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

describe("npm run drift", () => {
  const USAGE = "usage: npm run drift -- STACK REFRESH-JSON EXIT-CODE RUN-URL\n";
  const dir = tempDir("drift");
  const refresh = join(dir, "refresh.json");
  writeFileSync(refresh, JSON.stringify({ steps: [{ op: "delete", urn: GRANT }] }));
  /** Exit code, standard output and standard error of `npm run drift -- ARGS` in `dir`. */
  const drift = (args: string[]) => {
    let out = "";
    let err = "";
    const code = main(args, { out: (t) => (out += t), err: (t) => (err += t) }, dir);
    return { code, out, err };
  };

  it("takes STACK REFRESH-JSON EXIT-CODE RUN-URL after an optional leading --, and writes the issue on drift", () => {
    expect(drift(["--", "prod", refresh, "0", "https://ci/1"])).to.deep.equal({ code: 0, out: "drift\n", err: "" });
    expect(readFileSync(join(dir, "drift.md"), "utf8")).to.equal(
      driftIssueBody("prod", [{ op: "delete", urn: GRANT, properties: [] }], "https://ci/1"),
    );
  });

  it("says a failed refresh is a failure", () => {
    expect(drift(["prod", refresh, "255", "https://ci/1"])).to.deep.equal({
      code: 0,
      out: "failed\n",
      err: "drift: not drift, a failure: pulumi refresh exited 255\n",
    });
  });

  const refused = [
    [],
    ["prod", refresh, "0"],
    ["prod", refresh, "0", "https://ci/1", "extra"],
    ["prod", refresh, "x", "https://ci/1"],
    ["--stack", refresh, "0", "https://ci/1"],
    ["prod", refresh, "0", "--", "https://ci/1"],
  ];
  for (const args of refused) {
    it(`refuses ${args.join(" ") || "no arguments"} with the usage and exit 2`, () => {
      expect(drift(args)).to.deep.equal({ code: 2, out: "", err: USAGE });
    });
  }
});
