/**
 * Runs the real program (index.ts) under the Pulumi SDK's mock runtime and records every
 * resource it registers: type, name, inputs and the options that matter to a reviewer. The
 * tests and `npm run plan` both go through here, so what the plan shows is what the program does.
 *
 * Values only a deployment can know are never invented: a resource output is a reference
 * `{{<type> <name>.<property>}}` (so a diff can follow it), and a data source's answer is
 * `(resolved at deploy: ...)`, but for the newest build of an image (newest-build.ts), which
 * names resources and so must look like an AMI id.
 */
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { TAG } from "../catalog/expand";
import { EngineInvariants } from "./engine-invariants";
import { offlineNewestBuild } from "./newest-build";

export interface RecordedResource {
  type: string;
  name: string;
  /** Inputs as the provider would receive them. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- recorded JSON, read by tests and the plan
  inputs: Record<string, any>;
  /** True for a cloud resource, false for a component. */
  custom: boolean;
  /** Name of the parent component, if any. */
  parent?: string;
  /** Type of the parent component: an image's pipeline and its releases share the image's name. */
  parentType?: string;
  /** Name of the explicit provider, if any. */
  provider?: string;
  protect?: boolean;
  retainOnDelete?: boolean;
  deleteBeforeReplace?: boolean;
  ignoreChanges?: string[];
  aliases?: string[];
  customTimeouts?: { create?: string; update?: string; delete?: string };
  /** Names of the resources it explicitly waits for. */
  dependsOn?: string[];
}

/** Answers a data-source call, or returns undefined to fall back to the default answers. */
export type CallAnswer = (token: string, inputs: CallInputs) => Record<string, unknown> | undefined;

/** A data source's arguments, as the SDK hands them to the mocks. */
export interface CallInputs {
  name?: string;
  filters?: { name: string; values?: string[] }[];
  [key: string]: unknown;
}

export interface RunOptions {
  /** Project root, where index.ts lives. */
  root?: string;
  stack?: string;
  /** Stack config, `<namespace>:<key>` to value (strings, as in Pulumi.<stack>.yaml). */
  config: Record<string, string>;
  /** Answers for data sources, to exercise deploy-time checks. */
  calls?: CallAnswer;
}

export interface RunResult {
  resources: RecordedResource[];
  outputs: Record<string, unknown>;
}

export const PROJECT = "ami-factory";
const UNKNOWN = "(resolved at deploy)";

/** A reference to an output of a resource that does not exist yet. */
export function reference(type: string, name: string, property: string): string {
  return `{{${type} ${name}.${property}}}`;
}
export const REFERENCE = /\{\{(\S+) (.+?)\.([A-Za-z]+)\}\}/g;

/** What only AWS can say, shown as such. Tests override these through `calls`. */
export function offlineAnswer(token: string, inputs: CallInputs): Record<string, unknown> {
  switch (token) {
    case "aws:index/getCallerIdentity:getCallerIdentity":
      return { accountId: `${UNKNOWN.slice(0, -1)}: factory account id)`, arn: UNKNOWN, userId: UNKNOWN, id: UNKNOWN };
    case "aws:ssm/getParameter:getParameter":
      return { name: inputs.name, value: `(resolved at deploy: AMI in ssm:${inputs.name})`, type: "String", id: inputs.name };
    case "aws:ec2/getAmi:getAmi": {
      const id = inputs.filters?.find((f) => f.name === "image-id")?.values?.[0] ?? UNKNOWN;
      // No architecture: the deploy-time check cannot be made offline and is skipped.
      return { id, imageId: id };
    }
    case "aws:ec2/getAmiIds:getAmiIds": {
      // Names of a `latest` channel's copies and grants carry this id: a stand-in of AMI id form.
      const tag = (key: string) => inputs.filters?.find((f) => f.name === `tag:${key}`)?.values?.[0] ?? "?";
      return { ids: [offlineNewestBuild(tag(TAG.factory), tag(TAG.image))], id: UNKNOWN };
    }
    default:
      return { id: UNKNOWN };
  }
}

/**
 * What the mock answers for a new resource: an id and the outputs AWS would compute, as
 * references. A provider's outputs are its inputs, as the engine gives them back.
 */
export function mockAnswer(
  type: string,
  name: string,
  inputs: Record<string, unknown>,
): { id: string; state: Record<string, unknown> } {
  if (type.startsWith("pulumi:providers:")) return { id: `${name}-provider`, state: inputs };
  return { id: reference(type, name, "id"), state: outputsOf(type, name, inputs) };
}

/**
 * Outputs a resource type has beyond its inputs, as references. Only those: outside a preview
 * the SDK gives every output the mock leaves out its input's value, and repeating the inputs
 * would only make each response bigger (the SDK even formats every response for a debug log):
 * 4% of a 200-image plan.
 */
function outputsOf(type: string, name: string, inputs: Record<string, unknown>): Record<string, unknown> {
  const ref = (p: string) => reference(type, name, p);
  const state: Record<string, unknown> = { arn: ref("arn") };
  if (type === "aws:kms/key:Key") state.keyId = ref("keyId");
  if (type === "aws:imagebuilder/image:Image") state.imageId = ref("imageId");
  if (type === "random:index/randomId:RandomId") state.hex = ref("hex");
  if (inputs.name === undefined) state.name = ref("name");
  return state;
}

function nameFromUrn(urn: string | undefined): string | undefined {
  if (!urn) return undefined;
  const parts = urn.split("::");
  return parts[parts.length - 1];
}

/**
 * Runs the program once. Mocks and config are process-wide: each run installs its own and loads
 * the program afresh, so runs in one process do not see each other's resources.
 */
export async function runProgram(options: RunOptions): Promise<RunResult> {
  const root = options.root ?? path.resolve(__dirname, "..");
  const stackName = options.stack ?? "dev";
  const recorded: RecordedResource[] = [];
  const byUrnOptions = new Map<string, Partial<RecordedResource>>();

  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        const key = `${args.type}::${args.name}`;
        const extra = byUrnOptions.get(key) ?? {};
        byUrnOptions.delete(key);
        recorded.push({
          type: args.type,
          name: args.name,
          inputs: unwrapSecrets(args.inputs) as Record<string, unknown>,
          custom: args.custom ?? true,
          ...extra,
          provider: args.provider ? nameFromUrn(args.provider.split("::").slice(0, -1).join("::")) : extra.provider,
        });
        return mockAnswer(args.type, args.name, args.inputs);
      },
      call(args) {
        const inputs = args.inputs as CallInputs;
        return options.calls?.(args.token, inputs) ?? offlineAnswer(args.token, inputs);
      },
    },
    PROJECT,
    stackName,
    false,
  );
  // What the engine would refuse and the mocks accept, checked on every registration.
  const invariants = new EngineInvariants(stackName, PROJECT);
  pulumi.runtime.setAllConfig(options.config);

  const program = path.join(root, "index.ts");
  for (const id of Object.keys(require.cache)) {
    if (id.startsWith(path.join(root, "components")) || id === program || id.startsWith(path.join(root, "index."))) {
      delete require.cache[id];
    }
  }
  // A deploy-time check that throws inside an apply surfaces as an unhandled rejection, as it
  // does under the real engine, which then fails the deployment: fail the run the same way.
  let fail: (error: unknown) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => (fail = reject));
  process.on("unhandledRejection", fail);
  // The program's own promise: settled once it has built everything (its outputs may never be).
  let built: Promise<unknown> = Promise.resolve();
  const stack = pulumi.runtime.runInPulumiStack(async () => {
    // Options are not visible to the mocks; a stack transformation sees them on the way in.
    pulumi.runtime.registerStackTransformation((args) => {
      byUrnOptions.set(`${args.type}::${args.name}`, recordedOptions(args.opts as pulumi.CustomResourceOptions));
      return undefined;
    });
    // require, not import(): the cache entry was dropped above so the program runs afresh.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const exported: unknown = require(program);
    // As Pulumi's own runner does: a program that exports a function is called, and what it
    // returns is the stack's outputs.
    const returned = typeof exported === "function" ? (exported as () => unknown)() : exported;
    built = Promise.resolve(returned);
    return returned;
  });
  let outputs: Record<string, unknown>;
  try {
    outputs = (await Promise.race([stack, failed])) ?? {};
    // The outputs can be ready while resources nothing exports are still on their way to the
    // mocks. Pulumi's runner waits for every registration before it exits: so does the record.
    await Promise.race([pulumi.runtime.disconnect(), failed]);
  } catch (error) {
    // The engine would end the deployment here; this process goes on to the next run. Let the
    // program finish building first (it may still be between images), or its resources and
    // their failures would land in the next run's mocks.
    await Promise.allSettled([built]);
    throw error;
  } finally {
    process.off("unhandledRejection", fail);
  }
  if (invariants.violations.length > 0) throw new EngineInvariantError(invariants.violations);
  return { resources: recorded.filter((r) => r.type !== "pulumi:pulumi:Stack"), outputs };
}

/** The program registered what the Pulumi engine refuses: every such registration, one per line. */
export class EngineInvariantError extends Error {
  constructor(readonly violations: readonly string[]) {
    super(`the Pulumi engine would refuse this program:\n${violations.map((v) => `  ${v}`).join("\n")}`);
  }
}

/**
 * The options a reviewer sees, only those set: a large plan records tens of thousands of them
 * while the SDK's own work is under way, and every object kept is garbage collected again.
 */
function recordedOptions(o: pulumi.CustomResourceOptions): Partial<RecordedResource> {
  const recorded: Partial<RecordedResource> = {};
  if (o.parent) {
    recorded.parent = nameOf(o.parent);
    recorded.parentType = typeOf(o.parent);
  }
  if (o.protect) recorded.protect = true;
  if (o.retainOnDelete) recorded.retainOnDelete = true;
  if (o.deleteBeforeReplace) recorded.deleteBeforeReplace = true;
  if (o.ignoreChanges?.length) recorded.ignoreChanges = [...o.ignoreChanges];
  if (o.aliases?.length) recorded.aliases = o.aliases.map(aliasName);
  if (o.customTimeouts) recorded.customTimeouts = { ...o.customTimeouts };
  const dependsOn = dependencyNames(o.dependsOn);
  if (dependsOn) recorded.dependsOn = dependsOn;
  return recorded;
}

/**
 * The SDK hands secret inputs to mocks wrapped in a signature object; the plan shows the value.
 * What holds no secret is returned as it is, not copied.
 */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
export function unwrapSecrets(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    const items = value.map(unwrapSecrets);
    return items.every((item, i) => item === value[i]) ? value : items;
  }
  const object = value as Record<string, unknown>;
  if (SECRET_SIG in object) return unwrapSecrets(object.value);
  let copy: Record<string, unknown> | undefined;
  for (const [key, item] of Object.entries(object)) {
    const unwrapped = unwrapSecrets(item);
    if (unwrapped !== item) (copy ??= { ...object })[key] = unwrapped;
  }
  return copy ?? object;
}

function dependencyNames(dependsOn: pulumi.CustomResourceOptions["dependsOn"]): string[] | undefined {
  const list = Array.isArray(dependsOn) ? dependsOn : dependsOn instanceof pulumi.Resource ? [dependsOn] : [];
  const names = list.flatMap((d) => (d instanceof pulumi.Resource ? [nameOf(d) ?? "?"] : []));
  return names.length ? names : undefined;
}

function nameOf(resource: pulumi.Resource): string | undefined {
  // The SDK keeps the name on the resource; it is not part of the public type.
  return (resource as unknown as { __name?: string }).__name;
}

function typeOf(resource: pulumi.Resource): string | undefined {
  // Likewise the type token.
  return (resource as unknown as { __pulumiType?: string }).__pulumiType;
}

function aliasName(alias: pulumi.Input<string | pulumi.Alias>): string {
  if (typeof alias === "string") return alias;
  const name = (alias as pulumi.Alias).name;
  return typeof name === "string" ? name : "(computed)";
}
