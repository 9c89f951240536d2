import assert from "node:assert/strict";
import { stringify } from "yaml";
import { parseDocument, runPhase, stepAttempts, stepTimeout, type Instance } from "../../instance/awstoe";
import type { Result } from "../../instance/exec";
import { COMMAND_RETRY_LIMIT } from "../../instance/ssm-agent";

/** A fake instance: each run of a script takes the next result queued for that step name. */
class FakeInstance implements Instance {
  readonly files = new Map<string, string>();
  readonly runs: { step: string; timeoutSeconds: number | undefined }[] = [];
  reboots = 0;

  constructor(private readonly results: Record<string, Partial<Result>[]>) {}

  writeFile(path: string, content: string): void {
    this.files.set(path, content);
  }

  runStep(argv: readonly string[], timeoutSeconds: number | undefined): Promise<Result> {
    const step = argv[1].split("/").at(-2)!;
    this.runs.push({ step, timeoutSeconds });
    const next = this.results[step]?.shift() ?? {};
    return Promise.resolve({ code: 0, output: `${step} ran\n`, timedOut: false, ...next });
  }

  reboot(): Promise<void> {
    this.reboots++;
    return Promise.resolve();
  }
}

/** A document whose build phase has these steps (ExecuteBash unless said otherwise). */
function documentOf(steps: Record<string, unknown>[]) {
  return parseDocument(
    stringify({
      name: "doc",
      schemaVersion: 1.0,
      phases: [{ name: "build", steps: steps.map((s) => ({ action: "ExecuteBash", inputs: { commands: ["true"] }, ...s })) }],
    }),
  );
}

describe("instance/awstoe: one phase as AWSTOE runs it", () => {
  it("writes a step's commands to its input.sh and runs it with bash", async () => {
    const instance = new FakeInstance({});
    const outcome = await runPhase(
      documentOf([{ name: "Hello", inputs: { commands: ["set -euo pipefail", "echo hi"] } }]),
      "build",
      instance,
    );
    assert.deepEqual(outcome, { ok: true, present: true, steps: [{ step: "Hello", ok: true, output: "Hello ran\n" }] });
    assert.equal(instance.files.get("/var/lib/awstoe-harness/doc/build/Hello/input.sh"), "set -euo pipefail\necho hi\n");
  });

  it("reports a phase the document lacks as not present, and runs nothing", async () => {
    const instance = new FakeInstance({});
    assert.deepEqual(await runPhase(documentOf([{ name: "A" }]), "test", instance), { ok: true, present: false, steps: [] });
    assert.equal(instance.runs.length, 0);
  });

  describe("onFailure", () => {
    const failing = { A: [{ code: 3 }] };
    const cases: [string | undefined, boolean, string[]][] = [
      [undefined, false, ["A"]],
      ["Abort", false, ["A"]],
      ["Continue", false, ["A", "B"]],
      ["Ignore", true, ["A", "B"]],
    ];
    for (const [onFailure, ok, ran] of cases) {
      it(`${onFailure ?? "unset (Abort)"}: the phase ${ok ? "passes" : "fails"} and runs ${ran.join(", ")}`, async () => {
        const instance = new FakeInstance(structuredClone(failing));
        const outcome = await runPhase(documentOf([{ name: "A", onFailure }, { name: "B" }]), "build", instance);
        assert.equal(outcome.ok, ok);
        assert.deepEqual(
          instance.runs.map((r) => r.step),
          ran,
        );
        assert.equal(outcome.steps[0].note, "exit code 3");
      });
    }
  });

  describe("reboots (exit code 194 and the Reboot module)", () => {
    it("reboots on exit code 194 and runs the same step again, then goes on", async () => {
      const instance = new FakeInstance({ A: [{ code: 194, output: "first\n" }, { output: "second\n" }] });
      const outcome = await runPhase(documentOf([{ name: "A" }, { name: "B" }]), "build", instance);
      assert.equal(instance.reboots, 1);
      assert.deepEqual(
        instance.runs.map((r) => r.step),
        ["A", "A", "B"],
      );
      assert.deepEqual(outcome.steps[0], { step: "A", ok: true, output: "first\nsecond\n" });
    });

    it("fails the step when it asks for more reboots than the SSM agent's CommandRetryLimit", async () => {
      const always194 = Array.from({ length: COMMAND_RETRY_LIMIT + 5 }, () => ({ code: 194 }));
      const instance = new FakeInstance({ A: always194 });
      const outcome = await runPhase(documentOf([{ name: "A" }]), "build", instance);
      assert.equal(outcome.ok, false);
      assert.equal(instance.reboots, COMMAND_RETRY_LIMIT);
      assert.equal(instance.runs.length, COMMAND_RETRY_LIMIT + 1);
      assert.match(outcome.steps[0].note ?? "", /reboot limit reached \(15 reboots, the SSM agent's CommandRetryLimit\)/);
    });

    it("counts the reboots of every step of the phase against one limit", async () => {
      const steps = Array.from({ length: COMMAND_RETRY_LIMIT + 1 }, (_, i) => ({ name: `R${i}`, action: "Reboot" }));
      const instance = new FakeInstance({});
      const outcome = await runPhase(documentOf(steps), "build", instance);
      assert.equal(instance.reboots, COMMAND_RETRY_LIMIT);
      assert.equal(outcome.ok, false);
      assert.equal(outcome.steps.length, COMMAND_RETRY_LIMIT + 1);
    });

    it("the Reboot module reboots once and goes on with the next step", async () => {
      const instance = new FakeInstance({});
      const outcome = await runPhase(documentOf([{ name: "R", action: "Reboot" }, { name: "B" }]), "build", instance);
      assert.equal(outcome.ok, true);
      assert.equal(instance.reboots, 1);
      assert.deepEqual(
        instance.runs.map((r) => r.step),
        ["B"],
      );
    });
  });

  describe("timeoutSeconds", () => {
    it("defaults to 7,200 s; -1 is no timeout; a positive value is passed on", async () => {
      const instance = new FakeInstance({});
      await runPhase(
        documentOf([{ name: "Default" }, { name: "Infinite", timeoutSeconds: -1 }, { name: "Short", timeoutSeconds: 30 }]),
        "build",
        instance,
      );
      assert.deepEqual(instance.runs, [
        { step: "Default", timeoutSeconds: 7200 },
        { step: "Infinite", timeoutSeconds: undefined },
        { step: "Short", timeoutSeconds: 30 },
      ]);
    });

    for (const value of [0, -2, 1.5]) {
      it(`rejects ${value}: the step fails without running`, async () => {
        assert.deepEqual(stepTimeout({ timeoutSeconds: value }), {
          invalid: `timeoutSeconds ${value} is not allowed: a positive integer, or -1 for no timeout`,
        });
        const instance = new FakeInstance({});
        const outcome = await runPhase(documentOf([{ name: "A", timeoutSeconds: value }]), "build", instance);
        assert.equal(outcome.ok, false);
        assert.equal(instance.runs.length, 0);
      });
    }

    it("a timed-out attempt fails the step and says after how long", async () => {
      const instance = new FakeInstance({ A: [{ code: 137, timedOut: true }] });
      const outcome = await runPhase(documentOf([{ name: "A", timeoutSeconds: 5 }]), "build", instance);
      assert.equal(outcome.steps[0].note, "timed out after 5 s");
    });

    it("a timed-out attempt that happened to exit 194 is a timeout, not a reboot", async () => {
      const instance = new FakeInstance({ A: [{ code: 194, timedOut: true }] });
      const outcome = await runPhase(documentOf([{ name: "A", timeoutSeconds: 5 }]), "build", instance);
      assert.equal(instance.reboots, 0);
      assert.equal(outcome.ok, false);
    });
  });

  describe("maxAttempts", () => {
    it("defaults to 1: a failing step runs once", async () => {
      assert.deepEqual(stepAttempts({}), { attempts: 1 });
      const instance = new FakeInstance({ A: [{ code: 1 }, { code: 0 }] });
      const outcome = await runPhase(documentOf([{ name: "A" }]), "build", instance);
      assert.equal(outcome.ok, false);
      assert.equal(instance.runs.length, 1);
    });

    it("attempts a failing step again, up to maxAttempts, and passes when an attempt does", async () => {
      const instance = new FakeInstance({ A: [{ code: 1 }, { code: 0, timedOut: true }, { code: 0 }] });
      const outcome = await runPhase(documentOf([{ name: "A", maxAttempts: 3 }]), "build", instance);
      assert.equal(outcome.ok, true);
      assert.equal(instance.runs.length, 3);
    });

    it("fails after the last attempt, and says which it was", async () => {
      const instance = new FakeInstance({ A: [{ code: 1 }, { code: 2 }] });
      const outcome = await runPhase(documentOf([{ name: "A", maxAttempts: 2 }]), "build", instance);
      assert.equal(outcome.ok, false);
      assert.equal(outcome.steps[0].note, "exit code 2 (attempt 2 of 2)");
    });

    it("a reboot is not an attempt", async () => {
      const instance = new FakeInstance({ A: [{ code: 194 }, { code: 1 }] });
      const outcome = await runPhase(documentOf([{ name: "A" }]), "build", instance);
      assert.equal(instance.reboots, 1);
      assert.equal(outcome.steps[0].note, "exit code 1");
    });

    for (const value of [0, -1, 2.5]) {
      it(`rejects maxAttempts ${value}`, () => {
        assert.deepEqual(stepAttempts({ maxAttempts: value }), {
          invalid: `maxAttempts ${value} is not allowed: a positive integer`,
        });
      });
    }
  });

  it("fails a step whose action or construct it cannot run, and says so", async () => {
    const instance = new FakeInstance({});
    const outcome = await runPhase(
      documentOf([
        { name: "S3", action: "S3Download", onFailure: "Continue" },
        { name: "Loop", loop: { forEach: [1] }, onFailure: "Continue" },
      ]),
      "build",
      instance,
    );
    assert.deepEqual(
      outcome.steps.map((s) => s.note),
      ["action S3Download is not emulated by the harness", "loop/if is not emulated by the harness"],
    );
    assert.equal(instance.runs.length, 0);
  });
});
