/**
 * Image Builder component documents (AWSTOE, schema 1.0) as YAML text: the best practices of an
 * OS (tables/best-practices.ts) and the catalog's inline components, rendered by one function so
 * that both read alike. Rendered byte for byte the same on every call: their versions are their
 * hashes.
 */
import { Document, type Scalar } from "yaml";
import { OS_TABLE, type OsName, type Platform } from "../tables/os-table";
import {
  LINUX_BEST_PRACTICES,
  WINDOWS_BEST_PRACTICES,
  type BestPracticeName,
  type PhaseName,
  type Step,
  type Phases,
  type Practice,
  LINUX_PRACTICES,
  WINDOWS_PRACTICES,
  assertNever,
} from "../tables/best-practices";

export interface ComponentDocument {
  /** `<variant>-<practice>`, e.g. `linux-apt-ssh-port-22`; the caller prefixes the factory name. */
  name: string;
  /** The practice this component enforces. */
  practice: BestPracticeName;
  description: string;
  platform: Platform;
  /** The Image Builder component document (schema 1.0), YAML text. */
  data: string;
}
export const PHASE_ORDER: readonly PhaseName[] = ["build", "validate", "test"];
/**
 * How each platform runs commands. The prelude makes a failing cmdlet or bash command fail its
 * step; on Windows that is not enough for native programs, see `scriptItems`.
 */
export const SCRIPT: { readonly [P in Platform]: { action: "ExecuteBash" | "ExecutePowerShell"; prelude: string } } = {
  Linux: { action: "ExecuteBash", prelude: "set -euo pipefail" },
  Windows: { action: "ExecutePowerShell", prelude: "$ErrorActionPreference = 'Stop'" },
};

/** One item of a script step's `commands`: the step's own command `of`, a guard after it, or the prelude. */
export interface ScriptItem {
  text: string;
  /** The index of the step command this item is (`own`) or guards; undefined for the prelude. */
  of?: number;
  own: boolean;
}

/**
 * Resets `$LASTEXITCODE`, which keeps the code of the last native program until another one
 * runs (about_Automatic_Variables, "$LASTEXITCODE": "Contains the exit code of the last native
 * program or PowerShell script that ran"): a guard must see only its own command's program.
 * Native programs set the global variable; a script's `$LASTEXITCODE = 0` would only hide it.
 */
const RESET_EXIT_CODE = "$global:LASTEXITCODE = 0";

/**
 * The `commands` of a script step as rendered. Linux: the prelude, then the step's commands;
 * `set -e` stops at the first command that exits non-zero, with its code.
 *
 * Windows: ExecutePowerShell runs the commands as one file with Windows PowerShell (5.1 on
 * Server 2019 and 2022; AWSTOE's ExecutePowerShell reference), where `$ErrorActionPreference`
 * acts on cmdlet errors only: a native program's non-zero exit code sets `$LASTEXITCODE` and the
 * script goes on (`$PSNativeCommandUseErrorActionPreference`, which makes native exit codes obey
 * it, came with PowerShell 7.3, PowerShell/PowerShell#15897, and defaults to `$false`; 5.1's
 * about_Preference_Variables has no such variable). So
 * `$LASTEXITCODE` is reset after the prelude, and each command is followed by a guard: when the
 * command left `$LASTEXITCODE` set and non-zero, it says which command it was and exits with that
 * code, else it resets it for the next command. Exiting with the program's own code keeps
 * AWSTOE's reboot protocol: a program that exits 3010 (as msiexec does when a restart is needed)
 * makes ExecutePowerShell restart the instance and run the step again ("handles system restarts
 * if the shell command exits with an exit code of 3010",
 * https://docs.aws.amazon.com/imagebuilder/latest/userguide/toe-action-modules.html#action-modules-executepowershell).
 * A multi-line command is guarded once, at its end.
 */
export function scriptItems(platform: Platform, step: string, commands: readonly string[]): ScriptItem[] {
  const prelude: ScriptItem = { text: SCRIPT[platform].prelude, own: false };
  switch (platform) {
    case "Linux":
      return [prelude, ...commands.map((text, of) => ({ text, of, own: true }))];
    case "Windows":
      return [
        prelude,
        { text: RESET_EXIT_CODE, own: false },
        ...commands.flatMap((text, of) => [
          { text, of, own: true },
          { text: exitCodeGuard(`${step} command ${of + 1} (${excerpt(text)})`), of, own: false },
        ]),
      ];
    default:
      return assertNever(platform);
  }
}

function exitCodeGuard(label: string): string {
  const exitCode = "$global:LASTEXITCODE";
  const message = `(${powerShellString(`${label} exited with code `)} + ${exitCode})`;
  return `if (${exitCode}) { Write-Output ${message}; exit ${exitCode} }; ${RESET_EXIT_CODE}`;
}

/**
 * A command's first line, short enough for a log line. AWSTOE substitutes `{{ ... }}` in
 * commands (toe-user-defined-variables.html), so braces are kept from pairing up in the copy.
 */
function excerpt(command: string): string {
  const line = (command.split(/\r?\n/).find((l) => l.trim() !== "") ?? "").trim();
  const short = line.length > 40 ? `${line.slice(0, 40)}...` : line;
  return short.replace(/\{\{/g, "{ {").replace(/\}\}/g, "} }");
}

/**
 * A single-quoted PowerShell string: nothing in it expands, and a quote is doubled. PowerShell
 * also takes U+2018 to U+201B for single quotes (the PowerShell language specification,
 * "Lexical structure", `single-quote-character`).
 */
function powerShellString(text: string): string {
  return `'${text.replace(/['\u2018\u2019\u201a\u201b]/g, (quote) => quote + quote)}'`;
}

export function renderStep(platform: Platform, step: Step): object {
  switch (step.action) {
    case "UpdateOS":
      return { name: step.name, action: "UpdateOS" };
    case "script":
      return {
        name: step.name,
        action: SCRIPT[platform].action,
        inputs: { commands: scriptItems(platform, step.name, step.commands).map((item) => item.text) },
      };
    default:
      return assertNever(step);
  }
}
export function renderDocument(platform: Platform, name: string, description: string, phases: Phases): string {
  const doc = new Document({
    name,
    description,
    schemaVersion: 1,
    phases: PHASE_ORDER.flatMap((phase) => {
      const steps = phases[phase];
      return steps ? [{ name: phase, steps: steps.map((step) => renderStep(platform, step)) }] : [];
    }),
  });
  // Image Builder documents spell the schema version `1.0`.
  (doc.get("schemaVersion", true) as Scalar).minFractionDigits = 1;
  return doc.toString({ lineWidth: 0 });
}
/**
 * An inline component's description when the catalog gives none. It names the image's AWS name,
 * not its catalog name: the description is part of the versioned document, and a rename must not
 * make a new version.
 */
export function defaultComponentDescription(component: string, awsName: string): string {
  return `${component} for ${awsName}`;
}

/**
 * The document of one of the catalog's inline components: `build` runs in the build phase and
 * `test` (when given) in the test phase, each as one ExecuteBash (Linux) or ExecutePowerShell
 * (Windows) step whose commands are the given ones in order, rendered so that any failing
 * command fails the step (`scriptItems`).
 */
export function inlineComponentDocument(
  platform: Platform,
  name: string,
  description: string,
  build: readonly string[],
  test?: readonly string[],
): string {
  if (build.length === 0) throw new Error(`component "${name}" has no build commands; give at least one`);
  return renderDocument(platform, name, description, {
    build: [{ name: "Build", action: "script", commands: build }],
    ...(test && test.length > 0 ? { test: [{ name: "Test", action: "script", commands: test }] } : {}),
  });
}
// ---------------------------------------------------------------------------------------------

export function component<F>(
  platform: Platform,
  variant: string,
  practice: BestPracticeName,
  spec: Practice<F>,
  facts: F,
): ComponentDocument {
  const name = [variant, ...(spec.qualifier?.(facts) ?? []), practice].join("-");
  const description = spec.description(facts);
  const data = renderDocument(platform, name, description, spec.phases(facts));
  return { name, practice, description, platform, data };
}
/**
 * The best-practice components of an OS, in recipe order (Linux 4, Windows 2). A component is
 * named `<variant>[-<qualifier>]-<practice>`: the variant is the package manager (`linux-dnf`)
 * or `windows`, the qualifier what sets the OS's document apart (`releasever-latest` on Amazon
 * Linux 2023's update, the vendor user removed on Ubuntu's and Debian's login user).
 */
export function bestPracticeComponents(os: OsName): ComponentDocument[] {
  const info = OS_TABLE[os];
  switch (info.platform) {
    case "Linux": {
      const variant = `linux-${info.facts.packageManager.value}`;
      return LINUX_BEST_PRACTICES.map((practice) => component("Linux", variant, practice, LINUX_PRACTICES[practice], info.facts));
    }
    case "Windows":
      return WINDOWS_BEST_PRACTICES.map((practice) =>
        component("Windows", "windows", practice, WINDOWS_PRACTICES[practice], info.facts),
      );
    default:
      return assertNever(info);
  }
}
