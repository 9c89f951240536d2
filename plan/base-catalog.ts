/**
 * The catalog to compare with (`--base`): a file when one exists at that path, else the same
 * catalog path at a git ref (`git show REF:PATH`, PATH relative to the repository root), which
 * `withBaseFile` writes to a temporary file for as long as the program needs to read it.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, realpathSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative, resolve, sep } from "node:path";

export type BaseCatalog =
  /** A catalog file to plan: `label` names it in messages (`main:config/catalog.yaml`). */
  | { kind: "file"; path: string; label: string }
  /** The catalog at a git ref: its file name and bytes. */
  | { kind: "ref"; name: string; content: Buffer; label: string }
  /** The ref exists but has no such catalog: the base stack is empty. */
  | { kind: "absent"; label: string }
  | { kind: "error"; message: string };

function git(cwd: string, args: string[]): { ok: true; stdout: Buffer } | { ok: false; stderr: string } {
  try {
    const stdout = execFileSync("git", args, { cwd, stdio: ["ignore", "pipe", "pipe"], maxBuffer: 256 * 1024 * 1024 });
    return { ok: true, stdout };
  } catch (error) {
    const e = error as { stderr?: Buffer; message: string; code?: string };
    return { ok: false, stderr: e.code === "ENOENT" ? "git is not installed" : e.stderr?.toString().trim() || e.message };
  }
}

/**
 * @param base the `--base` argument
 * @param catalog the catalog being planned (its path is looked up at the ref)
 * @param cwd the directory relative paths start from
 */
export function resolveBase(base: string, catalog: string, cwd: string): BaseCatalog {
  const asFile = resolve(cwd, base);
  if (existsSync(asFile) && statSync(asFile).isFile()) return { kind: "file", path: asFile, label: base };

  const catalogPath = resolve(cwd, catalog);
  const notARef = (why: string): BaseCatalog => ({
    kind: "error",
    message: `--base ${JSON.stringify(base)} is not a file, and not a git ref: ${why}`,
  });
  const top = git(existsSync(dirname(catalogPath)) ? dirname(catalogPath) : cwd, ["rev-parse", "--show-toplevel"]);
  if (!top.ok) return notARef(`the catalog is not in a git repository (${top.stderr})`);
  const root = top.stdout.toString().trim();
  const commit = git(root, ["rev-parse", "--verify", "--quiet", `${base}^{commit}`]);
  if (!commit.ok) return notARef("no such branch, tag or commit");

  const real = existsSync(catalogPath) ? realpathSync(catalogPath) : catalogPath;
  const path = relative(realpathSync(root), real).split(sep).join("/");
  const label = `${base}:${path}`;
  if (path.startsWith("../"))
    return { kind: "error", message: `--base ${base}: the catalog ${catalog} is outside the repository` };
  const shown = git(root, ["show", `${commit.stdout.toString().trim()}:${path}`]);
  if (!shown.ok) return { kind: "absent", label };
  return { kind: "ref", name: basename(path), content: shown.stdout, label };
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
