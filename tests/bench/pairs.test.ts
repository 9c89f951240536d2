/** How many interleaved pairs of plan and floor the benchmark runs for a catalog (bench/pairs.ts). */
import { expect } from "chai";
import { MAX_PAIRS, MIN_PAIRS, PAIRS_BUDGET_S, pairsFor, pairsSentence } from "../../bench/pairs";

describe("the benchmark's pairs of runs (bench/pairs.ts)", () => {
  it("gives a short catalog as many pairs as fit in the budget, up to the most", () => {
    expect(pairsFor(PAIRS_BUDGET_S / 5)).to.equal(5);
    expect(pairsFor(PAIRS_BUDGET_S / 7.5)).to.equal(7);
    expect(pairsFor(0.5)).to.equal(MAX_PAIRS);
    expect(pairsFor(0)).to.equal(MAX_PAIRS);
  });

  it("always an odd number, so that the median is one of the runs", () => {
    for (let s = 0.5; s < 3 * PAIRS_BUDGET_S; s += 0.5) expect(pairsFor(s) % 2, `${s} s`).to.equal(1);
    expect(pairsFor(PAIRS_BUDGET_S / 6)).to.equal(5);
  });

  it("gives a long catalog the fewest, however long its pairs take", () => {
    expect(pairsFor(PAIRS_BUDGET_S / 2)).to.equal(MIN_PAIRS);
    expect(pairsFor(10 * PAIRS_BUDGET_S)).to.equal(MIN_PAIRS);
  });

  it("says in the README what it does, with its own bounds", () => {
    expect(pairsSentence()).to.include(`${PAIRS_BUDGET_S} s`).and.include(`from ${MIN_PAIRS} to ${MAX_PAIRS}`);
  });
});
