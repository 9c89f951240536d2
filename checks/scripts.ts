/**
 * The scripts of a component document as AWSTOE runs them: the `commands` of an ExecuteBash or
 * ExecutePowerShell step, written one after the other into one script file (AWS's action module
 * reference: "converted into a file (for example, input.sh) and run with the bash shell",
 * `input.ps1` with Windows PowerShell). A line of the script leads back to its command.
 */
import { parse } from "yaml";

export type ScriptAction = "ExecuteBash" | "ExecutePowerShell";
const SCRIPT_ACTIONS: readonly string[] = ["ExecuteBash", "ExecutePowerShell"] satisfies ScriptAction[];

export interface Script {
  phase: string;
  step: string;
  action: ScriptAction;
  commands: readonly string[];
  /** The file AWSTOE runs: every command, each on its own line(s). */
  text: string;
}

/** A problem a checker found at a line and column (1-based) of a script. */
export interface ScriptFinding {
  line: number;
  column: number;
  message: string;
}

/** Where a script line comes from: the command (0-based) and the line and column within it (1-based). */
export interface CommandPlace {
  command: number;
  line: number;
  column: number;
}

/** A YAML map of a document not yet known to have the expected shape. */
type Loose = Record<string, unknown>;

/** Every script of a document, in document order. A document that is not the expected shape has none. */
export function scriptsOf(data: string): Script[] {
  const doc = parse(data) as { phases?: unknown } | null;
  const scripts: Script[] = [];
  for (const phase of (Array.isArray(doc?.phases) ? doc.phases : []) as (Loose | null)[]) {
    for (const step of (Array.isArray(phase?.steps) ? phase.steps : []) as (Loose | null)[]) {
      const commands: unknown = (step?.inputs as Loose | undefined)?.commands;
      if (typeof step?.action !== "string" || !SCRIPT_ACTIONS.includes(step.action) || !Array.isArray(commands)) continue;
      const lines = commands.map(String);
      scripts.push({
        phase: String(phase?.name),
        step: String(step.name),
        action: step.action as ScriptAction,
        commands: lines,
        text: `${lines.join("\n")}\n`,
      });
    }
  }
  return scripts;
}

/** The command a script line belongs to. */
export function commandAt(script: Script, line: number, column: number): CommandPlace {
  let first = 1;
  for (let command = 0; command < script.commands.length; command += 1) {
    const lines = script.commands[command].split("\n").length;
    if (line < first + lines) return { command, line: line - first + 1, column };
    first += lines;
  }
  return { command: script.commands.length - 1, line: 1, column: 1 };
}
