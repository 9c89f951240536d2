/**
 * Where a line and column inside a text value are in the catalog file, so that a problem in
 * the third line of a multi-line command is reported on that line. Exact for literal block
 * scalars (`|`) and for single-line values written as they read (plain, or quoted without
 * escapes); any other value is reported where it starts.
 */
import type { Path, Position, SourceLocator } from "./locate";

/** `line` and `column` are 1-based, within the value. */
export function positionInValue(locator: SourceLocator, path: Path, line: number, column: number): Position {
  const start = locator.position(path);
  const scalar = locator.scalarSource(path);
  if (!scalar || typeof scalar.value !== "string") return start;
  const { value, source } = scalar;
  if (/^\|[0-9+-]*[ \t]*(#.*)?(\r?\n|$)/.test(source)) {
    const contentLines = source.split(/\r?\n/).slice(1);
    const indent = Math.min(...contentLines.filter((l) => l.trim() !== "").map((l) => l.length - l.trimStart().length));
    if (!Number.isFinite(indent) || line > contentLines.length) return start;
    return { line: start.line + line, column: indent + column };
  }
  if (line !== 1 || value.includes("\n")) return start;
  if (source === value) return { line: start.line, column: start.column + column - 1 };
  const quoted = source.length >= 2 && (source[0] === "'" || source[0] === '"') && source.at(-1) === source[0];
  if (quoted && source.slice(1, -1) === value) return { line: start.line, column: start.column + column };
  return start;
}
