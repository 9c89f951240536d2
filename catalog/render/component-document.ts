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
/** How each platform runs commands. The prelude makes any failing command fail its step. */
export const SCRIPT: { readonly [P in Platform]: { action: "ExecuteBash" | "ExecutePowerShell"; prelude: string } } = {
  Linux: { action: "ExecuteBash", prelude: "set -euo pipefail" },
  Windows: { action: "ExecutePowerShell", prelude: "$ErrorActionPreference = 'Stop'" },
};
export function renderStep(platform: Platform, step: Step): object {
  switch (step.action) {
    case "UpdateOS":
      return { name: step.name, action: "UpdateOS" };
    case "script":
      return {
        name: step.name,
        action: SCRIPT[platform].action,
        inputs: { commands: [SCRIPT[platform].prelude, ...step.commands] },
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
 * The document of one of the catalog's inline components: `build` runs in the build phase and
 * `test` (when given) in the test phase, each as one ExecuteBash (Linux) or ExecutePowerShell
 * (Windows) step whose commands are the given ones in order, after a prelude that makes any
 * failing command fail the step (`set -euo pipefail`, `$ErrorActionPreference = 'Stop'`).
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
