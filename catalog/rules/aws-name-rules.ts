/**
 * The names AWS keeps for an image (catalog/render/aws-names.ts `awsNames`: the factory's name, the image's
 * first name and a component's name) must fit Image Builder's lengths, reported on the image's or
 * the component's name, where a shorter name fixes it; and the factory's name, which begins its
 * SSM parameters' names, must not begin with what Systems Manager keeps for AWS.
 */
import { LIMITS, SSM_RESERVED_PREFIXES } from "../../contract/aws-limits";
import { awsNames, imageAwsName } from "../render/aws-names";
import { DEFAULT_FACTORY } from "../tables/defaults";
import { asMap, type Rule } from "./rule-context";
import { FACTORY_NAME, IMAGE_NAME } from "../schema/schema";

const awsNameLengths: Rule = (ctx) => {
  const factory = typeof ctx.raw.factory === "string" && FACTORY_NAME.test(ctx.raw.factory) ? ctx.raw.factory : DEFAULT_FACTORY;
  for (const image of ctx.images) {
    const { awsName, renamed } = imageAwsName(image.raw.name, image.raw.renamedFrom);
    // A name the schema refuses is reported there.
    if (typeof awsName !== "string" || !IMAGE_NAME.test(awsName)) continue;
    const namePath = renamed ? [...image.path, "renamedFrom", 0] : [...image.path, "name"];
    const kept = renamed ? ` (AWS names keep the image's first name, ${awsName})` : "";
    const shorten = renamed ? `shorten the factory's name${kept}` : "shorten the image's or the factory's name";
    const shortenWith = renamed
      ? `shorten the component's or the factory's name${kept}`
      : "shorten the component's, the image's or the factory's name";
    const build = awsNames.buildAmi(factory, awsName);
    if (build.length > LIMITS.amiNameTemplate) {
      ctx.report(
        namePath,
        `its builds' AMI name "${build}" is ${build.length} characters; Image Builder allows ${LIMITS.amiNameTemplate}: ${shorten}`,
      );
    }
    const components = ctx.field(image, "components");
    if (!components || !Array.isArray(components.value)) continue;
    components.value.forEach((component, index) => {
      const name = asMap(component)?.name;
      if (typeof name !== "string") return;
      const full = awsNames.component(factory, awsName, name);
      if (full.length <= LIMITS.componentName) return;
      ctx.reportFor(
        image,
        { ...components, path: [...components.path, index, "name"] },
        `the component's Image Builder name "${full}" is ${full.length} characters; AWS allows ${LIMITS.componentName}: ${shortenWith}`,
        [{ value: awsName, path: namePath, fromDefaults: false }],
      );
    });
  }
};

const reservedFactoryName: Rule = (ctx) => {
  const factory = ctx.raw.factory;
  // A name the schema refuses is reported there.
  if (typeof factory !== "string" || !FACTORY_NAME.test(factory)) return;
  const reserved = SSM_RESERVED_PREFIXES.find((prefix) => factory.toLowerCase().startsWith(prefix));
  if (reserved === undefined) return;
  const parameter = awsNames.parameter(factory, "<image>", "<channel>");
  ctx.report(
    ["factory"],
    `"${factory}" begins with "${reserved}", and the factory's SSM parameters are named ${parameter}: ` +
      `Systems Manager refuses parameter names that begin with ${SSM_RESERVED_PREFIXES.join(" or ")}; choose a factory name that begins otherwise`,
  );
};

export const AWS_NAME_RULES: readonly Rule[] = [awsNameLengths, reservedFactoryName];
