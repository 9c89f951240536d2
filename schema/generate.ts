/**
 * Derives the files that describe the catalog from its one definition, `CatalogSchema` in
 * catalog/schema/schema.ts:
 * - `schema/catalog.schema.json`, the JSON Schema that editors load (schema/json-schema.ts);
 * - `docs/catalog-reference.md`, the reference of every field, rendered from that JSON Schema so
 *   the page shows exactly what editors check (schema/reference.ts).
 *
 * Run `npm run schema` after changing catalog/schema/schema.ts; tests/schema fails while a committed file
 * differs from what this script writes.
 */
import { writeFileSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { catalogJsonSchema, renderJsonSchema } from "./json-schema";
import { renderReference } from "./reference";

const ROOT = resolve(__dirname, "..");
export const SCHEMA_FILE = "schema/catalog.schema.json";
export const REFERENCE_FILE = "docs/catalog-reference.md";

/** Every generated file with its path from the project root and its current text. */
export function generatedFiles(): { file: string; text: string }[] {
  const schema = catalogJsonSchema();
  return [
    { file: SCHEMA_FILE, text: renderJsonSchema(schema) },
    { file: REFERENCE_FILE, text: renderReference(schema) },
  ];
}

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}

function main(): void {
  for (const { file, text } of generatedFiles()) {
    const path = join(ROOT, file);
    if (readOrEmpty(path) === text) {
      console.log(`${file}: up to date`);
    } else {
      writeFileSync(path, text);
      console.log(`${file}: written`);
    }
  }
}

if (require.main === module) main();
