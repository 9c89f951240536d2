/**
 * Handing control back to the runtime while the factory is built. Registering a resource takes
 * several turns of promises (its parent's URN, its inputs, the engine's answer); a program that
 * builds every resource in one synchronous pass keeps all of them, and everything their
 * registrations wait on, alive until the last one is made, and a large early turn slows every
 * garbage collection after it. So what makes many resources (account providers and roles, Auto
 * Scaling grants, Allowed AMIs settings, the shared Image Builder components, each image's
 * releases) yields every RESOURCES_PER_TURN resources, and the factory yields between its parts
 * and images (components/ami-factory.ts). Nothing reads a map half-filled: AccountAccess,
 * ScalingGrants, AllowedImages and AmiFactory itself are made by an async `create` that hands
 * each out only once all its resources exist (paced-component.ts); ImageReleases is made with
 * `new` and exposes `ready`, which the factory awaits before the next image; the factory makes
 * the shared components itself, in a loop. What the pacing costs and saves: docs/bench/pacing.md.
 */

/** Resources made between two turns of the event loop, in the program and in the benchmark's floor. */
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
