/**
 * Which stacks a pull request changes: the stacks whose catalog or `Pulumi.<stack>.yaml` it
 * touches, or every stack when it changes code or settings they all run on. Pure: the caller
 * gives the changed paths (relative to the repository root, `/`-separated) and each stack's
 * catalog path, and gets the stacks to plan with the reason for each.
 */
import { compareText } from "../catalog/tables/order";
import { CATALOG_FOLDER, STACK_FILE } from "../catalog/tables/stack-settings";

export interface StackCatalog {
  stack: string;
  /** The stack's `ami-factory:catalog`, relative to the repository root. */
  catalog: string;
}

export interface AffectedStack {
  stack: string;
  /** Why it is planned: the files that touch it, or `shared code (FILE, ...)`. */
  reason: string;
}

/**
 * Paths no stack's plan depends on: documentation, tests, the benchmark and CI's own script.
 * Everything else that is neither a catalog nor a stack file is shared by every stack (the
 * program, the plan, the policy pack, the dependencies, the workflows): when in doubt a pull
 * request is planned for every stack rather than for none.
 */
const INERT: readonly RegExp[] = [/^docs\//, /^tests\//, /^bench\//, /^\.ci\//, /\.md$/, /^LICENSE$/, /^\.gitignore$/];

/** Catalogs no stack uses live here: a new one is planned once a stack file names it. */
const CATALOG_DIR = `${CATALOG_FOLDER}/`;

/** How many shared files a reason names before it says "and N more". */
const NAMED_FILES = 3;

function normalize(path: string): string {
  return path.replace(/\\/g, "/").replace(/^\.\//, "");
}

export function affectedStacks(changed: readonly string[], stacks: readonly StackCatalog[]): AffectedStack[] {
  const files = [...new Set(changed.map(normalize))].sort();
  const byStack = new Map<string, string[]>(stacks.map((s) => [s.stack, []]));
  const shared: string[] = [];
  for (const file of files) {
    const stackFile = STACK_FILE.exec(file)?.[1];
    const users = stacks.filter((s) => normalize(s.catalog) === file || s.stack === stackFile);
    for (const user of users) byStack.get(user.stack)!.push(file);
    if (users.length > 0 || stackFile !== undefined) continue;
    if (file.startsWith(CATALOG_DIR) || INERT.some((pattern) => pattern.test(file))) continue;
    shared.push(file);
  }
  const sharedReason =
    shared.length === 0
      ? undefined
      : `shared code (${shared.slice(0, NAMED_FILES).join(", ")}${shared.length > NAMED_FILES ? `, and ${shared.length - NAMED_FILES} more` : ""})`;
  return [...byStack.entries()]
    .filter(([, own]) => own.length > 0 || sharedReason !== undefined)
    .map(([stack, own]) => ({ stack, reason: own.length > 0 ? own.join(", ") : sharedReason! }))
    .sort((a, b) => compareText(a.stack, b.stack));
}
