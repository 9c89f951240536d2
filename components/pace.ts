/**
 * Handing control back to the runtime while a program builds. Registering a resource takes
 * several turns of promises (its parent's URN, its inputs, the engine's answer); a program that
 * builds many resources in one synchronous pass keeps all of them, and everything their
 * registrations wait on, alive at once. Yielding every few resources lets the runtime register
 * them as they come (those whose inputs are known). The figures: docs/bench/findings.md.
 */

/** Resources made between two turns: the fastest the benchmark found (docs/bench/findings.md). */
export const RESOURCES_PER_TURN = 10;

/** Resolves on a later turn of the event loop, after the promises and I/O already queued. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A step to await after each resource made: every `every`th step waits for the next turn. */
export function pacer(every: number): () => Promise<void> {
  let steps = 0;
  return () => (++steps % every === 0 ? nextTurn() : Promise.resolve());
}
