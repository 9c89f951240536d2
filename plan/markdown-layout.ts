/**
 * Laying markdown out within a number of characters: lines are added only while they fit, each
 * part of the plan counts the line that says what it cut with its rows, and a part with no room
 * at all is named in one line at the end. So a rendering never passes its limit once the lines
 * that are never cut (the summary, the revocations, that line) fit in it.
 */

/** Characters the lines take in the text, each with its newline. */
export function size(lines: readonly string[]): number {
  return lines.reduce((n, line) => n + line.length + 1, 0);
}

/** Lines added while they fit in a number of characters (each line counts its newline). */
export class Budget {
  private readonly lines: string[] = [];
  private used = 0;
  /** Whether something was left out (a line says what). */
  cut = false;

  constructor(private readonly limit: number) {}

  get remaining(): number {
    return this.limit - this.used;
  }

  /** Whether the lines fit with `reserve` characters left for what must come after them. */
  fits(lines: readonly string[], reserve = 0): boolean {
    return size(lines) <= this.remaining - reserve;
  }

  /** Adds them, counted: callers check `fits` first, except for the lines that are never cut. */
  add(lines: readonly string[]): void {
    for (const line of lines) {
      this.lines.push(line);
      this.used += line.length + 1;
    }
  }

  text(): string {
    return `${this.lines.join("\n")}\n`;
  }
}

/** One part of the plan: a heading, rows, and what closes it. */
export interface Part {
  /** How the part is named when it is left out whole: `the images (60)`. */
  label: string;
  open: readonly string[];
  rows: readonly string[];
  close: readonly string[];
  /** What stands in for the last `n` rows when they do not fit. */
  cut: (n: number) => string[];
  /** Rows shown at most, the rest cut. @default every row */
  maxRows?: number;
}

/** A part placed in the layout, with how many of its rows it shows. */
interface Placed {
  part: Part;
  shown: number;
  /** Characters of the part's lines up to each row: `before[n]` with n rows shown. */
  before: number[];
}

/** Characters the part takes with `shown` rows, its cut line included when some are not shown. */
function cost(placed: Omit<Placed, "shown">, shown: number): number {
  const { part, before } = placed;
  const cut = shown < part.rows.length ? size(part.cut(part.rows.length - shown)) : 0;
  return size(part.open) + before[shown] + cut + size(part.close);
}

/**
 * Parts laid out in two rounds, so that a long part cannot crowd out the ones after it: first each
 * part in turn gets its smallest form (its heading and first row, with the line saying how many
 * rows were cut, or all of it when that is smaller) or is left out whole when even that does not
 * fit; then, in the same order, each gets as many more rows as the room left holds. The parts are
 * written in the order they were placed; `reserve` characters stay free for what comes after.
 */
export class Layout {
  private readonly placed: Placed[] = [];
  private used = 0;
  /** The labels of the parts left out whole, in order. */
  readonly leftOut: string[] = [];

  constructor(
    private readonly out: Budget,
    private readonly reserve: number,
  ) {}

  /** Characters still free for parts. */
  get room(): number {
    return this.out.remaining - this.reserve - this.used;
  }

  place(part: Part): void {
    const before = [0];
    for (const row of part.rows) before.push(before[before.length - 1] + row.length + 1);
    const most = Math.min(part.maxRows ?? part.rows.length, part.rows.length);
    const sizes = { part, before };
    const shown = cost(sizes, most) <= cost(sizes, Math.min(1, most)) ? most : Math.min(1, most);
    if (cost(sizes, shown) > this.room) return this.leaveOut(part.label);
    this.placed.push({ part, before, shown });
    this.used += cost(sizes, shown);
  }

  /** Names a part in the line that says what was left out. */
  leaveOut(label: string): void {
    this.leftOut.push(label);
    this.out.cut = true;
  }

  /** Gives the placed parts more rows, in order, while they fit, and adds them to the budget. */
  finish(): void {
    for (const placed of this.placed) {
      const { part } = placed;
      const most = Math.min(part.maxRows ?? part.rows.length, part.rows.length);
      const base = cost(placed, placed.shown);
      let shown = placed.shown;
      // A row takes more than the digits its cut line loses, so the cost grows row by row: the
      // first row that does not fit ends the search. Only the whole part, which has no cut line,
      // can cost less than fewer rows.
      while (shown < most && cost(placed, shown + 1) - base <= this.room) shown += 1;
      if (shown < most && cost(placed, most) - base <= this.room) shown = most;
      this.used += cost(placed, shown) - base;
      placed.shown = shown;
    }
    for (const { part, shown } of this.placed) {
      this.out.add([...part.open, ...part.rows.slice(0, shown)]);
      if (shown < part.rows.length) {
        this.out.add(part.cut(part.rows.length - shown));
        this.out.cut = true;
      }
      this.out.add(part.close);
    }
  }
}

const LIMIT_REASON = "to keep the comment within GitHub's limit";

/** The line that says what was cut at this place, and where the full plan is. */
export function cutLine(what: string, fullPlan: string): string {
  return `> ✂️ ${what} cut here ${LIMIT_REASON}: the full plan is in ${fullPlan}.`;
}

/** The line that names the parts left out whole, and where the full plan is. */
export function leftOutLine(labels: readonly string[], fullPlan: string): string {
  return `> ✂️ Left out ${LIMIT_REASON}: ${labels.join(", ")}. The full plan is in ${fullPlan}.`;
}
