/**
 * A catalog handed from `npm run plan` to the program it runs. plan loads, checks and expands
 * the catalog before it runs the program (so that a bad catalog is reported before the slow
 * part), and the program then reads the same file as `pulumi up` would: without a handoff the
 * file is parsed, checked and expanded twice per plan. The CLI offers the plan it expanded
 * together with the bytes it read; the program's next read of that path takes it, once, if the
 * file still holds those bytes, and otherwise loads the file itself. Under `pulumi up` nothing
 * is offered. What it saves is measured in docs/bench/findings.md.
 */
import type { FactoryPlan } from "./expand/factory-plan";
import { readCatalogBytes } from "./read/read-file";

interface Offer {
  /** The path as the CLI loaded it: the plan names its catalog file by it. */
  path: string;
  content: Buffer;
  plan: FactoryPlan;
}

let offered: Offer | undefined;

/** How many offers were made and taken in this process: what the tests read. */
export const handoffs = { offered: 0, taken: 0 };

/** Offers the plan expanded from `content`, the bytes read from `path`, to the next read of `path`. */
export function handOver(path: string, content: Buffer, plan: FactoryPlan): void {
  offered = { path, content, plan };
  handoffs.offered++;
}

/**
 * The plan offered for `path`, if the file still holds the bytes it was expanded from; the offer
 * ends either way. The same path string only: the plan names its file as it was given.
 */
export function takeHandedOver(path: string): FactoryPlan | undefined {
  const offer = offered;
  offered = undefined;
  if (offer?.path !== path) return undefined;
  const read = readCatalogBytes(path);
  if (!read.ok || !read.content.equals(offer.content)) return undefined;
  handoffs.taken++;
  return offer.plan;
}
