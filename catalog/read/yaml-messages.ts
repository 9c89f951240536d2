/**
 * YAML's own errors, said the way a catalog's author can act on: where the mistake starts (the
 * bracket or quote that is never closed, not the end of the file where the parser gave up) and
 * what to write instead. Everything the parser reports is explained; an error this file does not
 * know keeps the parser's wording.
 */
import { CST, Parser, type YAMLError } from "yaml";

/** A message and the character offset it points at. */
export interface SyntaxMessage {
  offset: number;
  message: string;
}

/** Tags a catalog may carry: the YAML 1.2 core schema's, which only say what the value is anyway. */
export const CORE_TAGS = ["str", "int", "float", "bool", "null", "map", "seq"].map((tag) => `tag:yaml.org,2002:${tag}`);

export function explainYamlError(error: YAMLError, text: string): SyntaxMessage {
  const offset = error.pos[0];
  const at = (message: string, where = offset): SyntaxMessage => ({ offset: where, message });
  const line = lineAt(text, offset);
  switch (error.code) {
    case "DUPLICATE_KEY": {
      const key =
        /^[^\n:]*/
          .exec(text.slice(offset, offset + 200))?.[0]
          .trim()
          .replace(/^(["'])(.*)\1$/, "$2") ?? "";
      return at(`duplicate key ${JSON.stringify(key)}: a key may appear once in a map`);
    }
    case "TAB_AS_INDENT":
      return at("tabs are not allowed as indentation; indent with spaces");
    case "MULTIPLE_DOCS":
      return at('the catalog is one YAML document; remove the "---" and what follows it');
    case "BAD_SCALAR_START": {
      const char = text[offset] ?? "";
      return at(
        `a value cannot start with ${char} unless it is quoted: write ${JSON.stringify(restOfLine(text, offset).trim())}`,
      );
    }
    case "BLOCK_AS_IMPLICIT_KEY": {
      // `description: Web tier: nginx` reads as a map inside a value.
      const value = restOfLine(text, offset)
        .replace(/\s+#.*$/, "")
        .trim();
      if (/:\s/.test(value)) {
        const key = /^\s*(?:-\s+)?([^:#]+):/.exec(line.text)?.[1]?.trim();
        const fix = key === undefined ? JSON.stringify(value) : `${key}: ${JSON.stringify(value)}`;
        return at(`a value that contains ": " must be quoted: ${fix}`);
      }
      const next = nextContentLine(text, line.end);
      const message = indentationMessage(text, next);
      return message === undefined ? at(lowerFirst(error.message)) : at(message, next.start + next.indent);
    }
    case "TAG_RESOLVE_FAILED": {
      const tag = /^!\S*/.exec(text.slice(offset))?.[0] ?? "";
      return at(`unknown tag ${tag}: a catalog is plain YAML without tags; remove it`);
    }
    default:
      break;
  }
  if (/^Flow (sequence|map) in block collection/.test(error.message)) {
    const unclosed = unclosedFlow(text, offset, error.message.startsWith("Flow map") ? "{" : "[");
    if (unclosed) return unclosed;
  }
  const stray = /^Unexpected flow-(seq|map)-end token/.exec(error.message);
  if (stray) return at(`this ${stray[1] === "seq" ? "]" : "}"} closes nothing; remove it`);

  if (/^Missing closing ["']quote/.test(error.message)) {
    const quote = error.message.includes('"quote') ? '"' : "'";
    const start = unclosedQuote(text, offset, quote);
    if (start !== undefined)
      return at(`the quoted value that starts here with ${quote} is never closed; end it with ${quote}`, start);
  }
  if (/Sequence item without - indicator|All mapping items must start at the same column/.test(error.message)) {
    const message = indentationMessage(text, line);
    if (message) return at(message, line.start + line.indent);
  }
  if (error.message.startsWith("Implicit map keys need to be followed by map values")) {
    const key = line.text.trim().replace(/^-\s+/, "");
    if (key !== "" && !key.includes(":")) return at(`${JSON.stringify(key)} has no value: write ${key.split(/\s/)[0]}: <value>`);
  }
  if (/Implicit keys need to be on a single line|Unexpected block-seq-ind/.test(error.message)) {
    const glued = /(?:^|\s)([A-Za-z_][\w-]*):([^\s:/][^\s]*)/.exec(line.text);
    if (glued) return at(`"${glued[1]}:${glued[2]}" needs a space after the colon: ${glued[1]}: ${glued[2]}`);
    if (/^-( |$)/.test(line.text.trimStart())) {
      return at("a list item cannot stand among the keys of a map: put it under a key and indent it", line.start + line.indent);
    }
  }
  return at(lowerFirst(error.message));
}

// ---- lines ---------------------------------------------------------------------------------

interface Line {
  /** Offset of the first character. */
  start: number;
  /** Offset of the newline (or the end of the text). */
  end: number;
  text: string;
  /** Leading spaces. */
  indent: number;
}

function lineAt(text: string, offset: number): Line {
  const start = text.lastIndexOf("\n", Math.max(0, offset - 1)) + 1;
  const newline = text.indexOf("\n", start);
  const end = newline < 0 ? text.length : newline;
  const lineText = text.slice(start, end);
  return { start, end, text: lineText, indent: /^ */.exec(lineText)![0].length };
}

function restOfLine(text: string, offset: number): string {
  const newline = text.indexOf("\n", offset);
  return text.slice(offset, newline < 0 ? text.length : newline);
}

function isContent(line: Line): boolean {
  const trimmed = line.text.trim();
  return trimmed !== "" && !trimmed.startsWith("#");
}

function previousContentLine(text: string, line: Line): Line | undefined {
  let start = line.start;
  while (start > 0) {
    const previous = lineAt(text, start - 1);
    if (isContent(previous)) return previous;
    start = previous.start;
  }
  return undefined;
}

function nextContentLine(text: string, end: number): Line {
  let offset = end + 1;
  while (offset < text.length) {
    const next = lineAt(text, offset);
    if (isContent(next)) return next;
    offset = next.end + 1;
  }
  return lineAt(text, Math.min(end, text.length));
}

function lineNumber(text: string, offset: number): number {
  let n = 1;
  for (let i = text.indexOf("\n"); i >= 0 && i < offset; i = text.indexOf("\n", i + 1)) n += 1;
  return n;
}

/** Column (1-based) of the key a line starts, past any `- ` list markers. */
function keyColumn(line: Line): { key: string; column: number } | undefined {
  const match = /^( *(?:- +)*)([^\s:#"'][^:#]*?):(?:\s|$)/.exec(line.text);
  return match ? { key: match[2].trim(), column: match[1].length + 1 } : undefined;
}

/** Keys of one map must line up; say with which key above this one does not. */
function indentationMessage(text: string, line: Line): string | undefined {
  const previous = previousContentLine(text, line);
  const own = keyColumn(line);
  const above = previous && keyColumn(previous);
  if (!own || !above || !previous) return undefined;
  return `"${own.key}" starts in column ${own.column} and "${above.key}" on line ${lineNumber(text, previous.start)} in column ${above.column}: the keys of one map must start in the same column`;
}

// ---- brackets and quotes -------------------------------------------------------------------

type FlowToken = CST.FlowCollection;

/** The innermost `[` or `{` before `offset` that is not closed by its own bracket. */
function unclosedFlow(text: string, offset: number, opener: "[" | "{"): SyntaxMessage | undefined {
  const kind = opener === "[" ? "list" : "map";
  const closer = opener === "[" ? "]" : "}";
  const candidates: FlowToken[] = [];
  eachToken(text, (token) => {
    if (token.type !== "flow-collection") return;
    const closed = token.end.some((end) => end.type === "flow-map-end" || end.type === "flow-seq-end");
    const own = token.end.some((end) => end.source === closer);
    if (token.start.source === opener && token.offset <= offset && (!closed || !own)) candidates.push(token);
  });
  const found = candidates.sort((a, b) => b.offset - a.offset)[0];
  if (!found) return undefined;
  const wrong = found.end.find((end) => end.type === "flow-map-end" || end.type === "flow-seq-end")?.source;
  // The parser stops at a line indented no further than the key; if that line closes the
  // bracket, the bracket is closed, too far to the left.
  const stop = lineAt(text, offset).text;
  const continued = stop.split(closer).length > stop.split(opener).length;
  const message =
    wrong !== undefined
      ? `the ${kind} opened here with ${opener} ends with ${wrong}; close it with ${closer}`
      : continued
        ? `the ${kind} opened here with ${opener} goes on over several lines: indent them further than the key it belongs to`
        : `the ${kind} opened here with ${opener} is never closed; end it with ${closer}`;
  return { offset: found.offset, message };
}

/** Offset of the quote that opens the unterminated quoted value before `offset`. */
function unclosedQuote(text: string, offset: number, quote: string): number | undefined {
  const type = quote === '"' ? "double-quoted-scalar" : "single-quoted-scalar";
  let found: number | undefined;
  eachToken(text, (token) => {
    if (token.type !== type || token.offset > offset) return;
    const source = token.source;
    const closed = source.length > 1 && source.endsWith(quote) && !(quote === '"' && /(^|[^\\])(\\\\)*\\"$/.test(source));
    if (!closed && (found === undefined || token.offset > found)) found = token.offset;
  });
  return found;
}

/** Every key and value token of the text's documents, including those inside [ ] and { }. */
function eachToken(text: string, fn: (token: CST.Token) => void): void {
  for (const document of new Parser().parse(text)) {
    if (document.type !== "document") continue;
    CST.visit(document, (item) => {
      if (item.key) fn(item.key);
      if (item.value) fn(item.value);
    });
  }
}

function lowerFirst(message: string): string {
  return /^[A-Z](?![A-Z])/.test(message) ? message[0].toLowerCase() + message.slice(1) : message;
}
