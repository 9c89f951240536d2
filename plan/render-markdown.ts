/**
 * The plan as a pull-request comment, within a fixed number of characters: first the summary and
 * the revocations (always complete: one line each, counted per principal and region when the list
 * is long, or in one line when the comment is shared by many stacks), then the warnings, the other
 * callouts as GitHub alerts and the policy findings, then the details in collapsed sections
 * (changes, images, the Mermaid fan-out, resources by type). What does not fit is cut with a line
 * that says what was cut and where the full plan is (plan/markdown-layout.ts); the diagram is
 * drawn less finely (per image and region, then per region) until Mermaid would draw it.
 */
import { CALLOUT_TITLES, type Callout, type CalloutKind } from "./callouts";
import { subject, type PlanDocument } from "./document";
import { firstReleaseMessage } from "./first-builds";
import { COMMENT_BUDGET, MERMAID_MAX_EDGES, MERMAID_MAX_TEXT_SIZE } from "./limits";
import { chartWithin, type ChartDetail } from "./mermaid";
import { Budget, cutLine, Layout, leftOutLine, size, type Part } from "./markdown-layout";
import { LIFETIME_TABLE_HEAD, lifetimeRows, supersededItems } from "./render-lifetimes";
import { shortType } from "./resources";
import { codeSpan as code } from "./markdown-code";
import { accountsText, changeDetail, changeSummary, groupCallouts, SYMBOL } from "./render-text";
import { compareText } from "../catalog/tables/order";
import { count, formatNumber } from "../catalog/read/wording";

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
  /** Whether to end with the footer; a comment of several stacks gives it once. @default true */
  footer?: boolean;
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

/** The plan's last line: what a plan made offline cannot show. */
export const FOOTER =
  "<sub>Planned offline from the program and the catalog (`npm run plan`): values only AWS knows show as *resolved at deploy*; drift is not visible here.</sub>";

/** The diagram in its collapsed section. */
function diagram(chart: string, detail: ChartDetail): string[] {
  return [
    `<details><summary>Fan-out diagram${CHART_DETAIL[detail]}</summary>`,
    "",
    "```mermaid",
    chart,
    "```",
    "",
    "</details>",
    "",
  ];
}

/** How the diagram is named when it is left out. */
const DIAGRAM = "the fan-out diagram";

/**
 * A table, or a list, in a collapsed section: as many rows as fit, then a line saying how many
 * were cut. `noun` names the rows (`changes`).
 */
function section(
  summary: string,
  head: readonly string[],
  rows: readonly string[],
  noun: string,
  fullPlan: string,
  maxRows?: number,
): Part {
  return {
    label: `the ${noun} (${formatNumber(rows.length)})`,
    open: [`<details><summary>${summary}</summary>`, "", ...head],
    rows,
    close: ["", "</details>", ""],
    cut: (n) => ["", cutLine(`${formatNumber(n)} more ${noun}`, fullPlan)],
    maxRows,
  };
}

/** A GitHub alert with one item per line, cut inside the alert. */
function alert(kind: "CAUTION" | "WARNING" | "NOTE", title: string, items: readonly string[], fullPlan: string): Part {
  return {
    label: `"${title}" (${formatNumber(items.length)})`,
    open: [`> [!${kind}]`, `> **${title}** (${items.length})`],
    rows: items.map((item) => `> - ${item}`),
    close: [""],
    cut: (n) => [`> - ... and ${formatNumber(n)} more: the full plan is in ${fullPlan}`],
  };
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
  const sorted = [...counts.entries()].sort(([a], [b]) => compareText(a, b));
  if (perRegion) {
    const rows = sorted.flatMap(([who, regions]) =>
      [...regions.entries()].sort(([a], [b]) => compareText(a, b)).map(([region, n]) => `> | ${cell(who)} | ${region} | ${n} |`),
    );
    return ["> | Principal | Region | Grants revoked |", "> |---|---|---:|", ...rows];
  }
  const rows = sorted.map(([who, regions]) => {
    const total = [...regions.values()].reduce((a, b) => a + b, 0);
    return `> | ${cell(who)} | ${[...regions.keys()].sort().join(", ")} | ${total} |`;
  });
  return ["> | Principal | Regions | Grants revoked |", "> |---|---|---:|", ...rows];
}

/**
 * Adds the revocations, complete: listed when short, else counted per principal and region, else
 * per principal; when even that would not fit with `reserve` left (a comment shared by many
 * stacks), counted in one line, the counts per principal left to the full plan.
 */
function addRevocations(out: Budget, items: readonly Callout[], limit: number, reserve: number, fullPlan: string): void {
  const title = [`> [!${ALERT["grant-revoked"]}]`, `> **${CALLOUT_TITLES["grant-revoked"]}** (${items.length})`];
  const counted = "> Too many to list one by one; every grant revoked, counted:";
  const share = limit * REVOCATION_LIST_SHARE;
  const forms: [string[], number][] = [
    [[...title, ...items.map((item) => `> - ${item.message}`), ""], share],
    [[...title, counted, ">", ...revocationCounts(items, true), ""], share],
    [[...title, counted, ">", ...revocationCounts(items, false), ""], Infinity],
  ];
  const room = out.remaining - reserve;
  const fitting = forms.find(([lines, most]) => size(lines) <= Math.min(most, room));
  if (fitting) return out.add(fitting[0]);
  const principals = new Set(items.map((item) => item.grantee)).size;
  const regions = new Set(items.map((item) => item.region)).size;
  out.add([
    ...title,
    `> ${count(items.length, "grant")} from ${count(principals, "principal")} in ${count(regions, "region")}; counted per principal and region in ${fullPlan}.`,
    "",
  ]);
  out.cut = true;
}

/** The parts of the plan after the revocations, in the order a reviewer must see them. */
function partsOf(
  document: PlanDocument,
  groups: readonly [CalloutKind, Callout[]][],
  limit: number,
  fullPlan: string,
): { priority: Part[]; tables: Part[]; types: Part } {
  // First the warnings (a removed output key, a rename without renamedFrom), then the other
  // callouts, first builds and policy findings, then the details.
  const warnings: Part[] = [];
  if (document.warnings.length > 0) {
    warnings.push({
      label: `the warnings (${formatNumber(document.warnings.length)})`,
      open: ["### Warnings", ""],
      rows: document.warnings.map((w) => `- ${w}`),
      close: [""],
      cut: (n) => ["", cutLine(count(n, "more warning"), fullPlan)],
    });
  }
  const callouts: Part[] = groups
    .filter(([kind]) => kind !== "grant-revoked")
    .map(([kind, items]) =>
      alert(
        ALERT[kind],
        CALLOUT_TITLES[kind],
        items.map((item) => item.message),
        fullPlan,
      ),
    );
  if (document.firstReleases.length > 0) {
    const title = "First builds: `latest` channels wait for them";
    callouts.push(alert("NOTE", title, document.firstReleases.map(firstReleaseMessage), fullPlan));
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
    callouts.push({
      label: `the policy findings (${formatNumber(document.policy.length)})`,
      open: ["### Policy", "", "| Enforcement | Policy | Findings | First |", "|---|---|---:|---|"],
      rows: [...byPolicy].map(([key, { count: n, example }]) => `| ${key} | ${n} | ${example} |`),
      close: [""],
      cut: (n) => ["", cutLine(count(n, "more policy", "more policies"), fullPlan)],
    });
  }

  const tables: Part[] = [];
  if (document.changes?.length === 0) {
    tables.push({
      label: "the changes (0)",
      open: ["### Changes", "", "None: the stack would stay as it is.", ""],
      rows: [],
      close: [],
      cut: () => [],
    });
  } else if (document.changes) {
    tables.push(
      section(
        `Changes (${document.changes.length})`,
        ["| | Action | Type | Name | Paths / reason |", "|---|---|---|---|---|"],
        document.changes.map(
          (change) =>
            `| ${SYMBOL[change.action]} | ${change.action} | ${shortType(change.type)} | ${code(change.name)} | ${cell(changeDetail(change, code))} |`,
        ),
        "changes",
        fullPlan,
        Number.isFinite(limit) ? MAX_CHANGE_ROWS : undefined,
      ),
    );
  }
  tables.push(
    section(
      `Images (${document.images.length})`,
      ["| Image | OS | Base | Build region | Regions | Accounts | Channels | Rebuilds |", "|---|---|---|---|---|---|---|---|"],
      document.images.map((image) => {
        const channels = image.channels.map((c) => `${c.channel} (${c.source})`).join(", ");
        const accounts = accountsText(image.accounts, image.accountNames).join(", ") || "none";
        return `| ${code(image.name)} | ${image.os} ${image.arch} | ${code(image.base)} | ${image.buildRegion} | ${image.regions.join(", ")} | ${cell(accounts)} | ${cell(channels)} | ${cell(image.rebuilds)} |`;
      }),
      "images",
      fullPlan,
    ),
  );
  if (document.consumers.length > 0) {
    const lines = document.consumers.map((line) => `- ${line.message}`);
    tables.push(section(`Consumer accounts (${document.consumers.length})`, [], lines, "consumer accounts", fullPlan));
  }
  const leaving = supersededItems(document);
  if (leaving.length > 0) {
    tables.push(section(`AMIs leaving service (${leaving.length})`, [], leaving, "AMIs leaving service", fullPlan));
  }
  const lifetimes = lifetimeRows(document);
  if (lifetimes.length > 0) tables.push(section("AMI lifetimes", LIFETIME_TABLE_HEAD, lifetimes, "image lifetimes", fullPlan));
  const types = section(
    `Resources by type (${document.counts.total})`,
    ["| Type | Count |", "|---|---:|"],
    Object.entries(document.counts)
      .filter(([type]) => type !== "total")
      .map(([type, n]) => `| ${code(type)} | ${n} |`),
    "resource types",
    fullPlan,
  );

  return { priority: [...warnings, ...callouts], tables, types };
}

/** The markdown plan, and whether anything was cut from it to fit its budget. */
export interface RenderedMarkdown {
  markdown: string;
  cut: boolean;
}

/**
 * The plan as markdown within `options.budget`, which it never passes as long as the budget holds
 * what is never cut: the summary, the revocations counted in one line, the line naming what was
 * left out and the footer (the rendering with a budget of 0).
 */
export function renderMarkdownWithin(document: PlanDocument, options: MarkdownOptions = {}): RenderedMarkdown {
  const limit = options.budget ?? COMMENT_BUDGET;
  const fullPlan = options.fullPlan ?? "`npm run plan -- --format json`";
  const footer = (options.footer ?? true) ? [FOOTER] : [];
  const out = new Budget(limit);

  out.add([`## AMI factory plan: ${code(subject(document))}`, ""]);
  if (document.base !== undefined) {
    out.add([`Catalog ${code(document.catalog)} compared with ${code(document.base)}: **${changeSummary(document)}**.`, ""]);
  } else {
    out.add([`Catalog ${code(document.catalog)}: ${document.counts.total} resources.`, ""]);
  }

  const groups = groupCallouts(document.callouts);
  const revoked = groups.find(([kind]) => kind === "grant-revoked")?.[1] ?? [];
  const { priority, tables, types } = partsOf(document, groups, limit, fullPlan);

  // Held back from every part: the line that would name every part left out, and the footer.
  const labels = [...priority, ...tables, types].map((part) => part.label);
  const reserve = size([leftOutLine([...labels, DIAGRAM], fullPlan), "", ...footer]);

  if (revoked.length > 0) addRevocations(out, revoked, limit, reserve, fullPlan);
  const layout = new Layout(out, reserve);
  for (const part of [...priority, ...tables]) layout.place(part);
  // The diagram is sized once every part before it has its first row, and before any has more,
  // so the long callouts and tables leave room for it.
  const frame = Math.max(...Object.values(CHART_DETAIL).map((detail) => detail.length)) + size(diagram("", "grants"));
  const most = Math.min(MERMAID_MAX_TEXT_SIZE, Math.floor(limit * CHART_SHARE), layout.room - frame);
  const drawn = most > 0 ? chartWithin(document.images, most, MERMAID_MAX_EDGES) : undefined;
  if (drawn) layout.place({ label: DIAGRAM, open: diagram(drawn.chart, drawn.detail), rows: [], close: [], cut: () => [] });
  else layout.leaveOut(DIAGRAM);
  layout.place(types);
  layout.finish();

  if (layout.leftOut.length > 0) out.add([leftOutLine(layout.leftOut, fullPlan), ""]);
  out.add(footer);
  return { markdown: out.text(), cut: out.cut };
}

export function renderMarkdown(document: PlanDocument, options: MarkdownOptions = {}): string {
  return renderMarkdownWithin(document, options).markdown;
}
