/**
 * From a field path back to the place in the YAML source. Positions are looked up only for the
 * problems being reported, so a large valid catalog never pays for them.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from "yaml";

export type PathSegment = string | number;
/** A field path as zod reports it: `["images", 2, "arch"]`. */
export type Path = readonly PathSegment[];
/** Point at a field's value (the default) or at its key (unknown and misnamed keys). */
export type Target = "value" | "key";

export interface Position {
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

const PLAIN_KEY = /^[A-Za-z0-9_-]+$/;

/** `images[2].arch`, `accounts.prod-web.id`, `tags["team:name"]`; empty for the document. */
export function formatPath(path: Path): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) out += out === "" ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

interface Step {
  /** The deepest node the path reaches. */
  node: Node | null;
  /** The key of the last map entry stepped into, when the whole path was found. */
  key?: Node;
  complete: boolean;
}

export class SourceLocator {
  constructor(
    private readonly doc: Document,
    private readonly lineCounter: LineCounter,
    private readonly source: string,
  ) {}

  /** Where a problem at `path` is shown. A path that does not exist (a missing field) points at the deepest map that does. */
  position(path: Path, target: Target = "value"): Position {
    const step = this.walk(path);
    let node: Node | null = step.node;
    if (step.complete && step.key && (target === "key" || isEmptyScalar(node))) node = step.key;
    return this.at(node?.range?.[0] ?? 0);
  }

  /** The scalar at `path` with its source text (`012345678901` as written), if the value there is one. */
  scalarSource(path: Path): { value: unknown; source: string } | undefined {
    const step = this.walk(path);
    if (!step.complete || !isScalar(step.node)) return undefined;
    const scalar = step.node;
    const [start, end] = scalar.range ?? [0, 0];
    return { value: scalar.value, source: this.source.slice(start, end) };
  }

  /** Line and column of a character offset. */
  at(offset: number): Position {
    const { line, col } = this.lineCounter.linePos(offset);
    return { line, column: col };
  }

  private walk(path: Path): Step {
    let node = this.resolve(this.doc.contents);
    let key: Node | undefined;
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find((item) => isPair(item) && keyText(item.key) === String(segment));
        if (!pair) return { node, complete: false };
        key = pair.key as Node;
        node = this.resolve((pair.value as Node | null) ?? null) ?? key;
      } else if (isSeq(node) && typeof segment === "number" && segment < node.items.length) {
        key = undefined;
        node = this.resolve(node.items[segment] as Node | null);
      } else {
        return { node, complete: false };
      }
    }
    return { node, key, complete: true };
  }

  private resolve(node: Node | null): Node | null {
    let current = node;
    for (let hops = 0; isAlias(current) && hops < 100; hops += 1) {
      current = (current.resolve(this.doc) as Node | undefined) ?? null;
    }
    return current;
  }
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return undefined;
}

function isEmptyScalar(node: Node | null): boolean {
  return isScalar(node) && node.value === null && (node.range?.[0] ?? 0) === (node.range?.[1] ?? 0);
}

/** A problem before it has a place: the path it is about and what is wrong. */
export interface Finding {
  path: Path;
  message: string;
  /** Point at the key rather than the value. Default: the value. */
  target?: Target;
  /** A quota that can be raised: said, but the catalog stays valid. */
  warning?: true;
}
