/**
 * Running code under another clock: the program's one notion of now (`new Date()` in AmiFactory)
 * sets first builds' start time, so a test that compares two runs fixes the clock, and one that
 * retries "on a later day" moves it.
 */

/** The clock runs see now, as shared runs (tests/support/program.ts) key their results by it. */
let clock = "real";

/** Which clock `new Date()` reads now: the real one, one stopped at a time, or one shifted by days. */
export function clockKey(): string {
  return clock;
}

/** Runs `fn` with `Date` and `Date.now()` reading `now()` instead of the real clock. */
async function withClock<T>(key: string, now: () => number, fn: () => Promise<T>): Promise<T> {
  const RealDate = Date;
  const outer = clock;
  clock = key;
  class Shifted extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(now());
      else super(...(args as [string]));
    }
    static override now(): number {
      return now();
    }
  }
  globalThis.Date = Shifted as DateConstructor;
  try {
    return await fn();
  } finally {
    globalThis.Date = RealDate;
    clock = outer;
  }
}

/** Runs `fn` with the clock stopped at `at`. */
export function atTime<T>(at: Date, fn: () => Promise<T>): Promise<T> {
  const time = at.getTime();
  return withClock(`at ${time}`, () => time, fn);
}

/** Runs `fn` with the clock `days` ahead of the real one. */
export function daysLater<T>(days: number, fn: () => Promise<T>): Promise<T> {
  const offset = days * 86_400_000;
  const realNow = Date.now.bind(Date);
  return withClock(`${days} days later`, () => realNow() + offset, fn);
}
