/**
 * docs/architecture.md shows the OS table with its references: this test renders the table from
 * catalog/tables/os-table.ts and fails, printing the expected lines, when the page says anything else.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { OS_NAMES, OS_TABLE, type Fact, type OsName } from "../../catalog/tables/os-table";
import { ROOT } from "../support/program";

/** A reference as markdown: each URL a link, any other text as it is. */
function ref(text: string): string {
  return text
    .split("; ")
    .map((part) => {
      const url = /https:\/\/[^\s)]+/.exec(part)?.[0];
      if (url === undefined) return part;
      const rest = part
        .replace(url, "")
        .replace(/\(\s*\)/, "")
        .trim();
      const host = new URL(url).hostname;
      return rest === "" ? `[${host}](${url})` : `${rest} ([${host}](${url}))`;
    })
    .join("; ");
}

function cell<T>(fact: Fact<T>, show: (value: T) => string): string {
  return `${show(fact.value)}<br>${ref(fact.ref)}`.replace(/\|/g, "\\|");
}

const code = (text: string) => `\`${text}\``;

function row(os: OsName): string {
  const info = OS_TABLE[os];
  const base = cell(info.defaultBase, (b) =>
    b.kind === "ssm" ? Object.values(b.parameter).map(code).join(", ") : `none: ${b.why}; the catalog must set base`,
  );
  const user = (u: { name: string; groups: readonly string[] }) => `${code(u.name)} (${u.groups.join(", ")})`;
  if (info.platform === "Windows") {
    const f = info.facts;
    return [
      os,
      cell(f.packageManager, () => "Image Builder's UpdateOS action"),
      cell(f.securityCategory, (guid) => `classification ${code(guid)}`),
      "-",
      cell(f.rdpFirewallGroup, (group) => `RDP rule group ${code(group)}`),
      cell(f.vendorUser, user),
      cell(f.firewall, () => "Windows Defender Firewall"),
      base,
    ].join(" | ");
  }
  const f = info.facts;
  return [
    os,
    cell(f.packageManager, (m) => [code(m), ...f.releaseFlags.value.map(code)].join(" ")) +
      (f.releaseFlags.value.length > 0 ? `<br>${ref(f.releaseFlags.ref)}` : ""),
    cell(f.securityCheck, (c) =>
      c === "check-update-exit-100"
        ? `${code(`${f.packageManager.value} check-update --security`)}: exit 100 while any is pending, 0 when none`
        : `${code("apt-get -s dist-upgrade")}: an \`Inst\` line from a security suite while any is pending, none when none`,
    ),
    cell(
      f.sshd,
      (s) =>
        `${code(s.path)}, ${s.dropIns ? "reads sshd_config.d" : "no sshd_config.d"}${s.runtimeDir ? `, needs ${code(s.runtimeDir)}` : ""}`,
    ),
    cell(f.sshUnits, (units) => units.map(code).join(", ")),
    cell(f.vendorUser, user),
    cell(f.firewall, (tool) => (tool === "none" ? "none installed" : code(tool))),
    base,
  ].join(" | ");
}

export function osTableMarkdown(): string[] {
  return [
    "| OS | updates | security update pending | sshd | SSH units / RDP | vendor's login user | firewall | default base |",
    "|---|---|---|---|---|---|---|---|",
    ...OS_NAMES.map((os) => `| ${row(os)} |`),
  ];
}

describe("docs/architecture.md", () => {
  it("shows the OS table of catalog/tables/os-table.ts with its references", () => {
    const page = fs.readFileSync(path.join(ROOT, "docs", "architecture.md"), "utf8");
    const expected = osTableMarkdown().join("\n");
    expect(page.includes(`\n${expected}\n`), `docs/architecture.md should hold:\n${expected}`).to.equal(true);
  });
});
