/**
 * One measured process: wall time, CPU time and peak resident memory of a fresh `node` running a
 * TypeScript entry point through tsx, the loader `npm run plan` uses. `/usr/bin/time` reads the
 * kernel's accounting; without it, wall time is taken here and memory from the child's own
 * report (`{"maxRssKiB": ...}` on its last line of output), when it gives one.
 */
import { spawn } from "node:child_process";
import { existsSync, openSync, closeSync, readFileSync, rmSync } from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";

export const ROOT = path.resolve(__dirname, "..");
const TIME = "/usr/bin/time";

/**
 * Node settings a run is made with, the same for a plan and its floors. `default` is how
 * `npm run plan` runs: through tsx, which turns source maps on, with one frame per stack trace
 * (cli/entry.ts sets `Error.stackTraceLimit = 1` for plan unless debugging; the floors get `--stack-trace-limit=1`).
 * `tuned` also turns source maps off again after tsx (bench/no-source-maps.mjs): the SDK formats
 * a stack trace for every resource and output, and each frame of a TypeScript file is then
 * looked up in its source map.
 */
export type Mode = "default" | "tuned";

export function nodeFlags(mode: Mode): string[] {
  const flags = ["--import", "tsx", "--stack-trace-limit=1"];
  if (mode === "default") return flags;
  return [...flags, "--import", pathToFileURL(path.join(__dirname, "no-source-maps.mjs")).href];
}

/** Each mode as the results describe it. */
export const MODES: Record<Mode, string> = {
  default:
    "`node --import tsx --stack-trace-limit=1`: as `npm run plan` runs. plan itself (cli/entry.ts) turns source maps off and keeps one frame per stack trace; the floors keep tsx's source maps, so this mode favours plan",
  tuned:
    "the same with source maps turned off after tsx for plan and floors alike (bench/no-source-maps.mjs): the like-for-like comparison. The SDK formats a stack trace for every resource and output, each TypeScript frame looked up in its source map",
};

export interface Measurement {
  ok: boolean;
  wallS: number;
  /** User plus system time of the process and its children. */
  cpuS: number;
  /** Peak resident set, MiB; 0 when unknown. */
  rssMiB: number;
  /** The end of standard error when the process failed. */
  error?: string;
}

/** Runs `node <flags> <script> <args>` from the project root, its output into `stdout`. */
export async function measure(
  mode: Mode,
  script: string,
  args: readonly string[],
  stdout: string,
  extraFlags: readonly string[] = [],
): Promise<Measurement> {
  const timeFile = `${stdout}.time`;
  const node = [...nodeFlags(mode), ...extraFlags, script, ...args];
  const useTime = existsSync(TIME);
  const [command, argv] = useTime
    ? [TIME, ["-f", "%e %U %S %M", "-o", timeFile, process.execPath, ...node]]
    : [process.execPath, node];
  const out = openSync(stdout, "w");
  const started = process.hrtime.bigint();
  let stderr = "";
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn(command, argv, { cwd: ROOT, stdio: ["ignore", out, "pipe"] });
    child.stderr?.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    child.on("error", reject);
    child.on("close", (status) => resolve(status ?? 1));
  });
  closeSync(out);
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  const result: Measurement = { ok: code === 0, wallS: round(wall, 2), cpuS: 0, rssMiB: 0 };
  if (useTime && existsSync(timeFile)) {
    const line = readFileSync(timeFile, "utf8").trim().split("\n").pop() ?? "";
    const [elapsed, user, system, maxKiB] = line.split(/\s+/).map(Number);
    if (elapsed !== undefined && Number.isFinite(elapsed)) result.wallS = round(elapsed, 2);
    if (user !== undefined && system !== undefined) result.cpuS = round(user + system, 2);
    if (maxKiB) result.rssMiB = Math.round(maxKiB / 1024);
    rmSync(timeFile, { force: true });
  } else {
    const last = readFileSync(stdout, "utf8").trim().split("\n").pop() ?? "";
    const reported = /"maxRssKiB":(\d+)/.exec(last);
    if (reported) result.rssMiB = Math.round(Number(reported[1]) / 1024);
  }
  if (!result.ok) result.error = stderr.trim().split("\n").slice(-6).join("\n");
  return result;
}

export function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The measurement with the median wall time of several. */
export function medianRun(runs: readonly Measurement[]): Measurement {
  const ok = runs.filter((r) => r.ok);
  if (ok.length === 0) return runs[runs.length - 1];
  const wall = median(ok.map((r) => r.wallS));
  return ok.reduce((best, r) => (Math.abs(r.wallS - wall) < Math.abs(best.wallS - wall) ? r : best));
}
