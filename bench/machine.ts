/** The machine a bench run measured on, recorded with its results. */
import { readFileSync } from "node:fs";
import * as os from "node:os";
import { getHeapStatistics } from "node:v8";
import type { Results } from "./report";

/** The machine's CPU time so far, in clock ticks: all of it, and what the hypervisor took (steal). */
export interface CpuTicks {
  total: number;
  steal: number;
}

/**
 * From the `cpu` line of Linux's /proc/stat (proc(5): user, nice, system, idle, iowait, irq,
 * softirq, steal, then guest times already counted in user and nice). Undefined elsewhere.
 */
export function cpuTicks(stat = "/proc/stat"): CpuTicks | undefined {
  let line: string | undefined;
  try {
    line = readFileSync(stat, "utf8").split("\n")[0];
  } catch {
    return undefined;
  }
  if (!line?.startsWith("cpu ")) return undefined;
  const fields = line.trim().split(/\s+/).slice(1, 9).map(Number);
  if (fields.length < 8 || fields.some((n) => !Number.isFinite(n))) return undefined;
  return { total: fields.reduce((a, b) => a + b, 0), steal: fields[7] };
}

/** The share of the machine's CPU time between two readings that the hypervisor gave to others, in percent. */
export function stealPercent(start: CpuTicks | undefined, end: CpuTicks | undefined): number | undefined {
  if (!start || !end || end.total <= start.total) return undefined;
  return Math.round((1000 * (end.steal - start.steal)) / (end.total - start.total)) / 10;
}

/**
 * `loadStart` is the one-minute load average when the run began, `ticksStart` the machine's CPU
 * time then; the ends are read now.
 */
export function machine(loadStart: number, ticksStart?: CpuTicks): Results["machine"] {
  const steal = stealPercent(ticksStart, cpuTicks());
  return {
    cpu: os.cpus()[0]?.model.trim() ?? "unknown CPU",
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.versions.node,
    platform: `${os.platform()} ${os.release()}`,
    heapLimitMiB: Math.round(getHeapStatistics().heap_size_limit / 2 ** 20),
    load: { start: loadStart, end: os.loadavg()[0] },
    ...(steal === undefined ? {} : { stealPercent: steal }),
  };
}
