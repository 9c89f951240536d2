/**
 * The desired-state difference between two runs of the program: which resources are created,
 * updated in place (and at which input paths), replaced (and why) or deleted. Like a preview
 * without the cloud's state: it compares what the program asks for, before and after.
 *
 * - A resource is matched by type and name, or through its aliases (a rename is not a
 *   delete and a create), and so is its explicit provider.
 * - Paths in the resource's `ignoreChanges` do not count.
 * - An input that holds a reference to a resource that is created or replaced is unknown until
 *   deployment and counts as changed; that can replace the referencing resource in turn, so the
 *   rule is applied until nothing more changes.
 */
import { reference, referencePattern } from "../offline/wire";
import { differingPaths, isIgnored, stringLeaves } from "./paths";
import { forcesReplacement } from "./replacement";
import { keyOf, shortType, type PlanResource } from "./resources";
import { compareText } from "../catalog/tables/order";

export type Action = "create" | "update" | "replace" | "delete";

export interface Change {
  action: Action;
  type: string;
  name: string;
  /** Updates and replacements: the input paths that differ (or become unknown). */
  paths?: string[];
  /** Replacements: the paths that force it. */
  reason?: string;
  /** The name the resource had in the base, when it was renamed through an alias. */
  renamedFrom?: string;
  /** Replacements of resources marked deleteBeforeReplace: the old one goes first. */
  deleteBeforeReplace?: true;
}

/** One resource in both runs. */
interface Pair {
  base: PlanResource;
  head: PlanResource;
  /** Input paths whose value differs, once references are renamed. */
  literal: string[];
  /** Path -> the keys of resources it references. */
  references: Map<string, string[]>;
}

const ORDER: Record<Action, number> = { create: 0, update: 1, replace: 2, delete: 3 };

/** The keys (`type name`) of the resources a text references. */
function referencedKeys(text: string): string[] {
  return [...text.matchAll(referencePattern())].map((m) => `${m[1]} ${m[2]}`);
}

/** Base inputs with references to renamed resources written with their new names. */
function renameReferences(value: unknown, renames: ReadonlyMap<string, string>): unknown {
  if (renames.size === 0) return value;
  if (typeof value === "string") {
    return value.replace(referencePattern(), (whole, type: string, name: string, property: string) => {
      const renamed = renames.get(`${type} ${name}`);
      return renamed === undefined ? whole : reference(type, renamed, property);
    });
  }
  if (Array.isArray(value)) return value.map((item) => renameReferences(item, renames));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renameReferences(v, renames)]));
  }
  return value;
}

/**
 * The base resource's explicit provider under its name in the head: a provider renamed through
 * an alias is the same provider, and moving to it replaces nothing. Providers are resources of
 * type `pulumi:providers:<package>`, the package being the resource's own.
 */
function renamedProvider(base: PlanResource, renames: ReadonlyMap<string, string>): string | undefined {
  if (base.provider === undefined) return undefined;
  return renames.get(`pulumi:providers:${base.type.split(":")[0]} ${base.provider}`) ?? base.provider;
}

/** Pairs each head resource with its base resource, by key and then by alias. */
function match(base: readonly PlanResource[], head: readonly PlanResource[]) {
  const baseByKey = new Map(base.map((r) => [keyOf(r), r]));
  const headKeys = new Set(head.map(keyOf));
  const taken = new Set<string>();
  const matched: { base: PlanResource; head: PlanResource }[] = [];
  const created: PlanResource[] = [];
  const find = (resource: PlanResource): PlanResource | undefined => {
    const own = baseByKey.get(keyOf(resource));
    if (own) return own;
    for (const alias of resource.aliases ?? []) {
      const key = `${resource.type} ${alias}`;
      // A base resource that still exists under its own name in the head is not a rename.
      if (baseByKey.has(key) && !headKeys.has(key) && !taken.has(key)) return baseByKey.get(key);
    }
    return undefined;
  };
  for (const resource of head) {
    const found = find(resource);
    if (found && !taken.has(keyOf(found))) {
      taken.add(keyOf(found));
      matched.push({ base: found, head: resource });
    } else {
      created.push(resource);
    }
  }
  const deleted = base.filter((r) => !taken.has(keyOf(r)));
  return { matched, created, deleted };
}

export function diffResources(base: readonly PlanResource[], head: readonly PlanResource[]): Change[] {
  const { matched, created, deleted } = match(base, head);
  const renames = new Map(matched.filter((m) => m.base.name !== m.head.name).map((m) => [keyOf(m.base), m.head.name]));
  const pairs: Pair[] = matched.map(({ base: b, head: h }) => {
    const literal = differingPaths(renameReferences(b.inputs, renames), h.inputs).filter((p) => !isIgnored(p, h.ignoreChanges));
    if (renamedProvider(b, renames) !== h.provider) literal.push("(provider)");
    const references = new Map<string, string[]>();
    for (const leaf of stringLeaves(h.inputs)) {
      const keys = referencedKeys(leaf.text);
      if (keys.length > 0 && !isIgnored(leaf.path, h.ignoreChanges)) references.set(leaf.path, keys);
    }
    return { base: b, head: h, literal, references };
  });

  // Resources whose identity (id, ARN) is new: created ones, then replaced ones, to a fixpoint.
  const renewed = new Map<string, Action>(created.map((r) => [keyOf(r), "create"]));
  const outcome = new Map<Pair, Change | undefined>();
  for (let changed = true; changed;) {
    changed = false;
    for (const pair of pairs) {
      const change = compare(pair, renewed);
      outcome.set(pair, change);
      if (change?.action === "replace" && !renewed.has(keyOf(pair.head))) {
        renewed.set(keyOf(pair.head), "replace");
        changed = true;
      }
    }
  }

  const changes: Change[] = [
    ...created.map((r): Change => ({ action: "create", type: r.type, name: r.name })),
    ...[...outcome.values()].filter((c): c is Change => c !== undefined),
    ...deleted.map((r): Change => ({ action: "delete", type: r.type, name: r.name })),
  ];
  return changes.sort((a, b) => ORDER[a.action] - ORDER[b.action] || compareText(a.type, b.type) || compareText(a.name, b.name));
}

function compare(pair: Pair, renewed: ReadonlyMap<string, Action>): Change | undefined {
  const { base, head } = pair;
  const unknownFrom = new Map<string, string[]>();
  for (const [path, keys] of pair.references) {
    const sources = keys.filter((key) => renewed.has(key));
    if (sources.length > 0) unknownFrom.set(path, sources);
  }
  const paths = [...new Set([...pair.literal, ...unknownFrom.keys()])].sort(comparePaths);
  const renamedFrom = base.name !== head.name ? base.name : undefined;
  if (paths.length === 0 && renamedFrom === undefined) return undefined;

  const forcing = paths.filter((p) => p === "(provider)" || forcesReplacement(head.type, p));
  const change: Change = { action: forcing.length > 0 ? "replace" : "update", type: head.type, name: head.name, paths };
  if (renamedFrom !== undefined) change.renamedFrom = renamedFrom;
  if (forcing.length > 0) {
    change.reason = `replacement forced by ${forcing
      .map((p) => {
        const sources = unknownFrom.get(p);
        if (sources === undefined || pair.literal.includes(p)) return p;
        const described = sources.map(
          (key) => `${describeKey(key)} is ${renewed.get(key) === "create" ? "created" : "replaced"}`,
        );
        return `${p} (unknown until ${described.join(" and ")})`;
      })
      .join(", ")}`;
    if (head.deleteBeforeReplace) change.deleteBeforeReplace = true;
  }
  return change;
}

/** `aws:ec2/amiCopy:AmiCopy a/b` -> `AmiCopy a/b`. */
function describeKey(key: string): string {
  const space = key.indexOf(" ");
  return `${shortType(key.slice(0, space))} ${key.slice(space + 1)}`;
}

/** Paths in reading order, with list indices compared as numbers. */
function comparePaths(a: string, b: string): number {
  const split = (p: string) => p.split(/(\d+)/).map((part, i) => (i % 2 === 1 ? Number(part) : part));
  const pa = split(a);
  const pb = split(b);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === y) continue;
    if (typeof x === "number" && typeof y === "number") return x - y;
    return compareText(String(x), String(y));
  }
  return pa.length - pb.length;
}
