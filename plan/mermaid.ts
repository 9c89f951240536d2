/**
 * The fan-out of a catalog as a Mermaid flowchart, for the markdown plan: build region, then per
 * image and channel the regions it is copied to, then the accounts, organizations and OUs that
 * may launch it. Account nodes are shared, so an account's edges show everything it receives.
 */
import { shortPrincipal, type PlanImage } from "./images";
import { compareText } from "../catalog/tables/order";
import { count } from "../catalog/read/wording";

/**
 * Gives every key a unique Mermaid id made of letters, digits and `_`. Every id is `<prefix>_…`
 * with a lowercase prefix that is not a keyword and does not start with `o` or `x`, so no id is
 * a Mermaid keyword (`end`, `class`…) and none reads as an `--o`/`--x` edge after `-->`.
 */
export class NodeIds {
  private readonly byKey = new Map<string, string>();
  private readonly used = new Set<string>();

  id(prefix: string, key: string): string {
    const full = `${prefix}:${key}`;
    const known = this.byKey.get(full);
    if (known) return known;
    const base = `${prefix}_${key.replace(/[^A-Za-z0-9]+/g, "_").replace(/^_+|_+$/g, "")}`;
    let id = base;
    for (let n = 2; this.used.has(id); n++) id = `${base}_${n}`;
    this.used.add(id);
    this.byKey.set(full, id);
    return id;
  }
}

/** Text inside a quoted Mermaid label: quotes and angle brackets as entities. */
export function label(text: string): string {
  return text.replace(/&/g, "#amp;").replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;");
}

/** Lines of a label, joined with Mermaid's line break. */
function lines(...parts: string[]): string {
  return parts.map(label).join("<br/>");
}

const PUBLIC = "public";

export function fanOutChart(images: readonly PlanImage[]): string {
  const ids = new NodeIds();
  const out: string[] = ["flowchart LR"];
  const builds = [...new Set(images.map((i) => i.buildRegion))].sort();
  for (const region of builds) out.push(`  ${ids.id("build", region)}(["${lines(region, "build region")}"])`);

  const grantees = new Map<string, string>();
  const edges: string[] = [];
  for (const image of images) {
    out.push(`  subgraph ${ids.id("image", image.name)}["${lines(`${image.name} (${image.os} ${image.arch})`)}"]`);
    for (const channel of image.channels) {
      const key = `${image.name}/${channel.channel}`;
      const channelId = ids.id("channel", key);
      const regionsId = ids.id("regions", key);
      out.push(`    ${channelId}["${lines(channel.channel, channel.source)}"]`);
      out.push(`    ${regionsId}["${lines(...channel.regions)}"]`);
      edges.push(`  ${ids.id("build", image.buildRegion)} --> ${channelId}`);
      edges.push(`  ${channelId} --> ${regionsId}`);
      channel.accounts.forEach((account, i) => {
        const name = channel.accountNames[i] ?? account;
        grantees.set(account, name);
        edges.push(`  ${regionsId} --> ${ids.id("account", shortPrincipal(account))}`);
      });
      if (channel.public) edges.push(`  ${regionsId} --> ${ids.id("account", PUBLIC)}`);
    }
    out.push("  end");
  }
  for (const [account, name] of [...grantees.entries()].sort(([a], [b]) => compareText(a, b))) {
    const short = shortPrincipal(account);
    out.push(`  ${ids.id("account", short)}["${name === account ? lines(short) : lines(name, short)}"]`);
  }
  if (images.some((i) => i.channels.some((c) => c.public))) {
    out.push(`  ${ids.id("account", PUBLIC)}["${lines("every AWS account", "public")}"]`);
  }
  out.push(...edges);
  out.push("  classDef build fill:#e8f0fe,stroke:#1a73e8");
  out.push("  classDef public fill:#fde8e8,stroke:#c5221f");
  if (builds.length > 0) out.push(`  class ${builds.map((region) => ids.id("build", region)).join(",")} build`);
  if (images.some((i) => i.channels.some((c) => c.public))) out.push(`  class ${ids.id("account", PUBLIC)} public`);
  return out.join("\n");
}

/** How much a diagram shows: each grant, each image's regions, or only regions. */
export type ChartDetail = "grants" | "images" | "regions";

/** Per image, its regions (shared nodes): an edge per image and region instead of per grant. */
export function imageRegionChart(images: readonly PlanImage[]): string {
  const ids = new NodeIds();
  const out: string[] = ["flowchart LR"];
  const edges: string[] = [];
  const builds = [...new Set(images.map((i) => i.buildRegion))].sort();
  for (const region of builds) out.push(`  ${ids.id("build", region)}(["${lines(region, "build region")}"])`);
  const regions = [...new Set(images.flatMap((i) => i.regions))].sort();
  for (const region of regions) out.push(`  ${ids.id("region", region)}["${lines(region)}"]`);
  for (const image of images) {
    const imageId = ids.id("image", image.name);
    const channels = image.channels.map((c) => c.channel).join(", ");
    const who = `${count(image.accounts.length, "principal")}${image.public ? " + public" : ""}`;
    out.push(`  ${imageId}["${lines(`${image.name} (${image.os} ${image.arch})`, channels, who)}"]`);
    edges.push(`  ${ids.id("build", image.buildRegion)} --> ${imageId}`);
    for (const region of image.regions) edges.push(`  ${imageId} --> ${ids.id("region", region)}`);
  }
  out.push(...edges, "  classDef build fill:#e8f0fe,stroke:#1a73e8");
  if (builds.length > 0) out.push(`  class ${builds.map((region) => ids.id("build", region)).join(",")} build`);
  return out.join("\n");
}

/** Per build region the number of images, and per region how many of them it holds. */
export function regionChart(images: readonly PlanImage[]): string {
  const ids = new NodeIds();
  const out: string[] = ["flowchart LR"];
  const edges: string[] = [];
  const builds = [...new Set(images.map((i) => i.buildRegion))].sort();
  for (const build of builds) {
    const built = images.filter((i) => i.buildRegion === build);
    const buildId = ids.id("build", build);
    out.push(`  ${buildId}(["${lines(build, `build region: ${count(built.length, "image")}`)}"])`);
    const regions = [...new Set(built.flatMap((i) => i.regions))].sort();
    for (const region of regions) {
      const held = built.filter((i) => i.regions.includes(region));
      const principals = new Set(held.flatMap((i) => i.accounts)).size;
      const regionId = ids.id("region", `${build}/${region}`);
      out.push(`  ${regionId}["${lines(region, count(held.length, "image"), count(principals, "principal"))}"]`);
      edges.push(`  ${buildId} --> ${regionId}`);
    }
  }
  out.push(...edges, "  classDef build fill:#e8f0fe,stroke:#1a73e8");
  if (builds.length > 0) out.push(`  class ${builds.map((region) => ids.id("build", region)).join(",")} build`);
  return out.join("\n");
}

/** Edges of a chart written by this module: one `-->` per line. */
export function edgeCount(chart: string): number {
  return chart.split("\n").filter((line) => line.includes(" --> ")).length;
}

const CHARTS: readonly [ChartDetail, (images: readonly PlanImage[]) => string][] = [
  ["grants", fanOutChart],
  ["images", imageRegionChart],
  ["regions", regionChart],
];

/**
 * The most detailed diagram within `maxText` characters and `maxEdges` edges (Mermaid refuses to
 * draw larger ones), or undefined when even the per-region one is larger.
 */
export function chartWithin(
  images: readonly PlanImage[],
  maxText: number,
  maxEdges: number,
): { chart: string; detail: ChartDetail } | undefined {
  for (const [detail, draw] of CHARTS) {
    const chart = draw(images);
    if (chart.length <= maxText && edgeCount(chart) <= maxEdges) return { chart, detail };
  }
  return undefined;
}
