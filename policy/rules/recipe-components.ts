/**
 * The AMI best practices on access as recipe content: every Linux recipe disables root
 * login and checks SSH on port 22, every Windows recipe checks RDP on port 3389, each through
 * the factory's best-practice component (`<factory>-linux-<package manager>-<practice>`,
 * `<factory>-windows-<practice>`, see catalog/tables/best-practices.ts).
 *
 * A recipe names its components by ARN: a real one
 * (`arn:aws:imagebuilder:<region>:<account>:component/<name>/<version>`), the offline runner's
 * reference (`{{aws:imagebuilder/component:Component <resource name>.arn}}`), or, in a preview,
 * an unknown value, which cannot be checked and is not a violation.
 */
import type { BestPracticeName } from "../../catalog/tables/best-practices";
import { TAG } from "../../catalog/tables/tags";
import { OS_NAMES, OS_TABLE, type OsName, type Platform } from "../../catalog/tables/os-table";
import { describe, isUnknown, listOf, recordOf, showInput, tagOf, UNKNOWN, type Unknown } from "../inputs";
import { TYPES, type ResourceRule } from "./rule";
import { referencePattern } from "../../offline/wire";

/** The practices every recipe of a platform must include, and what each one does, for messages. */
export const REQUIRED_PRACTICES: { readonly [P in Platform]: readonly { practice: BestPracticeName; does: string }[] } = {
  Linux: [
    { practice: "disable-root-login", does: "disables root login" },
    { practice: "ssh-port-22", does: "checks SSH on port 22" },
  ],
  Windows: [{ practice: "rdp-port-3389", does: "checks RDP on port 3389" }],
};

/** A best-practice component's name for a platform: `...linux-<package manager>-<practice>` or `...windows-<practice>`. */
function practicePattern(platform: Platform, practice: BestPracticeName): RegExp {
  return platform === "Linux" ? new RegExp(`(^|-)linux-[a-z]+-${practice}$`) : new RegExp(`(^|-)windows-${practice}$`);
}

/** The offline run's reference to a component's ARN, the whole value. A type token has no character a pattern reads. */
const REFERENCE = new RegExp(`^${referencePattern({ type: TYPES.component, property: "arn" }).source}$`);
const COMPONENT_ARN = /^arn:[^:]+:imagebuilder:[^:]*:[^:]*:component\/([^/]+)(\/|$)/;

/** The component name in an ARN or an offline reference, or UNKNOWN. */
export function componentNameOf(componentArn: unknown): string | Unknown {
  if (typeof componentArn !== "string" || isUnknown(componentArn)) return UNKNOWN;
  const reference = REFERENCE.exec(componentArn);
  if (reference) return reference[2];
  const arn = COMPONENT_ARN.exec(componentArn);
  return arn ? arn[1] : componentArn;
}

function isOsName(value: unknown): value is OsName {
  return typeof value === "string" && (OS_NAMES as readonly string[]).includes(value);
}

export const recipeBestPracticeComponents: ResourceRule = {
  kind: "resource",
  name: "recipe-best-practice-components",
  description:
    "Every Linux recipe includes the component that disables root login and the one that checks SSH on " +
    "port 22; every Windows recipe includes the one that checks RDP on port 3389.",
  enforcement: "mandatory",
  config: [],
  types: [TYPES.recipe],
  check(subject) {
    const os = tagOf(subject, TAG.os);
    if (isUnknown(os)) return [];
    if (!isOsName(os)) {
      const tag =
        os === undefined
          ? `has no "${TAG.os}" tag`
          : `has tag "${TAG.os}" ${showInput(os)}, not an operating system the factory knows`;
      return [
        `${describe(subject)} ${tag}, so the policy cannot tell whether it is Linux or Windows; ` +
          `tag it with its operating system: one of ${OS_NAMES.join(", ")}`,
      ];
    }
    const platform = OS_TABLE[os].platform;
    const components = listOf(subject.inputs.components);
    if (isUnknown(components)) return [];
    const names = components.map((c) => componentNameOf(recordOf(c)?.componentArn));
    const someUnknown = names.some(isUnknown);
    return REQUIRED_PRACTICES[platform].flatMap(({ practice, does }) => {
      const pattern = practicePattern(platform, practice);
      if (names.some((name) => typeof name === "string" && pattern.test(name)) || someUnknown) return [];
      const expected = platform === "Linux" ? `linux-<package manager>-${practice}` : `windows-${practice}`;
      return [
        `${describe(subject)} (${os}, ${platform}) has no component that ${does}; add the factory's ` +
          `best-practice component named "<factory>-${expected}" to its components`,
      ];
    });
  },
};
