/**
 * A parse check of PowerShell scripts, offline: tree-sitter with the tree-sitter-powershell
 * grammar (prebuilt for Linux, macOS and Windows). It finds syntax errors, the place of the
 * first one and what is missing there; it does not run anything, resolve commands or check
 * types, and the grammar is not Microsoft's parser (see docs/architecture.md).
 */
import Parser from "tree-sitter";
import type { ScriptFinding } from "./scripts";

export type PowerShellParser = (script: string) => ScriptFinding[];

let loaded: Promise<PowerShellParser> | undefined;

/** The parser; the grammar is an ES module with top-level await, so it loads asynchronously, once. */
export function loadPowerShellParser(): Promise<PowerShellParser> {
  loaded ??= (async () => {
    const grammar = (await import("tree-sitter-powershell/bindings/node/index.js")).default as Parser.Language;
    const parser = new Parser();
    parser.setLanguage(grammar);
    return (script: string) => {
      const tree = parser.parse(script);
      if (!tree.rootNode.hasError) return [];
      const node = firstError(tree.rootNode);
      const at = node?.startPosition ?? { row: 0, column: 0 };
      const message = node?.isMissing
        ? `PowerShell does not parse: ${JSON.stringify(node.type)} is missing here`
        : `PowerShell does not parse from here: ${JSON.stringify(excerpt(node?.text ?? ""))}`;
      return [{ line: at.row + 1, column: at.column + 1, message }];
    };
  })();
  return loaded;
}

/** The first node, in source order, that is an error or a token the parser had to invent. */
function firstError(node: Parser.SyntaxNode): Parser.SyntaxNode | undefined {
  if (node.type === "ERROR" || node.isMissing) return node;
  for (const child of node.children) {
    if (child.hasError || child.isMissing) {
      const found = firstError(child);
      if (found) return found;
    }
  }
  return undefined;
}

function excerpt(text: string): string {
  const line = text.split("\n")[0] ?? "";
  return line.length > 40 ? `${line.slice(0, 40)}...` : line;
}
