/**
 * How long an AMI lives, as plain facts the components, the plan and the sweeper share: which
 * tags mark an AMI the stack serves (and so keep Image Builder's lifecycle policy off it), how a
 * release's source is keyed so that one build reaches a region once, and when a copy is
 * deprecated. Pure: no Pulumi import.
 */
import type { ReleaseSource } from "../resolve/model";

/**
 * Tag key prefix on a build-region AMI a channel serves (`ami-factory:served:<channel>`), with the
 * factory's name as value. One key per channel: two channels serving the same build each own
 * their tag, so the one that moves away removes only its own.
 */
export const SERVED_TAG_PREFIX = "ami-factory:served:";

/**
 * Tag key the sweeper sets, with the factory's name as value, on every build-region AMI it finds
 * served, and never removes: the lifecycle policy's delete rule skips an AMI that a release ever
 * served, so only the sweeper, counting from when it stopped being current, removes it
 * (docs/architecture.md, "AMI lifetimes").
 */
export const RELEASED_TAG = "ami-factory:released";

export function servedTagKey(channel: string): string {
  return `${SERVED_TAG_PREFIX}${channel}`;
}

/** The same source gives the same key: releases with equal keys serve the same build. */
export function sourceKey(source: ReleaseSource): string {
  return source.kind === "pinned" ? source.amiId : "latest";
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

const DAY_MS = 86_400_000;

/** Midnight UTC, `days` after `from`, as EC2 takes a deprecation time: a whole day keeps runs of one day identical. */
export function daysAfter(from: Date, days: number): string {
  const day = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()) + days * DAY_MS;
  return new Date(day).toISOString().replace(/\.\d{3}Z$/, "Z");
}
