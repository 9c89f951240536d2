/**
 * Figures the README and docs/ quote from constants the code holds: a changed constant fails here
 * until the docs say it too.
 */
import { expect } from "chai";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { LIMITS, QUOTAS } from "../../contract/aws-limits";
import { BUILD_TAG, IMAGE_BUILDER_AMI_TAGS } from "../../catalog/tables/tags";
import { MAX_STACK_RESOURCES } from "../../catalog/rules/stack-size";
import { awsNames } from "../../catalog/render/aws-names";
import { MAX_ACCOUNTS, MAX_REGIONS } from "../../bench/generate";
import { FULL_SIZES } from "../../bench/options";
import { OS_NAMES } from "../../catalog/tables/os-table";
import { RESOURCES_PER_TURN } from "../../components/pace";
import { LARGE_STACK } from "../../plan/document";
import { ROOT } from "../support/program";
import { MAX_CATALOG_BYTES } from "../../catalog/read/read-file";
import { MAX_NESTING } from "../../catalog/read/nesting";
import { MAX_ALIAS_COUNT } from "../../catalog/load";
import { GITHUB_COMMENT_MAX } from "../../plan/limits";
import { DEFAULT_CONFIG } from "../../policy/settings";

const read = (file: string) => readFileSync(path.join(ROOT, file), "utf8");
const figure = (n: number) => n.toLocaleString("en-US");
/** The small numbers the docs spell out in words. */
const WORDS: Readonly<Record<number, string>> = { 8: "eight", 10: "ten" };
const inWords = (n: number) => WORDS[n] ?? figure(n);

describe("the figures the docs quote from the code", () => {
  it("gives the stack size past which plan warns as plan/document.ts holds it", () => {
    const warns = `\`plan\` warns above ${figure(LARGE_STACK)}`;
    expect(read("README.md")).to.include(warns);
    expect(read("docs/operations.md")).to.include(warns);
    expect(read("docs/operations.md")).to.include(
      `at ${figure(LARGE_STACK)} resources, the size past which \`plan\` advises splitting`,
    );
    expect(read("docs/plan.md")).to.include(`Above ${figure(LARGE_STACK)} resources \`plan\` warns`);
    expect(read("README.md").replace(/\s+/g, " ")).to.include(`\`plan\` warns above ${figure(LARGE_STACK)} resources (see`);
  });

  it("counts an AMI's tags in docs/architecture.md as the limits table and the tag keys do", () => {
    // The doc's example: an image with 26 tags of its own, and the room left for served tags.
    const ownTags = 26;
    const released = 1;
    const room = LIMITS.tagsPerResource - ownTags - Object.keys(BUILD_TAG).length - IMAGE_BUILDER_AMI_TAGS.length - released;
    const doc = read("docs/architecture.md").replace(/\s+/g, " ");
    expect(doc).to.include(`A \`tagMap\` holds at most ${LIMITS.exclusionTags} entries`);
    expect(doc).to.include(`so an image has at most ${LIMITS.exclusionTags - released} channels`);
    expect(doc).to.include(
      `count against EC2's ${LIMITS.tagsPerResource} tags on the AMI itself, beside the image's tags, the factory's ${Object.keys(BUILD_TAG).length},`,
    );
    expect(doc).to.include(`(${room} for an image with ${ownTags} tags;`);
  });

  it("gives the largest stack the catalog may make as stack-size.ts holds it", () => {
    expect(read("docs/architecture.md").replace(/\s+/g, " ")).to.include(
      `more than ${figure(MAX_STACK_RESOURCES)} resources (a lower bound of what \`expand\` would make)`,
    );
  });

  it("gives the resources built per turn as components/pace.ts holds it", () => {
    const flat = (file: string) => read(file).replace(/\s+/g, " ");
    expect(flat("docs/bench/pacing.md")).to.include(`every \`RESOURCES_PER_TURN\` (${RESOURCES_PER_TURN})`);
    expect(flat("README.md")).to.include(`(every ${inWords(RESOURCES_PER_TURN)} resources while it makes`);
    expect(flat("docs/architecture.md")).to.include(`make their resources ${inWords(RESOURCES_PER_TURN)} at a time`);
    expect(flat("docs/architecture.md")).to.include(`a turn holds about ${inWords(RESOURCES_PER_TURN)} resources`);
  });

  it("describes the benchmark's catalogs as bench/ generates them", () => {
    const sizes = `${figure(Math.min(...FULL_SIZES))} to ${figure(Math.max(...FULL_SIZES))} images`;
    expect(read("README.md").replace(/\s+/g, " ")).to.include(
      `generates catalogs of ${sizes} (up to ${MAX_REGIONS} regions and ${MAX_ACCOUNTS} accounts,`,
    );
  });

  it("gives the longest build AMI name and what it leaves the factory and image as the limits table and awsNames do", () => {
    const fixed = awsNames.buildAmi("f", "i").length - "f_i".length;
    expect(read("README.md").replace(/\s+/g, " ")).to.include(
      `${LIMITS.amiNameTemplate} characters as written, so \`<factory>_<image>\` may have ${LIMITS.amiNameTemplate - fixed};`,
    );
  });

  it("counts the operating systems as the OS table does", () => {
    const architecture = read("docs/architecture.md").replace(/\s+/g, " ");
    expect(architecture).to.include(`the best practices of all ${OS_NAMES.length} OSes`);
    expect(architecture).to.include(`the generated documents of all ${inWords(OS_NAMES.length)} OSes`);
    expect(read("README.md").replace(/\s+/g, " ")).to.include(`the program generates, for all ${OS_NAMES.length} OSes,`);
  });

  it("gives the loader's bounds in docs/architecture.md as catalog/read and catalog/load hold them", () => {
    const doc = read("docs/architecture.md").replace(/\s+/g, " ");
    expect(doc).to.include(`only a regular file of at most ${MAX_CATALOG_BYTES / (1024 * 1024)} MB is read`);
    expect(doc).to.include(`nested deeper than ${MAX_NESTING} levels are refused`);
    expect(doc).to.include(`Aliases** expand to at most ${figure(MAX_ALIAS_COUNT)} copies`);
  });

  it("gives the limits validate checks in docs/architecture.md as the limits table holds them", () => {
    const doc = read("docs/architecture.md").replace(/\s+/g, " ");
    expect(doc).to.include(
      `exclusion, at most ${LIMITS.lastLaunched.max}; \`deleteAfterDays\` at most ${figure(LIMITS.lifecycleAge.max)})`,
    );
    expect(doc).to.include(`copy names over ${LIMITS.amiName.max} characters`);
    expect(doc).to.include(
      `\`resourceTags\` take ${LIMITS.buildInstanceTags}, the factory adds ${Object.keys(BUILD_TAG).length})`,
    );
    expect(doc).to.include(`rendered document passes ${figure(LIMITS.componentData)} characters`);
    expect(doc).to.include(`image and component name joined, over ${LIMITS.componentName} characters`);
    expect(doc).to.include(`(${figure(LIMITS.sharingEntities)} sharing entities per AMI and Region)`);
    const { pipelines, publicAmis } = QUOTAS;
    expect(doc).to.include(`(${pipelines.default} image pipelines per Region, Image Builder quota "${pipelines.name}";`);
    expect(doc).to.include(`${publicAmis.default} public AMIs per Region, EC2 quota "${publicAmis.name}"`);
    expect(read("README.md").replace(/\s+/g, " ")).to.include(
      `more than ${publicAmis.default} public AMIs in a region (EC2's default quota "${publicAmis.name}"`,
    );
  });

  it("gives GitHub's comment limit in docs/operations.md as plan/limits.ts holds it", () => {
    const doc = read("docs/operations.md").replace(/\s+/g, " ");
    expect(doc).to.include(`(${figure(GITHUB_COMMENT_MAX)} characters, \`GITHUB_COMMENT_MAX\` in plan/limits.ts)`);
    expect(doc).to.include(`within GitHub's ${figure(GITHUB_COMMENT_MAX)}-character limit`);
  });

  it("gives the policy pack's defaults in policy/README.md as policy/settings.ts holds them", () => {
    const shown = (values: readonly string[]) => `\`${JSON.stringify(values).replace(/,/g, ", ")}\``;
    expect(read("policy/README.md").replace(/\s+/g, " ")).to.include(
      `Defaults: \`allowedBuildRegions\` ${shown(DEFAULT_CONFIG.allowedBuildRegions)}, \`requiredTags\` ${shown(DEFAULT_CONFIG.requiredTags)}, \`publicImages\` ${shown(DEFAULT_CONFIG.publicImages)}.`,
    );
  });
});
