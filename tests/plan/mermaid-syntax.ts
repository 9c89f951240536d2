/**
 * Checking the Mermaid the plan emits. Mermaid's own parser needs a DOM: `parseWithMermaid` runs
 * it with jsdom in one child process, and answers `available: false` when either package cannot
 * be loaded (both are devDependencies: the tests count that as a failure). `structuralProblems` is
 * the second check: a strict check of the flowchart subset plan/mermaid.ts writes (header, node and subgraph
 * declarations, edges between declared nodes, classDef/class lines, balanced subgraphs, ids that
 * are not keywords, labels without raw quotes).
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import type { Socket } from "node:net";
import * as path from "node:path";
import { createInterface } from "node:readline";

const ROOT = path.resolve(__dirname, "..", "..");

const ID = "[A-Za-z][A-Za-z0-9_]*";
/** A quoted label; Mermaid refuses an empty one (`a[""]`: "Expecting 'TAGEND'"). */
const LABEL = '"([^"]+)"';
/** Words Mermaid reads as keywords of a flowchart: an id must not be one. */
const KEYWORDS = new Set([
  "end",
  "graph",
  "flowchart",
  "subgraph",
  "class",
  "classDef",
  "style",
  "click",
  "linkStyle",
  "direction",
  "default",
]);
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
 * Loading Mermaid takes seconds, so one process per test run parses every chart: it reads one
 * JSON request per line (an id and charts) and answers one line per request, and ends when its
 * input does. What Mermaid logs goes to stderr, to keep the answers apart.
 */
const PARSE_SCRIPT = `
for (const level of ["log", "info", "warn", "debug"]) console[level] = (...args) => console.error(...args);
let JSDOM, mermaid;
try {
  ({ JSDOM } = await import("jsdom"));
  globalThis.window = new JSDOM("").window;
  globalThis.document = window.document;
  mermaid = (await import("mermaid")).default;
} catch {
  mermaid = undefined;
}
const { createInterface } = await import("node:readline");
for await (const line of createInterface({ input: process.stdin })) {
  const { id, charts, defaults } = JSON.parse(line);
  if (defaults) {
    const config = mermaid?.mermaidAPI.defaultConfig;
    const limits = config ? { maxTextSize: config.maxTextSize, maxEdges: config.maxEdges } : null;
    process.stdout.write(JSON.stringify({ id, verdicts: [], defaults: limits }) + "\\n");
    continue;
  }
  const verdicts = [];
  for (const chart of charts) {
    if (!mermaid) {
      verdicts.push({ available: false });
      continue;
    }
    try {
      await mermaid.parse(chart);
      verdicts.push({ available: true });
    } catch (error) {
      verdicts.push({ available: true, error: String(error.message ?? error) });
    }
  }
  process.stdout.write(JSON.stringify({ id, verdicts }) + "\\n");
}
`;

/** Mermaid's own default limits, from the installed package's config defaults. */
export interface MermaidLimits {
  maxTextSize: number;
  maxEdges: number;
}

/** One answer of the parser process: verdicts on charts, or Mermaid's defaults when asked for. */
interface Answer {
  verdicts: MermaidVerdict[];
  defaults?: MermaidLimits | null;
}

interface Parser {
  child: ChildProcessWithoutNullStreams;
  waiting: Map<number, (answer: Answer) => void>;
  stderr: string;
  next: number;
}

let parser: Parser | undefined;

/** The one parser process, started on first use. Idle, it does not keep the test run alive. */
function mermaidParser(): Parser {
  if (parser) return parser;
  const child = spawn(process.execPath, ["--input-type=module", "-e", PARSE_SCRIPT], { cwd: ROOT });
  const started: Parser = { child, waiting: new Map(), stderr: "", next: 0 };
  child.stderr.on("data", (chunk: Buffer) => (started.stderr += chunk.toString()));
  createInterface({ input: child.stdout }).on("line", (line) => {
    const { id, ...answer } = JSON.parse(line) as Answer & { id: number };
    started.waiting.get(id)?.(answer);
    started.waiting.delete(id);
    if (started.waiting.size === 0) idle(started);
  });
  child.on("exit", () => {
    if (parser === started) parser = undefined;
    const answer = { available: true as const, error: `the parser did not answer: ${started.stderr}` };
    for (const resolve of started.waiting.values()) resolve({ verdicts: [answer] });
    started.waiting.clear();
  });
  idle(started);
  return (parser = started);
}

function idle({ child }: Parser): void {
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) (stream as unknown as Socket).unref();
}

function busy({ child }: Parser): void {
  child.ref();
  (child.stdout as unknown as Socket).ref();
}

/** Mermaid's real parser on each chart, in the run's one parser process. */
export function parseAllWithMermaid(charts: readonly string[]): Promise<MermaidVerdict[]> {
  const running = mermaidParser();
  const id = ++running.next;
  busy(running);
  return new Promise<MermaidVerdict[]>((resolve) => {
    running.waiting.set(id, ({ verdicts }) =>
      resolve(verdicts.length === charts.length ? verdicts : charts.map(() => verdicts[0])),
    );
    running.child.stdin.write(`${JSON.stringify({ id, charts })}\n`);
  });
}

/**
 * `mermaidAPI.defaultConfig`'s maxTextSize and maxEdges, or null when Mermaid cannot be loaded or
 * the parser process died.
 */
export function mermaidDefaults(): Promise<MermaidLimits | null> {
  const running = mermaidParser();
  const id = ++running.next;
  busy(running);
  return new Promise((resolve) => {
    running.waiting.set(id, ({ defaults }) => resolve(defaults ?? null));
    running.child.stdin.write(`${JSON.stringify({ id, defaults: true })}\n`);
  });
}

/** Mermaid's real parser on one chart. */
export async function parseWithMermaid(chart: string): Promise<MermaidVerdict> {
  return (await parseAllWithMermaid([chart]))[0];
}
