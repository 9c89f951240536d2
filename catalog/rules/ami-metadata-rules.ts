/**
 * Rules about what every AMI carries: its tags (after merging) and the names the factory derives.
 */
import { LIMITS, LONGEST_AMI_ID, TAG_VALUE_TEXT } from "../../contract/aws-limits";
import { BUILD_TAG, IMAGE_BUILDER_AMI_TAGS, RELEASED_TAG, servedTagKey, TAG } from "../tables/tags";
import { DEFAULT_CHANNEL, NEWEST_BUILD } from "../tables/defaults";
import { asMap, mapEntries, servedAmi, type ImageView, type Origin, type Rule, type RuleContext } from "./rule-context";
import { IMAGE_NAME, TAG_KEY, TAG_KEY_WORDS, TAG_VALUE_WORDS } from "../schema/schema";
import { count, show } from "../read/wording";
import { awsNames, COPY_SUFFIX_BYTES, imageAwsName } from "../render/aws-names";

const tags: Rule = (ctx) => {
  const places: Origin[] = [
    ...(ctx.raw.tags !== undefined ? [{ value: ctx.raw.tags, path: ["tags"], fromDefaults: false }] : []),
    ...ctx.written("tags"),
  ];
  for (const origin of places) {
    for (const [key, value] of Object.entries(asMap(origin.value) ?? {})) {
      if (!TAG_KEY.test(key)) {
        ctx.report([...origin.path, key], `${show(key)} is not a tag key: ${TAG_KEY_WORDS}`, "key");
      }
      if (typeof value !== "string") continue;
      if (value.length > LIMITS.tagValue) {
        ctx.report(
          [...origin.path, key],
          `the value is ${count(value.length, "character")} long; a tag value has at most ${LIMITS.tagValue}`,
        );
      } else if (!TAG_VALUE_TEXT.test(value)) {
        ctx.report(
          [...origin.path, key],
          `${show(value)} is not a tag value: ${TAG_VALUE_WORDS} only (IAM's roles and Systems Manager's parameters carry these tags and refuse other characters)`,
        );
      } else if (value === "" && origin.path.join(".") === "tags") {
        ctx.report(
          [...origin.path, key],
          "the value is empty; the factory's tags go on its EventBridge Scheduler schedule group, which refuses an empty tag value",
        );
      }
    }
  }
  for (const image of ctx.images) {
    const merged = mergedTagKeys(ctx, image);
    if (merged.size <= MAX_CATALOG_TAGS) continue;
    const at =
      image.raw.tags !== undefined ? [...image.path, "tags"] : ctx.defaults.tags !== undefined ? ["defaults", "tags"] : ["tags"];
    ctx.report(
      at,
      `${count(merged.size, "tag")} after merging the top-level, default and image tags; the factory adds ${BINDING_TAGS.factory} of its own, and ${BINDING_TAGS.carrier} take at most ${BINDING_TAGS.max}: at most ${MAX_CATALOG_TAGS} here`,
    );
  }
};

/** The keys of an image's tags: the top-level, default and image tags together. */
function mergedTagKeys(ctx: RuleContext, image: ImageView): Set<string> {
  const merged = new Set<string>();
  for (const map of [ctx.raw.tags, ctx.defaults.tags, image.raw.tags]) {
    for (const key of Object.keys(asMap(map) ?? {})) merged.add(key);
  }
  return merged;
}

/**
 * IAM compares tag keys without case, and refuses two that differ only in case. The top-level
 * tags go on the factory's IAM roles and instance profile, with the factory's own tag.
 */
const iamTagKeys: Rule = (ctx) => {
  const seen = new Map<string, string>([[TAG.factory.toLowerCase(), TAG.factory]]);
  for (const key of Object.keys(asMap(ctx.raw.tags) ?? {})) {
    // The factory's own value replaces this one: one key reaches IAM.
    if (key === TAG.factory) continue;
    const other = seen.get(key.toLowerCase());
    if (other === undefined) {
      seen.set(key.toLowerCase(), key);
      continue;
    }
    const whose = other === TAG.factory ? `the factory's own tag ${show(other)}` : show(other);
    ctx.report(
      ["tags", key],
      `${show(key)} differs from ${whose} only in case; these tags go on the factory's IAM roles, and IAM, which compares tag keys without case, refuses the two: keep one`,
      "key",
    );
  }
};

/** The factory's tags on an image's builds and build instances. */
const BUILD_FACTORY_TAGS = Object.keys(BUILD_TAG).length;

/**
 * Every tag of an image goes on its AMIs and copies (with all the factory's tags) and on its
 * build instances (with all but the channel and source AMI): the tighter of the two caps binds.
 */
const BINDING_TAGS = [
  { carrier: "AMIs", factory: Object.keys(TAG).length, max: LIMITS.tagsPerResource },
  { carrier: "Image Builder's build instances", factory: BUILD_FACTORY_TAGS, max: LIMITS.buildInstanceTags },
].reduce((a, b) => (b.max - b.factory < a.max - a.factory ? b : a));
const MAX_CATALOG_TAGS = BINDING_TAGS.max - BINDING_TAGS.factory;

/**
 * A build AMI also carries Image Builder's tags, one served tag per channel it serves
 * (components/image-releases.ts) and the sweeper's released mark. EC2 refuses a tag past its
 * limit per resource (CreateTags: TagLimitExceeded), so `pulumi up` would fail on a served tag.
 * A pinned AMI is counted as a build of the image, which it normally is.
 */
const buildAmiTags: Rule = (ctx) => {
  for (const image of ctx.images) {
    const releases = ctx.field(image, "releases");
    if (!releases) continue;
    const bySource = new Map<string, string[]>();
    for (const [channel, release] of mapEntries(releases.value)) {
      const source = servedAmi(release);
      bySource.set(source, [...(bySource.get(source) ?? []), channel]);
    }
    const [source, channels] = [...bySource].reduce((a, b) => (b[1].length > a[1].length ? b : a), ["", [] as string[]]);
    const own = mergedTagKeys(ctx, image).size;
    const released = 1;
    const carried = own + BUILD_FACTORY_TAGS + IMAGE_BUILDER_AMI_TAGS.length + channels.length + released;
    if (carried <= LIMITS.tagsPerResource) continue;
    const served = source === NEWEST_BUILD ? "the newest build" : source;
    const room = LIMITS.tagsPerResource - (carried - channels.length);
    ctx.reportFor(
      image,
      releases,
      `${count(channels.length, "channel")} serve ${served}, which would carry ${carried} tags: the image's ${own}, ` +
        `the factory's ${BUILD_FACTORY_TAGS}, Image Builder's ${IMAGE_BUILDER_AMI_TAGS.join(" and ")}, ${servedTagKey("<channel>")} for each channel ` +
        `and ${RELEASED_TAG}; EC2 allows ${LIMITS.tagsPerResource} tags on an AMI: ` +
        (room > 0 ? `serve it from at most ${room} channels, or give the image fewer tags` : "give the image fewer tags"),
    );
  }
};

/**
 * Release copies are named `<AWS name>-<channel>-<source AMI id>-<random hex digits>`
 * (render/aws-names.ts `awsNames.copyAmi`), where the AWS name is the image's first name (the
 * first of `renamedFrom`, else `name`); AWS allows `LIMITS.amiName.max` characters. An image
 * without releases has one channel, `DEFAULT_CHANNEL`, named the same way.
 */
const amiNames: Rule = (ctx) => {
  const suffixDigits = 2 * COPY_SUFFIX_BYTES;
  for (const image of ctx.images) {
    const releases = ctx.field(image, "releases");
    const { awsName } = imageAwsName(image.raw.name, image.raw.renamedFrom);
    // A name the schema refuses is reported there, once.
    if (typeof awsName !== "string" || !IMAGE_NAME.test(awsName)) continue;
    const channels = releases ? mapEntries(releases.value).map(([channel]) => channel) : [DEFAULT_CHANNEL];
    for (const channel of channels) {
      const prefix = awsNames.copyAmiPrefix(awsName, channel);
      const length = awsNames.copyAmi(prefix, LONGEST_AMI_ID, "0".repeat(suffixDigits)).length;
      if (length <= LIMITS.amiName.max) continue;
      const firstName = `AWS names keep the image's first name, ${awsName}`;
      const [subject, shorten] = releases
        ? [
            "this channel's copies",
            awsName === image.raw.name ? "shorten the image name or the channel" : `shorten the channel (${firstName})`,
          ]
        : [
            `this image's copies (channel ${DEFAULT_CHANNEL})`,
            awsName === image.raw.name ? "shorten the image name" : `add a release with a shorter channel (${firstName})`,
          ];
      const message = `${subject} would be named "${awsNames.copyAmi(prefix, "<AMI id>", `<${suffixDigits} hex digits>`)}", ${length} characters; AWS allows ${LIMITS.amiName.max}: ${shorten}`;
      const name = { value: image.raw.name, path: [...image.path, "name"], fromDefaults: false };
      if (!releases) ctx.report(name.path, message);
      else ctx.reportFor(image, { ...releases, path: [...releases.path, channel] }, message, [name], "key");
    }
  }
};

export const AMI_METADATA_RULES: readonly Rule[] = [tags, iamTagKeys, buildAmiTags, amiNames];
