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
/** The catalog of a stack that does not name one. */
export const DEFAULT_CATALOG = "config/catalog.yaml";
