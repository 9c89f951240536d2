/**
 * Rules about input that YAML and the schema accept but that would reach AWS wrong or change
 * meaning silently: control characters, one account under two names, empty lists that read as
 * something else than nothing, and base images the policy pack would refuse at preview.
 */
import { THIRTY_TWO_BIT_NAME } from "../tables/base-names";
import { parsePrincipal, principalText } from "../resolve/principal";
import { asMap, mapEntries, type Rule } from "./rule-context";
import type { Path } from "../read/locate";
import { ARCHITECTURES } from "../tables/os-table";
import { listOf } from "../schema/schema";
import { show } from "../read/wording";

/**
 * C0 controls but tab and line feed (which scripts and multi-line descriptions use), DEL and the
 * C1 controls: nothing a name, tag, description or command means to hold, and some (NUL) are cut
 * off or refused by AWS's APIs and shells.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
const CONTROL_NAMES: Record<number, string> = { 0: "NUL", 0x0d: "carriage return", 0x1b: "ESC", 0x7f: "DEL" };

function controlProblem(text: string): string | undefined {
  const match = CONTROL.exec(text);
  if (!match) return undefined;
  const code = match[0].codePointAt(0)!;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  const name = CONTROL_NAMES[code];
  return (
    `${show(text.length > 40 ? `${text.slice(0, 40)}…` : text)} holds the control character ${name ? `${name} (${hex})` : hex} ` +
    `at character ${match.index + 1}; remove it (only tabs and line breaks may stand in text)`
  );
}

/** Every string value in the catalog. */
const controlCharacters: Rule = (ctx) => {
  const stack: Array<{ value: unknown; path: Path }> = [{ value: ctx.raw, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value === "string") {
      const problem = controlProblem(value);
      if (problem) ctx.report(path, problem);
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => stack.push({ value: item, path: [...path, index] }));
    } else if (value !== null && typeof value === "object") {
      // Keys need no check: every key is a field, account, channel or tag name, and the schema's
      // patterns for those allow no control character.
      for (const [key, item] of Object.entries(value as Record<string, unknown>))
        stack.push({ value: item, path: [...path, key] });
    }
  }
};

/** The same account, organization or OU under two names would be merged silently into one grant. */
const duplicateAccountIds: Rule = (ctx) => {
  const byKey = new Map<string, string[]>();
  for (const [name, entry] of Object.entries(ctx.accounts)) {
    const text = principalText(entry);
    const principal = text === undefined ? undefined : parsePrincipal(text);
    if (principal === undefined) continue;
    const earlier = byKey.get(principal.key) ?? [];
    if (earlier.length > 0) {
      ctx.report(
        typeof entry === "string" ? ["accounts", name] : ["accounts", name, "id"],
        `${show(text)} is also the id of ${earlier.map((other) => `accounts.${other}`).join(", ")}; one account ` +
          `needs one name: use ${listOf([...earlier, name])} everywhere and remove the other`,
      );
    }
    byKey.set(principal.key, [...earlier, name]);
  }
};

/**
 * Empty lists and maps the resolver would read as something else than nothing: `regions: []` is
 * the build region alone, `instanceTypes: []` leaves the build instance to Image Builder, and
 * `releases: {}` is the one channel latest. Saying so in full is never more than a line.
 */
const emptyLists: Rule = (ctx) => {
  const build = ctx.buildRegion;
  for (const origin of ctx.written("regions")) {
    if (Array.isArray(origin.value) && origin.value.length === 0) {
      ctx.report(origin.path, `[] would mean the build region alone; write [${build}] to say so, or list the regions`);
    }
  }
  for (const origin of ctx.written("instanceTypes")) {
    if (Array.isArray(origin.value) && origin.value.length === 0) {
      ctx.report(
        origin.path,
        "[] would leave the build instance type to Image Builder instead of the factory's default for the architecture; " +
          "list at least one instance type, or leave instanceTypes out for the default",
      );
    }
  }
  for (const origin of ctx.written("releases")) {
    const map = asMap(origin.value);
    if (map && Object.keys(map).length === 0) {
      ctx.report(origin.path, "{} would mean the one channel latest; leave releases out to say so, or name a channel");
    }
    for (const [channel, release] of mapEntries(origin.value)) {
      if (Array.isArray(release.regions) && release.regions.length === 0) {
        ctx.report(
          [...origin.path, channel, "regions"],
          `[] would mean the build region alone, not the image's regions; write [${build}] to say so, ` +
            "or leave regions out for all of the image's regions",
        );
      }
    }
  }
};

/**
 * The policy pack's base-image-64-bit (policy/rules/base-image.ts) refuses a recipe whose parent
 * image is named as 32-bit. The parent image is the catalog's `base` as written, so the same test
 * here refuses it on the catalog's line instead of at preview.
 */
const baseImage64Bit: Rule = (ctx) => {
  for (const origin of ctx.written("base")) {
    if (typeof origin.value === "string" && THIRTY_TWO_BIT_NAME.test(origin.value)) {
      ctx.report(
        origin.path,
        `${show(origin.value)} names a 32-bit image; 32-bit bases are refused (policy base-image-64-bit): start from a ` +
          `64-bit HVM, EBS-backed base (${listOf(ARCHITECTURES)}), or leave base out for the OS's current public image`,
      );
    }
  }
};

export const INPUT_RULES: readonly Rule[] = [controlCharacters, duplicateAccountIds, emptyLists, baseImage64Bit];
