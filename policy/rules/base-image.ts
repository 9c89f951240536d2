/**
 * AWS Marketplace's AMI requirements: an AMI starts from a public, 64-bit, HVM base
 * (https://docs.aws.amazon.com/marketplace/latest/userguide/product-and-ami-policies.html). The factory checks the base AMI itself at
 * deployment (components/image-pipeline.ts); this policy catches what a preview can already see:
 * the recipe's architecture tag and a parent image whose name says it is 32-bit.
 */
import { THIRTY_TWO_BIT_NAME } from "../../catalog/tables/base-names";
import { TAG } from "../../catalog/tables/tags";
import { ARCHITECTURES } from "../../catalog/tables/os-table";
import { describe, isUnknown, showInput, tagOf } from "../inputs";
import { TYPES, type ResourceRule } from "./rule";

const SIXTY_FOUR_BIT = ARCHITECTURES.join(" or ");

export const baseImage64Bit: ResourceRule = {
  kind: "resource",
  name: "base-image-64-bit",
  description: `Recipes build on a 64-bit base image (${SIXTY_FOUR_BIT}); 32-bit (i386) bases are refused.`,
  enforcement: "mandatory",
  config: [],
  types: [TYPES.recipe],
  check(subject) {
    const problems: string[] = [];
    const arch = tagOf(subject, TAG.arch);
    if (arch !== undefined && !isUnknown(arch) && !(ARCHITECTURES as readonly unknown[]).includes(arch)) {
      problems.push(
        `${describe(subject)} is tagged "${TAG.arch}" ${showInput(arch)}, not a 64-bit architecture; build it for ${SIXTY_FOUR_BIT}`,
      );
    }
    const parent = subject.inputs.parentImage;
    if (typeof parent === "string" && !isUnknown(parent) && THIRTY_TWO_BIT_NAME.test(parent)) {
      problems.push(
        `${describe(subject)} builds on parentImage ${showInput(parent)}, a 32-bit image; start from a 64-bit HVM, ` +
          `EBS-backed base (${SIXTY_FOUR_BIT}), e.g. the OS's default base in the catalog`,
      );
    }
    return problems;
  },
};
