/**
 * Runs one phase of a component document the way AWSTOE does. AWS's "Action modules supported
 * by AWSTOE component manager" (https://docs.aws.amazon.com/imagebuilder/latest/userguide/image-builder-action-modules.html):
 * ExecuteBash writes the step's commands to a script file and runs it with bash, as root, and
 * the script's exit code is the step's; exit code 194 asks for a reboot, after which the same
 * step runs again. Steps run in order; a failed step with `onFailure: Abort` (the default) ends the
 * phase failed, `Continue` goes on but fails the phase, `Ignore` goes on; `timeoutSeconds`
 * (default 120 minutes) kills a step (defaults as AWS CDK's ComponentDocumentStep documents them).
 * An action or a construct the harness cannot run fails the step and says so.
 */
import { parse } from "yaml";
import type { Machine } from "./machine";

export const PHASES = ["build", "validate", "test"] as const;
export type PhaseName = (typeof PHASES)[number];

const DEFAULT_TIMEOUT_SECONDS = 7200;
const REBOOT_EXIT_CODE = 194;
const MAX_REBOOTS = 3;

interface Step {
  name: string;
  action: string;
  onFailure?: "Abort" | "Continue" | "Ignore";
  timeoutSeconds?: number;
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

export function parseDocument(data: string): Document {
  return parse(data) as Document;
}

/** What rebooting the instance means for the caller's machine (an emulated boot). */
export type Reboot = () => Promise<void>;

export async function runPhase(doc: Document, phase: PhaseName, machine: Machine, reboot: Reboot): Promise<PhaseOutcome> {
  const steps = doc.phases.find((p) => p.name === phase)?.steps;
  if (!steps) return { ok: true, present: false, steps: [] };
  const outcomes: StepOutcome[] = [];
  let ok = true;
  for (const step of steps) {
    const outcome = await runStep(doc, phase, step, machine, reboot);
    outcomes.push(outcome);
    if (outcome.ok) continue;
    const onFailure = step.onFailure ?? "Abort";
    if (onFailure === "Ignore") continue;
    ok = false;
    if (onFailure === "Abort") break;
  }
  return { ok, present: true, steps: outcomes };
}

async function runStep(doc: Document, phase: PhaseName, step: Step, machine: Machine, reboot: Reboot): Promise<StepOutcome> {
  if (step.loop !== undefined || step.if !== undefined)
    return { step: step.name, ok: false, output: "", note: "loop/if is not emulated by the harness" };
  switch (step.action) {
    case "ExecuteBash": {
      const script = `/var/lib/awstoe-harness/${doc.name}/${phase}/${step.name}/input.sh`;
      machine.writeFile(script, `${(step.inputs?.commands ?? []).join("\n")}\n`);
      const timeout = step.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
      let output = "";
      for (let attempt = 0; ; attempt++) {
        const result = await machine.run(["bash", script], timeout);
        output += result.output;
        if (result.timedOut) return { step: step.name, ok: false, output, note: `timed out after ${timeout} s` };
        if (result.code === REBOOT_EXIT_CODE && attempt < MAX_REBOOTS) {
          await reboot();
          continue;
        }
        return {
          step: step.name,
          ok: result.code === 0,
          output,
          note: result.code === 0 ? undefined : `exit code ${result.code}`,
        };
      }
    }
    case "Reboot":
      await reboot();
      return { step: step.name, ok: true, output: "", note: "Reboot emulated: machine stopped and booted again" };
    default:
      return { step: step.name, ok: false, output: "", note: `action ${step.action} is not emulated by the harness` };
  }
}
