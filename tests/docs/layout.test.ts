import { expect } from "chai";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { ROOT } from "../support/program";

/** Every file git tracks, relative to the root. */
function trackedFiles(): string[] {
  return execFileSync("git", ["ls-files"], { cwd: ROOT, encoding: "utf8" }).split("\n").filter(Boolean);
}

/** The top-level folders of the tracked files, as `name/`. */
function topLevelFolders(): string[] {
  return [...new Set(trackedFiles().flatMap((file) => (file.includes("/") ? [`${file.split("/")[0]}/`] : [])))].sort();
}

/** The files at the top level, except the README the table is in. */
function topLevelFiles(): string[] {
  return trackedFiles().filter((file) => !file.includes("/") && file !== "README.md");
}

/** The first column of the README's "## Layout" table, without its backquotes. */
function layoutTablePaths(readme: string): string[] {
  const section = /^## Layout\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(readme)?.[1] ?? "";
  return [...section.matchAll(/^\| `([^`]+)` \|/gm)].map((row) => row[1]);
}

describe("the repository's layout", () => {
  it("is the README's layout table: every top-level folder and file has a row, and every row names something in the tree", () => {
    const rows = layoutTablePaths(fs.readFileSync(path.join(ROOT, "README.md"), "utf8"));
    const folders = topLevelFolders();
    expect(
      folders.filter((folder) => !rows.includes(folder)),
      "folders the table leaves out",
    ).to.deep.equal([]);
    expect(
      topLevelFiles().filter((file) => !rows.includes(file)),
      "top-level files the table leaves out",
    ).to.deep.equal([]);
    const tracked = new Set(trackedFiles());
    const stale = rows.filter((row) => (row.endsWith("/") ? !folders.includes(row) : !tracked.has(row)));
    expect(stale, "rows that name nothing git tracks").to.deep.equal([]);
  });

  it("has every TypeScript file git tracks in tsconfig.json's program", () => {
    const file = path.join(ROOT, "tsconfig.json");
    const { config } = ts.readConfigFile(file, (f) => fs.readFileSync(f, "utf8"));
    const program = new Set(ts.parseJsonConfigFileContent(config, ts.sys, ROOT).fileNames.map((f) => path.relative(ROOT, f)));
    const typescript = trackedFiles().filter((f) => /\.[cm]?ts$/.test(f));
    expect(typescript.length).to.be.above(100);
    expect(typescript.filter((f) => !program.has(f))).to.deep.equal([]);
  });
});
