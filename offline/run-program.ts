/**
 * Runs the real program (index.ts) under the Pulumi SDK's mock runtime and records every
 * resource it registers: type, name, inputs and the options that matter to a reviewer. The
 * tests and `npm run plan` both go through here, so what the plan shows is what the program does.
 *
 * What the mocks answer, and so what the recorded values look like, is offline/wire.ts (and the
 * newest build of an image, which names resources and so must look like an AMI id,
 * offline/newest-build.ts).
 */
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { EngineInvariants } from "./engine-invariants";
import { DEFAULT_STACK, PROJECT } from "../catalog/tables/stack-settings";
import { mockAnswer, offlineAnswer, unwrapSecrets, type CallAnswer, type CallInputs } from "./wire";
import { cheapStackTraces } from "./stack-traces";

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

export interface RunOptions {
  /** Project root, where index.ts lives. */
  root?: string;
  /** The stack the program runs as (its name is in the stack resource's URN). @default DEFAULT_STACK ("dev") */
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

/** The project the runs belong to (catalog/tables/stack-settings.ts). */
export { PROJECT };

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
  const stackName = options.stack ?? DEFAULT_STACK;
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
        return mockAnswer(args.type, args.name, args.inputs as Record<string, unknown>);
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
  const restoreStackTraces = cheapStackTraces();
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
  // eslint-disable-next-line @typescript-eslint/require-await -- async, so that a throw while loading the program rejects the stack
  const stack = pulumi.runtime.runInPulumiStack(async () => {
    // Options are not visible to the mocks; a stack transformation sees them on the way in.
    pulumi.runtime.registerStackTransformation((args) => {
      byUrnOptions.set(`${args.type}::${args.name}`, recordedOptions(args.opts));
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
    ignoreEchoesOf(error);
    throw error;
  } finally {
    process.off("unhandledRejection", fail);
    restoreStackTraces();
  }
  if (invariants.violations.length > 0) throw new EngineInvariantError(invariants.violations);
  return { resources: recorded.filter((r) => r.type !== "pulumi:pulumi:Stack"), outputs };
}

/**
 * A failure of the program also rejects the SDK's own promises (the stack's outputs), after the
 * run has ended: those rejections are the failure already reported, not new ones. Any other
 * unhandled rejection still ends the process, as it would without this listener.
 */
const reported = new WeakSet<object>();
let echoListener: ((reason: unknown) => void) | undefined;
function ignoreEchoesOf(failure: unknown): void {
  if (typeof failure !== "object" || failure === null) return;
  reported.add(failure);
  echoListener ??= (reason: unknown) => {
    if (typeof reason === "object" && reason !== null && reported.has(reason)) return;
    if (process.listenerCount("unhandledRejection") === 1) throw reason;
  };
  if (!process.listeners("unhandledRejection").includes(echoListener)) process.on("unhandledRejection", echoListener);
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
