/**
 * The pull-request workflow's plan step, run as written: a temporary git repository holds this
 * project with two stacks (dev on the example catalog, prod on its own), a branch changes it, and
 * the step's script from pull-request.yml runs there as GitHub would run it (bash, the step's env
 * with its expressions evaluated for the repository variables given, GITHUB_OUTPUT and
 * GITHUB_STEP_SUMMARY files). A branch that changes only prod's catalog: the comment must show
 * prod's changes and nothing of dev. Other branches: the stacks it hands to the preview are the
 * deployed ones (PULUMI_STACKS, default prod), while the comment keeps every changed stack's plan.
 * A branch that renames prod's catalog (and its stack file with it) while it removes an account:
 * the plan must show the revoked grants against the catalog prod had at main. A branch that adds
 * a stack: all of it is new, and the warning says so.
 */
import { expect } from "chai";
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, readFileSync, renameSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { offlineNewestBuild } from "../../offline/newest-build";
import { exampleCatalog, ROOT } from "../support/program";
import { tempDir } from "../support/temp-dir";
import { interpolate, loadExpressions } from "./expression";

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

interface StepResult {
  status: number | null;
  comment: string;
  outputs: string;
  summary: string;
  stdout: string;
  stderr: string;
}

/**
 * A repository with the dev and prod stacks committed on main, `change` made and committed on a
 * branch, and the plan step run there with these repository variables. prod's catalog holds only
 * the example's ubuntu-2204-data image; `change` gets the repository and that catalog.
 */
function runPlanStep(
  change: (repo: string, prod: ReturnType<typeof exampleCatalog>) => void,
  vars: Record<string, string> = {},
): { repo: string; result: StepResult } {
  const repo = tempDir("pr");
  for (const file of PROJECT_FILES) cpSync(join(ROOT, file), join(repo, file), { recursive: true });
  symlinkSync(join(ROOT, "node_modules"), join(repo, "node_modules"));
  cpSync(join(ROOT, "config"), join(repo, "config"), { recursive: true });
  writeFileSync(join(repo, "Pulumi.dev.yaml"), "config:\n  ami-factory:catalog: config/catalog.yaml\n");
  writeFileSync(join(repo, "Pulumi.prod.yaml"), "config:\n  ami-factory:catalog: config/prod.yaml\n");
  const prod = exampleCatalog();
  prod.images = prod.images.filter((i: { name: string }) => i.name === "ubuntu-2204-data");
  writeFileSync(join(repo, "config", "prod.yaml"), stringify(prod));
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.name=pr test", "-c", "user.email=pr@example.com", ...args], { cwd: repo, stdio: "pipe" });
  git("init", "-q", "-b", "main");
  git("add", ".");
  git("commit", "-q", "-m", "two stacks");
  // What actions/checkout with fetch-depth 0 leaves: the target branch as origin/main.
  git("update-ref", "refs/remotes/origin/main", "HEAD");
  git("checkout", "-q", "-b", "change");
  change(repo, prod);
  git("add", ".");
  git("commit", "-q", "-m", "the change");

  const step = planStep();
  const outputs = join(repo, "github-output");
  const summary = join(repo, "github-summary");
  writeFileSync(outputs, "");
  writeFileSync(summary, "");
  const context = {
    vars,
    github: { base_ref: "main", server_url: "https://github.com", repository: "example/ami-factory", run_id: "1" },
  };
  const env: Record<string, string> = {
    ...process.env,
    ...Object.fromEntries(Object.entries(step.env ?? {}).map(([name, value]) => [name, interpolate(value, context)])),
    GITHUB_OUTPUT: outputs,
    GITHUB_STEP_SUMMARY: summary,
  };
  // GitHub runs a `run:` script as `bash -e {0}`.
  const script = join(repo, "plan-step.sh");
  writeFileSync(script, step.run!);
  const ran = spawnSync("bash", ["--noprofile", "--norc", "-e", script], { cwd: repo, env, encoding: "utf8" });
  return {
    repo,
    result: {
      status: ran.status,
      stdout: ran.stdout,
      stderr: ran.stderr,
      comment: readFileSync(join(repo, "plan.md"), "utf8"),
      outputs: readFileSync(outputs, "utf8"),
      summary: readFileSync(summary, "utf8"),
    },
  };
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

before(loadExpressions);

describe("pull-request.yml's plan step, run as written", function () {
  this.timeout(240_000);
  let repo: string;
  let result: StepResult;

  before(() => {
    ({ repo, result } = runPlanStep((repo, prod) => {
      prod.images[0].accounts.push("dev-sandbox");
      writeFileSync(join(repo, "config", "prod.yaml"), stringify(prod));
    }));
    expect(result.stdout).to.not.contain("::notice");
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

/** A branch that adds the stack staging, on a catalog of its own. */
const addStaging = (repo: string, prod: unknown) => {
  writeFileSync(join(repo, "config", "staging.yaml"), stringify(prod));
  writeFileSync(join(repo, "Pulumi.staging.yaml"), "config:\n  ami-factory:catalog: config/staging.yaml\n");
};

describe("pull-request.yml's plan step plans every changed stack, and hands the preview only the deployed ones", function () {
  this.timeout(240_000);

  it("a change to shared code plans dev and prod, and previews only prod, the stack deployed by default", () => {
    const { result } = runPlanStep((repo) => {
      writeFileSync(join(repo, "index.ts"), `${readFileSync(join(repo, "index.ts"), "utf8")}// a change every stack runs\n`);
    });
    expect(result.status, result.stderr).to.equal(0);
    expect(result.outputs).to.contain("status=0\n");
    expect(result.outputs).to.contain('stacks=["prod"]\n');
    expect(result.comment).to.contain("`stack dev`");
    expect(result.comment).to.contain("`stack prod`");
    expect(result.stdout).to.not.contain("::notice");
  });

  it("a stack the branch adds is planned, and previewed only once PULUMI_STACKS names it", () => {
    const { repo, result: unlisted } = runPlanStep(addStaging);
    expect(unlisted.status, unlisted.stderr).to.equal(0);
    expect(unlisted.comment).to.contain("`stack staging`");
    expect(unlisted.outputs).to.contain("stacks=[]\n");
    // All of it new, and the warning names the stack file as what the base lacked.
    const document = planJson(repo, "staging");
    expect(document.warnings).to.deep.equal([
      "origin/main:Pulumi.staging.yaml does not exist: the stack is new, every resource is new",
    ]);
    expect(document.changes.every((c) => c.action === "create")).to.equal(true);
    expect(document.changes).to.have.length(document.resources.length);
    // Named ahead of its first deploy: handed to the preview, which skips a stack the backend lacks.
    const listed = runPlanStep(addStaging, { PULUMI_STACKS: "prod, staging" }).result;
    expect(listed.outputs).to.contain('stacks=["staging"]\n');
  });

  it("previews nothing, and says why, when PULUMI_STACKS names a stack without its file", () => {
    const { result } = runPlanStep((repo) => writeFileSync(join(repo, "README.md"), "a change no stack runs\n"), {
      PULUMI_STACKS: "prod gone",
    });
    expect(result.status, result.stderr).to.equal(0);
    expect(result.outputs).to.contain("status=0\n");
    expect(result.outputs).to.contain("stacks=[]\n");
    expect(result.stdout).to.match(
      /^::notice title=No pulumi preview::the stacks deployed \(vars\.PULUMI_STACKS: prod gone\) cannot be listed: stacks: no stack file for Pulumi\.gone\.yaml/m,
    );
  });
});

describe("pull-request.yml's plan step, when the branch renames a stack's catalog", function () {
  this.timeout(240_000);
  let repo: string;
  let result: StepResult;

  before(() => {
    ({ repo, result } = runPlanStep((dir, prod) => {
      renameSync(join(dir, "config", "prod.yaml"), join(dir, "config", "prod-data.yaml"));
      writeFileSync(join(dir, "Pulumi.prod.yaml"), "config:\n  ami-factory:catalog: config/prod-data.yaml\n");
      prod.images[0].accounts = prod.images[0].accounts.filter((a: string) => a !== "staging");
      writeFileSync(join(dir, "config", "prod-data.yaml"), stringify(prod));
    }));
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

/** A command of the branch that prints `log` on stderr and exits 1. */
const failing = (log: string) => `process.stderr.write(${JSON.stringify(log)});\nprocess.exit(1);\n`;

/** A log with a fence line in it, past the 4,000 bytes the comment shows. */
const LONG_LOG = `boom\n\`\`\`\nnot the end of the fence: \`\`\`\` either\n${"x".repeat(9_000)}\nTHE END\n`;

/** The fenced log of a failure comment: its fence and the lines inside. */
function fencedLog(comment: string): { fence: string; inside: string[] } {
  const lines = comment.split("\n");
  const open = lines.findIndex((line) => /^`{3,}$/.test(line));
  expect(open, comment).to.be.above(0);
  const fence = lines[open];
  const close = lines.findIndex((line, i) => i > open && line.startsWith(fence) && /^`+$/.test(line));
  expect(close, "the fence is closed").to.be.above(open);
  // GFM: a line of at least as many backticks closes the fence, and nothing else does.
  expect(
    lines
      .slice(close + 1)
      .join("\n")
      .trim(),
  ).to.equal("");
  return { fence, inside: lines.slice(open + 1, close) };
}

describe("pull-request.yml's plan step, when no plan comment can be written", function () {
  this.timeout(240_000);

  it("a failed plan-comment gives a comment that says the plan failed, with the run and a bounded, fenced log", () => {
    const { result } = runPlanStep((repo) => writeFileSync(join(repo, "cli", "plan-comment.ts"), failing(LONG_LOG)));
    expect(result.outputs).to.contain("status=1\n");
    expect(result.comment).to.match(/^### ami-factory plan failed: the plan comment could not be written\n/);
    expect(result.comment).to.contain("See [the run](https://github.com/example/ami-factory/actions/runs/1)");
    const { fence, inside } = fencedLog(result.comment);
    expect(fence.length).to.be.above(4);
    expect(inside.slice(0, 3)).to.deep.equal(["boom", "```", "not the end of the fence: ```` either"]);
    expect(result.comment).to.not.contain("THE END");
    expect(result.comment).to.contain("(cut at 4,000 bytes)");
    expect(result.comment.length).to.be.below(4_500);
    expect(result.summary).to.equal(result.comment);
    expect(result.stderr).to.contain("THE END");
  });

  it("a failed stacks gives the same kind of comment", () => {
    const { result } = runPlanStep((repo) => writeFileSync(join(repo, "cli", "stacks.ts"), failing(LONG_LOG)));
    expect(result.outputs).to.contain("status=2\n");
    expect(result.comment).to.match(/^### ami-factory plan failed: could not tell which stacks change\n/);
    const { fence, inside } = fencedLog(result.comment);
    expect(fence.length).to.be.above(4);
    expect(inside[0]).to.equal("boom");
    expect(result.comment.length).to.be.below(4_500);
  });
});
