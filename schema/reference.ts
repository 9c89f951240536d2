/**
 * `docs/catalog-reference.md`, the reference of every field, rendered from the catalog's JSON
 * Schema so the page shows exactly what editors check.
 */
import { isDeepStrictEqual } from "node:util";
import { count } from "../catalog/read/wording";
import { REGIONS } from "../catalog/tables/regions";
import { DEFAULT_CATALOG } from "../catalog/tables/stack-settings";
import { catalogJsonSchema, GENERATED_BY, type JsonSchema } from "./json-schema";
import { childPath, isObjectShape, mapValues, sectionsOf, walk, type Alias, type Section } from "./reference-sections";

/**
 * The smallest useful catalog, shown at the top of the reference. tests/schema checks that both
 * the JSON Schema and zod accept it, so the page never shows an example that does not validate.
 */
export const MINIMAL_CATALOG = `accounts:
  staging: "012345678901"   # quote account ids: YAML would drop the leading zero
images:
  - name: al2023-base
    os: amazon-linux-2023
    arch: x86_64
    regions: [us-east-1, eu-west-1]
    accounts: [staging]
`;

/** Value lists too long to repeat in every table row; the reference lists each once. */
const VALUE_SETS: readonly { title: string; noun: string; values: readonly string[] }[] = [
  { title: "AWS regions", noun: "an AWS region", values: REGIONS },
];

/** The anchor GitHub gives a heading. */
function anchor(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

function headingOf(path: string): string {
  return path === "" ? "Top level" : `\`${path}\``;
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");
}

function code(text: string): string {
  return `\`${text}\``;
}

class ReferenceWriter {
  private readonly lines: string[] = [];

  constructor(
    private readonly sections: Section[],
    private readonly aliases: Alias[],
  ) {}

  private linkTo(path: string): string {
    const section = this.sections.find((s) => s.path === path || s.also.includes(path));
    if (section) return `[${headingOf(section.path)}](#${anchor(headingOf(section.path))})`;
    const alias = this.aliases.find((a) => a.path === path);
    return alias ? `[${headingOf(alias.path)}](#${anchor(headingOf(alias.path))})` : code(path);
  }

  /** What kind of value a field holds, with links to the sections of objects. */
  private typeOf(schema: JsonSchema, path: string): string {
    if (schema.anyOf) {
      const forms = schema.anyOf.filter((form) => !isObjectShape(form)).map((form) => this.typeOf(form, path));
      if (schema.anyOf.some(isObjectShape)) forms.push(`object (${this.linkTo(path)})`);
      return forms.join(" or ");
    }
    if (isObjectShape(schema)) return `object (${this.linkTo(path)})`;
    if (schema.type === "array" && schema.items) return `list of ${this.typeOf(schema.items, `${path}[]`)}`;
    const values = mapValues(schema);
    if (values) return `map of name to ${this.typeOf(values, `${path}.<name>`)}`;
    return schema.type ?? "any";
  }

  /** What values a field allows beyond its type. */
  private allowed(schema: JsonSchema): string[] {
    const rules: string[] = [];
    if (schema.enum) {
      const set = VALUE_SETS.find((s) => isDeepStrictEqual([...s.values], schema.enum));
      rules.push(
        set
          ? `${set.noun} (see [${set.title}](#${anchor(set.title)}))`
          : schema.enum.map((value) => code(String(value))).join(", "),
      );
    }
    if (schema.pattern !== undefined) rules.push(`matches ${code(schema.pattern)}`);
    if (schema.minLength === 1) rules.push("not empty");
    else if (schema.minLength !== undefined && schema.minLength > 1) rules.push(`at least ${schema.minLength} characters`);
    if (schema.maxLength !== undefined) rules.push(`at most ${schema.maxLength} characters`);
    if (schema.minimum !== undefined && schema.maximum !== undefined) {
      rules.push(`${schema.minimum} to ${schema.maximum}`);
    } else if (schema.minimum !== undefined) {
      rules.push(`at least ${schema.minimum}`);
    } else if (schema.maximum !== undefined) {
      rules.push(`at most ${schema.maximum}`);
    }
    if (schema.minItems !== undefined) rules.push(`at least ${count(schema.minItems, "entry", "entries")}`);
    if (schema.maxItems !== undefined) rules.push(`at most ${schema.maxItems} entries`);
    if (schema.type === "array" && schema.items && !isObjectShape(schema.items) && !schema.items.anyOf) {
      const each = this.allowed(schema.items);
      if (each.length > 0) rules.push(`each: ${each.join("; ")}`);
    }
    const values = mapValues(schema);
    if (values && !isObjectShape(values) && !values.anyOf) {
      const each = this.allowed(values);
      if (each.length > 0) rules.push(`each value: ${each.join("; ")}`);
    }
    return rules;
  }

  private table(form: JsonSchema, path: string): void {
    this.lines.push("| Field | Type | Allowed values | Description |", "| --- | --- | --- | --- |");
    const required = new Set(form.required ?? []);
    for (const [key, field] of Object.entries(form.properties ?? {})) {
      const fieldPath = childPath(path, key);
      const name = `${code(fieldPath)}${required.has(key) ? " **(required)**" : ""}`;
      const allowed = this.allowed(field).join("; ") || "";
      const description = field.description ?? field.anyOf?.find((f) => f.description)?.description ?? "";
      this.lines.push(`| ${cell(name)} | ${cell(this.typeOf(field, fieldPath))} | ${cell(allowed)} | ${cell(description)} |`);
    }
    if (form.additionalProperties === false) this.lines.push("", "No other fields are allowed.");
  }

  private section(section: Section): void {
    const heading = headingOf(section.path);
    this.lines.push("", `## ${heading}`, "");
    if (section.schema.description) this.lines.push(section.schema.description, "");
    for (const alias of this.aliases.filter((a) => a.of === section.path)) {
      this.lines.push(`${code(alias.path)} takes the same fields except ${alias.missing.map(code).join(" and ")}.`, "");
    }
    if (section.also.length > 0) this.lines.push(`The same fields apply at ${section.also.map(code).join(", ")}.`, "");
    const forms = section.schema.anyOf ?? [section.schema];
    if (forms.length === 1) {
      this.table(forms[0], section.path);
      return;
    }
    this.lines.push(`One of ${forms.length} forms:`);
    forms.forEach((form, index) => {
      const what = isObjectShape(form) ? "a map with these fields" : `a ${form.type ?? "value"}`;
      const rules = this.allowed(form);
      this.lines.push(
        "",
        `**Form ${index + 1}**: ${what}. ${form.description ?? ""}${rules.length > 0 ? ` Allowed: ${rules.join("; ")}.` : ""}`.trimEnd(),
      );
      if (isObjectShape(form)) {
        this.lines.push("");
        this.table(form, section.path);
      }
    });
  }

  private alias(alias: Alias, schema: JsonSchema): void {
    const heading = headingOf(alias.path);
    this.lines.push("", `## ${heading}`, "");
    if (schema.description) this.lines.push(schema.description, "");
    this.lines.push(
      `Every field of ${this.linkTo(alias.of)} except ${alias.missing.map(code).join(" and ")}, ` +
        `with the same types and allowed values.`,
    );
  }

  render(found: { path: string; schema: JsonSchema }[]): string {
    this.lines.push(
      "# Catalog reference",
      "",
      `<!-- ${GENERATED_BY} -->`,
      "",
      `Every field of the catalog (\`${DEFAULT_CATALOG}\` by default), generated from the schema in`,
      "`catalog/schema/schema.ts`, so this page, `npm run validate` and your editor agree. Defaults are given in",
      "the descriptions. A minimal catalog:",
      "",
      "```yaml",
      ...MINIMAL_CATALOG.trimEnd().split("\n"),
      "```",
      "",
      `A complete example: [${DEFAULT_CATALOG}](../${DEFAULT_CATALOG}).`,
      "",
      "Editors with the YAML language server (the Red Hat YAML extension for VS Code, and others) check",
      "and complete a catalog against [schema/catalog.schema.json](../schema/catalog.schema.json) when its",
      "first line is the modeline:",
      "",
      "```yaml",
      "# yaml-language-server: $schema=../schema/catalog.schema.json",
      "```",
      "",
      "The schema checks each value on its own. Rules that relate several fields (account names that",
      "must exist in `accounts`, release regions within the image's regions, ...) are checked by",
      "`npm run validate`.",
      "",
      "Paths read like this: `images[].arch` is the `arch` field of every entry in the `images` list;",
      "`releases.<name>` is the value of every key in the `releases` map.",
      "",
      "## Contents",
      "",
    );
    const entries = [
      ...this.sections.map((s) => ({ path: s.path, heading: headingOf(s.path) })),
      ...this.aliases.map((a) => ({ path: a.path, heading: headingOf(a.path) })),
    ].sort((a, b) => found.findIndex((f) => f.path === a.path) - found.findIndex((f) => f.path === b.path));
    for (const entry of entries) this.lines.push(`- [${entry.heading}](#${anchor(entry.heading)})`);
    for (const set of VALUE_SETS) this.lines.push(`- [${set.title}](#${anchor(set.title)})`);

    for (const entry of entries) {
      const section = this.sections.find((s) => s.path === entry.path);
      if (section) this.section(section);
      const alias = this.aliases.find((a) => a.path === entry.path);
      const schema = found.find((f) => f.path === entry.path)?.schema;
      if (alias && schema) this.alias(alias, schema);
    }
    for (const set of VALUE_SETS) {
      this.lines.push("", `## ${set.title}`, "", set.values.map(code).join(", "));
    }
    return `${this.lines.join("\n")}\n`;
  }
}

/** The text of docs/catalog-reference.md, rendered from the JSON Schema. */
export function renderReference(schema: JsonSchema = catalogJsonSchema()): string {
  const found: { path: string; schema: JsonSchema }[] = [];
  walk(schema, "", found);
  const { sections, aliases } = sectionsOf(schema);
  return new ReferenceWriter(sections, aliases).render(found);
}
