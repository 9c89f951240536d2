/**
 * How many times a plan and its floor run, in interleaved pairs. On a shared virtual machine runs
 * of one command vary, and a short run's ratio the most: with three pairs each, two full
 * benchmarks of the same code did not agree on which sizes met the goal (docs/bench/findings.md,
 * "Two full runs of the same program an hour apart"). So a catalog gets as many pairs as fit in a
 * budget, judged from its first pair, within bounds: short catalogs get more, long ones the fewest.
 */
export const MIN_PAIRS = 3;
export const MAX_PAIRS = 9;
/** Wall time, s, that one catalog's pairs in one mode may take. */
export const PAIRS_BUDGET_S = 40;

/** The number of pairs for a catalog whose first pair took `firstPairS`: odd, so that the median is a run. */
export function pairsFor(firstPairS: number): number {
  const fit = Math.floor(PAIRS_BUDGET_S / Math.max(firstPairS, Number.EPSILON));
  const odd = fit % 2 === 0 ? fit - 1 : fit;
  return Math.min(MAX_PAIRS, Math.max(MIN_PAIRS, odd));
}

/** The sentence the benchmark's README says about the pairs. */
export function pairsSentence(): string {
  return (
    `Each plan and its floor run in interleaved pairs, as many as fit in ${PAIRS_BUDGET_S} s judged from the first pair, ` +
    `odd, from ${MIN_PAIRS} to ${MAX_PAIRS} (short runs vary most); the table shows medians.`
  );
}
