/**
 * Runs one phase of a component document the way AWSTOE does. AWS's "Action modules supported
 * by AWSTOE component manager" (https://docs.aws.amazon.com/imagebuilder/latest/userguide/toe-action-modules.html):
 * ExecuteBash writes the step's commands to a script file and runs it with bash, as root, and
 * the script's exit code is the step's; exit code 194 asks for a reboot, after which the same
 * step runs again; the Reboot module reboots and goes on with the next step; both at most the
 * SSM agent's CommandRetryLimit times (ssm-agent.ts; counted per phase here, per command by the agent). The step schema
 * (https://docs.aws.amazon.com/imagebuilder/latest/userguide/toe-use-documents.html#document-schema):
 * steps run in order; a failed step with `onFailure: Abort` (the default) ends the phase failed,
 * `Continue` goes on but fails the phase, `Ignore` goes on; `timeoutSeconds` (default 7,200; -1
 * is no timeout, 0 and other negative values are not allowed) fails an attempt that runs longer;
 * `maxAttempts` (default 1) attempts a failing step that many times before it fails.
 * An action or a construct the harness cannot run fails the step and says so.
 */
import { parse } from "yaml";
import type { Result } from "./exec";
import { COMMAND_RETRY_LIMIT } from "./ssm-agent";

export const PHASES = ["build", "validate", "test"] as const;
export type PhaseName = (typeof PHASES)[number];

const DEFAULT_TIMEOUT_SECONDS = 7200;
const NO_TIMEOUT = -1;
const DEFAULT_MAX_ATTEMPTS = 1;
const REBOOT_EXIT_CODE = 194;

interface Step {
  name: string;
  action: string;
  onFailure?: "Abort" | "Continue" | "Ignore";
  timeoutSeconds?: number;
  maxAttempts?: number;
  inputs?: { commands?: string[] };
  loop?: unknown;
  if?: unknown;
}

export interface Document {
  name: string;
  phases: { name: string; steps: Step[] }[];
}

export interface StepOutcome {
  step: string;
  ok: boolean;
  output: string;
  note?: string;
}

export interface PhaseOutcome {
  ok: boolean;
  /** False when the document has no such phase. */
  present: boolean;
  steps: StepOutcome[];
}

/** What a phase runs on: the instance, as the SSM agent and AWSTOE see it. */
export interface Instance {
  writeFile(path: string, content: string): void;
  /** Runs a step's program as the agent does (root, the agent's environment); no timeout when undefined. */
  runStep(argv: readonly string[], timeoutSeconds: number | undefined): Promise<Result>;
  /** Reboots the instance: same instance id, same disk, a new boot. */
  reboot(): Promise<void>;
}

export function parseDocument(data: string): Document {
  return parse(data) as Document;
}

/** The timeout of one attempt, in seconds (undefined: none), or why the step's value is not allowed. */
export function stepTimeout(step: Pick<Step, "timeoutSeconds">): { seconds: number | undefined } | { invalid: string } {
  const value = step.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
  if (value === NO_TIMEOUT) return { seconds: undefined };
  if (!Number.isInteger(value) || value <= 0)
    return { invalid: `timeoutSeconds ${value} is not allowed: a positive integer, or -1 for no timeout` };
  return { seconds: value };
}

/** How many times a failing step is attempted, or why the step's value is not allowed. */
export function stepAttempts(step: Pick<Step, "maxAttempts">): { attempts: number } | { invalid: string } {
  const value = step.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (!Number.isInteger(value) || value < 1) return { invalid: `maxAttempts ${value} is not allowed: a positive integer` };
  return { attempts: value };
}

export async function runPhase(doc: Document, phase: PhaseName, instance: Instance): Promise<PhaseOutcome> {
  const steps = doc.phases.find((p) => p.name === phase)?.steps;
  if (!steps) return { ok: true, present: false, steps: [] };
  const outcomes: StepOutcome[] = [];
  const reboots = { count: 0 };
  let ok = true;
  for (const step of steps) {
    const outcome = await runStep(doc, phase, step, instance, reboots);
    outcomes.push(outcome);
    if (outcome.ok) continue;
    const onFailure = step.onFailure ?? "Abort";
    if (onFailure === "Ignore") continue;
    ok = false;
    if (onFailure === "Abort") break;
  }
  return { ok, present: true, steps: outcomes };
}

async function runStep(
  doc: Document,
  phase: PhaseName,
  step: Step,
  instance: Instance,
  reboots: { count: number },
): Promise<StepOutcome> {
  const failed = (note: string, output = ""): StepOutcome => ({ step: step.name, ok: false, output, note });
  if (step.loop !== undefined || step.if !== undefined) return failed("loop/if is not emulated by the harness");
  const timeout = stepTimeout(step);
  if ("invalid" in timeout) return failed(timeout.invalid);
  const attempts = stepAttempts(step);
  if ("invalid" in attempts) return failed(attempts.invalid);
  const reboot = async (): Promise<string | undefined> => {
    if (reboots.count >= COMMAND_RETRY_LIMIT)
      return `reboot limit reached (${COMMAND_RETRY_LIMIT} reboots, the SSM agent's CommandRetryLimit)`;
    reboots.count++;
    await instance.reboot();
    return undefined;
  };
  switch (step.action) {
    case "ExecuteBash": {
      const script = `/var/lib/awstoe-harness/${doc.name}/${phase}/${step.name}/input.sh`;
      instance.writeFile(script, `${(step.inputs?.commands ?? []).join("\n")}\n`);
      let output = "";
      let attempt = 1;
      for (;;) {
        const result = await instance.runStep(["bash", script], timeout.seconds);
        output += result.output;
        if (!result.timedOut && result.code === REBOOT_EXIT_CODE) {
          const refused = await reboot();
          if (refused) return failed(refused, output);
          continue;
        }
        if (!result.timedOut && result.code === 0) return { step: step.name, ok: true, output };
        const why = result.timedOut ? `timed out after ${timeout.seconds} s` : `exit code ${result.code}`;
        if (attempt >= attempts.attempts)
          return failed(attempts.attempts === 1 ? why : `${why} (attempt ${attempt} of ${attempts.attempts})`, output);
        attempt++;
      }
    }
    case "Reboot": {
      const refused = await reboot();
      if (refused) return failed(refused);
      return { step: step.name, ok: true, output: "", note: "Reboot emulated: the instance halted and booted again" };
    }
    default:
      return failed(`action ${step.action} is not emulated by the harness`);
  }
}
