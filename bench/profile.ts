/**
 * Where the time goes: a summary of a V8 CPU profile (`node --cpu-prof`) by self time, per
 * function and per origin (our code, the Pulumi SDK, @pulumi/aws, tsx, Node itself...).
 *
 *   npx tsx bench/profile.ts FILE.cpuprofile [--top N]
 */
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  totalMs: number;
  /** Self time by origin, largest first. */
  byOrigin: Array<{ origin: string; ms: number; share: number }>;
  /** Self time by function, largest first. */
  byFunction: Array<{ name: string; origin: string; ms: number; share: number }>;
  /** Time under a frame whose function captures stack traces (inclusive). */
  stackTraceMs: number;
}

/** The package or part of the project a script URL belongs to. */
export function originOf(url: string): string {
  if (url === "") return "(native / GC / idle)";
  const modules = url.lastIndexOf("node_modules/");
  if (modules >= 0) {
    const rest = url.slice(modules + "node_modules/".length).split("/");
    return rest[0].startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith("node:")) return "node";
  const project = /\/(catalog|components|offline|cli|plan|bench|policy)\//.exec(url);
  if (project) return `project:${project[1]}`;
  return url.endsWith("index.ts") ? "project:index" : "other";
}

export function summarizeProfile(profile: CpuProfile, top = 15): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const totalUs = [...selfUs.values()].reduce((a, b) => a + b, 0);

  const origins = new Map<string, number>();
  const functions = new Map<string, { origin: string; us: number }>();
  for (const node of profile.nodes) {
    const us = selfUs.get(node.id) ?? 0;
    if (us === 0) continue;
    const origin =
      node.callFrame.url === "" && node.callFrame.functionName === "(idle)" ? "(idle)" : originOf(node.callFrame.url);
    origins.set(origin, (origins.get(origin) ?? 0) + us);
    const file = node.callFrame.url.split("/").slice(-1)[0] ?? "";
    const key = `${node.callFrame.functionName || "(anonymous)"} ${file}:${node.callFrame.lineNumber + 1}`;
    const entry = functions.get(key) ?? { origin, us: 0 };
    entry.us += us;
    functions.set(key, entry);
  }

  // Inclusive time under stack-trace capture: V8 reports it as a native frame below the caller.
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const capturing = (id: number): boolean => {
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)!.callFrame;
      if (
        /captureStackTrace|prepareStackTrace|getStackTrace|callsites|sourceMapSupport|mapSourcePosition/i.test(frame.functionName)
      )
        return true;
    }
    return false;
  };
  let stackUs = 0;
  for (const [id, us] of selfUs) if (capturing(id)) stackUs += us;

  const ms = (us: number) => Math.round(us / 100) / 10;
  const share = (us: number) => Math.round((1000 * us) / totalUs) / 1000;
  return {
    totalMs: ms(totalUs),
    byOrigin: [...origins].sort((a, b) => b[1] - a[1]).map(([origin, us]) => ({ origin, ms: ms(us), share: share(us) })),
    byFunction: [...functions]
      .sort((a, b) => b[1].us - a[1].us)
      .slice(0, top)
      .map(([name, { origin, us }]) => ({ name, origin, ms: ms(us), share: share(us) })),
    stackTraceMs: ms(stackUs),
  };
}

export function formatSummary(summary: ProfileSummary): string {
  const pct = (share: number) => `${(share * 100).toFixed(1).padStart(5)}%`;
  const lines = [
    `${summary.totalMs} ms sampled; under stack-trace capture: ${summary.stackTraceMs} ms`,
    "by origin (self time):",
  ];
  for (const o of summary.byOrigin.slice(0, 10)) lines.push(`  ${pct(o.share)} ${String(o.ms).padStart(8)} ms  ${o.origin}`);
  lines.push("by function (self time):");
  for (const f of summary.byFunction) lines.push(`  ${pct(f.share)} ${String(f.ms).padStart(8)} ms  ${f.name}  [${f.origin}]`);
  return lines.join("\n");
}

if (require.main === module) {
  const [file, ...rest] = process.argv.slice(2);
  if (!file) {
    console.error("usage: tsx bench/profile.ts FILE.cpuprofile [--top N]");
    process.exit(2);
  }
  const top = rest[0] === "--top" ? Number(rest[1]) : 15;
  console.log(formatSummary(summarizeProfile(JSON.parse(readFileSync(file, "utf8")) as CpuProfile, top)));
}
