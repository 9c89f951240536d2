/**
 * How deeply a YAML text nests lists and maps, read from the parser's tokens before anything
 * recursive sees them: composing a document and every later step recurse per level, and a few
 * thousand levels end in the JavaScript engine's own stack-overflow text instead of a message.
 */
import type { CST } from "yaml";

/**
 * The deepest nesting a catalog may have. The catalog itself needs six levels (the document,
 * `images`, an image, `releases`, a release, its `accounts`); the rest is room for YAML written
 * in other ways, and far from what recursion can reach.
 */
export const MAX_NESTING = 32;

/** The offset of the first list or map nested deeper than `MAX_NESTING`, if any. */
export function tooDeep(tokens: readonly CST.Token[]): number | undefined {
  const stack: Array<{ token: CST.Token | undefined; depth: number }> = tokens.map((token) => ({ token, depth: 0 }));
  while (stack.length > 0) {
    const { token, depth } = stack.pop()!;
    if (token === undefined) continue;
    if (token.type === "document") {
      stack.push({ token: token.value, depth });
    } else if (token.type === "block-map" || token.type === "block-seq" || token.type === "flow-collection") {
      if (depth + 1 > MAX_NESTING) return token.offset;
      for (const item of token.items) {
        if ("key" in item) stack.push({ token: item.key ?? undefined, depth: depth + 1 });
        stack.push({ token: item.value, depth: depth + 1 });
      }
    }
  }
  return undefined;
}
