/**
 * The plan as a pull-request comment: callouts as GitHub alerts at the top, the changes, the
 * images with a Mermaid diagram of their fan-out, the resources by type, policy findings and
 * warnings. Long lists are cut so the comment stays within GitHub's size limit.
 */
import { CALLOUT_TITLES, type CalloutKind } from "./callouts";
import type { PlanDocument } from "./document";
import { fanOutChart } from "./mermaid";
import { lifetimeMarkdownLines } from "./render-lifetimes";
import { shortType } from "./resources";
import { accountsText, changeDetail, changeSummary, groupCallouts, SYMBOL } from "./render-text";

/** Rows of a table of changes before the rest is summarized. */
export const MAX_CHANGE_ROWS = 200;

const ALERT: Readonly<Record<CalloutKind, "CAUTION" | "WARNING" | "NOTE">> = {
  "grant-revoked": "CAUTION",
  "ami-replaced": "WARNING",
  "ami-deleted": "CAUTION",
  protected: "CAUTION",
  public: "WARNING",
  "shared-at-build": "NOTE",
};

/** Text for a table cell: pipes escaped, no line breaks. */
function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

export function renderMarkdown(document: PlanDocument): string {
  const out: string[] = [`## AMI factory plan: stack ${code(document.stack)}`, ""];
  if (document.base !== undefined) {
    out.push(`Catalog ${code(document.catalog)} compared with ${code(document.base)}: **${changeSummary(document)}**.`, "");
  } else {
    out.push(`Catalog ${code(document.catalog)}: ${document.counts.total} resources.`, "");
  }

  for (const [kind, items] of groupCallouts(document.callouts)) {
    out.push(`> [!${ALERT[kind]}]`, `> **${CALLOUT_TITLES[kind]}**`);
    for (const item of items) out.push(`> - ${item.message}`);
    out.push("");
  }

  if (document.changes) {
    out.push("### Changes", "");
    if (document.changes.length === 0) out.push("None: the stack would stay as it is.", "");
    else {
      out.push("| | Action | Type | Name | Paths / reason |", "|---|---|---|---|---|");
      for (const change of document.changes.slice(0, MAX_CHANGE_ROWS)) {
        out.push(
          `| ${SYMBOL[change.action]} | ${change.action} | ${shortType(change.type)} | ${code(change.name)} | ${cell(changeDetail(change))} |`,
        );
      }
      const rest = document.changes.length - MAX_CHANGE_ROWS;
      if (rest > 0) out.push("", `... and ${rest} more changes: run \`npm run plan -- --format json\` for all of them.`);
      out.push("");
    }
  }

  out.push(
    "### Images",
    "",
    "| Image | OS | Base | Build region | Regions | Accounts | Channels |",
    "|---|---|---|---|---|---|---|",
  );
  for (const image of document.images) {
    const channels = image.channels.map((c) => `${c.channel} (${c.source})`).join(", ");
    const accounts = accountsText(image.accounts, image.accountNames).join(", ") || "none";
    out.push(
      `| ${code(image.name)} | ${image.os} ${image.arch} | ${code(image.base)} | ${image.buildRegion} | ${image.regions.join(", ")} | ${cell(accounts)} | ${cell(channels)} |`,
    );
  }
  out.push("", "```mermaid", fanOutChart(document.images), "```", "");
  out.push(...lifetimeMarkdownLines(document));

  out.push("<details><summary>Resources by type (" + document.counts.total + ")</summary>", "", "| Type | Count |", "|---|---:|");
  for (const [type, n] of Object.entries(document.counts)) if (type !== "total") out.push(`| ${code(type)} | ${n} |`);
  out.push("", "</details>", "");

  if (document.policy.length > 0) {
    out.push("### Policy", "", "| Enforcement | Policy | Resource | Message |", "|---|---|---|---|");
    for (const f of document.policy) out.push(`| ${f.enforcement} | ${f.policy} | ${code(f.resource)} | ${cell(f.message)} |`);
    out.push("");
  }
  if (document.warnings.length > 0) {
    out.push("### Warnings", "");
    for (const warning of document.warnings) out.push(`- ${warning}`);
    out.push("");
  }
  out.push(
    "<sub>Planned offline from the program and the catalog (`npm run plan`): values only AWS knows show as *resolved at deploy*; drift is not visible here.</sub>",
  );
  return `${out.join("\n")}\n`;
}
