/**
 * Checking the Mermaid the plan emits. Mermaid's own parser needs a DOM; when the `mermaid` and
 * `jsdom` packages are installed it is used (`parseWithMermaid`, in a child process). `structuralProblems` always
 * runs: a strict check of the flowchart subset plan/mermaid.ts writes (header, node and subgraph
 * declarations, edges between declared nodes, classDef/class lines, balanced subgraphs, ids that
 * are not keywords, labels without raw quotes).
 */
import { spawnSync } from "node:child_process";
import { RESERVED } from "../../plan/mermaid";

const ID = "[A-Za-z][A-Za-z0-9_]*";
const LABEL = '"([^"]*)"';
const KEYWORDS = RESERVED;
const PATTERNS = {
  node: new RegExp(`^(${ID})(?:\\[${LABEL}\\]|\\(\\[${LABEL}\\]\\))$`),
  subgraph: new RegExp(`^subgraph (${ID})\\[${LABEL}\\]$`),
  edge: new RegExp(`^(${ID}) --> (${ID})$`),
  classDef: new RegExp(`^classDef (${ID}) [a-z-]+:[^;\\s]+(?:,[a-z-]+:[^;\\s]+)*$`),
  class: new RegExp(`^class (${ID}(?:,${ID})*) (${ID})$`),
};

export function structuralProblems(chart: string): string[] {
  const problems: string[] = [];
  const lines = chart.split("\n");
  if (!/^flowchart (LR|TD|TB|RL|BT)$/.test(lines[0] ?? "")) problems.push(`line 1: not a flowchart header: ${lines[0]}`);
  const declared = new Set<string>();
  const used: { id: string; line: number }[] = [];
  const classes = new Set<string>();
  let depth = 0;
  const checkId = (id: string, line: number) => {
    if (KEYWORDS.has(id)) problems.push(`line ${line}: id ${id} is a keyword`);
  };
  const checkLabel = (text: string | undefined, line: number) => {
    if (text !== undefined && /[<>]/.test(text.replace(/<br\/>/g, ""))) problems.push(`line ${line}: raw < or > in a label`);
  };
  lines.slice(1).forEach((raw, i) => {
    const n = i + 2;
    const line = raw.trim();
    if (line === "") return;
    let m: RegExpExecArray | null;
    if (line === "end") {
      depth -= 1;
      if (depth < 0) problems.push(`line ${n}: "end" without a subgraph`);
    } else if ((m = PATTERNS.subgraph.exec(line))) {
      depth += 1;
      checkId(m[1], n);
      checkLabel(m[2], n);
      declared.add(m[1]);
    } else if ((m = PATTERNS.node.exec(line))) {
      checkId(m[1], n);
      checkLabel(m[2] ?? m[3], n);
      if (declared.has(m[1])) problems.push(`line ${n}: ${m[1]} declared twice`);
      declared.add(m[1]);
    } else if ((m = PATTERNS.edge.exec(line))) {
      used.push({ id: m[1], line: n }, { id: m[2], line: n });
    } else if ((m = PATTERNS.classDef.exec(line))) {
      classes.add(m[1]);
    } else if ((m = PATTERNS.class.exec(line))) {
      for (const id of m[1].split(",")) used.push({ id, line: n });
      if (!classes.has(m[2])) problems.push(`line ${n}: class ${m[2]} has no classDef before it`);
    } else {
      problems.push(`line ${n}: not a statement of the flowchart subset: ${line}`);
    }
  });
  if (depth !== 0) problems.push(`${depth} subgraph(s) not closed`);
  for (const { id, line } of used) if (!declared.has(id)) problems.push(`line ${line}: ${id} is not declared`);
  return problems;
}

/** The fenced ```mermaid blocks of a markdown text. */
export function mermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```mermaid\n([\s\S]*?)\n```$/gm)].map((m) => m[1]);
}

/** What Mermaid's own parser said, or that it is not installed. */
export type MermaidVerdict = { available: false } | { available: true; error?: string };

/**
 * Mermaid parses in a DOM window: a child process keeps jsdom's globals out of the test run.
 * Loading Mermaid takes seconds, so one process parses every chart it is given (a JSON array).
 */
const PARSE_SCRIPT = `
let JSDOM, mermaid;
try {
  ({ JSDOM } = await import("jsdom"));
  globalThis.window = new JSDOM("").window;
  globalThis.document = window.document;
  mermaid = (await import("mermaid")).default;
} catch {
  process.stdout.write(JSON.stringify({ available: false }));
  process.exit(0);
}
let text = "";
for await (const chunk of process.stdin) text += chunk;
const verdicts = [];
for (const chart of JSON.parse(text)) {
  try {
    await mermaid.parse(chart);
    verdicts.push({ available: true });
  } catch (error) {
    verdicts.push({ available: true, error: String(error.message ?? error) });
  }
}
process.stdout.write(JSON.stringify(verdicts));
`;

/** Mermaid's real parser on each chart, in one process (when `mermaid` and `jsdom` are installed). */
export function parseAllWithMermaid(charts: readonly string[], cwd: string): MermaidVerdict[] {
  const result = spawnSync(process.execPath, ["--input-type=module", "-e", PARSE_SCRIPT], {
    cwd,
    input: JSON.stringify(charts),
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  try {
    const answer = JSON.parse(result.stdout) as MermaidVerdict[] | { available: false };
    return Array.isArray(answer) ? answer : charts.map(() => answer);
  } catch {
    return charts.map(() => ({ available: true, error: `the parser did not answer: ${result.stderr}` }));
  }
}

/** Mermaid's real parser on one chart. */
export function parseWithMermaid(chart: string, cwd: string): MermaidVerdict {
  return parseAllWithMermaid([chart], cwd)[0];
}
