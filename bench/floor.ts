/**
 * The floor: the least a program can do to send the engine the requests the program sent. It
 * reads a recording of them (bench/record.ts: type, name, parent, provider, inputs with their
 * dependencies, options, and the outputs components and the stack registered) and registers each
 * resource once, in the recorded order, and each component's outputs as soon as what they refer
 * to is registered, under the same mock runtime answering as the plan's does, then waits for
 * every answer. The requests are the same (tests/bench/floor.test.ts compares them field by
 * field); no catalog, no component logic, no data sources, nothing else. The parent is part of a
 * resource's URN and the dependencies are what makes a deployment create a grant after its copy:
 * without them it would be another stack.
 *
 * It hands control back to the runtime every few resources, as the program does
 * (components/pace.ts): registering everything in one synchronous pass keeps every resource and
 * its pending promises alive at once, and is far slower and larger (docs/bench/findings.md,
 * "Building in one pass"), a floor the program would beat.
 *
 *   node --import tsx bench/floor.ts RECORDING.json [--generic | --unwired]
 *
 * Each resource is made with the class of its package (`aws.ec2.AmiCopy` for
 * `aws:ec2/amiCopy:AmiCopy`), as any program using @pulumi/aws must: such a class also declares
 * every output property of its type, and the SDK tracks each one. `--generic` uses the SDK's
 * bare `CustomResource`, declaring only the outputs others refer to: the SDK's own floor, which
 * no program written against @pulumi/aws can reach. `--unwired` registers the recorded values
 * as plain values under their parents and nothing else: no dependencies, providers or options
 * (a stack that could not be deployed), for comparison.
 */
import { readFileSync } from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { pacer, RESOURCES_PER_TURN } from "../components/pace";
import { DEFAULT_STACK, PROJECT } from "../catalog/tables/stack-settings";
import { mockAnswer, REFERENCE } from "../offline/wire";
import type { Recording } from "./record";
import { keyOf, outputsReadyAt, replayedInputs, replayedOptions, replayedOutputs, type Registered } from "./replay";

const PROVIDER = "pulumi:providers:";
/** The stack resource runInPulumiStack makes, in the stack bench/record.ts records: its outputs are the program's. */
const STACK = `pulumi:pulumi:Stack ${PROJECT}-${DEFAULT_STACK}`;

type Resources = Recording["resources"];
type Resource = Resources[number];
type Inputs = Resource["inputs"];
type Options = pulumi.CustomResourceOptions;
type ResourceClass = new (name: string, args: Inputs, opts: Options) => pulumi.Resource;

/** The SDK's resource classes are abstract: the floor's are as thin as a subclass can be. */
class BareResource extends pulumi.CustomResource {
  constructor(type: string, name: string, inputs: Inputs, opts: Options) {
    super(type, name, inputs, opts);
  }
}
class BareProvider extends pulumi.ProviderResource {
  constructor(pkg: string, name: string, inputs: Inputs, opts: Options) {
    super(pkg, name, inputs, opts);
  }
}
class BareComponent extends pulumi.ComponentResource {
  /** Gives the outputs: until then they are pending, as a program's are while it builds. */
  readonly finish: (outputs: Inputs) => void;
  constructor(type: string, name: string, opts: Options) {
    super(type, name, {}, opts);
    let finish: (outputs: Inputs) => void = () => undefined;
    // Registered now, as components do in their constructor, or the SDK registers none for them.
    this.registerOutputs(new Promise<Inputs>((resolve) => (finish = resolve)));
    this.finish = finish;
  }
}

/**
 * `aws:ec2/amiCopy:AmiCopy` to `aws.ec2.AmiCopy` of @pulumi/aws, `random:index/randomId:RandomId`
 * to `random.RandomId` of @pulumi/random, `pulumi:providers:aws` to `aws.Provider`.
 */
function packageClass(type: string): ResourceClass {
  const provider = type.startsWith(PROVIDER) ? type.slice(PROVIDER.length) : undefined;
  const match = /^(\w+):([^/]+)\/[^:]+:(\w+)$/.exec(type);
  const pkg = provider ?? match?.[1];
  if (!pkg) throw new Error(`not a package resource type: ${type}`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the package a recorded type names
  const exports = require(`@pulumi/${pkg}`) as Record<string, unknown>;
  const namespace = provider || match![2] === "index" ? exports : (exports[match![2]] as Record<string, unknown> | undefined);
  const found = namespace?.[provider ? "Provider" : match![3]];
  if (typeof found !== "function") throw new Error(`@pulumi/${pkg} has no class for ${type}`);
  return found as ResourceClass;
}

/**
 * The mock records provider inputs as the engine gets them: every value that is not a string
 * JSON-encoded (`false` as `"false"`, a list as `"[...]"`).
 */
function providerArgs(inputs: Inputs): Inputs {
  return Object.fromEntries(
    Object.entries(inputs).map(([key, value]) => {
      if (typeof value !== "string") return [key, value];
      try {
        const decoded = JSON.parse(value) as unknown;
        return [key, typeof decoded === "string" ? value : decoded];
      } catch {
        return [key, value];
      }
    }),
  );
}

/** How the floor registers each resource; see the top of this file. */
export type FloorKind = "replay" | "generic" | "unwired";

/** Every `type name` whose outputs inputs or outputs refer to, with those outputs' names. */
function referencedOutputs(recording: Recording): Map<string, Set<string>> {
  const outputs = new Map<string, Set<string>>();
  const visit = (value: unknown): void => {
    if (typeof value === "string") {
      for (const [, type, name, property] of value.matchAll(REFERENCE)) {
        const key = `${type} ${name}`;
        if (!outputs.has(key)) outputs.set(key, new Set());
        outputs.get(key)!.add(property);
      }
    } else if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === "object") Object.values(value).forEach(visit);
  };
  for (const resource of recording.resources) visit(resource.inputs);
  visit(recording.outputs);
  return outputs;
}

/**
 * Registers what `recording` holds, as `kind` says, and waits until every registration is
 * answered; returns how many resources.
 */
export async function registerFloor(recording: Recording, kind: FloorKind = "replay"): Promise<number> {
  const replay = kind !== "unwired";
  if (replay && (!recording.dependencies || !recording.propertyDependencies || !recording.outputs)) {
    throw new Error("replaying needs the dependencies bench/record.ts records; a plan's JSON has none (use --unwired)");
  }
  await pulumi.runtime.setMocks(
    {
      // Replaying, the plan's own answers, so that each reference resolves to the value the plan
      // recorded and each resource gets the very inputs it got in the plan. Unwired, the least a
      // mock can answer: an id (the SDK gives every output its input's value).
      newResource: replay
        ? (args) => mockAnswer(args.type, args.name, args.inputs as Record<string, unknown>)
        : (args) => ({ id: `${args.name}-id`, state: {} }),
      call: () => ({}),
    },
    PROJECT,
    DEFAULT_STACK,
    false,
  );
  const classes = new Map<string, ResourceClass>();
  const classOf = (type: string) => {
    let found = classes.get(type);
    if (!found) classes.set(type, (found = packageClass(type)));
    return found;
  };
  // The SDK's generic class declares as outputs only the properties it is given.
  const declared = kind === "generic" ? referencedOutputs(recording) : new Map<string, Set<string>>();
  const registered: Registered = { byKey: new Map(), providers: new Map() };
  // A parent is registered before its children: the recording lists it first (a child's
  // registration waits for its parent's).
  const optionsOf = (resource: Resource): Options => {
    const opts = replay ? replayedOptions(resource, recording, registered) : {};
    if (resource.parent === undefined) return opts;
    const parent = registered.byKey.get(`${resource.parentType} ${resource.parent}`);
    if (!parent)
      throw new Error(`${keyOf(resource)}: its parent ${resource.parentType} ${resource.parent} is not recorded before it`);
    opts.parent = parent;
    return opts;
  };
  const inputsOf = (resource: Resource): Inputs => {
    if (resource.type.startsWith(PROVIDER)) return providerArgs(resource.inputs);
    const inputs = replay ? replayedInputs(resource, recording, registered) : resource.inputs;
    const outputs = declared.get(keyOf(resource));
    if (!outputs) return inputs;
    return { ...Object.fromEntries([...outputs].map((name) => [name, undefined])), ...inputs };
  };
  // A component's outputs are registered as soon as what they refer to is (the program
  // registers them when it has built the component's children).
  const outputsAt = replay ? outputsReadyAt(recording) : new Map<number, Resource[]>();
  // The program's own pacing: RESOURCES_PER_TURN is also the floor's fastest batch.
  const pace = pacer(RESOURCES_PER_TURN);
  let count = 0;
  await pulumi.runtime.runInPulumiStack(async () => {
    for (const [i, resource] of recording.resources.entries()) {
      const opts = optionsOf(resource);
      const isProvider = resource.type.startsWith(PROVIDER);
      let made: pulumi.Resource;
      if (!resource.custom) {
        const component = new BareComponent(resource.type, resource.name, opts);
        if (!replay) component.finish({});
        made = component;
      } else if (kind === "generic" && isProvider) {
        // As the engine gets them: a package's provider class encodes them itself.
        made = new BareProvider(resource.type.slice(PROVIDER.length), resource.name, resource.inputs, opts);
      } else if (kind === "generic") {
        made = new BareResource(resource.type, resource.name, inputsOf(resource), opts);
      } else {
        made = new (classOf(resource.type))(resource.name, inputsOf(resource), opts);
      }
      registered.byKey.set(keyOf(resource), made);
      if (isProvider) registered.providers.set(resource.name, made as pulumi.ProviderResource);
      for (const component of outputsAt.get(i) ?? []) {
        (registered.byKey.get(keyOf(component)) as BareComponent).finish(
          replayedOutputs(keyOf(component), recording, registered),
        );
      }
      count++;
      await pace();
    }
    // The stack's outputs, as the program returned them.
    return replay ? replayedOutputs(STACK, recording, registered) : undefined;
  });
  // Every registration answered, as the plan's runner waits for them (offline/run-program.ts).
  await pulumi.runtime.disconnect();
  return count;
}

if (require.main === module) {
  const [file, flag] = process.argv.slice(2);
  const kind = flag === undefined ? "replay" : ({ "--generic": "generic", "--unwired": "unwired" } as const)[flag];
  if (!file || !kind) {
    console.error("usage: node --import tsx bench/floor.ts RECORDING.json [--generic | --unwired]");
    process.exit(2);
  }
  const recording = JSON.parse(readFileSync(file, "utf8")) as Recording;
  registerFloor(recording, kind).then(
    (registered) =>
      process.stdout.write(`${JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS, resources: registered })}\n`),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
