/**
 * AWS's limits on the values the catalog turns into resource inputs, said in the catalog's own
 * terms at the line that causes them (the table in contract/aws-limits.ts holds the numbers and
 * their references), and the default quotas a catalog would pass, as warnings.
 */
import { LIMITS, QUOTAS } from "../../contract/aws-limits";
import { defaultComponentDescription, inlineComponentDocument } from "../render/component-document";
import { exclusionTagMap } from "../expand/lifetimes";
import { RELEASED_TAG } from "../tables/tags";
import { OS_TABLE } from "../tables/os-table";
import { asMap, asStringList, mapEntries, type Rule } from "./rule-context";
import { count, formatNumber } from "../read/wording";
import { imageAwsName } from "../render/aws-names";

const lifecycleCaps: Rule = (ctx) => {
  for (const origin of ctx.written("lifecycle")) {
    const lifecycle = asMap(origin.value);
    const deprecate = lifecycle?.deprecateAfterDays;
    const remove = lifecycle?.deleteAfterDays;
    // deprecateAfterDays is also how recently launched a build must be to be kept from deletion.
    if (typeof deprecate === "number" && deprecate > LIMITS.lastLaunched.max) {
      ctx.report(
        [...origin.path, "deprecateAfterDays"],
        `deprecateAfterDays ${deprecate} is over ${LIMITS.lastLaunched.max}: builds launched within that many days are kept from deletion, and Image Builder's lifecycle policies look back at most ${LIMITS.lastLaunched.max} days`,
      );
    }
    if (typeof remove === "number" && remove > LIMITS.lifecycleAge.max) {
      ctx.report(
        [...origin.path, "deleteAfterDays"],
        `deleteAfterDays ${remove} is over ${LIMITS.lifecycleAge.max}, the most days an Image Builder lifecycle rule takes`,
      );
    }
  }
};

const rootVolumeCaps: Rule = (ctx) => {
  const caps = [
    ["sizeGiB", LIMITS.volumeSize.max, "GiB"],
    ["iops", LIMITS.iops.max, "IOPS"],
    ["throughput", LIMITS.throughput.max, "MiB/s"],
  ] as const;
  for (const origin of ctx.written("rootVolume")) {
    const volume = asMap(origin.value);
    for (const [field, max, unit] of caps) {
      const value = volume?.[field];
      if (typeof value === "number" && value > max) {
        ctx.report(
          [...origin.path, field],
          `${field} ${formatNumber(value)} is over ${formatNumber(max)} ${unit}, the most an Image Builder recipe's volume takes`,
        );
      }
    }
  }
};

/**
 * An inline component's document, rendered as the program renders it (catalog/expand/expand.ts), is
 * sent inline to Image Builder, which takes at most 16,000 characters.
 */
const componentDocuments: Rule = (ctx) => {
  for (const image of ctx.images) {
    const os = ctx.os(image);
    const components = ctx.field(image, "components");
    if (!os || !components || !Array.isArray(components.value)) continue;
    const { awsName } = imageAwsName(image.raw.name, image.raw.renamedFrom);
    components.value.forEach((entry: unknown, index: number) => {
      const component = asMap(entry);
      const build = asStringList(component?.build);
      const test = component?.test === undefined ? undefined : asStringList(component.test);
      // An empty build list is the schema's to report; no document can be rendered from it.
      const renderable = build !== undefined && build.length > 0 && (test !== undefined || component?.test === undefined);
      if (!component || typeof component.name !== "string" || !renderable) return;
      // An image name that is not a string is the schema's to report; here it only has to be text.
      const description =
        typeof component.description === "string"
          ? component.description
          : defaultComponentDescription(component.name, String(awsName));
      const length = [...inlineComponentDocument(OS_TABLE[os.value].platform, component.name, description, build, test)].length;
      if (length <= LIMITS.componentData) return;
      ctx.reportFor(
        image,
        { ...components, path: [...components.path, index] },
        `component "${component.name}" renders to a document of ${formatNumber(length)} characters; Image Builder takes at most ${formatNumber(LIMITS.componentData)} inline: move long commands into a script the component downloads, or split it`,
        [os],
      );
    });
  }
};

/**
 * The image's lifecycle policy names one exclusion tag per channel, and the released mark, in one
 * `tagMap`, which Image Builder caps: an image with more channels cannot be deployed.
 */
const exclusionTags: Rule = (ctx) => {
  for (const image of ctx.images) {
    const releases = ctx.field(image, "releases");
    const channels = mapEntries(releases?.value).map(([channel]) => channel);
    const tags = Object.keys(exclusionTagMap("", channels)).length;
    if (!releases || tags <= LIMITS.exclusionTags) continue;
    ctx.reportFor(
      image,
      releases,
      `${count(channels.length, "channel")} make ${tags} exclusion tags in the image's lifecycle policy (one per channel, and ${RELEASED_TAG}); Image Builder's tagMap takes at most ${LIMITS.exclusionTags}: serve at most ${LIMITS.exclusionTags - (tags - channels.length)} channels from one image, or split it into two images`,
    );
  }
};

/** Every image has a pipeline in the build region. */
const pipelineQuota: Rule = (ctx) => {
  const { name, service, default: quota } = QUOTAS.pipelines;
  if (ctx.images.length <= quota) return;
  ctx.warn(
    ["images"],
    `${count(ctx.images.length, "image")} make as many Image Builder pipelines in ${ctx.buildRegion}, over the default quota of ${quota} (${service} quota "${name}"): ask AWS to raise it before deploying, or split the catalog into stacks`,
  );
};

/** Each public release is one public AMI in each of its regions. */
const publicAmiQuota: Rule = (ctx) => {
  const { name, service, default: quota } = QUOTAS.publicAmis;
  const perRegion = new Map<string, number>();
  for (const image of ctx.images) {
    if (ctx.field(image, "public")?.value !== true) continue;
    const releases = ctx.field(image, "releases");
    const imageRegions = ctx.regions(image);
    for (const [channel, release] of mapEntries(releases?.value)) {
      if (release.public !== true || !releases) continue;
      const regions = new Set([...(asStringList(release.regions) ?? imageRegions ?? []), ctx.buildRegion]);
      const over = [...regions].filter((region) => {
        const n = (perRegion.get(region) ?? 0) + 1;
        perRegion.set(region, n);
        return n > quota;
      });
      if (over.length === 0) continue;
      ctx.warn(
        [...releases.path, channel, "public"],
        `with this release ${over.sort().join(", ")} ${over.length === 1 ? "holds" : "hold"} more than ${quota} public AMIs, the default quota per Region (${service} quota "${name}"): ask AWS to raise it before deploying`,
      );
    }
  }
};

export const AWS_LIMIT_RULES: readonly Rule[] = [
  lifecycleCaps,
  exclusionTags,
  rootVolumeCaps,
  componentDocuments,
  pipelineQuota,
  publicAmiQuota,
];
