/**
 * The resources a plan shows: what offline/run-program.ts records (secret inputs by value, as the
 * runner unwraps them), with only the options that are set.
 */
import type { RecordedResource } from "../offline/run-program";
import { compareText } from "../catalog/tables/order";

/** A resource as the plan JSON lists it: the recorded one, with only the options that are set. */
export type PlanResource = RecordedResource;

/** A recorded resource with only the options that are set. */
export function fromRecorded(recorded: RecordedResource): PlanResource {
  const resource: PlanResource = {
    type: recorded.type,
    name: recorded.name,
    custom: recorded.custom,
    inputs: recorded.inputs,
  };
  if (recorded.parent !== undefined) resource.parent = recorded.parent;
  if (recorded.parentType !== undefined) resource.parentType = recorded.parentType;
  if (recorded.provider !== undefined) resource.provider = recorded.provider;
  if (recorded.protect) resource.protect = true;
  if (recorded.retainOnDelete) resource.retainOnDelete = true;
  if (recorded.deleteBeforeReplace) resource.deleteBeforeReplace = true;
  if (recorded.ignoreChanges?.length) resource.ignoreChanges = [...recorded.ignoreChanges];
  if (recorded.aliases?.length) resource.aliases = [...recorded.aliases];
  if (recorded.dependsOn?.length) resource.dependsOn = [...recorded.dependsOn];
  if (recorded.customTimeouts && Object.values(recorded.customTimeouts).some((v) => v !== undefined)) {
    resource.customTimeouts = { ...recorded.customTimeouts };
  }
  return resource;
}

/** `type name`: how resources are keyed and named in messages. */
export function keyOf(resource: { type: string; name: string }): string {
  return `${resource.type} ${resource.name}`;
}

/** The last part of a type token: `aws:ec2/amiCopy:AmiCopy` -> `AmiCopy`. */
export function shortType(type: string): string {
  if (type.startsWith("pulumi:providers:")) return "Provider";
  return type.slice(type.lastIndexOf(":") + 1);
}

/** Resources per type token, plus `total`. Sorted by type for stable output. */
export function countByType(resources: readonly { type: string }[]): Record<string, number> {
  const counts = new Map<string, number>();
  for (const r of resources) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
  const sorted = [...counts.entries()].sort(([a], [b]) => compareText(a, b));
  return { ...Object.fromEntries(sorted), total: resources.length };
}
