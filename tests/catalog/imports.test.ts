import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { ROOT } from "../support/program";

const CATALOG = path.join(ROOT, "catalog");

/**
 * The stages of the core in the order docs/architecture.md gives ("Imports point one way"): a
 * file imports from its own folder and from folders earlier in the list; the entry points, at
 * catalog/'s top level, come last.
 */
const STAGES = ["tables", "read", "schema", "resolve", "render", "expand", "rules", "."];

/**
 * The files outside catalog/ the core may import: the table of AWS's limits and the type tokens it
 * is keyed by, from which the schema and the rules take AWS's numbers (docs/architecture.md).
 */
const LIMITS_TABLE = ["contract/aws-limits.ts", "contract/type-tokens.ts"].map((file) => path.join(ROOT, file));

/** The one import against that order the architecture names, and why it may stay: a type only. */
const KNOWN_AGAINST_ORDER = ["tables/defaults.ts -> resolve/model.ts (type only)"];

interface Import {
  from: string;
  specifier: string;
  typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

/** Every import and re-export of a file, with whether it brings in types only. */
function importsOf(file: string): Import[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const found: Import[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const clause = statement.importClause;
      const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : undefined;
      const typeOnly =
        clause !== undefined &&
        (clause.phaseModifier === ts.SyntaxKind.TypeKeyword ||
          (!clause.name && named !== undefined && named.every((n) => n.isTypeOnly)));
      found.push({ from: file, specifier: statement.moduleSpecifier.text, typeOnly });
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
      found.push({ from: file, specifier: statement.moduleSpecifier.text, typeOnly: statement.isTypeOnly });
    }
  }
  return found;
}

/** The stage a file of catalog/ belongs to: its first folder under catalog/, or "." at the top. */
function stageOf(file: string): string {
  const parts = path.relative(CATALOG, file).split(path.sep);
  return parts.length > 1 ? parts[0] : ".";
}

const imports = sourceFiles(CATALOG).flatMap(importsOf);

/** The file a relative import names. */
function target(i: Import): string {
  return `${path.resolve(path.dirname(i.from), i.specifier)}.ts`;
}

describe("the core's imports", () => {
  it("reads every file of catalog/ and finds its imports, each naming a file", () => {
    expect(new Set(imports.map((i) => i.from)).size).to.be.above(40);
    expect(imports.length).to.be.above(150);
    const missing = imports.filter((i) => i.specifier.startsWith(".") && !fs.existsSync(target(i)));
    expect(missing.map((i) => `${path.relative(ROOT, i.from)} -> ${i.specifier}`)).to.deep.equal([]);
  });

  it("never imports Pulumi, nor does the limits table it reads: the core is plain TypeScript", () => {
    const pulumi = [...imports, ...LIMITS_TABLE.flatMap(importsOf)].filter((i) => i.specifier.startsWith("@pulumi/"));
    expect(pulumi.map((i) => `${path.relative(ROOT, i.from)} -> ${i.specifier}`)).to.deep.equal([]);
  });

  it("imports nothing of the project's own outside catalog/ but the limits table", () => {
    const outside = imports.filter(
      (i) => i.specifier.startsWith(".") && !target(i).startsWith(CATALOG + path.sep) && !LIMITS_TABLE.includes(target(i)),
    );
    expect(outside.map((i) => `${path.relative(ROOT, i.from)} -> ${i.specifier}`)).to.deep.equal([]);
  });

  it("points one way: from each stage only to itself and the stages before it", () => {
    const against = imports.flatMap((i) => {
      if (!i.specifier.startsWith(".") || LIMITS_TABLE.includes(target(i))) return [];
      const from = STAGES.indexOf(stageOf(i.from));
      const to = STAGES.indexOf(stageOf(target(i)));
      expect(from, i.from).to.be.at.least(0);
      expect(to, target(i)).to.be.at.least(0);
      if (to <= from) return [];
      const shown = `${path.relative(CATALOG, i.from)} -> ${path.relative(CATALOG, target(i))}`;
      return [i.typeOnly ? `${shown} (type only)` : shown];
    });
    expect(against).to.deep.equal(KNOWN_AGAINST_ORDER);
  });
});
