/**
 * `npm run validate`'s check of the catalog's own inline components: each generated document
 * against the AWSTOE schema, each Linux script through shellcheck and each Windows script
 * through the PowerShell parser, every problem on the catalog line of the command it is in.
 */
import { LineCounter, parseDocument } from "yaml";
import { inlineDocuments, PHASE_FIELDS, type InlineDocument, type InlinePhase } from "../catalog/inline-documents";
import { MAX_ALIAS_COUNT } from "../catalog/load";
import { formatPath, SourceLocator, type Path } from "../catalog/read/locate";
import type { Catalog, Problem } from "../catalog/resolve/model";
import { positionInValue } from "../catalog/read/scalar-position";
import { count } from "../catalog/read/wording";
import { documentFindings, formatFindings } from "./component-document";
import type { PowerShellParser } from "./powershell";
import { commandAt, scriptsOf, type Script, type ScriptFinding } from "./scripts";
import { SHELLCHECK_INSTALL, type Shellcheck } from "./shellcheck";
import { compareText } from "../catalog/tables/order";
import { scriptItems } from "../catalog/render/component-document";

/** The checkers, asked for only when a catalog has scripts for them. */
export interface ScriptTools {
  /** undefined: shellcheck is not installed. */
  shellcheck: () => Shellcheck | undefined;
  powershell: () => Promise<PowerShellParser>;
}

export interface InlineCheck {
  problems: Problem[];
  /** What was not checked, one line each. */
  notes: string[];
}

export async function checkInlineComponents(
  file: string,
  text: string,
  catalog: Catalog,
  tools: ScriptTools,
): Promise<InlineCheck> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true });
  const locator = new SourceLocator(doc, lineCounter, text);
  const documents = inlineDocuments(catalog, doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }));
  const linux = documents.filter((d) => d.platform === "Linux");
  const shellcheck = linux.length > 0 ? tools.shellcheck() : undefined;
  const powershell = documents.some((d) => d.platform === "Windows") ? await tools.powershell() : undefined;

  const problems = new Map<string, Problem>();
  const report = (path: Path, line: number, column: number, message: string) => {
    const problem = { file, line, column, path: formatPath(path), message };
    problems.set(`${line}:${column}:${problem.path}:${message}`, problem);
  };
  // Images that share a component (from `defaults`) share its scripts: each is checked once.
  const checked = new Map<string, ScriptFinding[]>();
  const findingsOf = (script: Script, check: (text: string) => ScriptFinding[]) => {
    const key = `${script.action}\n${script.text}`;
    let findings = checked.get(key);
    if (findings === undefined) checked.set(key, (findings = check(script.text)));
    return findings;
  };
  for (const d of documents) {
    for (const finding of formatFindings(documentFindings(d.data))) {
      const at = locator.position(d.path);
      report(d.path, at.line, at.column, `the generated component document is not a valid AWSTOE document: ${finding}`);
    }
    for (const script of scriptsOf(d.data)) {
      const check = script.action === "ExecuteBash" ? shellcheck : powershell;
      if (!check) continue;
      for (const finding of findingsOf(script, check)) {
        const place = placeOf(d, script, finding);
        const at = place.inValue ? positionInValue(locator, place.path, place.line, place.column) : locator.position(place.path);
        report(place.path, at.line, at.column, finding.message);
      }
    }
  }
  const notes =
    linux.length > 0 && !shellcheck
      ? [
          `${file}: the shell check of ${count(linux.length, "inline Linux component")} was not run: shellcheck is not installed (${SHELLCHECK_INSTALL})`,
        ]
      : [];
  const sorted = [...problems.values()].sort(
    (a, b) => a.line - b.line || a.column - b.column || compareText(a.message, b.message),
  );
  return { problems: sorted, notes };
}

/**
 * The catalog command a script finding is in: the script's items are rendered from the catalog's
 * commands by `scriptItems`, which says which item is which command. A finding in the factory's
 * prelude is reported at the catalog field itself, one in the guard after a command at the start
 * of that command.
 */
function placeOf(d: InlineDocument, script: Script, finding: ScriptFinding) {
  const phase = script.phase as InlinePhase;
  const field = PHASE_FIELDS[phase] ?? phase;
  const items = scriptItems(d.platform, script.step, d.commands[phase] ?? []);
  const at = commandAt(script, finding.line, finding.column);
  const item = items[at.command];
  const path = (item?.of === undefined ? [...d.path, field] : [...d.path, field, item.of]) as Path;
  return { path, inValue: item?.own === true, line: at.line, column: at.column };
}
