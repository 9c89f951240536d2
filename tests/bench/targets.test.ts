/**
 * How the benchmark judges plan against its floor (bench/targets.ts): both wall and CPU time at
 * every size of the tuned mode, against the factor #20 sets. The results are the last full run's
 * (docs/bench/results.json), with the tuned runs' ratios replaced.
 */
import { expect } from "chai";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { evaluate } from "../../bench/targets";
import type { Results } from "../../bench/report";

const RESULTS = JSON.parse(readFileSync(path.join(__dirname, "../../docs/bench/results.json"), "utf8")) as Results;

/** The last run's results with every tuned run at `wall` / `cpu`, and the first one at `first` if given. */
function withRatios(wall: number, cpu: number, first?: { wall: number; cpu: number }): Results {
  let seen = false;
  const runs = RESULTS.runs.map((run) => {
    if (run.mode !== "tuned" || !run.ratio) return run;
    const ratio = !seen && first ? first : { wall, cpu };
    seen = true;
    return { ...run, ratio: { ...run.ratio, ...ratio } };
  });
  return { ...RESULTS, runs };
}

function floorTarget(results: Results) {
  const found = evaluate(results).find((t) => t.name.startsWith("plan within"));
  if (!found) throw new Error("no plan-against-floor target");
  return found;
}

describe("the benchmark's plan-against-floor target", () => {
  it("has tuned runs to judge in the last full run", () => {
    expect(RESULTS.runs.filter((r) => r.mode === "tuned" && r.ratio)).to.have.length.greaterThan(1);
  });

  it("is the 1.15x goal, met when every size is at most 1.15 in wall and CPU time", () => {
    const target = floorTarget(withRatios(1.15, 1.15));
    expect(target.name).to.equal("plan within 1.15x of the floor at every size (tuned)");
    expect(target.status).to.equal("met");
  });

  it("is missed when one size's CPU ratio is above it, though its wall ratio is not", () => {
    expect(floorTarget(withRatios(1.1, 1.1, { wall: 1.1, cpu: 1.16 })).status).to.equal("missed");
  });

  it("is missed when one size's wall ratio is above it, though its CPU ratio is not", () => {
    expect(floorTarget(withRatios(1.1, 1.1, { wall: 1.16, cpu: 1.0 })).status).to.equal("missed");
  });

  it("does not judge the default mode, where plan turns source maps off and the floors do not", () => {
    const results = withRatios(1.1, 1.1);
    const runs = results.runs.map((r) =>
      r.mode === "default" && r.ratio ? { ...r, ratio: { ...r.ratio, wall: 2, cpu: 2 } } : r,
    );
    expect(runs.some((r) => r.mode === "default" && r.ratio?.wall === 2)).to.equal(true);
    expect(floorTarget({ ...results, runs }).status).to.equal("met");
  });
});
