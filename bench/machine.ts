/** The machine a bench run measured on, recorded with its results. */
import * as os from "node:os";
import { getHeapStatistics } from "node:v8";
import type { Results } from "./report";

/** `loadStart` is the one-minute load average when the run began; the end is read now. */
export function machine(loadStart: number): Results["machine"] {
  return {
    cpu: os.cpus()[0]?.model.trim() ?? "unknown CPU",
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.versions.node,
    platform: `${os.platform()} ${os.release()}`,
    heapLimitMiB: Math.round(getHeapStatistics().heap_size_limit / 2 ** 20),
    load: { start: loadStart, end: os.loadavg()[0] },
  };
}
