/**
 * The stack's outputs as a plan shows them: one key per leaf (`amis.web.stable.eu-west-1`), and
 * with `--base`, the keys that appear, disappear or change value. Consumers read these keys
 * with a StackReference: a key that disappears breaks them, so the plan says so.
 */
import { compareText } from "../catalog/tables/order";

export interface OutputChange {
  action: "add" | "remove" | "change";
  key: string;
}

/** Every leaf of the outputs by its dotted path; arrays are leaves. */
export function outputLeaves(outputs: unknown, prefix = ""): Map<string, string> {
  const leaves = new Map<string, string>();
  if (outputs !== null && typeof outputs === "object" && !Array.isArray(outputs)) {
    for (const [key, value] of Object.entries(outputs)) {
      for (const [path, text] of outputLeaves(value, prefix === "" ? key : `${prefix}.${key}`)) leaves.set(path, text);
    }
  } else if (prefix !== "") leaves.set(prefix, JSON.stringify(outputs));
  return leaves;
}

export function diffOutputs(base: unknown, head: unknown): OutputChange[] {
  const before = outputLeaves(base);
  const after = outputLeaves(head);
  const changes: OutputChange[] = [];
  for (const [key, value] of after) {
    if (!before.has(key)) changes.push({ action: "add", key });
    else if (before.get(key) !== value) changes.push({ action: "change", key });
  }
  for (const key of before.keys()) if (!after.has(key)) changes.push({ action: "remove", key });
  const order = { remove: 0, add: 1, change: 2 };
  return changes.sort((a, b) => order[a.action] - order[b.action] || compareText(a.key, b.key));
}

export interface ImageNames {
  name: string;
  /** Its resources' names begin with it (catalog/render/names.ts). */
  resourceName: string;
  os: string;
  arch: string;
  /** Earlier names (`renamedFrom`), oldest first. */
  formerNames: readonly string[];
}

/**
 * What a reviewer should hear about renames: an image that seems renamed without `renamedFrom`
 * (one leaves and one of the same OS and architecture arrives), and a `renamedFrom` dropped
 * while AWS still carries the old name, which replaces what carries it.
 */
export function renameWarnings(base: readonly ImageNames[], head: readonly ImageNames[], replaced: readonly string[]): string[] {
  const baseNames = new Set(base.map((i) => i.name));
  const headNames = new Set(head.map((i) => i.name));
  const warnings: string[] = [];
  const gone = base.filter((i) => !headNames.has(i.name) && !head.some((h) => h.formerNames.includes(i.name)));
  for (const arrived of head.filter((i) => !baseNames.has(i.name) && i.formerNames.length === 0)) {
    const twin = gone.find((i) => i.os === arrived.os && i.arch === arrived.arch);
    if (twin) {
      warnings.push(
        `image ${arrived.name} arrives as image ${twin.name} leaves: if it is ${twin.name} renamed, add \`renamedFrom: [${twin.name}]\` to it, ` +
          `or every resource of ${twin.name} is deleted and made again under the new name`,
      );
    }
  }
  for (const image of head) {
    const before = base.find((i) => i.name === image.name);
    const dropped = before?.formerNames.filter((n) => !image.formerNames.includes(n)) ?? [];
    if (dropped.length === 0) continue;
    const mine = replaced.filter((name) => name === image.resourceName || name.startsWith(`${image.resourceName}/`));
    warnings.push(
      `image ${image.name} drops \`renamedFrom: [${dropped.join(", ")}]\` while its AWS names are still ${before!.formerNames[0]}'s: ` +
        `${mine.length} of its resources are replaced (new AWS names); keep renamedFrom to avoid it`,
    );
  }
  return warnings;
}
