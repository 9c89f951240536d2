/**
 * How long an AMI lives, as plain facts the components, the plan and the sweeper share: the tags
 * that keep Image Builder's lifecycle policy off an AMI the stack serves (their keys are in
 * tables/tags.ts), how a release's source is keyed so that one build reaches a region once, and
 * when a copy is deprecated. Pure: no Pulumi import.
 */
import type { ReleaseSource } from "../resolve/model";
import { RELEASED_TAG, servedTagKey } from "../tables/tags";
import { NEWEST_BUILD } from "../tables/defaults";

/** The same source gives the same key: releases with equal keys serve the same build. */
export function sourceKey(source: ReleaseSource): string {
  return source.kind === "pinned" ? source.amiId : NEWEST_BUILD;
}

/**
 * The tags that exclude an image's served AMIs from its lifecycle policy: one per channel, and the
 * released mark, with the factory's name as value. An AMI carrying any of them is skipped.
 */
export function exclusionTagMap(factory: string, channels: readonly string[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const channel of channels) map[servedTagKey(channel)] = factory;
  map[RELEASED_TAG] = factory;
  return map;
}

/** Whether an AMI with these tags is excluded by a `tagMap` (it has one of its entries). */
export function matchesTagMap(tagMap: Readonly<Record<string, string>>, tags: Readonly<Record<string, string>>): boolean {
  return Object.entries(tagMap).some(([key, value]) => tags[key] === value);
}

/** A day in milliseconds: lifetimes are counted in whole UTC days. */
export const DAY_MS = 86_400_000;

/** Midnight UTC, `days` after `from`, as EC2 takes a deprecation time: a whole day keeps runs of one day identical. */
export function daysAfter(from: Date, days: number): string {
  const day = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()) + days * DAY_MS;
  return new Date(day).toISOString().replace(/\.\d{3}Z$/, "Z");
}
