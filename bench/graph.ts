/**
 * The shape of what a plan registers: how deep its dependency graph is, and how many resources
 * of each kind it holds. Depth is the number of resources on the longest chain in which each
 * waits for the one before it: how many rounds a deployment needs at best. Components are
 * groupings the engine never creates, so only cloud resources count.
 */
import { REFERENCE } from "../offline/wire";
import { compareText } from "../catalog/tables/order";

export interface GraphResource {
  type: string;
  name: string;
  custom: boolean;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- recorded JSON
  inputs: Record<string, any>;
}

export const keyOf = (r: Pick<GraphResource, "type" | "name">): string => `${r.type} ${r.name}`;

/** Each cloud resource to the cloud resources its inputs reference as `{{type name.prop}}`. */
export function referenceEdges(resources: readonly GraphResource[]): Map<string, string[]> {
  const custom = new Set(resources.filter((r) => r.custom).map(keyOf));
  const edges = new Map<string, string[]>();
  for (const resource of resources) {
    if (!resource.custom) continue;
    const targets = new Set<string>();
    for (const match of JSON.stringify(resource.inputs).matchAll(REFERENCE)) {
      const target = `${match[1]} ${match[2]}`;
      if (custom.has(target)) targets.add(target);
    }
    edges.set(keyOf(resource), [...targets]);
  }
  return edges;
}

/** The same from dependency lists (`type name` to `type name`), keeping cloud resources only. */
export function dependencyEdges(
  resources: readonly GraphResource[],
  dependencies: Record<string, string[]>,
): Map<string, string[]> {
  const custom = new Set(resources.filter((r) => r.custom).map(keyOf));
  const edges = new Map<string, string[]>();
  for (const key of custom)
    edges.set(
      key,
      (dependencies[key] ?? []).filter((d) => custom.has(d) && d !== key),
    );
  return edges;
}

export interface Depth {
  /** Resources on the longest chain; 1 when nothing waits for anything. */
  depth: number;
  /** One longest chain, first resource created first. */
  chain: string[];
}

/** The longest chain. Throws on a cycle: the engine would refuse it too. */
export function longestChain(edges: ReadonlyMap<string, readonly string[]>): Depth {
  const best = new Map<string, string[]>();
  const visiting = new Set<string>();
  // Iterative depth-first search: chains are short, but a bug should not overflow the stack.
  const chainOf = (start: string): string[] => {
    const stack: Array<{ key: string; expanded: boolean }> = [{ key: start, expanded: false }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (best.has(top.key)) {
        stack.pop();
        continue;
      }
      const targets = edges.get(top.key) ?? [];
      if (!top.expanded) {
        top.expanded = true;
        visiting.add(top.key);
        for (const target of targets) {
          if (visiting.has(target)) throw new Error(`dependency cycle through ${target}`);
          if (!best.has(target)) stack.push({ key: target, expanded: false });
        }
        continue;
      }
      let longest: string[] = [];
      for (const target of targets) {
        const chain = best.get(target)!;
        if (chain.length > longest.length) longest = chain;
      }
      best.set(top.key, [...longest, top.key]);
      visiting.delete(top.key);
      stack.pop();
    }
    return best.get(start)!;
  };
  let result: string[] = [];
  for (const key of [...edges.keys()].sort()) {
    const chain = chainOf(key);
    if (chain.length > result.length) result = chain;
  }
  return { depth: result.length, chain: result };
}

/** Resources per type, types sorted. */
export function countByType(resources: readonly Pick<GraphResource, "type">[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of resources) counts[r.type] = (counts[r.type] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => compareText(a, b)));
}
