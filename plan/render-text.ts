/**
 * The plan for a terminal: callouts first, then per image where it is built, where it is
 * available and who may launch it, the resources by type, policy findings, warnings and, with
 * `--base`, the changes.
 */
import { CALLOUT_TITLES, type Callout, type CalloutKind } from "./callouts";
import type { Action, Change } from "./diff";
import { subject, type PlanDocument } from "./document";
import { firstReleaseMessage } from "./first-builds";
import { shortPrincipal, type PlanImage } from "./images";
import { lifetimeTextLines } from "./render-lifetimes";
import { shortType } from "./resources";

export const SYMBOL: Readonly<Record<Action, string>> = { create: "+", update: "~", replace: "+-", delete: "-" };

/** `staging (012345678901)`; an ARN is shortened to its last part. */
export function accountsText(accounts: readonly string[], names: readonly string[]): string[] {
  return accounts.map((account, i) => {
    const short = shortPrincipal(account);
    const name = names[i];
    return name === undefined || name === account ? short : `${name} (${short})`;
  });
}

export function changeSummary(document: PlanDocument): string | undefined {
  const counts = document.changeCounts;
  if (!counts) return undefined;
  return `${counts.create} to create, ${counts.update} to update, ${counts.replace} to replace, ${counts.delete} to delete`;
}

/** Callouts grouped by kind, in the order of CALLOUT_TITLES. */
export function groupCallouts(callouts: readonly Callout[]): [CalloutKind, Callout[]][] {
  return (Object.keys(CALLOUT_TITLES) as CalloutKind[])
    .map((kind): [CalloutKind, Callout[]] => [kind, callouts.filter((c) => c.kind === kind)])
    .filter(([, items]) => items.length > 0);
}

/**
 * What a change line says after the resource: the paths, or why it is replaced. `literal` shows
 * a path or a name as it is (markdown: a code span, where `_` and `@` stay plain characters).
 */
export function changeDetail(change: Change, literal: (text: string) => string = (text) => text): string {
  const parts: string[] = [];
  if (change.renamedFrom) parts.push(`renamed from ${literal(change.renamedFrom)}`);
  if (change.action === "replace" && change.reason) parts.push(change.reason);
  else if (change.paths?.length) parts.push(change.paths.map(literal).join(", "));
  if (change.deleteBeforeReplace) parts.push("deleted before it is replaced");
  return parts.join("; ");
}

function imageLines(image: PlanImage): string[] {
  const lines = [
    `  ${image.name}  ${image.os} ${image.arch}  base ${image.base}${image.public ? "  PUBLIC" : ""}`,
    `    build region  ${image.buildRegion}`,
    `    regions       ${image.regions.join(", ")}`,
    `    accounts      ${accountsText(image.accounts, image.accountNames).join(", ") || "(none)"}`,
    `    rebuilds      ${image.rebuilds}`,
  ];
  image.channels.forEach((channel, i) => {
    const who = [...accountsText(channel.accounts, channel.accountNames), ...(channel.public ? ["every AWS account"] : [])];
    lines.push(
      `    ${i === 0 ? "channels   " : "           "}   ${channel.channel} (${channel.source}): ${channel.regions.join(", ")} -> ${who.join(", ") || "nobody"}`,
    );
  });
  return lines;
}

export function renderText(document: PlanDocument): string {
  const out: string[] = [
    document.stackCatalog === undefined ? `Plan of stack ${document.stack}: ${document.catalog}` : `Plan of ${subject(document)}`,
  ];
  if (document.base !== undefined) out.push(`Compared with ${document.base}: ${changeSummary(document)}`);

  for (const [kind, items] of groupCallouts(document.callouts)) {
    out.push("", `!! ${CALLOUT_TITLES[kind]}`);
    for (const item of items) out.push(`   - ${item.message}`);
  }

  out.push("", `Images (${document.images.length})`);
  for (const image of document.images) out.push(...imageLines(image));
  if (document.firstReleases.length > 0) {
    out.push("", "First builds (`latest` channels wait for them)");
    for (const release of document.firstReleases) out.push(`  - ${firstReleaseMessage(release)}`);
  }
  out.push(...lifetimeTextLines(document));

  if (document.consumers.length > 0) {
    out.push("", "Consumer accounts");
    for (const line of document.consumers) out.push(`  - ${line.message}`);
  }

  out.push("", `Resources (${document.counts.total})`);
  const types = Object.keys(document.counts).filter((k) => k !== "total");
  const width = Math.max(0, ...types.map((t) => shortType(t).length));
  for (const type of types) out.push(`  ${shortType(type).padEnd(width)}  ${String(document.counts[type]).padStart(5)}  ${type}`);

  if (document.policy.length > 0) {
    out.push("", "Policy");
    for (const f of document.policy) out.push(`  ${f.enforcement.padEnd(9)}  ${f.policy}  ${f.resource}: ${f.message}`);
  }
  if (document.warnings.length > 0) {
    out.push("", "Warnings");
    for (const warning of document.warnings) out.push(`  - ${warning}`);
  }
  if (document.changes) {
    out.push("", `Changes: ${changeSummary(document)}`);
    if (document.changes.length === 0) out.push("  (none: the stack would stay as it is)");
    for (const change of document.changes) {
      const detail = changeDetail(change);
      out.push(
        `  ${SYMBOL[change.action].padEnd(2)} ${change.action.padEnd(7)}  ${shortType(change.type)}  ${change.name}${detail ? `  (${detail})` : ""}`,
      );
    }
  }
  return `${out.join("\n")}\n`;
}
