/**
 * What a scheduled `pulumi refresh --preview-only --json` found: nothing, drift (AWS differs from
 * the stack's state: a grant added or removed by hand, a parameter edited), or a failure (expired
 * credentials, a backend that cannot be reached), which is not drift and must not be reported as
 * such. Pure: the caller gives the command's exit code and standard output.
 */

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

/** The body of the stack's drift issue: the refreshed differences, then what to do. */
export function driftIssueBody(stack: string, differences: readonly Difference[], runUrl: string): string {
  const rows = differences.map(
    (d) => `| ${d.op} | \`${resourceOf(d.urn)}\` | ${d.properties.join(", ") || (d.op === "delete" ? "gone from AWS" : "")} |`,
  );
  return [
    `Drift in stack \`${stack}\`: AWS differs from the stack's state in ${differences.length} resource${differences.length === 1 ? "" : "s"}. Nothing was deployed.`,
    "",
    `Last checked: ${runUrl}`,
    "",
    "| Change | Resource | Properties |",
    "|---|---|---|",
    ...rows,
    "",
    "Keep the change: `pulumi refresh`, then put it in the catalog. Undo it: `pulumi up --refresh`.",
    "",
  ].join("\n");
}
