/**
 * Reading resource inputs the same way whether they come from a real preview (through the
 * policy SDK, where some values are unknown until deployment) or from the offline runner.
 * Nothing here decides what is allowed: the rules do.
 */
import { UnknownValueError } from "@pulumi/policy";
import { parseName } from "../catalog/render/names";
import { TAG } from "../catalog/tables/tags";
import { isDeployTime } from "../offline/wire";

/** A value only the deployment can know. A rule never reports it as a violation. */
export const UNKNOWN: unique symbol = Symbol("unknown until deployment");
export type Unknown = typeof UNKNOWN;

export function isUnknown(value: unknown): value is Unknown {
  return value === UNKNOWN || (typeof value === "string" && isDeployTime(value));
}

/** A resource as the rules see it. */
export interface Subject {
  /** Pulumi type token, e.g. `aws:imagebuilder/imageRecipe:ImageRecipe`. */
  type: string;
  /** Pulumi resource name. */
  name: string;
  inputs: Record<string, unknown>;
  /** Inputs of the resource's explicit provider: its region and default tags apply to the resource. */
  providerInputs?: Record<string, unknown>;
}

/**
 * A plain copy of the policy SDK's props. The SDK wraps them in a proxy that throws on reading
 * an unknown value, which would skip the whole policy for the resource; the copy holds
 * `UNKNOWN` there instead, so a rule checks everything that is known.
 */
export function plain(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  const read = (get: () => unknown): unknown => {
    try {
      return plain(get());
    } catch (error) {
      if (error instanceof UnknownValueError) return UNKNOWN;
      throw error;
    }
  };
  if (Array.isArray(value)) {
    const items: unknown[] = [];
    for (let i = 0; i < value.length; i++) items.push(read(() => value[i]));
    return items;
  }
  const record = value as Record<string, unknown>;
  return Object.fromEntries(Object.keys(record).map((key) => [key, read(() => record[key])]));
}

/** The value as a record, or undefined when it is absent, unknown or not an object. */
export function recordOf(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** The value as a list: absent is empty, a single value is a list of one, unknown stays unknown. */
export function listOf(value: unknown): unknown[] | Unknown {
  if (isUnknown(value)) return UNKNOWN;
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? (value as unknown[]) : [value];
}

/** Provider inputs arrive as strings (objects JSON-encoded); resource inputs as values. */
function decoded(value: unknown): unknown {
  if (typeof value !== "string" || isUnknown(value)) return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/**
 * A resource's tags: the provider's default tags, then its own `tags` (and `tagsAll`, which a
 * real preview may carry). `complete` is false when a source cannot be known yet: a key missing
 * from `tags` may then still arrive.
 */
export function tagsOf(subject: Subject): { tags: Record<string, unknown>; complete: boolean } {
  const defaults = decoded(subject.providerInputs?.defaultTags);
  const sources = [isUnknown(defaults) ? UNKNOWN : recordOf(defaults)?.tags, subject.inputs.tags, subject.inputs.tagsAll];
  const tags: Record<string, unknown> = {};
  let complete = true;
  for (const source of sources) {
    if (isUnknown(source)) complete = false;
    else Object.assign(tags, recordOf(decoded(source)) ?? {});
  }
  return { tags, complete };
}

/** One tag's value: undefined when surely absent, UNKNOWN when it may still arrive. */
export function tagOf(subject: Subject, key: string): unknown {
  const { tags, complete } = tagsOf(subject);
  return tags[key] ?? (complete ? undefined : UNKNOWN);
}

/** The resource's region: its own `region` input, else its explicit provider's. */
export function regionOf(subject: Subject): string | Unknown | undefined {
  const region = subject.inputs.region ?? decoded(subject.providerInputs?.region);
  if (isUnknown(region)) return UNKNOWN;
  return typeof region === "string" ? region : undefined;
}

/**
 * The catalog images a resource belongs to: the first key of its Pulumi name (every name the
 * factory gives an image's resource is `<factory>/<image>/...`, catalog/render/names.ts) and the
 * image name its tags carry (the first name of a renamed image).
 */
export function imageNamesOf(subject: Subject): string[] {
  const names = [parseName(subject.name).keys[0]];
  const tagged = tagOf(subject, TAG.image);
  if (typeof tagged === "string" && !names.includes(tagged)) names.push(tagged);
  return names;
}

/** How messages name a resource: its short type and its Pulumi name. */
export function describe(subject: Pick<Subject, "type" | "name">): string {
  const short = subject.type.split(":").pop() ?? subject.type;
  return `${short} "${subject.name}"`;
}

/** A value the way messages quote it. */
export function showInput(value: unknown): string {
  if (value === undefined) return "not set";
  if (isUnknown(value)) return "unknown until deployment";
  return JSON.stringify(value);
}
