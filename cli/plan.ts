/**
 * `npm run plan -- [--stack NAME] [--catalog FILE] [--format text|json|markdown] [--base FILE-OR-GIT-REF]`
 *
 * Runs the real program (index.ts) offline under the SDK's mock runtime with the stack's config,
 * and prints what the stack would hold; with `--base`, also the desired-state changes from another
 * catalog: a file, or at a git ref the stack as it was there (with `--stack`: its stack file's
 * catalog and config) or else the same catalog path. Exit 0 when planned, 1 for an invalid catalog
 * or a violated mandatory policy, 2 for a usage error. User errors never print a stack trace.
 */
import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { expand } from "../catalog/expand/expand";
import { checkInputs } from "../contract/check-inputs";
import { checkPlacements } from "../contract/check-placements";
import { placementsOf } from "../catalog/expand/placements";
import { offlineSource } from "../offline/newest-build";
import { formatProblem, loadCatalogRead } from "../catalog/load";
import { handOver } from "../catalog/handoff";
import { readCatalogBytes } from "../catalog/read/read-file";
import { countResources } from "../catalog/expand/resource-count";
import { count, formatNumber } from "../catalog/read/wording";
import { runProgram } from "../offline/run-program";
import { parseArgs, USAGE, type PlanOptions } from "../plan/args";
import { resolveBase, withBaseFile } from "../plan/base-catalog";
import { buildDocument, LARGE_STACK } from "../plan/document";
import { accountNamesOf, imagesOf } from "../plan/images";
import { checkPolicies, mandatory } from "../plan/policy";
import { renderMarkdown } from "../plan/render-markdown";
import { renderText } from "../plan/render-text";
import { renameWarnings, type ImageNames } from "../plan/outputs";
import { supersededOf, type Superseded } from "../plan/superseded";
import { fromRecorded, type PlanResource } from "../plan/resources";
import { CATALOG_KEY, catalogOf, readStackConfig, stacksIn } from "../plan/stack-config";
import { debugging } from "../offline/stack-traces";
import { runAsProcess, type Streams } from "./entry";

export interface Environment {
  /** Project root: where Pulumi.<stack>.yaml is and relative paths start. @default process.cwd() */
  cwd?: string;
}

class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
    readonly usage = false,
  ) {
    super(message);
  }
}

/** Runs the command and returns its exit code. */
export async function main(argv: readonly string[], io: Streams, env: Environment = {}): Promise<number> {
  const parsed = parseArgs(argv);
  if (parsed.kind === "help") {
    io.out(`${USAGE}\n`);
    return 0;
  }
  try {
    if (parsed.kind === "error") throw new UserError(parsed.message, 2, true);
    return await plan(parsed.options, io, env.cwd ?? process.cwd());
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    io.err(`plan: ${error.message}\n`);
    if (error.usage) io.err(`${USAGE}\n`);
    return error.exitCode;
  }
}

/**
 * A catalog loaded, checked and expanded; `label` names it in messages (the path as given, or
 * the git ref of a temporary copy). The expanded plan is handed over to the program's read of
 * the same `file` (catalog/handoff.ts), which would otherwise load it all again.
 */
function checkedCatalog(file: string, label: string) {
  const read = readCatalogBytes(file);
  const loaded = loadCatalogRead(read, file);
  if (!loaded.ok) {
    const lines = loaded.problems.map((problem) => formatProblem({ ...problem, file: label }));
    throw new UserError(`${label} has ${count(lines.length, "problem")}:\n${lines.join("\n")}`, 1);
  }
  const factory = expand(loaded.catalog);
  if (read.ok) handOver(file, read.content, factory);
  return {
    catalog: loaded.catalog,
    factory,
    warnings: loaded.warnings.map((warning) => formatProblem({ ...warning, file: label })),
  };
}

/** What the program registers for a catalog, under the stack's config. */
async function resourcesOf(
  file: string,
  label: string,
  config: Record<string, string>,
  stack: string,
  cwd: string,
): Promise<{ resources: PlanResource[]; outputs: Record<string, unknown> }> {
  try {
    const { resources, outputs } = await runProgram({
      root: cwd,
      stack,
      config: { ...config, [CATALOG_KEY]: resolve(cwd, file) },
    });
    return { resources: resources.map(fromRecorded), outputs };
  } catch (error) {
    // The program stopped (a deploy-time check, or a bug): say so in one line, no trace, unless
    // debugging, when the failure goes on to be printed with its stack (cli/entry.ts).
    if (debugging()) throw error;
    throw new UserError(`the program stopped on ${label}: ${error instanceof Error ? error.message : String(error)}`, 1);
  }
}

function sameFile(a: string, b: string, cwd: string): boolean {
  return resolve(cwd, a) === resolve(cwd, b);
}

/** The one stack whose `ami-factory:catalog` is this file, if exactly one is. */
function stackOf(catalog: string, cwd: string): string | undefined {
  const owners = stacksIn(cwd).filter((name) => {
    const config = readStackConfig(cwd, name);
    return config.ok && sameFile(catalogOf(config.config), catalog, cwd);
  });
  return owners.length === 1 ? owners[0] : undefined;
}

async function plan(options: PlanOptions, io: Streams, cwd: string): Promise<number> {
  const started = Date.now();
  const stackName = options.stackGiven || options.catalog === undefined ? options.stack : stackOf(options.catalog, cwd);
  const stack = readStackConfig(cwd, stackName ?? options.stack);
  if (!stack.ok) throw new UserError(stack.message, 2, true);
  const stackCatalog = catalogOf(stack.config);
  const catalogFile = options.catalog ?? stackCatalog;
  const catalogPath = resolve(cwd, catalogFile);
  if (!existsSync(catalogPath) || !statSync(catalogPath).isFile())
    throw new UserError(`cannot read ${catalogFile}: no such file`, 2, true);

  // The base first: a bad git ref is a usage error, found before the slow part. With --stack, a
  // ref's base is that stack at the ref (its stack file's catalog and config), however the
  // change moved or re-pointed its catalog.
  const base =
    options.base === undefined
      ? undefined
      : resolveBase(options.base, catalogFile, cwd, options.stackGiven ? options.stack : undefined);
  if (base?.kind === "error") throw new UserError(base.message, base.exitCode, base.exitCode === 2);

  const head = checkedCatalog(catalogPath, catalogFile);
  const expected = countResources(head.factory).total;
  if (expected > LARGE_STACK) {
    io.err(`plan: about ${formatNumber(expected)} resources to plan; this takes about a second per thousand\n`);
  }
  const { resources: headResources, outputs: headOutputs } = await resourcesOf(
    catalogFile,
    catalogFile,
    stack.config,
    stackName ?? options.stack,
    cwd,
  );
  // What AWS would refuse that the catalog's rules could not see (a rendered document's size).
  const outOfBounds = checkInputs(headResources);
  if (outOfBounds.length > 0) {
    const lines = outOfBounds.map((p) => `  ${p.type} ${p.name} ${p.path}: ${p.message}`);
    throw new UserError(`${catalogFile}: AWS would refuse ${count(lines.length, "input")}:\n${lines.join("\n")}`, 1);
  }
  // Where each resource goes, against where the plan means it to (a component's mistake).
  const misplaced = checkPlacements(headResources, placementsOf(head.factory, offlineSource));
  if (misplaced.length > 0) {
    const lines = misplaced.map((p) => `  ${p.type} ${p.name}: ${p.message}`);
    throw new UserError(
      `${catalogFile}: the program puts ${count(lines.length, "resource")} elsewhere than the plan means:\n${lines.join("\n")}`,
      1,
    );
  }
  const accountNames = accountNamesOf(head.catalog);
  // The catalog's own warnings (default quotas it passes) first, as validate prints them.
  const warnings: string[] = [...head.warnings];
  let baseResources: { label: string; resources: PlanResource[]; outputs: Record<string, unknown> } | undefined;
  let baseImages: ImageNames[] = [];
  let superseded: Superseded[] | undefined;
  if (base?.kind === "absent") {
    warnings.push(base.warning);
    baseResources = { label: base.label, resources: [], outputs: {} };
  } else if (base !== undefined) {
    // The stack's settings at the ref when the base is the stack there, else the work tree's.
    const baseConfig = (base.kind === "ref" ? base.config : undefined) ?? stack.config;
    // Checked first: the check hands the expanded catalog over to the program's run.
    const { checked, planned } = await withBaseFile(base, async (file) => ({
      checked: checkedCatalog(file, base.label),
      planned: await resourcesOf(file, base.label, baseConfig, stackName ?? options.stack, cwd),
    }));
    baseResources = { label: base.label, ...planned };
    baseImages = checked.factory.images;
    for (const [id, name] of accountNamesOf(checked.catalog)) if (!accountNames.has(id)) accountNames.set(id, name);
    superseded = supersededOf(checked.factory, head.factory, new Date(started));
  }

  const policy = checkPolicies(headResources, cwd);
  const document = buildDocument({
    stack: stackName ?? options.stack,
    catalog: catalogFile,
    stackCatalog: sameFile(catalogFile, stackCatalog, cwd) ? undefined : stackCatalog,
    images: imagesOf(head.factory, head.catalog),
    head: headResources,
    policy,
    accountNames,
    base: baseResources,
    elapsedMs: Date.now() - started,
    warnings,
    headOutputs,
    superseded,
  });
  if (document.changes) {
    const replaced = document.changes.filter((c) => c.action === "replace").map((c) => c.name);
    document.warnings.push(...renameWarnings(baseImages, head.factory.images, replaced));
  }
  const rendered =
    options.format === "json"
      ? `${JSON.stringify(document, null, 2)}\n`
      : options.format === "markdown"
        ? renderMarkdown(document)
        : renderText(document);
  io.out(rendered);
  const violated = mandatory(policy);
  if (violated.length > 0) {
    io.err(`plan: ${count(violated.length, "mandatory policy violation")}:\n`);
    for (const f of violated) io.err(`  ${f.policy} ${f.resource}: ${f.message}\n`);
    return 1;
  }
  return 0;
}

if (require.main === module) runAsProcess("plan", main, { cheapStackTraces: true });
