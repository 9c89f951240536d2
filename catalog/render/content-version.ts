/**
 * Versions derived from content, so that an edit never needs a manual bump: Image Builder keeps
 * every version of a component or recipe immutable, and a changed document needs a new one.
 */
import { createHash } from "node:crypto";

/** The largest number Image Builder accepts in one node of a semantic version (2^30 - 1). */
export const MAX_VERSION_NODE = 2 ** 30 - 1;

/**
 * `1.<a>.<b>`, where a and b are the first two 30-bit numbers of the content's sha256 (the top
 * 30 bits of its first and second 32-bit words). The same content always gives the same
 * version; different content a different one, but for a 60-bit hash collision.
 */
export function contentVersion(content: string): string {
  const digest = createHash("sha256").update(content, "utf8").digest();
  const minor = digest.readUInt32BE(0) >>> 2;
  const patch = digest.readUInt32BE(4) >>> 2;
  return `1.${minor}.${patch}`;
}
