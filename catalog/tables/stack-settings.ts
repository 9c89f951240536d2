/**
 * The names a stack's settings go by, shared by the program (index.ts), which reads them through
 * `pulumi.Config`, and the commands that read `Pulumi.<stack>.yaml` themselves (plan/stack-config.ts).
 */

/** The Pulumi project's name (Pulumi.yaml's `name`): the namespace of its settings. */
export const PROJECT = "ami-factory";
/** The setting that names the stack's catalog file, relative to the project root. */
export const CATALOG_SETTING = "catalog";
/** The same, qualified, as `Pulumi.<stack>.yaml` and `pulumi.runtime.setAllConfig` spell it. */
export const CATALOG_KEY = `${PROJECT}:${CATALOG_SETTING}`;
/** Where catalogs live, relative to the project root. */
export const CATALOG_FOLDER = "config";
/** The stack the commands and the offline runner use when none is named (the example's, Pulumi.dev.yaml). */
export const DEFAULT_STACK = "dev";
/** The catalog of a stack that does not name one. */
export const DEFAULT_CATALOG = `${CATALOG_FOLDER}/catalog.yaml`;

/**
 * A stack's settings file in the project root, its stack name captured: the characters Pulumi
 * allows in a stack name (letters, digits, `-`, `_`, `.`).
 */
export const STACK_FILE = /^Pulumi\.([A-Za-z0-9_.-]+)\.yaml$/;

/** The settings file of a stack, in the project root. */
export function stackFile(stack: string): string {
  return `Pulumi.${stack}.yaml`;
}
