/**
 * Broken catalogs too big to commit: made here, deterministically, each with the lines `validate`
 * must print for it and how long loading may take.
 */
import { REGIONS } from "../../catalog/tables/regions";
import type { Category } from "./corpus";

export interface GeneratedCase {
  /** The file name the case is written to (and problems name). */
  name: string;
  category: Category;
  content: () => string;
  /** `LINE:COL PATH: MESSAGE`, without the file name. */
  expected: string[];
  /** Loading must answer within this many milliseconds (the machine may be busy: generous). */
  withinMs: number;
}

/** Ten levels of nine aliases each: 9^10 (3.5 billion) strings once expanded. */
function aliasBomb(): string {
  const levels = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"];
  for (let i = 1; i < 10; i += 1) {
    const name = String.fromCharCode(97 + i);
    const previous = String.fromCharCode(96 + i);
    levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(", ")}]`);
  }
  return `${levels.join("\n")}\nimages: *j\n`;
}

/** The same attack inside a plausible catalog: an account list that multiplies. */
function aliasBombInImage(): string {
  const lines = ["accounts:", '  prod: "111122223333"', "defaults:", "  tags: &t0", "    a: b"];
  for (let i = 1; i <= 8; i += 1)
    lines.push(
      `  x${i}: &t${i} [${Array(10)
        .fill(`*t${i - 1}`)
        .join(", ")}]`,
    );
  lines.push("images:", "  - name: web", "    os: amazon-linux-2023", "    arch: x86_64", "    accounts: *t8");
  return `${lines.join("\n")}\n`;
}

const IMAGES_IN_BIG_CATALOG = 8000;

/** About 2.8 MB: 8,000 images, the last one 32-bit, and one duplicate name near the end. */
function severalMegabytes(): string {
  const lines = ["accounts:", '  prod: "111122223333"', "images:"];
  for (let i = 0; i < IMAGES_IN_BIG_CATALOG; i += 1) {
    const name = i === IMAGES_IN_BIG_CATALOG - 2 ? "image-00010" : `image-${String(i).padStart(5, "0")}`;
    lines.push(
      `  - name: ${name}`,
      `    description: ${"A hardened base image for the web tier, with nginx and the agents. ".repeat(3).trim()}`,
      "    os: amazon-linux-2023",
      `    arch: ${i === IMAGES_IN_BIG_CATALOG - 1 ? "i386" : "x86_64"}`,
      "    regions: [us-east-1, eu-west-1, ap-southeast-2]",
      "    accounts: [prod]",
    );
  }
  return `${lines.join("\n")}\n`;
}

/** One image shared with 1,001 accounts: one more than an AMI's launch permissions allow. */
function tooManySharingEntities(): string {
  const names = Array.from({ length: 1001 }, (_, i) => `account-${String(i).padStart(4, "0")}`);
  const lines = ["accounts:", ...names.map((name, i) => `  ${name}: "${String(100000000000 + i)}"`)];
  lines.push(
    "images:",
    "  - name: web",
    "    os: amazon-linux-2023",
    "    arch: x86_64",
    "    accounts:",
    ...names.map((name) => `      - ${name}`),
  );
  return `${lines.join("\n")}\n`;
}

/** Lists nested 10,000 deep in flow style under an image's tags (the YAML library alone overflows at about 1,000). */
function deeplyNested(): string {
  return `images:\n  - name: web\n    os: amazon-linux-2023\n    arch: x86_64\n    tags: ${"[".repeat(10_000)}${"]".repeat(10_000)}\n`;
}

/** Lists nested 300 deep in block style. */
function deeplyNestedBlock(): string {
  const lines = ["images:"];
  for (let depth = 0; depth < 300; depth += 1) lines.push(`${" ".repeat(depth * 2 + 2)}-`);
  return `${lines.join("\n")}\n`;
}

const EXPANSION_ACCOUNTS = 1000;
const EXPANSION_IMAGES = 60;

/**
 * About 35 KB: 1,000 accounts in one anchored list, and 60 images in every region that all take
 * that list by alias: about two million grants, copies and parameters once expanded.
 */
function millionResources(): string {
  const names = Array.from({ length: EXPANSION_ACCOUNTS }, (_, i) => `a${String(i).padStart(4, "0")}`);
  const lines = ["accounts:", ...names.map((name, i) => `  ${name}: "${String(200000000000 + i)}"`)];
  lines.push("defaults:", `  accounts: &everyone [${names.join(", ")}]`, `  regions: &regions [${REGIONS.join(", ")}]`);
  lines.push("images:");
  for (let i = 0; i < EXPANSION_IMAGES; i += 1) {
    lines.push(`  - name: image-${String(i).padStart(2, "0")}`, "    os: amazon-linux-2023", "    arch: x86_64");
  }
  return `${lines.join("\n")}\n`;
}

const BOMB =
  'aliases of aliases expand this file beyond 10,000 copies; it is refused as a possible "billion laughs" attack: write the values out or nest fewer aliases';
const BIG_LAST_LINE = 3 + IMAGES_IN_BIG_CATALOG * 6 - 5;

const DEEP = "lists and maps nest deeper than 32 levels here; a catalog needs far fewer: flatten it";

export const GENERATED: readonly GeneratedCase[] = [
  { name: "nested-10000-deep.yaml", category: "nesting", content: deeplyNested, expected: [`5:40 ${DEEP}`], withinMs: 2000 },
  {
    name: "nested-300-deep-block.yaml",
    category: "nesting",
    content: deeplyNestedBlock,
    expected: [`33:65 ${DEEP}`],
    withinMs: 2000,
  },
  {
    name: "expands-to-a-million-resources.yaml",
    category: "expansion",
    content: millionResources,
    expected: [
      "1006:5 images[0]: the catalog makes at least 1,986,360 resources, 33,106 of them for this image; one stack may hold at most 100,000: split the images into stacks by family, each with its own catalog and factory name (docs/operations.md, Splitting a large catalog)",
    ],
    withinMs: 5000,
  },
  { name: "alias-bomb.yaml", category: "alias-bomb", content: aliasBomb, expected: [`3:8 ${BOMB}`], withinMs: 1000 },
  {
    name: "alias-bomb-in-image.yaml",
    category: "alias-bomb",
    content: aliasBombInImage,
    expected: [`7:12 ${BOMB}`],
    withinMs: 1000,
  },
  {
    name: "several-megabytes.yaml",
    category: "size",
    content: severalMegabytes,
    expected: [
      // A catalog past a default quota is still valid: said as a warning among the problems.
      `4:3 images: warning: ${IMAGES_IN_BIG_CATALOG.toLocaleString("en-US")} images make as many Image Builder pipelines in us-east-1, over the default quota of 75 (EC2 Image Builder quota "Image pipelines"): ask AWS to raise it before deploying, or split the catalog into stacks`,
      `${BIG_LAST_LINE - 6}:11 images[${IMAGES_IN_BIG_CATALOG - 2}].name: "image-00010" duplicates images[10].name`,
      `${BIG_LAST_LINE + 3}:11 images[${IMAGES_IN_BIG_CATALOG - 1}].arch: "i386" is a 32-bit architecture; 32-bit images are refused: use x86_64 or arm64`,
    ],
    withinMs: 20_000,
  },
  {
    name: "sharing-1001-accounts.yaml",
    category: "limits",
    content: tooManySharingEntities,
    expected: [
      '1008:7 images[0].accounts: release "latest" shares with 1,001 accounts, organizations and OUs; an AMI can be shared with at most 1,000',
    ],
    withinMs: 5000,
  },
];
