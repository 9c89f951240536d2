/**
 * The floor: the least a program can do to register the resources a plan recorded. It reads them
 * (type, name, parent, inputs, as `bench/record.ts` wrote them) and registers each once, under
 * its recorded parent (the parent is part of a resource's URN: without it, it would be another
 * resource), with its recorded inputs as plain values, under the same mock runtime, then waits
 * for every id. No catalog, no component logic, no outputs flowing from one resource into
 * another, no other option.
 *
 * It hands control back to the runtime every few resources, as the program does
 * (components/pace.ts): registering everything in one synchronous pass keeps every resource and its pending
 * promises alive at once, and is far slower (200 images: 7.5 s and 1.1 GB instead of 4.3 s and
 * 0.4 GB), a floor the program would beat. Parenting costs the SDK something too: a parent keeps
 * its children (200 images: 4.3 s unparented, 4.7 s parented).
 *
 *   node --import tsx bench/floor.ts RECORDING.json [--generic]
 *
 * By default each resource is made with the class of its package (`aws.ec2.AmiCopy` for
 * `aws:ec2/amiCopy:AmiCopy`), as any program using @pulumi/aws must: such a class also declares
 * every output property of its type, and the SDK tracks each one. `--generic` uses the SDK's
 * bare `CustomResource` with only the recorded inputs: the SDK's own floor, which no program
 * written against @pulumi/aws can reach.
 */
import { readFileSync } from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { pacer, RESOURCES_PER_TURN } from "../components/pace";
import type { Recording } from "./record";

const PROVIDER = "pulumi:providers:";

type Resources = Recording["resources"];
type Inputs = Resources[number]["inputs"];
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
  constructor(type: string, name: string, opts: Options) {
    super(type, name, {}, opts);
    this.registerOutputs({});
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
  const namespace = provider || match![2] === "index" ? exports : (exports[match![2]!] as Record<string, unknown> | undefined);
  const found = namespace?.[provider ? "Provider" : match![3]!];
  if (typeof found !== "function") throw new Error(`@pulumi/${pkg} has no class for ${type}`);
  return found as ResourceClass;
}

/** The mock records provider inputs as the engine gets them: nested values JSON-encoded. */
function providerArgs(inputs: Inputs): Inputs {
  return Object.fromEntries(
    Object.entries(inputs).map(([key, value]) => {
      if (typeof value !== "string" || !/^[[{]/.test(value)) return [key, value];
      try {
        return [key, JSON.parse(value) as unknown];
      } catch {
        return [key, value];
      }
    }),
  );
}

export async function registerFloor(resources: Resources, generic: boolean): Promise<number> {
  await pulumi.runtime.setMocks(
    {
      // The least a mock can answer: an id. The SDK gives every output its input's value.
      newResource: (args) => ({ id: `${args.name}-id`, state: {} }),
      call: () => ({}),
    },
    "ami-factory",
    "dev",
    false,
  );
  const classes = new Map<string, ResourceClass>();
  const classOf = (type: string) => {
    let found = classes.get(type);
    if (!found) classes.set(type, (found = packageClass(type)));
    return found;
  };
  // Components by `type name`: the recording lists a parent before its children (a child's
  // registration waits for its parent's).
  const components = new Map<string, pulumi.Resource>();
  const optionsOf = (resource: Resources[number]): Options => {
    if (resource.parent === undefined) return {};
    const parent = components.get(`${resource.parentType} ${resource.parent}`);
    if (!parent)
      throw new Error(
        `${resource.type} ${resource.name}: its parent ${resource.parentType} ${resource.parent} is not recorded before it`,
      );
    return { parent };
  };
  // The program's own pacing: RESOURCES_PER_TURN is also the floor's fastest batch.
  const pace = pacer(RESOURCES_PER_TURN);
  let registered = 0;
  await pulumi.runtime.runInPulumiStack(async () => {
    for (const resource of resources) {
      const opts = optionsOf(resource);
      const isProvider = resource.type.startsWith(PROVIDER);
      if (!resource.custom) {
        components.set(`${resource.type} ${resource.name}`, new BareComponent(resource.type, resource.name, opts));
      } else if (generic && isProvider) {
        new BareProvider(resource.type.slice(PROVIDER.length), resource.name, resource.inputs, opts);
      } else if (generic) {
        new BareResource(resource.type, resource.name, resource.inputs, opts);
      } else {
        const Class = classOf(resource.type);
        new Class(resource.name, isProvider ? providerArgs(resource.inputs) : resource.inputs, opts);
      }
      registered++;
      await pace();
    }
  });
  return registered;
}

if (require.main === module) {
  const [file, flag] = process.argv.slice(2);
  if (!file || (flag !== undefined && flag !== "--generic")) {
    console.error("usage: node --import tsx bench/floor.ts RECORDING.json [--generic]");
    process.exit(2);
  }
  const recording = JSON.parse(readFileSync(file, "utf8")) as Recording;
  registerFloor(recording.resources, flag === "--generic").then(
    (registered) =>
      process.stdout.write(`${JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS, resources: registered })}\n`),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
