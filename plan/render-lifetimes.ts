/**
 * The AMI lifetimes part of the plan, for the text and markdown renderings: per image how many
 * AMIs a build has per region and what keeps the lifecycle policy off each served AMI; with
 * `--base`, which AMIs stop being current.
 */
import { isOfflineNewestBuild } from "../offline/newest-build";
import type { PlanDocument } from "./document";
import type { ImageLifetimes } from "./lifetimes";
import { supersededMessage } from "./superseded";

const short = (ami: string) =>
  ami.startsWith("ami-") && !isOfflineNewestBuild(ami) ? ami : ami.includes("amiCopy") ? "copy" : "newest build";

function perBuild(image: ImageLifetimes): string {
  return image.amisPerBuild.map((b) => `${b.source}: ${b.regions.map((r) => `${r.region} ${r.amis}`).join(", ")}`).join("; ");
}

function protections(image: ImageLifetimes): string {
  const inBuild = image.served.filter((s) => s.region === image.buildRegion);
  const parts = inBuild.map((s) => `${s.channel} ${short(s.ami)} by ${s.protectedBy ?? "NOTHING"}`);
  const elsewhere = image.served.filter((s) => s.region !== image.buildRegion);
  if (elsewhere.length) {
    const unprotected = elsewhere.filter((s) => s.protectedBy === undefined).length;
    parts.push(unprotected ? `${unprotected} served AMIs elsewhere UNPROTECTED` : "copies elsewhere: never selected");
  }
  return parts.join("; ");
}

export function lifetimeTextLines(document: PlanDocument): string[] {
  if (!document.lifetimes?.length && !document.superseded?.length) return [];
  const out = ["", "AMI lifetimes (AMIs per build and region; what keeps the lifecycle policy off served AMIs)"];
  for (const image of document.lifetimes ?? []) {
    out.push(`  ${image.image}  ${perBuild(image)}`, `    excluded: ${protections(image)}`);
  }
  for (const s of document.superseded ?? []) out.push(`  - ${supersededMessage(s)}`);
  return out;
}

/** With `--base`: one list item per AMI that stops being current. */
export function supersededItems(document: PlanDocument): string[] {
  return (document.superseded ?? []).map((s) => `- ${supersededMessage(s)}`);
}

export const LIFETIME_TABLE_HEAD: readonly string[] = [
  "| Image | AMIs per build and region | Lifecycle exclusions of served AMIs |",
  "|---|---|---|",
];

/** One table row per image: its AMIs per build and region and what protects its served AMIs. */
export function lifetimeRows(document: PlanDocument): string[] {
  return (document.lifetimes ?? []).map((image) => `| \`${image.image}\` | ${perBuild(image)} | ${protections(image)} |`);
}
