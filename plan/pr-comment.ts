/**
 * The pull-request comment for the stacks the workflow planned: one section per stack, the whole
 * within GitHub's comment limit (plan/limits.ts) however many stacks there are. Each stack keeps
 * at least its summary and its revocations counted, and a line names the stacks whose plans were
 * shortened or left out. Pure: `npm run plan-comment` (cli/plan-comment.ts) reads the plans and
 * prints this.
 */
import type { PlanDocument } from "./document";
import { COMMENT_BUDGET } from "./limits";
import { fenceFor } from "./markdown-code";
import { FOOTER, renderMarkdownWithin } from "./render-markdown";

/** The name of the workflow artifact the full plans are uploaded as (pull-request.yml). */
export const ARTIFACT = "ami-factory-plan";

export interface StackResult {
  stack: string;
  status: number;
  document?: PlanDocument;
  errors: string;
}

/** A stack's section of the comment, rendered within a number of characters. */
interface Section {
  stack: string;
  /**
   * The section within `budget` characters, which it never passes unless the budget is below its
   * smallest form, `render(0)`: the summary, the revocations counted and the lines that say what
   * was cut.
   */
  render(budget: number): { text: string; cut: boolean };
}

/** The most of a failed plan's first line of errors that a comment always shows. */
const FIRST_LINE_MAX = 500;

/** The first line of a plan's errors, at most FIRST_LINE_MAX characters. */
function firstLine(errors: string): string {
  return errors.split("\n")[0].slice(0, FIRST_LINE_MAX);
}

/** A stack whose plan printed no JSON: its error output, at least its first line. */
function failure(result: StackResult): Section {
  const errors = result.errors || "(no output)";
  // The fence for all of the errors also holds any start of them.
  const fence = fenceFor(errors);
  const head = `## AMI factory plan: \`stack ${result.stack}\` failed (exit ${result.status})\n\n${fence}\n`;
  const end = `\n${fence}\n`;
  const more = "\n...";
  return {
    stack: result.stack,
    render(budget) {
      if (head.length + errors.length + end.length <= budget) return { text: head + errors + end, cut: false };
      const room = Math.max(firstLine(errors).length, budget - head.length - more.length - end.length);
      return { text: `${head}${errors.slice(0, room)}${more}${end}`, cut: true };
    },
  };
}

/** A stack with a plan: the markdown plan, and the plan's exit code when it failed. */
function planned(result: StackResult, document: PlanDocument, where: string): Section {
  const fullPlan = `${where} (\`${result.stack}.json\`, \`${result.stack}.md\`)`;
  const exited =
    result.status === 0
      ? ""
      : `> [!CAUTION]\n> \`npm run plan\` exited ${result.status} for stack \`${result.stack}\`: ${firstLine(result.errors)}\n`;
  return {
    stack: result.stack,
    render(budget) {
      const rendered = renderMarkdownWithin(document, { budget: budget - exited.length, fullPlan, footer: false });
      return { text: rendered.markdown + exited, cut: rendered.cut };
    },
  };
}

/** How many characters a list of stack names may take in one line. */
const NAMES_MAX = 500;

/** `` `a`, `b` and 3 more ``: the names quoted, within NAMES_MAX characters. */
function names(list: readonly string[]): string {
  let text = "";
  for (const [i, name] of list.entries()) {
    const next = `${text}${i === 0 ? "" : ", "}\`${name}\``;
    const rest = list.length - i - 1;
    if (next.length + (rest > 0 ? ` and ${rest} more`.length : 0) > NAMES_MAX) {
      return i === 0 ? `${list.length} stacks` : `${text} and ${list.length - i} more`;
    }
    text = next;
  }
  return text;
}

/** The line under the intro that says which stacks' plans were cut, and where the full ones are. */
function stacksCut(shortened: string, omitted: string, where: string): string {
  const parts = [
    shortened && `the plans of ${shortened} are shortened (each says what it cut)`,
    omitted && `the plans of ${omitted} are left out`,
  ];
  return `> ✂️ To keep this comment within GitHub's limit, ${parts.filter(Boolean).join(", and ")}: every stack's full plan is in ${where}.\n\n`;
}

/**
 * The sections within `available` characters: each gets its smallest form and an equal share of
 * what is left, the stacks that need less than a share first so that what they leave goes to the
 * others. When even the smallest forms do not all fit, stacks are shown in their smallest form in
 * name order while they fit, and the rest are left out.
 */
function layout(sections: readonly Section[], available: number) {
  const minimum = sections.map((section) => section.render(0).text.length);
  const need = sections.map((section, i) => section.render(Infinity).text.length - minimum[i]);
  const texts: (string | undefined)[] = sections.map(() => undefined);
  const cut = sections.map(() => false);
  // Sections are joined by one newline.
  let pool = available - minimum.reduce((a, b) => a + b, 0) - (sections.length - 1);
  if (pool >= 0) {
    const order = sections.map((_, i) => i).sort((a, b) => need[a] - need[b] || a - b);
    for (const [k, i] of order.entries()) {
      const give = Math.max(0, Math.min(need[i], Math.floor(pool / (order.length - k))));
      const rendered = sections[i].render(minimum[i] + give);
      [texts[i], cut[i]] = [rendered.text, rendered.cut];
      pool -= rendered.text.length - minimum[i];
    }
  } else {
    let used = 0;
    for (const [i, section] of sections.entries()) {
      if (used + minimum[i] + 1 > available) continue;
      const rendered = section.render(0);
      [texts[i], cut[i]] = [rendered.text, rendered.cut];
      used += rendered.text.length + 1;
    }
  }
  return {
    text: texts.filter((text) => text !== undefined).join("\n"),
    shortened: sections.filter((_, i) => texts[i] !== undefined && cut[i]).map((s) => s.stack),
    omitted: sections.filter((_, i) => texts[i] === undefined).map((s) => s.stack),
  };
}

/**
 * The comment: one section per stack, within `budget` characters whatever the number of stacks.
 * Every stack gets its summary and its revocations (counted in one line when room is short) as
 * long as those fit; a line under the intro names the stacks whose plans were cut or left out.
 */
export function comment(results: readonly StackResult[], runUrl?: string, budget = COMMENT_BUDGET): string {
  const where = `the workflow artifact \`${ARTIFACT}\`${runUrl ? ` of [this run](${runUrl})` : ""}`;
  if (results.length === 0)
    return "## AMI factory plan\n\nNo stack's catalog, stack file or shared code changes in this pull request.\n";
  const intro = `Stacks planned (${results.length}): ${names(results.map((r) => r.stack))}.\n\n`;
  const end = `\n${FOOTER}\n`;
  const sections = results.map((result) => (result.document ? planned(result, result.document, where) : failure(result)));
  const whole = layout(sections, budget - intro.length - end.length);
  if (whole.shortened.length === 0 && whole.omitted.length === 0) return intro + whole.text + end;
  // The longest the line naming the stacks can be: two lists of names at their longest.
  const longest = stacksCut("x".repeat(NAMES_MAX), "x".repeat(NAMES_MAX), where).length;
  const cut = layout(sections, budget - intro.length - longest - end.length);
  const body = intro + stacksCut(names(cut.shortened), names(cut.omitted), where) + cut.text + end;
  // Unreachable with any budget that holds the intro and the lines around it; GitHub refuses a
  // longer body outright, so say where the plans are rather than post nothing.
  return body.length <= budget ? body : `## AMI factory plan\n\nThe plans of ${results.length} stacks are in ${where}.\n`;
}
