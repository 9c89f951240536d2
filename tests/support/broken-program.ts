/**
 * The real program with one deliberate mistake in one component, to see a check of what the
 * program registers fail for the reason it exists. A temporary project root holds a copy of
 * index.ts and components/ with the edit, and links to everything else (the catalog code, the
 * modules, the stack config), so that `runProgram({ root })` and `plan`'s `cwd` run it with the
 * same @pulumi/pulumi as the test and the same catalog/ modules.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT } from "./program";
import { tempDir } from "./temp-dir";

/** What the edit replaces in one file of components/: `from` must occur exactly once. */
export interface Mistake {
  file: string;
  from: string;
  to: string;
}

/** A project root whose components/`mistake.file` has `from` replaced by `to`. */
export function brokenProgram(mistake: Mistake): string {
  const root = tempDir("broken");
  for (const entry of fs.readdirSync(ROOT)) {
    if (entry === "components" || entry === "index.ts" || entry === ".git") continue;
    fs.symlinkSync(path.join(ROOT, entry), path.join(root, entry));
  }
  fs.copyFileSync(path.join(ROOT, "index.ts"), path.join(root, "index.ts"));
  fs.cpSync(path.join(ROOT, "components"), path.join(root, "components"), { recursive: true });
  const file = path.join(root, "components", mistake.file);
  const text = fs.readFileSync(file, "utf8");
  const at = text.indexOf(mistake.from);
  if (at < 0 || text.indexOf(mistake.from, at + 1) >= 0) {
    throw new Error(`components/${mistake.file} must hold ${JSON.stringify(mistake.from)} exactly once; update the mistake`);
  }
  fs.writeFileSync(file, text.slice(0, at) + mistake.to + text.slice(at + mistake.from.length));
  return root;
}
