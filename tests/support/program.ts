/**
 * Running the real program in tests. One valid fixture (the example catalog); each test
 * changes one thing in it and looks at what the program registers.
 */
import * as fs from "fs";
import * as path from "path";
import { parse, stringify } from "yaml";
import { runProgram, type RecordedResource, type RunOptions, type RunResult } from "../../offline/run-program";
import type { CallAnswer } from "../../offline/wire";
import { CATALOG_KEY, DEFAULT_CATALOG, readStackConfig } from "../../plan/stack-config";
import { TYPE } from "../../contract/type-tokens";
import { DEFAULT_FACTORY } from "../../catalog/tables/defaults";
import { clockKey } from "./clock";
import { tempDir } from "./temp-dir";
import { compareText } from "../../catalog/tables/order";

export const ROOT = path.resolve(__dirname, "..", "..");
export const EXAMPLE_CATALOG = path.join(ROOT, DEFAULT_CATALOG);

/** The stack config of Pulumi.dev.yaml, as `setAllConfig` takes it (read as `npm run plan` reads it). */
export function devConfig(): Record<string, string> {
  const stack = readStackConfig(ROOT, "dev");
  if (!stack.ok) throw new Error(stack.message);
  return stack.config;
}

/** The example catalog as a plain object, to change one thing in. */
export function exampleCatalog(): any {
  return parse(fs.readFileSync(EXAMPLE_CATALOG, "utf8"));
}

/** The example catalog with an account in no image and no release (still in `accounts`). */
export function exampleCatalogWithout(account: string): any {
  const catalog = exampleCatalog();
  for (const image of catalog.images) {
    image.accounts = image.accounts?.filter((a: string) => a !== account);
    for (const release of Object.values<any>(image.releases ?? {}))
      release.accounts = release.accounts?.filter((a: string) => a !== account);
  }
  return catalog;
}

let counter = 0;
/** Writes a catalog (object or YAML text) to a temporary file and returns its path. */
export function writeCatalog(catalog: unknown): string {
  const dir = tempDir("catalog");
  const file = path.join(dir, `catalog-${++counter}.yaml`);
  fs.writeFileSync(file, typeof catalog === "string" ? catalog : stringify(catalog));
  return file;
}

/**
 * Runs index.ts with the dev stack's config, optionally on another catalog. The run is shared
 * (see `runShared`); `fresh` runs the program again, for tests of the program across runs (the
 * same twice, a later day).
 */
export async function run(catalog?: unknown, calls?: CallAnswer, { fresh = false } = {}): Promise<RecordedResource[]> {
  const config = devConfig();
  const text = catalog === undefined ? undefined : typeof catalog === "string" ? catalog : stringify(catalog);
  if (fresh) {
    if (text !== undefined) config[CATALOG_KEY] = writeCatalog(text);
    return (await runProgram({ config, calls })).resources;
  }
  const { resources } = await runShared({ config, calls }, text);
  return resources;
}

/** Runs and their results, by the catalog's text and the other options. */
const shared = new Map<string, Promise<RunResult>>();
/** A number per answering function: functions are compared by identity. */
const answerIds = new WeakMap<CallAnswer, number>();
let answers = 0;

/**
 * One run of the program per catalog text and options in a test process: running the example
 * catalog costs about half a second, and a dozen test files look at it. The result is frozen, so
 * a test that changes what it got fails instead of changing what the next test sees. `text`, when
 * given, is written to a temporary file that becomes the catalog setting; otherwise the catalog
 * setting's file is read for the key.
 */
export function runShared(options: RunOptions, text?: string): Promise<RunResult> {
  const { config, calls, ...rest } = options;
  const catalogText = text ?? readCatalogSetting(config);
  if (calls && !answerIds.has(calls)) answerIds.set(calls, ++answers);
  const { ["ami-factory:catalog"]: file, ...others } = config;
  // A catalog given as text is written to a new file: its path is not part of what was asked.
  // The clock too: first builds' start time is read from it.
  const key = JSON.stringify([
    catalogText,
    text === undefined ? file : "",
    sorted(others),
    calls && answerIds.get(calls),
    rest,
    clockKey(),
  ]);
  let result = shared.get(key);
  if (!result) {
    const settings = text === undefined ? config : { ...config, "ami-factory:catalog": writeCatalog(text) };
    result = runProgram({ ...rest, config: settings, calls }).then(deepFreeze);
    shared.set(key, result);
  }
  return result;
}

function readCatalogSetting(config: Record<string, string>): string | undefined {
  const file = config["ami-factory:catalog"];
  return file === undefined ? undefined : fs.readFileSync(path.resolve(ROOT, file), "utf8");
}

function sorted(record: Record<string, string>): [string, string][] {
  return Object.entries(record).sort(([a], [b]) => compareText(a, b));
}

/** Freezes a value and everything in it, so that a shared result cannot be changed by a reader. */
export function deepFreeze<V>(value: V): V {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

export function ofType(resources: RecordedResource[], type: string): RecordedResource[] {
  return resources.filter((r) => r.type === type);
}

export function namesOf(resources: RecordedResource[], type: string): string[] {
  return ofType(resources, type)
    .map((r) => r.name)
    .sort();
}

export function find(resources: RecordedResource[], type: string, name: string): RecordedResource {
  const found = resources.find((r) => r.type === type && r.name === name);
  if (!found) throw new Error(`no ${type} named ${name}; have: ${namesOf(resources, type).join(", ")}`);
  return found;
}

/** `type name` keys of every resource, to compare the sets of two runs. */
export function keysOf(resources: RecordedResource[]): string[] {
  return resources.map((r) => `${r.type} ${r.name}`).sort();
}

/**
 * A resource name below the example catalog's factory (`ami-factory/<rest>`): every name but the
 * factory-level components', roles' and shared components' starts with it (catalog/render/names.ts).
 */
export function inFactory(rest: string): string {
  return `${DEFAULT_FACTORY}/${rest}`;
}

/** Who the example catalog's al2023-base is shared with, resolved: ids and the OU's ARN, sorted. */
export const AL2023_BASE_PRINCIPALS = [
  "012345678901",
  "210987654321",
  "444455556666",
  "777788889999",
  "arn:aws:organizations::111122223333:ou/o-a1b2c3d4e5/ou-ab12-cdef3456",
];

export const T = {
  component: TYPE.component,
  recipe: TYPE.recipe,
  infrastructure: TYPE.infrastructure,
  distribution: TYPE.distribution,
  pipeline: TYPE.pipeline,
  lifecycle: TYPE.lifecycle,
  image: TYPE.image,
  copy: TYPE.amiCopy,
  tag: TYPE.ec2Tag,
  grant: TYPE.grant,
  key: TYPE.key,
  alias: TYPE.alias,
  parameter: TYPE.parameter,
  provider: TYPE.provider,
  role: TYPE.role,
  rolePolicy: TYPE.rolePolicy,
  attachment: TYPE.attachment,
  instanceProfile: TYPE.profile,
} as const;
