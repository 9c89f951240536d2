/**
 * Text shown as code in GitHub's markdown (GFM), whatever backticks it holds: a code span or a
 * fence ends at the first run of as many backticks as opened it, so both open with more than
 * the longest run inside (https://github.github.com/gfm/#code-spans, #fenced-code-blocks).
 */

/** The length of the longest run of backticks in the text, 0 without any. */
function longestBackticks(text: string): number {
  return Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
}

/**
 * The text as a code span. It is padded with a space on each side when it starts or ends with a
 * backtick or a space: GFM strips one space from each side of a span's content when both are
 * there, and a backtick next to the delimiters would lengthen them.
 */
export function codeSpan(text: string): string {
  const ticks = "`".repeat(longestBackticks(text) + 1);
  const pad = /^[` ]|[` ]$/.test(text) ? " " : "";
  return `${ticks}${pad}${text}${pad}${ticks}`;
}

/** The fence for a code block of the text: three backticks, or more than any run in the text. */
export function fenceFor(text: string): string {
  return "`".repeat(Math.max(3, longestBackticks(text) + 1));
}
