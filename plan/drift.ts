/**
 * What a scheduled `pulumi refresh --preview-only --json` found: nothing, drift (AWS differs from
 * the stack's state: a grant added or removed by hand, a parameter edited), or a failure (expired
 * credentials, a backend that cannot be reached), which is not drift and must not be reported as
 * such. Pure: the caller gives the command's exit code and standard output.
 */

import { GITHUB_COMMENT_MAX } from "./limits";
import { codeSpan } from "./markdown-code";
import { Budget, Layout, size } from "./markdown-layout";
import { count } from "../catalog/read/wording";

export interface Difference {
  /** The step's operation: `update` (AWS changed it) or `delete` (it is gone from AWS). */
  op: string;
  urn: string;
  /** The properties that differ, where Pulumi names them. */
  properties: string[];
}

export type RefreshOutcome =
  { kind: "clean" } | { kind: "drift"; differences: Difference[] } | { kind: "failed"; reason: string };

/** Operations of a refresh preview that change nothing. */
const UNCHANGED = new Set(["same", "read", "refresh"]);

interface Step {
  op?: string;
  urn?: string;
  diffReasons?: string[];
  detailedDiff?: Record<string, unknown> | null;
}

export function classifyRefresh(exitCode: number, stdout: string): RefreshOutcome {
  if (exitCode !== 0) return { kind: "failed", reason: `pulumi refresh exited ${exitCode}` };
  let parsed: { steps?: Step[] };
  try {
    parsed = JSON.parse(stdout) as { steps?: Step[] };
  } catch {
    return { kind: "failed", reason: "pulumi refresh printed no JSON" };
  }
  const differences = (parsed.steps ?? [])
    .filter((step) => step.op !== undefined && !UNCHANGED.has(step.op))
    .map((step) => ({
      op: step.op!,
      urn: step.urn ?? "(no urn)",
      properties: step.diffReasons ?? Object.keys(step.detailedDiff ?? {}),
    }));
  return differences.length === 0 ? { kind: "clean" } : { kind: "drift", differences };
}

/** `aws:ec2/amiLaunchPermission:AmiLaunchPermission::app/stable/eu-west-1/1234` from a URN. */
function resourceOf(urn: string): string {
  const parts = urn.split("::");
  const type = parts[2]?.split("$").pop() ?? urn;
  return parts.length >= 4 ? `${type} ${parts.slice(3).join("::")}` : urn;
}

/** The workflow artifact that holds every difference of a stack's drift (drift-stack.yml). */
export function driftArtifact(stack: string): string {
  return `ami-factory-drift-${stack}`;
}

/** The artifact's file with every difference, when the issue had to leave some out. */
export const DRIFT_FULL = "drift-full.md";

const GUIDANCE = "Keep the change: `pulumi refresh`, then put it in the catalog. Undo it: `pulumi up --refresh`.";

/**
 * The body of the stack's drift issue: what drifted and what to do, then the refreshed differences,
 * within `limit` characters (GitHub's limit on an issue body, plan/limits.ts). Rows are left out
 * whole, never cut, and a line says how many and where all of them are.
 */
export function driftIssueBody(
  stack: string,
  differences: readonly Difference[],
  runUrl: string,
  limit = GITHUB_COMMENT_MAX,
): string {
  const rows = differences.map(
    (d) =>
      `| ${d.op} | ${codeSpan(resourceOf(d.urn))} | ${d.properties.join(", ") || (d.op === "delete" ? "gone from AWS" : "")} |`,
  );
  const everything = `the workflow artifact \`${driftArtifact(stack)}\` of [the run](${runUrl}) (\`${DRIFT_FULL}\`)`;
  const out = new Budget(limit);
  out.add([
    `Drift in stack \`${stack}\`: AWS differs from the stack's state in ${count(differences.length, "resource")}. Nothing was deployed.`,
    "",
    `Last checked: ${runUrl}`,
    "",
    GUIDANCE,
    "",
  ]);
  const leftOut = (n: number) =>
    `> ✂️ ${count(n, "more difference")} left out to keep the issue within GitHub's limit: every difference is in ${everything}.`;
  // The line that replaces the whole table, were even its first row too long, always has room.
  const layout = new Layout(out, size([leftOut(differences.length)]));
  layout.place({
    label: "table",
    open: ["| Change | Resource | Properties |", "|---|---|---|"],
    rows,
    close: [],
    cut: (n) => ["", leftOut(n)],
  });
  layout.finish();
  if (layout.leftOut.length > 0) out.add([leftOut(differences.length)]);
  return out.text();
}
