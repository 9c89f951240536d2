/**
 * How much of the machine the host took during a benchmark run (bench/machine.ts): read from
 * Linux's /proc/stat as proc(5) lays it out, and shown with the machine the results name.
 */
import { expect } from "chai";
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { cpuTicks, stealPercent } from "../../bench/machine";
import { machineLine, type Machine } from "../../bench/report";
import { tempDir } from "../support/temp-dir";

const dir = tempDir("machine");

function stat(cpuLine: string): string {
  const file = path.join(dir, `stat-${Math.random().toString(36).slice(2)}`);
  // As the kernel writes it: the sum over CPUs, then each CPU, then other counters.
  writeFileSync(file, `${cpuLine}\ncpu0 1 2 3 4 5 6 7 8 0 0\nintr 12345\nctxt 678\n`);
  return file;
}

const MACHINE: Machine = {
  cpu: "AMD EPYC",
  cores: 2,
  memoryGiB: 24,
  node: "20.20.2",
  platform: "linux 6.1",
  heapLimitMiB: 4144,
  load: { start: 0.2, end: 1.5 },
};

describe("the benchmark's machine record (bench/machine.ts)", () => {
  it("reads user to steal of the cpu line, leaving out the guest times already counted in user", () => {
    // user nice system idle iowait irq softirq steal guest guest_nice
    expect(cpuTicks(stat("cpu  100 0 50 800 10 0 5 35 999 999"))).to.deep.equal({ total: 1000, steal: 35 });
  });

  it("reads the kernel's own /proc/stat: ticks that count up, steal a part of them", function () {
    // The kernel's layout, not only the fixture's; elsewhere than Linux the test says it skipped.
    if (process.platform !== "linux") this.skip();
    const before = cpuTicks();
    const until = Date.now() + 50;
    while (Date.now() < until); // 50 ms of CPU: at 100 ticks a second, at least a few ticks.
    const after = cpuTicks();
    expect(before, "the real /proc/stat").to.not.equal(undefined);
    expect(after!.total).to.be.greaterThan(before!.total);
    expect(after!.steal).to.be.at.least(before!.steal).and.at.most(after!.total);
    expect(stealPercent(before, after)).to.be.within(0, 100);
  });

  it("knows no ticks where there is no such file or no cpu line", () => {
    expect(cpuTicks(path.join(dir, "missing"))).to.equal(undefined);
    expect(cpuTicks(stat("intr 1 2 3"))).to.equal(undefined);
    expect(cpuTicks(stat("cpu  1 2 3"))).to.equal(undefined);
  });

  it("gives the host's share of the CPU time between two readings, in percent to one decimal", () => {
    expect(stealPercent({ total: 1000, steal: 35 }, { total: 3000, steal: 368 })).to.equal(16.7);
    expect(stealPercent({ total: 1000, steal: 35 }, { total: 1000, steal: 35 })).to.equal(undefined);
    expect(stealPercent(undefined, { total: 3000, steal: 368 })).to.equal(undefined);
  });

  it("names the steal with the machine when it was measured, and says nothing of it otherwise", () => {
    expect(machineLine({ ...MACHINE, stealPercent: 16.7 })).to.match(/, load 0\.2 -> 1\.5, steal 16\.7% of CPU time$/);
    expect(machineLine(MACHINE)).to.match(/, load 0\.2 -> 1\.5$/);
  });
});
