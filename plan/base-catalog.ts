/**
 * The catalog to compare with (`--base`): a file when one exists at that path, else a git ref.
 * For a stack (`--stack`), the ref's base is the stack as it was there: `Pulumi.<stack>.yaml` at
 * the ref gives the catalog path (`ami-factory:catalog`) and the config the base is planned
 * with. Without a stack, it is the same catalog path at the ref (`git show REF:PATH`, PATH
 * relative to the repository root). `withBaseFile` writes the ref's catalog to a temporary file
 * for as long as the program needs to read it.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, realpathSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { catalogOf, parseStackConfig, stackFile } from "./stack-config";

export type BaseCatalog =
  /** A catalog file to plan: `label` names it in messages (`main:config/catalog.yaml`). */
  | { kind: "file"; path: string; label: string }
  /**
   * The catalog at a git ref: its file name and bytes, and with a stack, the stack's config at
   * that ref (what the base is planned with instead of the work tree's).
   */
  | { kind: "ref"; name: string; content: Buffer; label: string; config?: Record<string, string> }
  /** The ref exists but has no such catalog, or no such stack: the base stack is empty. */
  | { kind: "absent"; label: string; warning: string }
  /** Exit 2 for a base that is not a file or a ref (a usage error), 1 for a ref whose stack is broken. */
  | { kind: "error"; message: string; exitCode: 1 | 2 };

function git(cwd: string, args: string[]): { ok: true; stdout: Buffer } | { ok: false; stderr: string } {
  try {
    const stdout = execFileSync("git", args, { cwd, stdio: ["ignore", "pipe", "pipe"], maxBuffer: 256 * 1024 * 1024 });
    return { ok: true, stdout };
  } catch (error) {
    const e = error as { stderr?: Buffer; message: string; code?: string };
    return { ok: false, stderr: e.code === "ENOENT" ? "git is not installed" : e.stderr?.toString().trim() || e.message };
  }
}

/** The repository `dir` is in, and the commit `base` names there. */
function commitOf(
  base: string,
  dir: string,
  what: string,
): { ok: true; root: string; commit: string } | { ok: false; error: BaseCatalog } {
  const notARef = (why: string) => ({
    ok: false as const,
    error: {
      kind: "error" as const,
      message: `--base ${JSON.stringify(base)} is not a file, and not a git ref: ${why}`,
      exitCode: 2 as const,
    },
  });
  const top = git(dir, ["rev-parse", "--show-toplevel"]);
  if (!top.ok) return notARef(`${what} is not in a git repository (${top.stderr})`);
  const root = top.stdout.toString().trim();
  const commit = git(root, ["rev-parse", "--verify", "--quiet", `${base}^{commit}`]);
  if (!commit.ok) return notARef("no such branch, tag or commit");
  return { ok: true, root, commit: commit.stdout.toString().trim() };
}

/** A path as git names it in a tree: relative to the repository root, `/`-separated. */
function treePath(root: string, path: string): string {
  return relative(realpathSync(root), path).split(sep).join("/");
}

/**
 * @param base the `--base` argument
 * @param catalog the catalog being planned (without a stack, its path is looked up at the ref)
 * @param cwd the project root: where `Pulumi.<stack>.yaml` is and relative paths start
 * @param stack the stack given with `--stack`: its stack file at the ref says what the base is
 */
export function resolveBase(base: string, catalog: string, cwd: string, stack?: string): BaseCatalog {
  const asFile = resolve(cwd, base);
  if (existsSync(asFile) && statSync(asFile).isFile()) return { kind: "file", path: asFile, label: base };
  if (stack !== undefined) return stackAtRef(base, stack, cwd);

  const catalogPath = resolve(cwd, catalog);
  const ref = commitOf(base, existsSync(dirname(catalogPath)) ? dirname(catalogPath) : cwd, "the catalog");
  if (!ref.ok) return ref.error;
  const path = treePath(ref.root, existsSync(catalogPath) ? realpathSync(catalogPath) : catalogPath);
  const label = `${base}:${path}`;
  if (path.startsWith("../"))
    return { kind: "error", message: `--base ${base}: the catalog ${catalog} is outside the repository`, exitCode: 2 };
  const shown = git(ref.root, ["show", `${ref.commit}:${path}`]);
  if (!shown.ok) return { kind: "absent", label, warning: `${label} does not exist: every resource is new` };
  return { kind: "ref", name: basename(path), content: shown.stdout, label };
}

/** The stack as it was at the ref: its stack file's catalog, and its config. */
function stackAtRef(base: string, stack: string, cwd: string): BaseCatalog {
  const ref = commitOf(base, cwd, "the project");
  if (!ref.ok) return ref.error;
  const project = realpathSync(cwd);
  const stackPath = treePath(ref.root, join(project, stackFile(stack)));
  const stackLabel = `${base}:${stackPath}`;
  const shownStack = git(ref.root, ["show", `${ref.commit}:${stackPath}`]);
  if (!shownStack.ok) {
    return {
      kind: "absent",
      label: stackLabel,
      warning: `${stackLabel} does not exist: the stack is new, every resource is new`,
    };
  }
  const config = parseStackConfig(stackLabel, shownStack.stdout.toString("utf8"));
  if (!config.ok) return { kind: "error", message: config.message, exitCode: 1 };

  const catalog = catalogOf(config.config);
  const path = treePath(ref.root, resolve(project, catalog));
  if (path.startsWith("../"))
    return { kind: "error", message: `${stackLabel}: the catalog ${catalog} is outside the repository`, exitCode: 1 };
  const label = `${base}:${path}`;
  const shown = git(ref.root, ["show", `${ref.commit}:${path}`]);
  if (!shown.ok)
    return { kind: "error", message: `${stackLabel} names the catalog ${catalog}, and ${label} does not exist`, exitCode: 1 };
  return { kind: "ref", name: basename(path), content: shown.stdout, label, config: config.config };
}

/** Runs `use` on the base catalog's file: a git ref's is written to a temporary folder, removed afterwards. */
export async function withBaseFile<T>(
  base: BaseCatalog & { kind: "file" | "ref" },
  use: (file: string) => Promise<T>,
): Promise<T> {
  if (base.kind === "file") return use(base.path);
  const dir = mkdtempSync(join(tmpdir(), "ami-factory-base-"));
  try {
    const file = join(dir, base.name);
    writeFileSync(file, base.content);
    return await use(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
