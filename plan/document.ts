/**
 * The plan as data: what `--format json` prints and what the text and markdown renderings read.
 * The keys `images`, `resources`, `counts` and `changes` are the product's interface
 * (shared/PRODUCT.md); the rest are additions for reviewers.
 */
import type { Finding } from "../policy/policies";
import { calloutsOf, type Callout } from "./callouts";
import { diffResources, type Action, type Change } from "./diff";
import type { PlanImage } from "./images";
import { lifetimesOf, type ImageLifetimes } from "./lifetimes";
import type { Superseded } from "./superseded";
import { countByType, type PlanResource } from "./resources";

export interface PlanDocument {
  stack: string;
  /** The catalog planned, as given. */
  catalog: string;
  images: PlanImage[];
  /** Every resource the program registers, components included (`custom: false`). */
  resources: PlanResource[];
  /** Resources per type token, and `total`: they add up to `resources`. */
  counts: Record<string, number>;
  warnings: string[];
  /** Policy findings (mandatory ones fail the plan). */
  policy: Finding[];
  callouts: Callout[];
  /** With `--base`: what the base was. */
  base?: string;
  /** With `--base`: the desired-state changes from the base to this catalog. */
  changes?: Change[];
  /** With `--base`: changes per action. */
  changeCounts?: Record<Action, number>;
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
  images: PlanImage[];
  head: PlanResource[];
  policy: Finding[];
  accountNames: ReadonlyMap<string, string>;
  /** The base's resources (empty when the base has no catalog). */
  base?: { label: string; resources: PlanResource[] };
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
  const size = `this stack holds ${resources.toLocaleString("en-US")} resources`;
  const time = slow ? ` and this plan took ${Math.round(elapsedMs! / 1000)} s` : "";
  return (
    `${size}${time}: past about ${LARGE_STACK.toLocaleString("en-US")} resources one stack gets slow to preview, ` +
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
    images: inputs.images,
    resources: inputs.head,
    counts: countByType(inputs.head),
    warnings,
    policy: inputs.policy,
    callouts: calloutsOf({ base: inputs.base?.resources, head: inputs.head, changes, accountNames: inputs.accountNames }),
    lifetimes: lifetimesOf(inputs.head),
  };
  if (inputs.superseded) document.superseded = inputs.superseded;
  if (inputs.base && changes) {
    document.base = inputs.base.label;
    document.changes = changes;
    document.changeCounts = { create: 0, update: 0, replace: 0, delete: 0 };
    for (const change of changes) document.changeCounts[change.action] += 1;
  }
  return document;
}
