/**
 * Rules about what every AMI carries: its tags (after merging) and the names the factory derives.
 */
import { MAX_AMI_NAME, MAX_AMI_TAGS, MAX_TAG_VALUE } from "./limits";
import { asMap, mapEntries, type Origin, type Rule } from "./rule-context";
import { TAG_KEY } from "./schema";
import { count, show } from "./wording";

const tags: Rule = (ctx) => {
  const places: Origin[] = [...(ctx.raw.tags !== undefined ? [{ value: ctx.raw.tags, path: ["tags"], fromDefaults: false }] : []), ...ctx.written("tags")];
  for (const origin of places) {
    for (const [key, value] of Object.entries(asMap(origin.value) ?? {})) {
      if (!TAG_KEY.test(key)) {
        ctx.report([...origin.path, key], `${show(key)} is not a tag key: 1 to 128 letters, digits, spaces or _ . : / = + - @, not starting with aws:`, "key");
      }
      if (typeof value === "string" && value.length > MAX_TAG_VALUE) {
        ctx.report([...origin.path, key], `the value is ${count(value.length, "character")} long; a tag value has at most ${MAX_TAG_VALUE}`);
      }
    }
  }
  const shared = [asMap(ctx.raw.tags), asMap(ctx.defaults.tags)];
  for (const image of ctx.images) {
    const merged = new Set<string>();
    for (const map of [...shared, asMap(image.raw.tags)]) for (const key of Object.keys(map ?? {})) merged.add(key);
    if (merged.size <= MAX_AMI_TAGS) continue;
    const at = image.raw.tags !== undefined ? [...image.path, "tags"] : ctx.defaults.tags !== undefined ? ["defaults", "tags"] : ["tags"];
    ctx.report(at, `${count(merged.size, "tag")} after merging the top-level, default and image tags; an AMI takes at most ${MAX_AMI_TAGS}`);
  }
};

/**
 * Release copies are named `<image>-<channel>-<source AMI id>-<8 random hex digits>` (see
 * components/image-releases.ts); AWS allows 128 characters.
 */
const amiNames: Rule = (ctx) => {
  for (const image of ctx.images) {
    const releases = ctx.field(image, "releases");
    if (typeof image.raw.name !== "string" || !releases) continue;
    for (const [channel] of mapEntries(releases.value)) {
      const name = `${image.raw.name}-${channel}-ami-${"0".repeat(17)}-${"0".repeat(8)}`;
      if (name.length <= MAX_AMI_NAME) continue;
      const message = `the AMI name "${name}" would be ${name.length} characters; AWS allows ${MAX_AMI_NAME}: shorten the image name or the channel`;
      ctx.reportFor(image, { ...releases, path: [...releases.path, channel] }, message, [{ value: image.raw.name, path: [...image.path, "name"], fromDefaults: false }], "key");
    }
  }
};

export const AMI_METADATA_RULES: readonly Rule[] = [tags, amiNames];
