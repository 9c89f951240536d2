/**
 * A stack's config as the program sees it: `Pulumi.<stack>.yaml`'s `config` map, with keys
 * qualified by their namespace and values as strings (objects JSON-encoded), the way
 * `pulumi.runtime.setAllConfig` takes them.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { CATALOG_KEY, DEFAULT_CATALOG, PROJECT, STACK_FILE, stackFile } from "../catalog/tables/stack-settings";

export { CATALOG_KEY, DEFAULT_CATALOG, stackFile } from "../catalog/tables/stack-settings";

export type StackConfig = { ok: true; file: string; config: Record<string, string> } | { ok: false; message: string };

/** Stacks that have a config file in `root`. */
export function stacksIn(root: string): string[] {
  return readdirSync(root)
    .map((file) => STACK_FILE.exec(file)?.[1])
    .filter((name): name is string => name !== undefined)
    .sort();
}

/** The catalog a stack's config names, relative to the project root. */
export function catalogOf(config: Readonly<Record<string, string>>): string {
  return config[CATALOG_KEY] ?? DEFAULT_CATALOG;
}

export function readStackConfig(root: string, stack: string): StackConfig {
  const file = stackFile(stack);
  const path = join(root, file);
  if (!existsSync(path)) {
    const known = stacksIn(root);
    return { ok: false, message: `no stack file ${file}${known.length ? ` (stacks here: ${known.join(", ")})` : ""}` };
  }
  return parseStackConfig(file, readFileSync(path, "utf8"));
}

/**
 * A stack file's text as the program's config. Pure: the caller reads the text (from the work
 * tree, or from a git ref); `file` names it in messages and in the result.
 */
export function parseStackConfig(file: string, text: string): StackConfig {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    return { ok: false, message: `${file} is not valid YAML: ${(error as Error).message.split("\n")[0]}` };
  }
  const config = (doc as { config?: unknown } | null)?.config ?? {};
  if (config === null || typeof config !== "object" || Array.isArray(config)) {
    return { ok: false, message: `${file}: "config" must be a map of settings` };
  }
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) {
    const qualified = key.includes(":") ? key : `${PROJECT}:${key}`;
    values[qualified] = settingText(value);
  }
  return { ok: true, file, config: values };
}

/** A setting as a string; `secure:` values cannot be decrypted offline and say so. */
function settingText(value: unknown): string {
  if (typeof value === "string") return value;
  if (value !== null && typeof value === "object" && "secure" in value) return "(secret: not decrypted offline)";
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- what is left is a YAML scalar: YAML has no functions or symbols
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}
