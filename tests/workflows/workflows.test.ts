/**
 * The GitHub Actions workflows shipped for teams that use the factory. They cannot run here, so
 * each is checked against the GitHub workflow JSON Schema (SchemaStore's, as bundled offline in
 * @action-validator/core) and for the behaviour the product promises: tests and a plan comment on
 * pull requests, one deploy at a time on merge, a daily drift check before picking up new bases.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { validateWorkflow, type ValidationError } from "@action-validator/core";
import { parse } from "yaml";

const ROOT = resolve(__dirname, "..", "..");
const WORKFLOWS = join(ROOT, ".github", "workflows");

interface Step {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  name?: string;
  needs?: string | string[];
  if?: string;
  concurrency?: { group: string; "cancel-in-progress"?: boolean };
  env?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  name: string;
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  concurrency?: { group: string; "cancel-in-progress"?: boolean };
  jobs: Record<string, Job>;
}

function source(file: string): string {
  return readFileSync(join(WORKFLOWS, file), "utf8");
}

function workflow(file: string): Workflow {
  return parse(source(file)) as Workflow;
}

function allSteps(wf: Workflow): Step[] {
  return Object.values(wf.jobs).flatMap((job) => job.steps);
}

/** The steps of a job that use an action, by the action's name without its version. */
function stepsUsing(job: Job, action: string): Step[] {
  return job.steps.filter((step) => step.uses?.split("@")[0] === action);
}

function onlyStepUsing(job: Job, action: string): Step {
  const steps = stepsUsing(job, action);
  assert.equal(steps.length, 1, `expected one step using ${action}, found ${steps.length}`);
  return steps[0];
}

/** Index of the first step whose script matches, or -1. */
function stepRunning(job: Job, pattern: RegExp): number {
  return job.steps.findIndex((step) => step.run !== undefined && pattern.test(step.run));
}

/** The job whose steps run a script that matches. */
function jobRunning(wf: Workflow, pattern: RegExp): Job {
  const job = Object.values(wf.jobs).find((j) => stepRunning(j, pattern) >= 0);
  assert.ok(job, `no job runs ${pattern}`);
  return job;
}

/** One line per schema violation, with the nested reasons of a oneOf/anyOf failure. */
function describeErrors(errors: ValidationError[], indent = ""): string[] {
  return errors.flatMap((error) => {
    const where = "path" in error ? error.path : `line ${error.location?.line ?? "?"}`;
    const line = `${indent}${where}: ${error.title}${error.detail ? ` (${error.detail})` : ""}`;
    const nested = "states" in error ? (error.states ?? []).flatMap((s) => describeErrors(s.errors, `${indent}  `)) : [];
    return [line, ...nested];
  });
}

/** A workflow that sets up Node 20 with the npm cache and installs exactly the lockfile. */
function assertNodeSetup(job: Job): void {
  const setup = onlyStepUsing(job, "actions/setup-node");
  assert.equal(String(setup.with?.["node-version"]), "20");
  assert.equal(setup.with?.cache, "npm");
  assert.ok(stepRunning(job, /^npm ci$/) >= 0, "npm ci");
}

/** A job that assumes the role in AWS_ROLE_ARN through OIDC, and runs only where it is set. */
function assertAwsByOidc(job: Job): void {
  assert.match(job.if ?? "", /vars\.AWS_ROLE_ARN != ''/);
  const credentials = onlyStepUsing(job, "aws-actions/configure-aws-credentials");
  assert.equal(credentials.with?.["role-to-assume"], "${{ vars.AWS_ROLE_ARN }}");
  assert.equal(credentials.with?.["aws-access-key-id"], undefined, "no stored access keys");
}

const EXPECTED = ["deploy.yml", "drift.yml", "pull-request.yml"];

describe("GitHub workflows", () => {
  it("ships the pull-request, deploy and drift workflows", () => {
    const files = readdirSync(WORKFLOWS).filter((file) => /\.ya?ml$/.test(file));
    for (const file of EXPECTED) assert.ok(files.includes(file), `missing .github/workflows/${file}`);
  });

  for (const file of EXPECTED) {
    it(`${file} is valid against the GitHub workflow schema`, () => {
      const { actionType, errors } = validateWorkflow(source(file));
      assert.equal(actionType, "workflow");
      assert.deepEqual(describeErrors(errors), []);
    });
  }

  it("the schema check rejects what GitHub would reject", () => {
    const broken = ["on: push", "jobs:", "  test:", "    runs-on: ubuntu-latest", "    stepz:", "      - run: npm test", ""];
    const messages = describeErrors(validateWorkflow(broken.join("\n")).errors);
    assert.ok(
      messages.some((m) => m.includes("Additional property 'stepz' is not allowed")),
      messages.join("\n"),
    );
    const badPermission = "on: push\npermissions:\n  pull-request: write\njobs:\n  a:\n    runs-on: x\n    steps: [{ run: x }]\n";
    assert.notDeepEqual(validateWorkflow(badPermission).errors, []);
  });

  it("pins every action to a major version or a commit", () => {
    for (const file of EXPECTED) {
      for (const step of allSteps(workflow(file)).filter((s) => s.uses)) {
        assert.match(step.uses ?? "", /^[\w.-]+\/[\w./-]+@(v\d+(\.\d+){0,2}|[0-9a-f]{40})$/, `${file}: ${step.uses}`);
      }
    }
  });

  it("never expands an expression inside a script (values reach scripts through env)", () => {
    for (const file of EXPECTED) {
      for (const step of allSteps(workflow(file)).filter((s) => s.run)) {
        assert.doesNotMatch(step.run ?? "", /\$\{\{/, `${file}: step "${step.name ?? step.run}"`);
      }
    }
  });

  it("calls only npm scripts that package.json defines", () => {
    const scripts = Object.keys((JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: object }).scripts);
    for (const file of EXPECTED) {
      for (const match of source(file).matchAll(/npm run (?:--silent )?([\w:-]+)/g)) {
        assert.ok(scripts.includes(match[1]), `${file} runs npm run ${match[1]}, which package.json does not define`);
      }
      if (/npm test/.test(source(file))) assert.ok(scripts.includes("test"));
    }
  });

  describe("pull-request.yml", () => {
    const wf = workflow("pull-request.yml");

    it("runs on pull requests with the least permissions it needs", () => {
      assert.ok("pull_request" in wf.on);
      assert.deepEqual(wf.permissions, { contents: "read", "pull-requests": "write", "id-token": "write" });
    });

    it("tests, then plans the change against the target branch from full history", () => {
      const job = jobRunning(wf, /plan/);
      assert.equal(onlyStepUsing(job, "actions/checkout").with?.["fetch-depth"], 0);
      assertNodeSetup(job);
      const test = stepRunning(job, /^npm test$/);
      const plan = stepRunning(job, /npm run (--silent )?plan -- --base "origin\/\$BASE_REF" --format markdown > plan\.md/);
      assert.ok(test >= 0, "npm test");
      assert.ok(plan > test, "the plan runs after the tests");
      assert.equal(job.steps[plan].env?.BASE_REF, "${{ github.base_ref }}");
    });

    it("posts plan.md as one comment that later runs update, and fails when the plan failed", () => {
      const job = jobRunning(wf, /plan/);
      const comment = onlyStepUsing(job, "marocchino/sticky-pull-request-comment");
      assert.equal(comment.with?.path, "plan.md");
      assert.ok(comment.with?.header, "a header keeps one comment per pull request");
      const plan = job.steps.findIndex((step) => step.id === "plan");
      const fail = job.steps.findIndex((step) => step.if === "steps.plan.outputs.status != '0'");
      assert.ok(fail > job.steps.indexOf(comment) && job.steps.indexOf(comment) > plan, "comment first, then fail");
      assert.match(job.steps[fail].run ?? "", /exit 1/);
    });

    it("previews the stack with the policy pack where AWS credentials are configured", () => {
      const job = Object.values(wf.jobs).find((j) => stepsUsing(j, "pulumi/actions").length > 0);
      assert.ok(job, "a job uses pulumi/actions");
      assertAwsByOidc(job);
      assert.ok(job.needs?.includes("test-and-plan"), "the preview waits for the tests");
      const preview = onlyStepUsing(job, "pulumi/actions");
      assert.equal(preview.with?.command, "preview");
      assert.equal(preview.with?.policyPacks, "policy");
      assert.equal(preview.with?.["stack-name"], "${{ vars.PULUMI_STACK || 'prod' }}");
      const credentials = job.steps.indexOf(onlyStepUsing(job, "aws-actions/configure-aws-credentials"));
      assert.ok(credentials < job.steps.indexOf(preview), "credentials before the preview");
    });
  });

  describe("deploy.yml", () => {
    const wf = workflow("deploy.yml");
    const deploy = jobRunning(wf, /pulumi up/);

    it("runs on every push to main", () => {
      assert.deepEqual((wf.on.push as { branches: string[] }).branches, ["main"]);
    });

    it("tests before it deploys", () => {
      const needs = ([] as string[]).concat(deploy.needs ?? []);
      assert.ok(needs.length > 0, "the deploy job needs another job");
      for (const name of needs) assert.ok(stepRunning(wf.jobs[name], /^npm test$/) >= 0, `${name} runs npm test`);
    });

    it("updates the stack with the policy pack, one deploy at a time", () => {
      assertNodeSetup(deploy);
      assertAwsByOidc(deploy);
      assert.ok(stepRunning(deploy, /^pulumi up --yes --stack "\$PULUMI_STACK" --policy-pack policy/) >= 0);
      assert.equal(deploy.env?.PULUMI_STACK, "${{ vars.PULUMI_STACK || 'prod' }}");
      assert.match(deploy.concurrency?.group ?? "", /PULUMI_STACK/);
      assert.equal(deploy.concurrency?.["cancel-in-progress"], false, "a running update is never cancelled");
    });
  });

  describe("drift.yml", () => {
    const wf = workflow("drift.yml");
    const job = jobRunning(wf, /pulumi refresh/);

    it("runs daily and on demand", () => {
      const schedule = wf.on.schedule as { cron: string }[];
      assert.equal(schedule.length, 1);
      assert.match(schedule[0].cron, /^\d+ \d+ \* \* \*$/);
      assert.ok("workflow_dispatch" in wf.on);
    });

    it("fails on drift, reports it in an issue, and only then deploys new base images", () => {
      assertNodeSetup(job);
      assertAwsByOidc(job);
      const refresh = stepRunning(job, /pulumi refresh --preview-only --expect-no-changes .*--stack "\$PULUMI_STACK"/);
      assert.ok(refresh >= 0, "pulumi refresh --preview-only --expect-no-changes");
      assert.match(job.steps[refresh].run ?? "", /set -o pipefail/, "tee must not hide the refresh's exit code");
      const report = job.steps.findIndex((step) => step.uses?.startsWith("actions/github-script@"));
      assert.ok(report > refresh, "a report step after the refresh");
      assert.match(job.steps[report].if ?? "", /failure\(\)/);
      assert.match(String(job.steps[report].with?.script), /issues\.create\b/);
      assert.equal(wf.permissions?.issues, "write");
      const up = stepRunning(job, /^pulumi up --yes --stack "\$PULUMI_STACK"/);
      assert.ok(up > refresh, "pulumi up after the drift check");
      assert.equal(job.steps[up].if, undefined, "runs only when every step before it passed");
    });

    it("sweeps AMIs that left the stack after the update, dry unless the repository variable says apply", () => {
      const up = stepRunning(job, /^pulumi up --yes --stack "\$PULUMI_STACK"/);
      const sweep = stepRunning(job, /^npm run sweep -- --stack "\$PULUMI_STACK" \$SWEEP_APPLY$/);
      assert.ok(sweep > up, "the sweep after pulumi up");
      assert.equal(job.steps[sweep].env?.SWEEP_APPLY, "${{ vars.AMI_SWEEP_APPLY == 'true' && '--apply' || '' }}");
    });

    it("shares the deploy's concurrency group, so it never overlaps a deploy", () => {
      const deploy = jobRunning(workflow("deploy.yml"), /pulumi up/);
      assert.ok(job.concurrency?.group);
      assert.equal(job.concurrency?.group, deploy.concurrency?.group);
      assert.equal(job.concurrency?.["cancel-in-progress"], false);
    });
  });
});
