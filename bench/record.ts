/**
 * Runs the real program on one catalog in this process, the way `npm run plan` does, and writes
 * what it registered as JSON: every resource (type, name, inputs, parent, options) and, per
 * resource, the resources the engine would wait for before creating it, in all and per input.
 *
 *   node --import tsx bench/record.ts CATALOG OUT.json
 *
 * The dependencies come from the SDK itself: each registration request to the mock monitor
 * carries the URNs its inputs depend on, including those hidden behind an `apply` (a first-build
 * schedule waits for its role's policy through the role ARN an `apply` holds back until the
 * policy exists: components/factory-roles.ts), which the `{{type name.prop}}` references in the
 * recorded inputs cannot show. The floor
 * (bench/floor.ts) replays a recording: the same requests, from a program that does nothing else.
 */
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { CATALOG_KEY, DEFAULT_STACK } from "../catalog/tables/stack-settings";
import { DEFAULT_BUILD_REGION } from "../catalog/tables/regions";
import { runProgram, type RecordedResource } from "../offline/run-program";
import { ROOT } from "./measure";

export interface Recording {
  catalog: string;
  resources: RecordedResource[];
  /** `type name` of a resource to the `type name` of each resource it waits for. */
  dependencies: Record<string, string[]>;
  /** `type name` of a resource to, per input that has any, the `type name` of each resource its value comes from. */
  propertyDependencies: Record<string, Record<string, string[]>>;
  /** `type name` of a component to the outputs it registered, references as in inputs. */
  outputs: Record<string, Record<string, unknown>>;
}

/** `urn:pulumi:stack::project::parent$type::name` to `type name`. */
export function keyOfUrn(urn: string): string {
  const parts = urn.split("::");
  const qualified = parts[2] ?? "";
  return `${qualified.slice(qualified.lastIndexOf("$") + 1)} ${parts.slice(3).join("::")}`;
}

/** The parts of the SDK's registration request (protobuf) that are read here. */
export interface RegisterRequest {
  getType(): string;
  getName(): string;
  getDependenciesList(): string[];
  getProvider(): string;
  getPropertydependenciesMap(): { forEach(each: (value: { getUrnsList(): string[] }, key: string) => void): void };
}

/** The parts of the SDK's request to register a component's outputs that are read here. */
export interface OutputsRequest {
  getUrn(): string;
  getOutputs(): { toJavaScript(): Record<string, unknown> } | undefined;
}

/** What a recording keeps beyond the resources. */
type Requests = Omit<Recording, "catalog" | "resources">;

/** What to call with each request the mock monitor gets, before it handles it. */
export interface MonitorObserver {
  registerResource?: (req: RegisterRequest) => void;
  registerResourceOutputs?: (req: OutputsRequest) => void;
}

/**
 * Shows `observer` every request the mock monitor gets; returns the undo. Mocks are
 * process-wide: put the monitor back for whatever runs next.
 */
export function observeMonitor(observer: MonitorObserver): () => void {
  type Handler<R> = (req: R, callback: unknown) => unknown;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the SDK's internal module
  const { MockMonitor } = require("@pulumi/pulumi/runtime/mocks") as {
    MockMonitor: { prototype: { registerResource: Handler<RegisterRequest>; registerResourceOutputs: Handler<OutputsRequest> } };
  };
  const prototype = MockMonitor.prototype;
  const { registerResource, registerResourceOutputs } = prototype;
  prototype.registerResource = function (req, callback) {
    observer.registerResource?.(req);
    return registerResource.call(this, req, callback);
  };
  prototype.registerResourceOutputs = function (req, callback) {
    observer.registerResourceOutputs?.(req);
    return registerResourceOutputs.call(this, req, callback);
  };
  return () => {
    prototype.registerResource = registerResource;
    prototype.registerResourceOutputs = registerResourceOutputs;
  };
}

/** Keeps each registration's dependencies, in all and per input, and each component's outputs. */
function keepRequests(into: Requests): MonitorObserver {
  const registerResource = (req: RegisterRequest) => {
    const key = `${req.getType()} ${req.getName()}`;
    const deps = new Set(req.getDependenciesList().map(keyOfUrn));
    // A resource cannot be created before the provider it is created with.
    const provider = req.getProvider();
    if (provider) deps.add(keyOfUrn(provider.slice(0, provider.lastIndexOf("::"))));
    into.dependencies[key] = [...deps].sort();
    const perInput: Record<string, string[]> = {};
    req.getPropertydependenciesMap().forEach((value, property) => {
      const urns = value.getUrnsList();
      if (urns.length) perInput[property] = urns.map(keyOfUrn).sort();
    });
    if (Object.keys(perInput).length) into.propertyDependencies[key] = perInput;
  };
  const registerResourceOutputs = (req: OutputsRequest) => {
    into.outputs[keyOfUrn(req.getUrn())] = req.getOutputs()?.toJavaScript() ?? {};
  };
  return { registerResource, registerResourceOutputs };
}

export async function record(catalog: string): Promise<Recording> {
  const requests: Requests = { dependencies: {}, propertyDependencies: {}, outputs: {} };
  const restore = observeMonitor(keepRequests(requests));
  try {
    const { resources } = await runProgram({
      root: ROOT,
      // The stack the floor replays it as (bench/floor.ts).
      stack: DEFAULT_STACK,
      config: { [CATALOG_KEY]: catalog, "aws:region": DEFAULT_BUILD_REGION },
    });
    return { catalog, resources, ...requests };
  } finally {
    restore();
  }
}

if (require.main === module) {
  const [catalog, out] = process.argv.slice(2);
  if (!catalog || !out) {
    console.error("usage: node --import tsx bench/record.ts CATALOG OUT.json");
    process.exit(2);
  }
  record(path.resolve(catalog)).then(
    (recording) => {
      writeFileSync(out, JSON.stringify(recording));
      // Peak memory as the kernel saw it, for runs without /usr/bin/time.
      process.stdout.write(
        `${JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS, resources: recording.resources.length })}\n`,
      );
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
