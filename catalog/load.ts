/**
 * Reading a catalog file: bytes, UTF-8 text, YAML, the schema, the cross-field rules and the
 * resolved catalog. Either a catalog or every problem found, each with its place in the file;
 * never both, and never an exception for anything a catalog file may contain.
 */
import {
  Composer,
  isAlias,
  isCollection,
  isMap,
  isNode,
  isScalar,
  isSeq,
  LineCounter,
  Parser,
  visit,
  YAMLParseError,
  type Document,
} from "yaml";
import { decodeUtf8 } from "./read/decode";
import { formatPath, SourceLocator, type Finding } from "./read/locate";
import type { Catalog, Problem } from "./resolve/model";
import { MAX_NESTING, tooDeep } from "./read/nesting";
import { readCatalogBytes, type ReadResult } from "./read/read-file";
import { resolveCatalog } from "./resolve/resolve";
import { checkRules } from "./rules/rules";
import { CatalogSchema } from "./schema/schema";
import { schemaFindings } from "./schema/schema-issues";
import { oversized, oversizedMessage } from "./rules/stack-size";
import { CORE_TAGS, explainYamlError } from "./read/yaml-messages";
import { compareText } from "./tables/order";
import { formatNumber } from "./read/wording";

/** Warnings (quotas AWS raises on request) come with a valid catalog too; problems never do. */
export type LoadResult = { ok: true; catalog: Catalog; warnings: Problem[] } | { ok: false; problems: Problem[] };

/**
 * How far aliases may multiply the document (uses of an anchor times the aliases inside it).
 * Generous for a catalog that reuses a list in every one of a thousand images, and far below
 * what a "billion laughs" file needs, which is refused before it is expanded.
 */
export const MAX_ALIAS_COUNT = 10_000;

/**
 * `FILE:LINE:COL PATH: MESSAGE`, or `FILE:LINE:COL MESSAGE` for the document itself; a warning's
 * message starts with `warning: `.
 */
export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}:${p.column} ${p.path === "" ? "" : `${p.path}: `}${p.warning ? "warning: " : ""}${p.message}`;
}

/** Reads and loads a catalog file. A file that cannot be read is one problem at 1:1, not an exception. */
export function loadCatalogFile(path: string): LoadResult {
  return loadCatalogRead(readCatalogBytes(path), path);
}

/** Loads what `readCatalogBytes(path)` read: for a caller that keeps the bytes (catalog/handoff.ts). */
export function loadCatalogRead(read: ReadResult, path: string): LoadResult {
  if (!read.ok) return { ok: false, problems: [{ file: path, line: 1, column: 1, path: "", message: read.message }] };
  return loadCatalogText(read.content, path);
}

/**
 * Loads a catalog from its content; `file` is only used to name it in problems and in the
 * catalog. Problems come sorted by line and column, each once.
 */
export function loadCatalogText(content: string | Buffer, file: string): LoadResult {
  const problem = (line: number, column: number, message: string, path = ""): Problem => ({ file, line, column, path, message });
  const decoded = decodeUtf8(content);
  if (!decoded.ok) return { ok: false, problems: [problem(decoded.line, decoded.column, decoded.message)] };

  const lineCounter = new LineCounter();
  const tokens = [...new Parser(lineCounter.addNewLine).parse(decoded.text)];
  const deep = tooDeep(tokens);
  if (deep !== undefined) {
    const { line, col } = lineCounter.linePos(deep);
    return {
      ok: false,
      problems: [
        problem(line, col, `lists and maps nest deeper than ${MAX_NESTING} levels here; a catalog needs far fewer: flatten it`),
      ],
    };
  }
  const doc = composeOne(tokens, decoded.text);
  const locator = new SourceLocator(doc, lineCounter, decoded.text);
  const at = (offset: number, message: string) => {
    const { line, column } = locator.at(offset);
    return problem(line, column, message);
  };
  // After the first syntax error the parser's further errors mostly follow from it: report that
  // one. Duplicate keys and warnings stand on their own: report them all.
  const syntax = doc.errors.filter((error) => error.code !== "DUPLICATE_KEY").sort((a, b) => a.pos[0] - b.pos[0]);
  const reported = [...syntax.slice(0, 1), ...doc.errors.filter((error) => error.code === "DUPLICATE_KEY"), ...doc.warnings];
  const yamlProblems = reported.map((error) => {
    const explained = explainYamlError(error, decoded.text);
    return at(explained.offset, explained.message);
  });
  if (doc.errors.length > 0) return { ok: false, problems: sortUnique(yamlProblems) };
  const documentProblems = plainYamlProblems(doc, decoded.text, at);
  if (documentProblems.length > 0) return { ok: false, problems: sortUnique([...yamlProblems, ...documentProblems]) };

  const contents = doc.contents;
  if (!isMap(contents)) {
    const got = isSeq(contents) ? "it is a list" : isScalar(contents) ? "it is a single value" : "it is an alias";
    const message =
      contents === null || (isScalar(contents) && contents.value === null)
        ? 'the catalog is empty; it needs at least an "images" list'
        : `the catalog must be a map with an "images" list (and optionally factory, buildRegion, tags, accounts, defaults); ${got}`;
    return { ok: false, problems: [problem(1, 1, message)] };
  }

  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    return { ok: false, problems: [...yamlProblems, aliasProblem(doc, error, at)] };
  }

  const parsed = CatalogSchema.safeParse(raw);
  const schema = parsed.success ? [] : schemaFindings(parsed.error.issues, raw, locator);
  const rules = checkRules(raw);
  // A rule that speaks about a path the schema also flagged says it more precisely (`i386` is 32-bit).
  const ruled = new Set(rules.filter((finding) => !finding.warning).map((finding) => formatPath(finding.path)));
  const findings: Finding[] = [...schema.filter((finding) => !ruled.has(formatPath(finding.path))), ...rules];
  const problems = [
    ...yamlProblems,
    ...findings.map((finding) => {
      const { line, column } = locator.position(finding.path, finding.target);
      const located = problem(line, column, finding.message, formatPath(finding.path));
      return finding.warning ? { ...located, warning: true as const } : located;
    }),
  ];
  if (problems.some((p) => !p.warning) || !parsed.success) return { ok: false, problems: sortUnique(problems) };
  const catalog = resolveCatalog(parsed.data, file);
  const tooLarge = oversized(catalog);
  if (tooLarge) {
    const index = parsed.data.images.findIndex((image) => image.name === tooLarge.image.name);
    const { line, column } = locator.position(["images", index]);
    return { ok: false, problems: [problem(line, column, oversizedMessage(tooLarge), formatPath(["images", index]))] };
  }
  return { ok: true, catalog, warnings: sortUnique(problems) };
}

/**
 * The first document of the parsed tokens, as `parseDocument` composes it (unique keys, no
 * pretty errors); a second document is an error on it.
 */
function composeOne(tokens: ReturnType<Parser["parse"]> extends Iterable<infer T> ? T[] : never, text: string): Document {
  let doc: Document | undefined;
  for (const composed of new Composer({ uniqueKeys: true }).compose(tokens, true, text.length)) {
    if (!doc) doc = composed;
    else {
      doc.errors.push(
        new YAMLParseError(composed.range.slice(0, 2) as [number, number], "MULTIPLE_DOCS", "Source contains multiple documents"),
      );
      break;
    }
  }
  return doc!;
}

/**
 * What YAML allows and a catalog does not, because it would change values silently: the YAML 1.1
 * rules (`yes` is true, `010` is 8), tags that make binary data, sets or dates, and keys that are
 * lists or maps.
 */
function plainYamlProblems(doc: Document, text: string, at: (offset: number, message: string) => Problem): Problem[] {
  const problems: Problem[] = [];
  if (doc.directives?.yaml.explicit && doc.directives.yaml.version !== "1.2") {
    problems.push(
      at(
        0,
        `the catalog is YAML 1.2; remove "%YAML ${doc.directives.yaml.version}": YAML 1.1 reads yes and no as true and false, and 010 as 8`,
      ),
    );
  }
  visit(doc, {
    Node(_key, node) {
      const tag = node.tag;
      if (tag !== undefined && tag.startsWith("tag:yaml.org,2002:") && !CORE_TAGS.includes(tag)) {
        const short = `!!${tag.slice("tag:yaml.org,2002:".length)}`;
        const offset = node.range?.[0] ?? 0;
        const written = text.lastIndexOf("!!", offset);
        problems.push(
          at(
            written >= 0 ? written : offset,
            `the tag ${short} is not supported: a catalog holds text, numbers, true or false, lists and maps`,
          ),
        );
      }
    },
    Pair(_key, pair) {
      if (isCollection(pair.key)) {
        problems.push(at(pair.key.range?.[0] ?? 0, "a key must be a name, not a list or a map; remove the ? before it"));
      }
    },
  });
  return problems;
}

/** An alias that cannot be expanded: unresolved, or multiplying the document past the limit. */
function aliasProblem(doc: Document, error: unknown, at: (offset: number, message: string) => Problem): Problem {
  const message = error instanceof Error ? error.message : String(error);
  const anchors = new Set<string>();
  /** Anchors whose node holds an alias: every use of them multiplies aliases. */
  const multiplying = new Set<string>();
  const aliases: Array<{ offset: number; name: string; resolved: boolean }> = [];
  visit(doc, {
    Node(_key, node, path) {
      if (!isAlias(node)) {
        if (node.anchor) anchors.add(node.anchor);
        return;
      }
      aliases.push({ offset: node.range?.[0] ?? 0, name: node.source, resolved: anchors.has(node.source) });
      for (const ancestor of path) if (isNode(ancestor) && ancestor.anchor) multiplying.add(ancestor.anchor);
    },
  });
  const unresolved = aliases.find((alias) => !alias.resolved);
  if (unresolved && /Unresolved alias/.test(message)) {
    return at(unresolved.offset, `alias *${unresolved.name} has no anchor &${unresolved.name} before it`);
  }
  if (/resource exhaustion|Excessive alias/.test(message)) {
    const culprit = aliases.find((alias) => multiplying.has(alias.name)) ?? aliases[0];
    return at(
      culprit?.offset ?? 0,
      `aliases of aliases expand this file beyond ${formatNumber(MAX_ALIAS_COUNT)} copies; ` +
        `it is refused as a possible "billion laughs" attack: write the values out or nest fewer aliases`,
    );
  }
  return at(aliases[0]?.offset ?? 0, `cannot expand the aliases: ${message}`);
}

function sortUnique(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems
    .filter((p) => {
      const key = `${p.line}:${p.column}:${p.path}:${p.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => a.line - b.line || a.column - b.column || compareText(a.path, b.path) || compareText(a.message, b.message));
}
