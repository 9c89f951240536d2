/**
 * Every catalog the tests keep that the program accepts, for the tests that walk what the program
 * registers for each: the example catalog, every YAML file under tests/ with a top-level `images`
 * list outside the refused corpus (tests/fixtures/broken/), and the loader tests' own catalog
 * (tests/catalog/fixture.ts). Found, not listed, so a new fixture is walked without anyone
 * remembering to add it. tests/fixtures/static-checks/broken-inline.yaml is among them: its
 * mistakes are in its inline scripts, which `validate` checks and the program does not.
 */
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { FIXTURE } from "../catalog/fixture";
import { EXAMPLE_CATALOG, ROOT } from "./program";

export interface FixtureCatalog {
  /** The file, relative to the project root, or where the text is written. */
  label: string;
  text: string;
}

const TESTS = path.join(ROOT, "tests");
const REFUSED = path.join("fixtures", "broken") + path.sep;

function fixtureFiles(): string[] {
  return readdirSync(TESTS, { recursive: true, encoding: "utf8" })
    .filter((file) => /\.ya?ml$/.test(file) && !file.startsWith(REFUSED))
    .filter((file) => {
      const data: unknown = parse(readFileSync(path.join(TESTS, file), "utf8"));
      return typeof data === "object" && data !== null && "images" in data;
    })
    .map((file) => path.join(TESTS, file))
    .sort();
}

export const FIXTURE_CATALOGS: readonly FixtureCatalog[] = [
  { label: path.relative(ROOT, EXAMPLE_CATALOG), text: readFileSync(EXAMPLE_CATALOG, "utf8") },
  ...fixtureFiles().map((file) => ({ label: path.relative(ROOT, file), text: readFileSync(file, "utf8") })),
  { label: "tests/catalog/fixture.ts (FIXTURE)", text: FIXTURE },
];
