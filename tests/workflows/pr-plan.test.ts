/**
 * The pull-request workflow's plan step, run as written: a temporary git repository holds this
 * project with two stacks (dev on the example catalog, prod on its own), a branch changes only
 * prod's catalog, and the step's script from pull-request.yml runs there as GitHub would run it
 * (bash, the step's env, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files). The comment it writes
 * must show prod's changes and nothing of dev. Two more branches off the same main: one renames
 * prod's catalog (and its stack file with it) while it removes an account, whose revoked grants
 * the plan must show against the catalog prod had at main; one adds a stack, all of it new.
 */
import { expect } from "chai";
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { offlineNewestBuild } from "../../offline/newest-build";
import { exampleCatalog, ROOT } from "../support/program";
import { tempDir } from "../support/temp-dir";

/** What the program and the plan read: the project without its tests, docs and benchmark. */
/** Everything the repository tracks at its top level, so a new source folder is copied too. */
const PROJECT_FILES = [
  ...new Set(
    execFileSync("git", ["ls-files"], { cwd: ROOT, encoding: "utf8" })
      .split("\n")
      .filter((file) => file !== "")
      .map((file) => file.split("/")[0]),
  ),
].filter((entry) => !["config", "tests", "docs", "bench", ".github"].includes(entry) && !entry.startsWith("Pulumi."));

interface Step {
  id?: string;
  run?: string;
  env?: Record<string, string>;
}

function planStep(): Step {
  const wf = parse(readFileSync(join(ROOT, ".github", "workflows", "pull-request.yml"), "utf8")) as {
    jobs: Record<string, { steps: Step[] }>;
  };
  const step = Object.values(wf.jobs)
    .flatMap((job) => job.steps)
    .find((s) => s.id === "plan");
  if (!step?.run) throw new Error("pull-request.yml has no step with id plan");
  return step;
}

interface StepResult {
  status: number | null;
  comment: string;
  outputs: string;
  summary: string;
  stderr: string;
}

type Git = (...args: string[]) => void;

/** This project with two stacks committed on main (dev on the example catalog, prod on its own), as origin/main. */
function twoStacks(): { repo: string; git: Git; prod: any } {
  const repo = tempDir("pr");
  for (const file of PROJECT_FILES) cpSync(join(ROOT, file), join(repo, file), { recursive: true });
  symlinkSync(join(ROOT, "node_modules"), join(repo, "node_modules"));
  cpSync(join(ROOT, "config"), join(repo, "config"), { recursive: true });
  writeFileSync(join(repo, "Pulumi.dev.yaml"), "config:\n  ami-factory:catalog: config/catalog.yaml\n");
  writeFileSync(join(repo, "Pulumi.prod.yaml"), "config:\n  ami-factory:catalog: config/prod.yaml\n");
  const prod = exampleCatalog();
  prod.images = prod.images.filter((i: { name: string }) => i.name === "ubuntu-2204-data");
  writeFileSync(join(repo, "config", "prod.yaml"), stringify(prod));
  const git = (...args: string[]) => {
    execFileSync("git", ["-c", "user.name=pr test", "-c", "user.email=pr@example.com", ...args], { cwd: repo, stdio: "pipe" });
  };
  git("init", "-q", "-b", "main");
  git("add", ".");
  git("commit", "-q", "-m", "two stacks");
  // What actions/checkout with fetch-depth 0 leaves: the target branch as origin/main.
  git("update-ref", "refs/remotes/origin/main", "HEAD");
  return { repo, git, prod };
}

/** The plan step's script, run in `repo` as GitHub runs it for a pull request into main. */
function runPlanStep(repo: string): StepResult {
  const step = planStep();
  const outputs = join(repo, "github-output");
  const summary = join(repo, "github-summary");
  writeFileSync(outputs, "");
  writeFileSync(summary, "");
  const env: Record<string, string> = {
    ...process.env,
    ...step.env,
    BASE_REF: "main",
    RUN_URL: "https://github.com/example/ami-factory/actions/runs/1",
    GITHUB_OUTPUT: outputs,
    GITHUB_STEP_SUMMARY: summary,
  };
  // GitHub runs a `run:` script as `bash -e {0}`.
  const script = join(repo, "plan-step.sh");
  writeFileSync(script, step.run!);
  const ran = spawnSync("bash", ["--noprofile", "--norc", "-e", script], { cwd: repo, env, encoding: "utf8" });
  return {
    status: ran.status,
    stderr: ran.stderr,
    comment: readFileSync(join(repo, "plan.md"), "utf8"),
    outputs: readFileSync(outputs, "utf8"),
    summary: readFileSync(summary, "utf8"),
  };
}

/** A branch off main that `change` makes (`prod` is prod's catalog at main), committed, and the plan step's run on it. */
function planBranch(
  branch: string,
  message: string,
  change: (repo: string, git: Git, prod: any) => void,
): { repo: string; result: StepResult } {
  const { repo, git, prod } = twoStacks();
  git("checkout", "-q", "-b", branch);
  change(repo, git, prod);
  git("commit", "-q", "-am", message);
  return { repo, result: runPlanStep(repo) };
}

describe("pull-request.yml's plan step, run as written", function () {
  this.timeout(240_000);
  let repo: string;
  let result: StepResult;

  before(() => {
    ({ repo, result } = planBranch(
      "add-dev-sandbox-to-prod",
      "share ubuntu-2204-data with dev-sandbox in prod",
      (dir, _git, prod) => {
        prod.images[0].accounts.push("dev-sandbox");
        writeFileSync(join(dir, "config", "prod.yaml"), stringify(prod));
      },
    ));
  });

  it("plans the stack whose catalog the branch changes, and only that one", () => {
    expect(result.status, result.stderr).to.equal(0);
    expect(result.outputs).to.contain("status=0\n");
    expect(result.outputs).to.contain('stacks=["prod"]\n');
    expect(result.comment).to.contain("## AMI factory plan: `stack prod`");
    expect(result.comment).to.not.contain("stack dev");
  });

  it("shows that stack's changes: dev-sandbox's new grants in both regions", () => {
    expect(result.comment).to.match(
      /compared with `origin\/main:config\/prod.yaml`: \*\*2 to create, \d+ to update, 0 to replace, 0 to delete\*\*/,
    );
    for (const region of ["us-east-1", "eu-west-1"]) {
      expect(result.comment).to.contain(
        `| + | create | AmiLaunchPermission | \`ami-factory/ubuntu-2204-data/grant/${offlineNewestBuild("ami-factory", "ubuntu-2204-data")}/${region}/210987654321\` |`,
      );
    }
    expect(result.summary).to.equal(result.comment);
  });

  it("leaves the full plans, JSON and markdown, for the artifact", () => {
    const document = JSON.parse(readFileSync(join(repo, "plan-output", "prod.json"), "utf8")) as {
      stack: string;
      catalog: string;
    };
    expect([document.stack, document.catalog]).to.deep.equal(["prod", "config/prod.yaml"]);
    expect(readFileSync(join(repo, "plan-output", "prod.md"), "utf8")).to.contain("## AMI factory plan: `stack prod`");
  });
});

interface PlanJson {
  base: string;
  warnings: string[];
  changes: { action: string; type: string; name: string }[];
  resources: unknown[];
}

function planJson(repo: string, stack: string): PlanJson {
  return JSON.parse(readFileSync(join(repo, "plan-output", `${stack}.json`), "utf8")) as PlanJson;
}

describe("pull-request.yml's plan step, when the branch renames a stack's catalog", function () {
  this.timeout(240_000);
  let repo: string;
  let result: StepResult;

  before(() => {
    ({ repo, result } = planBranch(
      "rename-prod-catalog",
      "rename prod's catalog, and stop sharing ubuntu-2204-data with staging",
      (dir, git, prod) => {
        git("mv", "config/prod.yaml", "config/prod-data.yaml");
        writeFileSync(join(dir, "Pulumi.prod.yaml"), "config:\n  ami-factory:catalog: config/prod-data.yaml\n");
        prod.images[0].accounts = prod.images[0].accounts.filter((a: string) => a !== "staging");
        writeFileSync(join(dir, "config", "prod-data.yaml"), stringify(prod));
      },
    ));
  });

  it("compares the stack with the catalog its stack file named at the base, and shows the grants revoked", () => {
    expect(result.status, result.stderr).to.equal(0);
    expect(result.outputs).to.contain('stacks=["prod"]\n');
    const document = planJson(repo, "prod");
    const build = offlineNewestBuild("ami-factory", "ubuntu-2204-data");
    expect(document.changes.filter((c) => c.action === "delete").map((c) => `${c.type} ${c.name}`)).to.deep.equal(
      ["eu-west-1", "us-east-1"].map(
        (region) =>
          `aws:ec2/amiLaunchPermission:AmiLaunchPermission ami-factory/ubuntu-2204-data/grant/${build}/${region}/012345678901`,
      ),
    );
    expect(document.changes.filter((c) => c.action === "create")).to.deep.equal([]);
    expect(document.base).to.equal("origin/main:config/prod.yaml");
    expect(document.warnings).to.deep.equal([]);
    expect(result.comment).to.match(
      /compared with `origin\/main:config\/prod.yaml`: \*\*0 to create, \d+ to update, 0 to replace, 2 to delete\*\*/,
    );
  });
});

describe("pull-request.yml's plan step, when the branch adds a stack", function () {
  this.timeout(240_000);
  let repo: string;
  let result: StepResult;

  before(() => {
    ({ repo, result } = planBranch("add-staging-stack", "a staging stack", (dir, git, prod) => {
      writeFileSync(join(dir, "Pulumi.staging.yaml"), "config:\n  ami-factory:catalog: config/staging.yaml\n");
      writeFileSync(join(dir, "config", "staging.yaml"), stringify(prod));
      git("add", "Pulumi.staging.yaml", "config/staging.yaml");
    }));
  });

  it("plans every resource of the new stack as new, and says the stack file is what did not exist", () => {
    expect(result.status, result.stderr).to.equal(0);
    expect(result.outputs).to.contain('stacks=["staging"]\n');
    const document = planJson(repo, "staging");
    expect(document.warnings).to.deep.equal([
      "origin/main:Pulumi.staging.yaml does not exist: the stack is new, every resource is new",
    ]);
    expect(document.changes.every((c) => c.action === "create")).to.equal(true);
    expect(document.changes).to.have.length(document.resources.length);
  });
});
