/**
 * The plan as a pull-request comment, within a fixed number of characters: first the summary and
 * the revocations (always complete: one line each, or counted per principal and region when the
 * list is long), then the other callouts as GitHub alerts, then the details in collapsed
 * sections (changes, images, the Mermaid fan-out, resources by type), policy findings and
 * warnings. What does not fit is cut with a line that says what was cut and where the full plan
 * is; the diagram is drawn less finely (per image and region, then per region) until Mermaid
 * would draw it.
 */
import { CALLOUT_TITLES, type Callout, type CalloutKind } from "./callouts";
import { subject, type PlanDocument } from "./document";
import { firstReleaseMessage } from "./first-builds";
import { COMMENT_BUDGET, MERMAID_MAX_EDGES, MERMAID_MAX_TEXT_SIZE } from "./limits";
import { chartWithin, type ChartDetail } from "./mermaid";
import { LIFETIME_TABLE_HEAD, lifetimeRows, supersededItems } from "./render-lifetimes";
import { shortType } from "./resources";
import { accountsText, changeDetail, changeSummary, groupCallouts, SYMBOL } from "./render-text";

/** Rows of a table of changes before the rest is left to the full plan. */
export const MAX_CHANGE_ROWS = 200;

/** Revocations are listed one by one up to this share of the budget, and counted beyond it. */
const REVOCATION_LIST_SHARE = 0.3;
/** The most of the budget the diagram may take (it is drawn less finely to fit). */
const CHART_SHARE = 0.3;

export interface MarkdownOptions {
  /** Characters the rendering may take. @default COMMENT_BUDGET (GitHub's comment limit, less room) */
  budget?: number;
  /** Where the full plan is, named in every line that says what was cut. @default "`npm run plan -- --format json`" */
  fullPlan?: string;
}

const ALERT: Readonly<Record<CalloutKind, "CAUTION" | "WARNING" | "NOTE">> = {
  "grant-revoked": "CAUTION",
  "ami-replaced": "WARNING",
  "ami-deleted": "CAUTION",
  protected: "CAUTION",
  public: "WARNING",
  "shared-at-build": "NOTE",
};

const CHART_DETAIL: Readonly<Record<ChartDetail, string>> = {
  grants: "",
  images: " (per image and region: too many grants to draw each)",
  regions: " (per region: too many images to draw each)",
};

/** Text for a table cell: pipes escaped, no line breaks. */
function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

const FOOTER =
  "<sub>Planned offline from the program and the catalog (`npm run plan`): values only AWS knows show as *resolved at deploy*; drift is not visible here.</sub>";

/** Lines added while they fit in a number of characters (each line counts its newline). */
class Budget {
  private readonly lines: string[] = [];
  private used = 0;

  constructor(private readonly limit: number) {}

  get remaining(): number {
    return this.limit - this.used;
  }

  /** Adds all of them, or none, and says which. */
  tryAdd(lines: readonly string[], reserve = 0): boolean {
    const size = lines.reduce((n, line) => n + line.length + 1, 0);
    if (size > this.remaining - reserve) return false;
    this.force(lines);
    return true;
  }

  /** Adds them whatever they cost: what must never be cut. */
  force(lines: readonly string[]): void {
    for (const line of lines) {
      this.lines.push(line);
      this.used += line.length + 1;
    }
  }

  text(): string {
    return `${this.lines.join("\n")}\n`;
  }
}

function cutLine(what: string, fullPlan: string): string {
  return `> ✂️ ${what} cut here to keep the comment within GitHub's limit: the full plan is in ${fullPlan}.`;
}

/**
 * A table, or a list, in a collapsed section: as many rows as fit, then a line saying how many
 * were cut. `noun` names the rows (`changes`).
 */
function section(
  out: Budget,
  summary: string,
  head: readonly string[],
  rows: readonly string[],
  noun: string,
  fullPlan: string,
  reserve: number,
  maxRows = rows.length,
): void {
  const open = [`<details><summary>${summary}</summary>`, "", ...head];
  const close = ["", "</details>", ""];
  const cut = (n: number) => ["", cutLine(`${n.toLocaleString("en-US")} more ${noun}`, fullPlan)];
  const longestCut = cut(rows.length);
  if (!out.tryAdd(open, reserve + close.length + longestCut.join("\n").length + 2)) {
    out.tryAdd([cutLine(`The ${noun}`, fullPlan), ""], reserve);
    return;
  }
  let shown = 0;
  for (const row of rows.slice(0, maxRows)) {
    if (!out.tryAdd([row], reserve + close.join("\n").length + longestCut.join("\n").length + 2)) break;
    shown += 1;
  }
  if (shown < rows.length) out.force(cut(rows.length - shown));
  out.force(close);
}

/** Revoked grants counted per principal and region: one row each, complete however many. */
function revocationCounts(items: readonly Callout[], perRegion: boolean): string[] {
  const counts = new Map<string, Map<string, number>>();
  for (const item of items) {
    const who = item.grantee ?? "an unknown principal";
    const regions = counts.get(who) ?? new Map<string, number>();
    const region = item.region ?? "its region";
    regions.set(region, (regions.get(region) ?? 0) + 1);
    counts.set(who, regions);
  }
  const sorted = [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  if (perRegion) {
    const rows = sorted.flatMap(([who, regions]) =>
      [...regions.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([region, n]) => `> | ${cell(who)} | ${region} | ${n} |`),
    );
    return ["> | Principal | Region | Grants revoked |", "> |---|---|---:|", ...rows];
  }
  const rows = sorted.map(([who, regions]) => {
    const total = [...regions.values()].reduce((a, b) => a + b, 0);
    return `> | ${cell(who)} | ${[...regions.keys()].sort().join(", ")} | ${total} |`;
  });
  return ["> | Principal | Regions | Grants revoked |", "> |---|---|---:|", ...rows];
}

/** The revocations, complete: listed when short, else counted per principal (and region). */
function revocations(items: readonly Callout[], budget: number): string[] {
  const title = [`> [!${ALERT["grant-revoked"]}]`, `> **${CALLOUT_TITLES["grant-revoked"]}** (${items.length})`];
  const listed = [...title, ...items.map((item) => `> - ${item.message}`), ""];
  const size = (lines: string[]) => lines.reduce((n, l) => n + l.length + 1, 0);
  if (size(listed) <= budget * REVOCATION_LIST_SHARE) return listed;
  const perRegion = [
    ...title,
    "> Too many to list one by one; every grant revoked, counted:",
    ">",
    ...revocationCounts(items, true),
    "",
  ];
  if (size(perRegion) <= budget * REVOCATION_LIST_SHARE) return perRegion;
  return [...title, "> Too many to list one by one; every grant revoked, counted:", ">", ...revocationCounts(items, false), ""];
}

export function renderMarkdown(document: PlanDocument, options: MarkdownOptions = {}): string {
  const limit = options.budget ?? COMMENT_BUDGET;
  const fullPlan = options.fullPlan ?? "`npm run plan -- --format json`";
  const out = new Budget(limit);
  const reserve = FOOTER.length + 1;

  out.force([`## AMI factory plan: ${code(subject(document))}`, ""]);
  if (document.base !== undefined) {
    out.force([`Catalog ${code(document.catalog)} compared with ${code(document.base)}: **${changeSummary(document)}**.`, ""]);
  } else {
    out.force([`Catalog ${code(document.catalog)}: ${document.counts.total} resources.`, ""]);
  }

  const groups = groupCallouts(document.callouts);
  const revoked = groups.find(([kind]) => kind === "grant-revoked")?.[1] ?? [];
  if (revoked.length > 0) out.force(revocations(revoked, limit));
  for (const [kind, items] of groups.filter(([k]) => k !== "grant-revoked")) {
    const head = [`> [!${ALERT[kind]}]`, `> **${CALLOUT_TITLES[kind]}** (${items.length})`];
    if (!out.tryAdd(head, reserve)) {
      out.force([cutLine(`${items.length} callouts of "${CALLOUT_TITLES[kind]}"`, fullPlan), ""]);
      continue;
    }
    let shown = 0;
    for (const item of items) {
      if (!out.tryAdd([`> - ${item.message}`], reserve + 200)) break;
      shown += 1;
    }
    if (shown < items.length) out.force([`> - ... and ${items.length - shown} more: the full plan is in ${fullPlan}`]);
    out.force([""]);
  }

  if (document.firstReleases.length > 0) {
    const releases = document.firstReleases;
    if (out.tryAdd(["> [!NOTE]", `> **First builds: \`latest\` channels wait for them** (${releases.length})`], reserve)) {
      let shown = 0;
      for (const release of releases) {
        if (!out.tryAdd([`> - ${firstReleaseMessage(release)}`], reserve + 200)) break;
        shown += 1;
      }
      if (shown < releases.length) out.force([`> - ... and ${releases.length - shown} more: the full plan is in ${fullPlan}`]);
      out.force([""]);
    }
  }

  // Policy findings decide whether the pull request may merge: before the details, counted per
  // policy so that a finding on every resource cannot crowd out the rest.
  if (document.policy.length > 0) {
    const byPolicy = new Map<string, { count: number; example: string }>();
    for (const f of document.policy) {
      const key = `${f.enforcement} | ${f.policy}`;
      const known = byPolicy.get(key);
      if (known) known.count += 1;
      else byPolicy.set(key, { count: 1, example: `${code(f.resource)}: ${cell(f.message)}` });
    }
    out.tryAdd(["### Policy", "", "| Enforcement | Policy | Findings | First |", "|---|---|---:|---|"], reserve);
    for (const [key, { count: n, example }] of byPolicy) out.tryAdd([`| ${key} | ${n} | ${example} |`], reserve);
    out.tryAdd([""], reserve);
  }
  if (document.warnings.length > 0) {
    out.tryAdd(["### Warnings", "", ...document.warnings.map((w) => `- ${w}`), ""], reserve);
  }

  // The diagram comes after the tables but is sized first, so the tables leave room for it.
  const drawn = chartWithin(document.images, Math.min(MERMAID_MAX_TEXT_SIZE, Math.floor(limit * CHART_SHARE)), MERMAID_MAX_EDGES);
  const tableReserve = reserve + (drawn ? drawn.chart.length + 120 : 0);

  if (document.changes) {
    if (document.changes.length === 0) out.tryAdd(["### Changes", "", "None: the stack would stay as it is.", ""], tableReserve);
    else {
      section(
        out,
        `Changes (${document.changes.length})`,
        ["| | Action | Type | Name | Paths / reason |", "|---|---|---|---|---|"],
        document.changes.map(
          (change) =>
            `| ${SYMBOL[change.action]} | ${change.action} | ${shortType(change.type)} | ${code(change.name)} | ${cell(changeDetail(change))} |`,
        ),
        "changes",
        fullPlan,
        tableReserve,
        Number.isFinite(limit) ? MAX_CHANGE_ROWS : undefined,
      );
    }
  }

  section(
    out,
    `Images (${document.images.length})`,
    ["| Image | OS | Base | Build region | Regions | Accounts | Channels | Rebuilds |", "|---|---|---|---|---|---|---|---|"],
    document.images.map((image) => {
      const channels = image.channels.map((c) => `${c.channel} (${c.source})`).join(", ");
      const accounts = accountsText(image.accounts, image.accountNames).join(", ") || "none";
      return `| ${code(image.name)} | ${image.os} ${image.arch} | ${code(image.base)} | ${image.buildRegion} | ${image.regions.join(", ")} | ${cell(accounts)} | ${cell(channels)} | ${cell(image.rebuilds)} |`;
    }),
    "images",
    fullPlan,
    tableReserve,
  );

  if (document.consumers.length > 0) {
    section(
      out,
      `Consumer accounts (${document.consumers.length})`,
      [],
      document.consumers.map((line) => `- ${line.message}`),
      "consumer accounts",
      fullPlan,
      tableReserve,
    );
  }

  const leaving = supersededItems(document);
  if (leaving.length > 0) {
    section(out, `AMIs leaving service (${leaving.length})`, [], leaving, "AMIs leaving service", fullPlan, tableReserve);
  }
  const lifetimes = lifetimeRows(document);
  if (lifetimes.length > 0) {
    section(out, "AMI lifetimes", LIFETIME_TABLE_HEAD, lifetimes, "images", fullPlan, tableReserve);
  }

  if (drawn) {
    out.force([
      `<details><summary>Fan-out diagram${CHART_DETAIL[drawn.detail]}</summary>`,
      "",
      "```mermaid",
      drawn.chart,
      "```",
      "",
      "</details>",
      "",
    ]);
  } else out.tryAdd([cutLine("The fan-out diagram", fullPlan), ""], reserve);

  section(
    out,
    `Resources by type (${document.counts.total})`,
    ["| Type | Count |", "|---|---:|"],
    Object.entries(document.counts)
      .filter(([type]) => type !== "total")
      .map(([type, n]) => `| ${code(type)} | ${n} |`),
    "resource types",
    fullPlan,
    reserve,
  );
  out.force([FOOTER]);
  return out.text();
}
