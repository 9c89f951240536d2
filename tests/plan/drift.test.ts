/** Drift or failure: what the scheduled refresh found (plan/drift.ts). */
import { expect } from "chai";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { main } from "../../cli/drift";
import { classifyRefresh, DRIFT_FULL, driftArtifact, driftIssueBody, type Difference } from "../../plan/drift";
import { GITHUB_COMMENT_MAX } from "../../plan/limits";
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

  describe("at scale: 1,200 drifted grants, far past GitHub's limit on an issue body", () => {
    const differences: Difference[] = Array.from({ length: 1200 }, (_, i) => ({
      op: i % 3 === 0 ? "delete" : "update",
      urn: `${GRANT.slice(0, GRANT.lastIndexOf("/"))}/${String(100000000000 + i)}`,
      properties: i % 3 === 0 ? [] : ["accountId", "imageId"],
    }));
    const body = driftIssueBody("prod", differences, "https://ci/1");
    const full = driftIssueBody("prod", differences, "https://ci/1", Infinity);
    const lines = body.split("\n");
    const rows = lines.filter((line) => /^\| (update|delete) \|/.test(line));

    it("stays within the limit, and the whole list would not", () => {
      expect(full.length).to.be.above(GITHUB_COMMENT_MAX);
      expect(body.length).to.be.at.most(GITHUB_COMMENT_MAX);
      // Not a blind cut: most of the room goes to rows.
      expect(body.length).to.be.above(GITHUB_COMMENT_MAX - 500);
    });

    it("keeps the count, the run and what to do", () => {
      expect(body).to.contain("AWS differs from the stack's state in 1,200 resources. Nothing was deployed.");
      expect(body).to.contain("Last checked: https://ci/1");
      expect(body).to.contain("Keep the change: `pulumi refresh`, then put it in the catalog. Undo it: `pulumi up --refresh`.");
    });

    it("shows whole rows only, the first ones in order, and says how many it left out and where they are", () => {
      const all = full.split("\n").filter((line) => /^\| (update|delete) \|/.test(line));
      expect(all).to.have.length(1200);
      expect(rows).to.deep.equal(all.slice(0, rows.length));
      expect(lines.filter((line) => line.startsWith("|") && !line.endsWith("|"))).to.deep.equal([]);
      expect(
        body.endsWith(
          `\n\n> ✂️ ${1200 - rows.length} more differences left out to keep the issue within GitHub's limit: every difference is in the workflow artifact \`${driftArtifact("prod")}\` of [the run](https://ci/1) (\`${DRIFT_FULL}\`).\n`,
        ),
      ).to.equal(true);
    });

    it("leaves the table out whole, and still says so, when even one row does not fit", () => {
      const tight = driftIssueBody("prod", differences, "https://ci/1", 700);
      expect(tight.length).to.be.at.most(700);
      expect(tight).to.not.contain("| Change |");
      expect(tight).to.contain("> ✂️ 1,200 more differences left out");
      expect(tight).to.contain("Undo it: `pulumi up --refresh`.");
    });
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
    expect(readFileSync(join(dir, DRIFT_FULL), "utf8")).to.equal(readFileSync(join(dir, "drift.md"), "utf8"));
  });

  it("writes the issue within GitHub's limit and every difference to the artifact's file, at scale", () => {
    const many = join(dir, "refresh-many.json");
    const urns = Array.from({ length: 1200 }, (_, i) => `${GRANT.slice(0, GRANT.lastIndexOf("/"))}/${String(100000000000 + i)}`);
    writeFileSync(many, JSON.stringify({ steps: urns.map((urn) => ({ op: "delete", urn })) }));
    expect(drift(["prod", many, "0", "https://ci/1"]).out).to.equal("drift\n");
    const differences = urns.map((urn) => ({ op: "delete", urn, properties: [] }));
    const full = readFileSync(join(dir, DRIFT_FULL), "utf8");
    expect(full).to.equal(driftIssueBody("prod", differences, "https://ci/1", Infinity));
    expect(full.length).to.be.above(GITHUB_COMMENT_MAX);
    expect(readFileSync(join(dir, "drift.md"), "utf8").length).to.be.at.most(GITHUB_COMMENT_MAX);
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
