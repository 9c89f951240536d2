/**
 * Input paths as Pulumi writes them (`distributions[1].amiDistributionConfiguration.kmsKeyId`,
 * `tags["ami-factory:image"]`) and the leaf-level differences between two input values.
 */

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `parent.key`, or `parent["odd:key"]` when the key is not an identifier. */
export function childPath(parent: string, key: string | number): string {
  if (typeof key === "number") return `${parent}[${key}]`;
  if (IDENTIFIER.test(key)) return parent === "" ? key : `${parent}.${key}`;
  return `${parent}[${JSON.stringify(key)}]`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * The paths at which `before` and `after` differ, as deep as both sides are lists or maps.
 * Equal values give no path; a key present on one side only gives its own path.
 */
export function differingPaths(before: unknown, after: unknown, path = ""): string[] {
  if (Array.isArray(before) && Array.isArray(after)) {
    const paths: string[] = [];
    for (let i = 0; i < Math.max(before.length, after.length); i++) {
      if (i >= before.length || i >= after.length) paths.push(childPath(path, i));
      else paths.push(...differingPaths(before[i], after[i], childPath(path, i)));
    }
    return paths;
  }
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => {
      const inBefore = before[key] !== undefined;
      const inAfter = after[key] !== undefined;
      if (!inBefore && !inAfter) return [];
      if (inBefore !== inAfter) return [childPath(path, key)];
      return differingPaths(before[key], after[key], childPath(path, key));
    });
  }
  return before === after ? [] : [path];
}

/** Every string leaf of a value with its path. */
export function stringLeaves(value: unknown, path = ""): { path: string; text: string }[] {
  if (typeof value === "string") return [{ path, text: value }];
  if (Array.isArray(value)) return value.flatMap((item, i) => stringLeaves(item, childPath(path, i)));
  if (isRecord(value)) return Object.keys(value).flatMap((key) => stringLeaves(value[key], childPath(path, key)));
  return [];
}

/**
 * True when `path` is, or is inside, one of the `ignoreChanges` paths (which may use `[*]` for
 * any list index).
 */
export function isIgnored(path: string, ignoreChanges: readonly string[] | undefined): boolean {
  if (!ignoreChanges?.length) return false;
  return ignoreChanges.some((ignored) => {
    const pattern = ignored
      .split("[*]")
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
      .join("\\[\\d+\\]");
    return new RegExp(`^${pattern}(?:$|[.[])`).test(path);
  });
}
