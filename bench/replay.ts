/**
 * What the floor (bench/floor.ts) needs to send the engine the very requests the program sent:
 * each recorded input with its dependencies, the recorded options and the outputs components
 * registered, pointing at the resources the floor registered before.
 *
 * A recorded input holds `{{type name.prop}}` where its value came from another resource's
 * output: that output is used again, as a program would pass it. Some dependencies do not show
 * in the value (a role ARN an `apply` holds back until the role's policy exists, a name the mock
 * echoes back): the recording has them per input (bench/record.ts), and the value is made to
 * depend on them with one `apply`, the least the SDK offers for it. What no input explains was
 * `dependsOn`.
 */
import * as pulumi from "@pulumi/pulumi";
import { REFERENCE } from "../offline/wire";
import type { Recording } from "./record";

type Recorded = Recording["resources"][number];
type Inputs = Recorded["inputs"];

/** The resources registered so far, by `type name`, and each provider by name. */
export interface Registered {
  byKey: Map<string, pulumi.Resource>;
  providers: Map<string, pulumi.ProviderResource>;
}

export const keyOf = (resource: { type: string; name: string }): string => `${resource.type} ${resource.name}`;

/** `user` is the `type name` of the resource or component asking, for the message. */
function registered(into: Registered, key: string, user: string): pulumi.Resource {
  const found = into.byKey.get(key);
  if (!found) throw new Error(`${user}: ${key}, which it depends on, is not recorded before it`);
  return found;
}

/**
 * A value with each reference made the output it stands for again (a string with references
 * inside becomes one output of all of them, as `pulumi.interpolate` makes it); the keys of the
 * resources referred to are added to `used`, if given.
 */
function wired(value: unknown, into: Registered, user: string, used: Set<string> | undefined): unknown {
  if (typeof value === "string") {
    if (!value.includes("{{")) return value;
    const matches = [...value.matchAll(REFERENCE)];
    const outputs = matches.map(([text, type, name, property]) => {
      const key = `${type} ${name}`;
      used?.add(key);
      const output = (registered(into, key, user) as unknown as Record<string, unknown>)[property];
      if (!pulumi.Output.isInstance(output)) throw new Error(`${user}: ${text} is no output of ${key}`);
      return output;
    });
    if (outputs.length === 0) return value;
    if (outputs.length === 1 && matches[0][0] === value) return outputs[0];
    return pulumi.all(outputs).apply((values) => {
      let i = 0;
      return value.replace(REFERENCE, () => String(values[i++]));
    });
  }
  // Copied only where a reference is replaced: the floor must not do work the program does not.
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item, i) => {
      const replaced = wired(item, into, user, used);
      if (replaced !== item) (copy ??= [...(value as unknown[])])[i] = replaced;
    });
    return copy ?? value;
  }
  if (value !== null && typeof value === "object") {
    let copy: Record<string, unknown> | undefined;
    for (const [key, item] of Object.entries(value)) {
      const replaced = wired(item, into, user, used);
      if (replaced !== item) (copy ??= { ...value })[key] = replaced;
    }
    return copy ?? value;
  }
  return value;
}

/** The recorded inputs of `resource`, each depending on what it depended on in the program. */
export function replayedInputs(resource: Recorded, recording: Recording, into: Registered): Inputs {
  const key = keyOf(resource);
  const perInput = recording.propertyDependencies[key];
  let inputs: Inputs | undefined;
  for (const [property, value] of Object.entries(resource.inputs)) {
    const deps = perInput?.[property];
    const used = deps && new Set<string>();
    let input = wired(value, into, key, used);
    const hidden = deps?.filter((dep) => !used.has(dep)) ?? [];
    if (hidden.length) {
      input = pulumi.all([input, ...hidden.map((dep) => registered(into, dep, key).urn)]).apply(([resolved]) => resolved);
    }
    if (input !== value) (inputs ??= { ...resource.inputs })[property] = input;
  }
  return inputs ?? resource.inputs;
}

/** The outputs a component (or the stack) registered, each reference made the output it stands for again. */
export function replayedOutputs(key: string, recording: Recording, into: Registered): Inputs {
  return wired(recording.outputs[key] ?? {}, into, key, undefined) as Inputs;
}

/**
 * For each component with outputs, the position in `resources` of the last resource they
 * refer to: its outputs can be registered once that one is.
 */
export function outputsReadyAt(recording: Recording): Map<number, Recorded[]> {
  const position = new Map(recording.resources.map((resource, i) => [keyOf(resource), i]));
  const ready = new Map<number, Recorded[]>();
  recording.resources.forEach((resource, i) => {
    const outputs = recording.outputs[keyOf(resource)];
    if (resource.custom || !outputs) return;
    let last = i;
    for (const [, type, name] of JSON.stringify(outputs).matchAll(REFERENCE)) {
      last = Math.max(last, position.get(`${type} ${name}`) ?? Infinity);
    }
    if (!Number.isFinite(last)) throw new Error(`${keyOf(resource)}: its outputs refer to a resource not recorded`);
    ready.set(last, [...(ready.get(last) ?? []), resource]);
  });
  return ready;
}

/** The recorded options of `resource`: provider, what no input explains as `dependsOn`, and the flags. */
export function replayedOptions(resource: Recorded, recording: Recording, into: Registered): pulumi.CustomResourceOptions {
  const opts: pulumi.CustomResourceOptions = {};
  const key = keyOf(resource);
  if (resource.provider !== undefined) {
    const provider = into.providers.get(resource.provider);
    if (!provider) throw new Error(`${key}: its provider ${resource.provider} is not recorded before it`);
    opts.provider = provider;
  }
  const perInput = recording.propertyDependencies[key];
  const explained = (dep: string) => perInput !== undefined && Object.values(perInput).some((deps) => deps.includes(dep));
  // The recording counts the provider among what a resource waits for; the option says it.
  const explicit = (recording.dependencies[key] ?? []).filter(
    (dep) => !explained(dep) && !(dep.startsWith("pulumi:providers:") && dep.endsWith(` ${resource.provider}`)),
  );
  if (explicit.length) opts.dependsOn = explicit.map((dep) => registered(into, dep, key));
  if (resource.protect) opts.protect = true;
  if (resource.retainOnDelete) opts.retainOnDelete = true;
  if (resource.deleteBeforeReplace) opts.deleteBeforeReplace = true;
  if (resource.ignoreChanges) opts.ignoreChanges = resource.ignoreChanges;
  if (resource.customTimeouts) opts.customTimeouts = resource.customTimeouts;
  // The program's aliases are former names under the same parent (components/options.ts).
  if (resource.aliases) opts.aliases = resource.aliases.map((name) => ({ name }));
  return opts;
}
