/**
 * The component documents the real program registers, for the static checks: the example
 * catalog and a fixture with every operating system and an inline component on each (so the
 * best-practice documents of all 8 OSes and both kinds of inline document are among them).
 * The program runs once per catalog for all the files that ask.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { OS_NAMES } from "../../catalog/tables/os-table";
import { run, T } from "../support/program";
import { compareText } from "../../catalog/tables/order";

export const EVERY_OS_CATALOG = path.join(__dirname, "..", "fixtures", "static-checks", "every-os.yaml");

export interface GeneratedDocument {
  /** The component resource's name. */
  name: string;
  platform: string;
  data: string;
}

let generated: Promise<GeneratedDocument[]> | undefined;

/** Every distinct component document of both catalogs, sorted by name. */
export function generatedDocuments(): Promise<GeneratedDocument[]> {
  generated ??= (async () => {
    const byName = new Map<string, GeneratedDocument>();
    for (const catalog of [undefined, fs.readFileSync(EVERY_OS_CATALOG, "utf8")]) {
      for (const r of (await run(catalog)).filter((resource) => resource.type === T.component)) {
        byName.set(r.name, { name: r.name, platform: String(r.inputs.platform), data: String(r.inputs.data) });
      }
    }
    return [...byName.values()].sort((a, b) => compareText(a.name, b.name));
  })();
  return generated;
}

/** The fixture really has every OS: a new OS must be added to it. */
export function fixtureOses(): string[] {
  const text = fs.readFileSync(EVERY_OS_CATALOG, "utf8");
  return OS_NAMES.filter((os) => new RegExp(`^\\s+os: ${os}$`, "m").test(text));
}
