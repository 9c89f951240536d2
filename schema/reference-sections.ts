/**
 * The documented places of the catalog's JSON Schema: every object (or union with an object form)
 * in walk order, shapes that occur at several paths gathered into one section, and objects whose
 * fields are all fields of a bigger one recorded as aliases of it.
 */
import { isDeepStrictEqual } from "node:util";
import type { JsonSchema } from "./json-schema";

/** One object (or union of shapes) in the catalog, at every path where it occurs. */
export interface Section {
  /** Where the section is documented: the first path in the walk that is not inside an alias. */
  path: string;
  /** The same schema elsewhere, for example under `defaults`. */
  also: string[];
  schema: JsonSchema;
}

export function isObjectShape(schema: JsonSchema): boolean {
  return schema.type === "object" && schema.properties !== undefined;
}

export function mapValues(schema: JsonSchema): JsonSchema | undefined {
  return schema.type === "object" && typeof schema.additionalProperties === "object" ? schema.additionalProperties : undefined;
}

/** Where a value sits: `images[]` for items, `releases.<name>` for map values. */
export function childPath(parent: string, key: string): string {
  return parent === "" ? key : `${parent}.${key}`;
}

/** Every place in the schema that holds an object or a union with an object form, in walk order. */
export function walk(schema: JsonSchema, path: string, found: { path: string; schema: JsonSchema }[]): void {
  const forms = schema.anyOf ?? [schema];
  if (forms.some(isObjectShape)) found.push({ path, schema });
  for (const form of forms) {
    if (isObjectShape(form)) {
      for (const [key, child] of Object.entries(form.properties ?? {})) walk(child, childPath(path, key), found);
    } else if (form.type === "array" && form.items) {
      walk(form.items, `${path}[]`, found);
    } else {
      const values = mapValues(form);
      if (values) walk(values, `${path}.<name>`, found);
    }
  }
}

/** Properties of `schema` without the annotation that differs between two uses of one shape. */
function shape(schema: JsonSchema): JsonSchema {
  const { description: _description, ...rest } = schema;
  return rest;
}

/**
 * An object whose fields are all fields of another object (`defaults` and `images[]`): the
 * reference shows the bigger one and says which fields the smaller one lacks.
 */
export interface Alias {
  path: string;
  of: string;
  missing: string[];
}

function findAliases(found: { path: string; schema: JsonSchema }[]): Alias[] {
  const aliases: Alias[] = [];
  for (const small of found) {
    if (!isObjectShape(small.schema)) continue;
    const fields = Object.entries(small.schema.properties ?? {});
    const big = found.find(
      (other) =>
        other !== small &&
        isObjectShape(other.schema) &&
        Object.keys(other.schema.properties ?? {}).length > fields.length &&
        fields.every(([key, value]) => isDeepStrictEqual(other.schema.properties?.[key], value)),
    );
    if (big) {
      const missing = Object.keys(big.schema.properties ?? {}).filter((key) => !(key in (small.schema.properties ?? {})));
      aliases.push({ path: small.path, of: big.path, missing });
    }
  }
  return aliases;
}

function insideAlias(path: string, aliases: Alias[]): boolean {
  return aliases.some((alias) => path === alias.path || path.startsWith(`${alias.path}.`) || path.startsWith(`${alias.path}[`));
}

export function sectionsOf(root: JsonSchema): { sections: Section[]; aliases: Alias[] } {
  const found: { path: string; schema: JsonSchema }[] = [];
  walk(root, "", found);
  const aliases = findAliases(found);
  const sections: Section[] = [];
  for (const entry of found) {
    if (aliases.some((alias) => alias.path === entry.path)) continue;
    const same = sections.find((section) => isDeepStrictEqual(shape(section.schema), shape(entry.schema)));
    if (!same) {
      sections.push({ path: entry.path, also: [], schema: entry.schema });
    } else if (insideAlias(same.path, aliases) && !insideAlias(entry.path, aliases)) {
      same.also.push(same.path);
      same.path = entry.path;
    } else {
      same.also.push(entry.path);
    }
  }
  // Keep the walk order of the documented paths: top level, accounts, images and what they hold.
  const order = found.map((entry) => entry.path);
  sections.sort((a, b) => order.indexOf(a.path) - order.indexOf(b.path));
  return { sections, aliases };
}
