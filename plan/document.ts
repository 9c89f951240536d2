/**
 * The plan as data: what `--format json` prints and what the text and markdown renderings read.
 * The keys `images`, `resources`, `counts` and `changes` are the interface other tools rely on
 * (docs/plan.md, "JSON"); the rest are additions for reviewers.
 */
import type { Finding } from "../policy/policies";
import { calloutsOf, type Callout } from "./callouts";
import { consumerLinesOf, scalingGrantWarnings, type ConsumerLine } from "./consumers";
import { diffResources, type Action, type Change } from "./diff";
import { firstReleasesOf, type FirstRelease } from "./first-builds";
import type { PlanImage } from "./images";
import { diffOutputs, type OutputChange } from "./outputs";
import { lifetimesOf, type ImageLifetimes } from "./lifetimes";
import type { Superseded } from "./superseded";
import { countByType, type PlanResource } from "./resources";
import { count, formatNumber } from "../catalog/read/wording";

export interface PlanDocument {
  stack: string;
  /** The catalog planned, as given. */
  catalog: string;
  /**
   * When `--catalog` planned another file than the stack's own: the stack's catalog. The plan is
   * then of that file under the stack's settings, not of the stack, and its header says so.
   */
  stackCatalog?: string;
  images: PlanImage[];
  /** Every resource the program registers, components included (`custom: false`). */
  resources: PlanResource[];
  /** Resources per type token, and `total`: they add up to `resources`. */
  counts: Record<string, number>;
  warnings: string[];
  /** Policy findings (mandatory ones fail the plan). */
  policy: Finding[];
  callouts: Callout[];
  /** Per principal shared with: Auto Scaling's grants and Allowed AMIs (plan/consumers.ts). */
  consumers: ConsumerLine[];
  /** With `--base`: what the base was. */
  base?: string;
  /** With `--base`: the desired-state changes from the base to this catalog. */
  changes?: Change[];
  /** With `--base`: changes per action. */
  changeCounts?: Record<Action, number>;
  /** With `--base`: stack output keys added, removed or changed (StackReference consumers read them). */
  outputChanges?: OutputChange[];
  /** Images whose first build this deployment starts, with the `latest` channels that wait for it. */
  firstReleases: FirstRelease[];
  /** Per image: AMIs per build and region, and the lifecycle exclusions of its served AMIs. */
  lifetimes?: ImageLifetimes[];
  /** With `--base`: the AMIs that stop being current, and when they are deprecated and swept. */
  superseded?: Superseded[];
}

/** Beyond this, one stack is slow to preview and update: the plan suggests splitting it. */
export const LARGE_STACK = 10_000;
/** A plan slower than this (ms) suggests splitting too. */
export const SLOW_PLAN_MS = 60_000;

export interface PlanInputs {
  stack: string;
  catalog: string;
  stackCatalog?: string;
  images: PlanImage[];
  head: PlanResource[];
  policy: Finding[];
  accountNames: ReadonlyMap<string, string>;
  /** The base's resources (empty when the base has no catalog) and stack outputs. */
  base?: { label: string; resources: PlanResource[]; outputs?: Record<string, unknown> };
  /** The stack outputs of this catalog, to compare with the base's. */
  headOutputs?: Record<string, unknown>;
  /** How long planning took, for the slowness warning. */
  elapsedMs?: number;
  /** Warnings found on the way (a missing base catalog, ...). */
  warnings?: string[];
  /** With `--base`: the AMIs the change takes out of service. */
  superseded?: Superseded[];
}

export function splitAdvice(resources: number, elapsedMs?: number): string | undefined {
  const slow = elapsedMs !== undefined && elapsedMs > SLOW_PLAN_MS;
  if (resources <= LARGE_STACK && !slow) return undefined;
  const size = `this stack holds ${formatNumber(resources)} resources`;
  const time = slow ? ` and this plan took ${Math.round(elapsedMs / 1000)} s` : "";
  return (
    `${size}${time}: past about ${formatNumber(LARGE_STACK)} resources one stack gets slow to preview, ` +
    "update and refresh. Split the catalog into several stacks, per image family or per channel " +
    '(README: "Splitting a large catalog").'
  );
}

export function buildDocument(inputs: PlanInputs): PlanDocument {
  const changes = inputs.base ? diffResources(inputs.base.resources, inputs.head) : undefined;
  const warnings = [...(inputs.warnings ?? [])];
  const advice = splitAdvice(inputs.head.length, inputs.elapsedMs);
  if (advice) warnings.push(advice);
  const document: PlanDocument = {
    stack: inputs.stack,
    catalog: inputs.catalog,
    ...(inputs.stackCatalog === undefined ? {} : { stackCatalog: inputs.stackCatalog }),
    images: inputs.images,
    resources: inputs.head,
    counts: countByType(inputs.head),
    warnings,
    policy: inputs.policy,
    callouts: calloutsOf({ base: inputs.base?.resources, head: inputs.head, changes, accountNames: inputs.accountNames }),
    consumers: consumerLinesOf(inputs.head, inputs.accountNames),
    firstReleases: firstReleasesOf(inputs.images, inputs.head, changes),
    lifetimes: lifetimesOf(inputs.head),
  };
  if (inputs.superseded) document.superseded = inputs.superseded;
  if (inputs.base && changes) {
    document.base = inputs.base.label;
    document.changes = changes;
    document.changeCounts = { create: 0, update: 0, replace: 0, delete: 0 };
    for (const change of changes) document.changeCounts[change.action] += 1;
    warnings.push(...scalingGrantWarnings(inputs.base.resources, inputs.head, changes, inputs.accountNames));
    if (inputs.base.outputs !== undefined && inputs.headOutputs !== undefined) {
      document.outputChanges = diffOutputs(inputs.base.outputs, inputs.headOutputs);
      const removed = document.outputChanges.filter((c) => c.action === "remove");
      if (removed.length > 0) {
        const named = removed
          .slice(0, 5)
          .map((c) => c.key)
          .join(", ");
        warnings.push(
          `${count(removed.length, "stack output key")} removed (${named}${removed.length > 5 ? ", ..." : ""}): ` +
            "StackReference consumers that read them break; a renamed image keeps its old keys only with renamedFrom",
        );
      }
    }
  }
  return document;
}

/** What the plan is of, in one phrase: `stack prod`, or a catalog under a stack's settings. */
export function subject(document: Pick<PlanDocument, "stack" | "catalog" | "stackCatalog">): string {
  if (document.stackCatalog === undefined) return `stack ${document.stack}`;
  return `catalog ${document.catalog} with the settings of stack ${document.stack} (whose catalog is ${document.stackCatalog})`;
}
