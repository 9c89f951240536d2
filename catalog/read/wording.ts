/**
 * How messages print values and counts, so every message of the loader, the messages zod
 * builds from the schema included, reads the same way.
 */

/** A value as a message shows it: strings quoted, collections by kind. */
export function show(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a map";
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- what is left is a YAML scalar: YAML has no functions or symbols
  return String(value);
}

/** `1,204`: a number as every message prints it, grouped the same on every machine. */
export function formatNumber(n: number): string {
  return n.toLocaleString("en-US");
}

/** `1 image`, `5 images`, `1,204 accounts`. */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${formatNumber(n)} ${n === 1 ? singular : plural}`;
}

/** Known names for a message, shortened when there are many: `a, b, c` or `a, b, ... (40 more)`. */
export function nameList(values: readonly string[], max = 20): string {
  if (values.length === 0) return "(none)";
  if (values.length <= max) return values.join(", ");
  return `${values.slice(0, max).join(", ")}, ... (${values.length - max} more)`;
}

/**
 * The candidate a misspelt word most likely meant (`rol` -> `role`, `amiId` -> `ami`), if one
 * is close: a few letters apart, or the one candidate the word starts with.
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  const exact = candidates.find((candidate) => candidate.toLowerCase() === lower);
  if (exact !== undefined) return exact;
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.min(2, Math.floor(word.length / 3)));
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance <= bestDistance) {
      best = candidate;
      bestDistance = distance - 1;
    }
  }
  if (best !== undefined) return best;
  const prefixes = candidates.filter((candidate) => candidate.length >= 3 && lower.startsWith(candidate.toLowerCase()));
  return prefixes.length === 1 ? prefixes[0] : undefined;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
