/**
 * Rules about how one image is built: its name, OS and architecture, base image, components,
 * build instances, root volume, schedule and lifecycle.
 */
import { checkCron, checkTimezone } from "./cron";
import { EBS_IOPS, LIMITS } from "../../contract/aws-limits";
import { DEFAULT_LIFECYCLE, DEFAULT_ROOT_GIB, DEFAULT_ROOT_VOLUME_TYPE } from "../tables/defaults";
import { FACTORY_COMPONENTS, MIN_WINDOWS_ROOT_GIB } from "../tables/limits";
import {
  ARCHITECTURES,
  architecturesOf,
  instanceTypeArch,
  OS_TABLE,
  THIRTY_TWO_BIT_ARCHITECTURES,
  type Platform,
} from "../tables/os-table";
import { asMap, stringItems, type ImageView, type Origin, type Rule, type RuleContext } from "./rule-context";
import {
  AMI_ID,
  AMI_ID_RULE,
  EXAMPLE_AMI_ID,
  IMAGE_ARN,
  IMAGE_NAME,
  IMAGE_NAME_LENGTH,
  listOf,
  SSM_BASE,
} from "../schema/schema";
import { count, formatNumber, show } from "../read/wording";

const SUBNET_ID = /^subnet-[0-9a-f]{8,17}$/;
const SECURITY_GROUP_ID = /^sg-[0-9a-f]{8,17}$/;
const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9-]+$/;

/**
 * What is wrong with an image name, said precisely (the schema only knows it fails the pattern).
 * Undefined for a valid name.
 */
export function imageNameProblem(name: string): string | undefined {
  if (IMAGE_NAME.test(name)) return undefined;
  const shown = show(name);
  const { min, max } = IMAGE_NAME_LENGTH;
  // The AWS names made from it (the factory's name in front) are checked in aws-name-rules.ts.
  if (name.length > max) return `the name is ${name.length} characters long; an image name has at most ${max}`;
  if (name.length < min) return `${shown} is too short; an image name has ${min} to ${max} characters`;
  const bad = /[^A-Za-z0-9_-]/.exec(name)?.[0];
  if (bad !== undefined) {
    const what = bad === " " ? "a space" : bad === "\t" ? "a tab" : JSON.stringify(bad);
    return `${shown} has ${what}; an image name has only letters, digits, '-' and '_'`;
  }
  const edge = /^[-_]/.test(name) ? `starts with "${name[0]}"` : `ends with "${name[name.length - 1]}"`;
  return `${shown} ${edge}; an image name starts and ends with a letter or digit`;
}

const imageNames: Rule = (ctx) => {
  for (const image of ctx.images) {
    const name = image.raw.name;
    const problem = typeof name === "string" ? imageNameProblem(name) : undefined;
    if (problem) ctx.report([...image.path, "name"], problem);
  }
};

const uniqueImageNames: Rule = (ctx) => {
  const seen = new Map<string, { name: string; index: number }>();
  for (const image of ctx.images) {
    const name = image.raw.name;
    if (typeof name !== "string") continue;
    const first = seen.get(name.toLowerCase());
    if (!first) {
      seen.set(name.toLowerCase(), { name, index: image.index });
    } else if (first.name === name) {
      ctx.report([...image.path, "name"], `${show(name)} duplicates images[${first.index}].name`);
    } else {
      ctx.report(
        [...image.path, "name"],
        `${show(name)} duplicates images[${first.index}].name ${show(first.name)} (names are compared without case)`,
      );
    }
  }
};

const earlierNames: Rule = (ctx) => {
  const current = new Map<string, number>();
  for (const image of ctx.images) if (typeof image.raw.name === "string") current.set(image.raw.name.toLowerCase(), image.index);
  const claimed = new Map<string, number>();
  for (const image of ctx.images) {
    for (const [name, i] of stringItems(image.raw.renamedFrom)) {
      const path = [...image.path, "renamedFrom", i];
      const owner = current.get(name.toLowerCase());
      const other = claimed.get(name.toLowerCase());
      const problem = imageNameProblem(name);
      if (problem) ctx.report(path, problem);
      else if (owner === image.index)
        ctx.report(path, `${show(name)} is this image's own name; renamedFrom lists only earlier names`);
      else if (owner !== undefined)
        ctx.report(path, `${show(name)} is the name of images[${owner}]; renamedFrom lists only earlier names`);
      else if (other !== undefined && other !== image.index)
        ctx.report(path, `${show(name)} is also in images[${other}].renamedFrom; an earlier name belongs to one image`);
      else claimed.set(name.toLowerCase(), image.index);
    }
  }
};

const osAndArch: Rule = (ctx) => {
  for (const origin of ctx.written("arch")) {
    if (typeof origin.value === "string" && THIRTY_TWO_BIT_ARCHITECTURES.includes(origin.value.toLowerCase())) {
      ctx.report(
        origin.path,
        `${show(origin.value)} is a 32-bit architecture; 32-bit images are refused: use ${listOf(ARCHITECTURES)}`,
      );
    }
  }
  for (const image of ctx.images) {
    for (const key of ["os", "arch"]) {
      // A broken `defaults` is reported itself; what images would take from it is unknown.
      if (ctx.field(image, key) === undefined && !ctx.defaultsBroken) {
        ctx.report([...image.path, key], `missing required field "${key}"; set it on the image or in defaults`);
      }
    }
    const os = ctx.os(image);
    const arch = ctx.arch(image);
    if (!os || !arch) continue;
    const supported = architecturesOf(os.value);
    if (!supported.includes(arch.value)) {
      ctx.reportFor(image, arch, `${os.value} has no ${arch.value} build; use ${listOf(supported)}`, [os]);
    }
  }
};

/** What is wrong with a base image, by the form it was meant to have. Undefined for a valid one. */
function baseProblem(base: string): string | undefined {
  if (AMI_ID.test(base) || SSM_BASE.test(base) || IMAGE_ARN.test(base)) return undefined;
  const shown = show(base);
  if (base.startsWith("ami-")) return `${shown} is not an AMI id: ${AMI_ID_RULE}`;
  if (base.startsWith("/")) return `${shown} looks like an SSM parameter name; write it with the ssm: prefix: "ssm:${base}"`;
  if (base.startsWith("ssm:"))
    return `${shown} is not an SSM parameter name: up to ${formatNumber(LIMITS.parameterName)} letters, digits, '_', '.', '-' and '/' after ssm:`;
  if (base.startsWith("arn:aws:imagebuilder:")) {
    return `${shown} is not an Image Builder image ARN: arn:aws:imagebuilder:<region>:<owner>:image/<name>/<version>, each part of the version a number or x (1.0.x)`;
  }
  return (
    `${shown} is not a base image; use an AMI id (${EXAMPLE_AMI_ID}), ssm:<parameter name> ` +
    `or an Image Builder image ARN (arn:aws:imagebuilder:<region>:<owner>:image/<name>/<x.x.x>)`
  );
}

const baseImage: Rule = (ctx) => {
  for (const origin of ctx.written("base")) {
    const problem = typeof origin.value === "string" ? baseProblem(origin.value) : undefined;
    if (problem) ctx.report(origin.path, problem);
  }
  for (const image of ctx.images) {
    const os = ctx.os(image);
    if (!os || ctx.field(image, "base") !== undefined || ctx.defaultsBroken) continue;
    const fallback = OS_TABLE[os.value].defaultBase.value;
    if (fallback.kind === "none") {
      ctx.report(
        [...image.path, "base"],
        `${os.value} has no default base image: ${fallback.why}; set base on the image or in defaults to an AMI id ` +
          `(${EXAMPLE_AMI_ID}), ssm:<parameter name> or an Image Builder image ARN`,
      );
    }
  }
};

const components: Rule = (ctx) => {
  for (const image of ctx.images) {
    const list = ctx.field(image, "components");
    const os = ctx.os(image);
    if (!list || !os || !Array.isArray(list.value)) continue;
    const platform = OS_TABLE[os.value].platform;
    const limit = LIMITS.recipeComponents - FACTORY_COMPONENTS[platform];
    if (list.value.length > limit) {
      const message =
        `${count(list.value.length, "component")}; ${os.value} images take at most ${limit}: ` +
        `a recipe holds ${LIMITS.recipeComponents} and the factory adds ${FACTORY_COMPONENTS[platform]} of its own to ${platform} images`;
      ctx.reportFor(image, list, message, [os]);
    }
  }
  for (const origin of ctx.written("components")) {
    const seen = new Map<string, number>();
    (Array.isArray(origin.value) ? origin.value : []).forEach((component, i) => {
      const name = asMap(component)?.name;
      if (typeof name !== "string") return;
      const first = seen.get(name);
      if (first === undefined) seen.set(name, i);
      else
        ctx.report(
          [...origin.path, i, "name"],
          `${show(name)} duplicates components[${first}].name; inline component names are unique per image`,
        );
    });
  }
};

const buildInstances: Rule = (ctx) => {
  for (const origin of ctx.written("instanceTypes")) {
    for (const [type, i] of stringItems(origin.value)) {
      if (!INSTANCE_TYPE.test(type) || instanceTypeArch(type) === undefined) {
        ctx.report([...origin.path, i], `${show(type)} is not an EC2 instance type like m7i.large`);
      }
    }
  }
  for (const origin of ctx.written("subnetId")) {
    if (typeof origin.value === "string" && !SUBNET_ID.test(origin.value)) {
      ctx.report(origin.path, `${show(origin.value)} is not a subnet id: subnet- and 8 to 17 hex digits`);
    }
  }
  for (const origin of ctx.written("securityGroupIds")) {
    for (const [group, i] of stringItems(origin.value)) {
      if (!SECURITY_GROUP_ID.test(group))
        ctx.report([...origin.path, i], `${show(group)} is not a security group id: sg- and 8 to 17 hex digits`);
    }
  }
  for (const image of ctx.images) {
    const arch = ctx.arch(image);
    const types = ctx.field(image, "instanceTypes");
    if (arch && types) {
      for (const [type, i] of stringItems(types.value)) {
        const typeArch = INSTANCE_TYPE.test(type) ? instanceTypeArch(type) : undefined;
        if (typeArch === undefined || typeArch === arch.value) continue;
        ctx.reportFor(
          image,
          { ...types, path: [...types.path, i] },
          `${show(type)} is an ${typeArch} instance type; this image is ${arch.value}`,
          [arch],
        );
      }
    }
    const groups = ctx.field(image, "securityGroupIds");
    const subnet = ctx.field(image, "subnetId");
    if (groups && Array.isArray(groups.value) && groups.value.length > 0 && subnet === undefined) {
      ctx.reportFor(
        image,
        groups,
        "securityGroupIds needs subnetId: security groups belong to a VPC, so name the subnet to build in",
        [],
      );
    }
  }
};

const schedules: Rule = (ctx) => {
  for (const origin of ctx.written("schedule")) {
    const schedule = asMap(origin.value);
    if (typeof schedule?.cron === "string") {
      const problem = checkCron(schedule.cron);
      if (problem) ctx.report([...origin.path, "cron"], problem);
    }
    if (typeof schedule?.timezone === "string") {
      const problem = checkTimezone(schedule.timezone);
      if (problem) ctx.report([...origin.path, "timezone"], problem);
    }
  }
};

const lifecycles: Rule = (ctx) => {
  for (const image of ctx.images) {
    const deprecate = ctx.subField(image, "lifecycle", "deprecateAfterDays");
    const remove = ctx.subField(image, "lifecycle", "deleteAfterDays");
    if (!deprecate && !remove) continue;
    const deprecateDays = deprecate ? deprecate.value : DEFAULT_LIFECYCLE.deprecateAfterDays;
    const deleteDays = remove ? remove.value : DEFAULT_LIFECYCLE.deleteAfterDays;
    if (typeof deprecateDays !== "number" || typeof deleteDays !== "number" || deleteDays > deprecateDays) continue;
    const message =
      `deleteAfterDays ${deleteDays}${remove ? "" : " (the default)"} must be greater than ` +
      `deprecateAfterDays ${deprecateDays}${deprecate ? "" : " (the default)"}: an AMI is deprecated before it is deleted`;
    ctx.reportFor(image, (remove ?? deprecate)!, message, [remove ? deprecate : undefined]);
  }
};

/** Names of instance-store roots people write; the schema only lists the EBS types. */
const INSTANCE_STORE = ["instance-store", "instance_store", "instancestore", "ephemeral", "ephemeral0"];

const rootVolumes: Rule = (ctx) => {
  for (const origin of ctx.written("rootVolume")) {
    const type = asMap(origin.value)?.type;
    if (typeof type === "string" && INSTANCE_STORE.includes(type.toLowerCase())) {
      ctx.report(
        [...origin.path, "type"],
        `${show(type)} roots are refused: the factory builds EBS-backed AMIs only; use gp3, gp2, io1 or io2`,
      );
    }
  }
  for (const image of ctx.images) {
    const type = ctx.subField(image, "rootVolume", "type");
    const typeName = typeof type?.value === "string" ? type.value : DEFAULT_ROOT_VOLUME_TYPE;
    const iops = ctx.subField(image, "rootVolume", "iops");
    const throughput = ctx.subField(image, "rootVolume", "throughput");
    if (iops && !Object.hasOwn(EBS_IOPS, typeName)) {
      ctx.reportFor(image, iops, `iops needs a gp3, io1 or io2 volume; this one is ${typeName}`, [type]);
    }
    if (throughput && typeName !== "gp3") {
      ctx.reportFor(image, throughput, `throughput needs a gp3 volume; this one is ${typeName}`, [type]);
    }
    if (type && !iops && (typeName === "io1" || typeName === "io2")) {
      ctx.reportFor(image, type, `${typeName} volumes need iops`, []);
    }
    const os = ctx.os(image);
    const size = ctx.subField(image, "rootVolume", "sizeGiB");
    ebsPerformance(ctx, image, typeName, { type, iops, throughput, size }, os && OS_TABLE[os.value].platform);
    if (
      os &&
      size &&
      typeof size.value === "number" &&
      OS_TABLE[os.value].platform === "Windows" &&
      size.value < MIN_WINDOWS_ROOT_GIB
    ) {
      ctx.reportFor(image, size, `Windows needs a root volume of at least ${MIN_WINDOWS_ROOT_GIB} GiB; got ${size.value}`, [os]);
    }
  }
};

/**
 * What EBS takes of the volume's type (contract/aws-limits.ts `EBS_IOPS`), against the effective
 * size and IOPS, defaults included. Values over the provider's caps are aws-limit-rules.ts's.
 */
function ebsPerformance(
  ctx: RuleContext,
  image: ImageView,
  typeName: string,
  fields: Record<"type" | "iops" | "throughput" | "size", Origin | undefined>,
  platform: Platform | undefined,
): void {
  if (!Object.hasOwn(EBS_IOPS, typeName)) return;
  const limits = EBS_IOPS[typeName as keyof typeof EBS_IOPS];
  const { type, iops, throughput, size } = fields;
  const article = typeName.startsWith("i") ? "an" : "a";
  const sizeGiB = typeof size?.value === "number" ? size.value : platform && DEFAULT_ROOT_GIB[platform];
  if (iops && typeof iops.value === "number" && iops.value <= LIMITS.iops.max) {
    const related = [type, size];
    if (iops.value < limits.min) {
      ctx.reportFor(
        image,
        iops,
        `iops ${formatNumber(iops.value)} is below ${formatNumber(limits.min)}, the least ${article} ${typeName} volume takes`,
        related,
      );
    }
    if (iops.value > limits.max) {
      ctx.reportFor(
        image,
        iops,
        `iops ${formatNumber(iops.value)} is over ${formatNumber(limits.max)}, the most ${article} ${typeName} volume takes`,
        related,
      );
    } else if (sizeGiB !== undefined && iops.value > sizeGiB * limits.perGiB) {
      const ofSize = size ? `${sizeGiB} GiB volume` : `${sizeGiB} GiB volume (the default on ${platform})`;
      ctx.reportFor(
        image,
        iops,
        `iops ${formatNumber(iops.value)} is over ${limits.perGiB} per GiB of the ${ofSize}: at most ${formatNumber(sizeGiB * limits.perGiB)}, or a larger sizeGiB`,
        related,
      );
    }
  }
  if (typeName === "gp3" && throughput && typeof throughput.value === "number" && throughput.value <= LIMITS.throughput.max) {
    const gp3 = EBS_IOPS.gp3;
    const effective = typeof iops?.value === "number" ? iops.value : gp3.default;
    const most = Math.floor(effective * gp3.throughputPerIops);
    if (throughput.value > most) {
      ctx.reportFor(
        image,
        throughput,
        `throughput ${formatNumber(throughput.value)} MiB/s is over ${gp3.throughputPerIops} MiB/s per IOPS of the volume's ${formatNumber(effective)} IOPS${iops ? "" : " (the default)"}: at most ${formatNumber(most)}, or more iops`,
        [iops, type],
      );
    }
  }
}

export const IMAGE_RULES: readonly Rule[] = [
  imageNames,
  uniqueImageNames,
  earlierNames,
  osAndArch,
  baseImage,
  components,
  buildInstances,
  schedules,
  lifecycles,
  rootVolumes,
];
