/**
 * The benchmark's floor (bench/floor.ts) is only a floor if it asks the engine for what the
 * program asks for. Each registration request the mock monitor gets is compared, field by field,
 * between the program and the floor replaying its recording.
 */
import { expect } from "chai";
import { readFileSync } from "node:fs";
import { registerFloor, type FloorKind } from "../../bench/floor";
import { generateCatalog } from "../../bench/generate";
import { keyOfUrn, observeMonitor, record, type Recording, type RegisterRequest } from "../../bench/record";
import { unwrapSecrets } from "../../offline/wire";
import { deepFreeze, EXAMPLE_CATALOG, exampleCatalog, writeCatalog } from "../support/program";

interface Request extends RegisterRequest {
  getAliasesList(): { toObject(): unknown }[];
  getParent(): string;
  getCustom(): boolean;
  getObject(): { toJavaScript(): unknown } | undefined;
  getProtect(): boolean;
  getRetainondelete(): boolean;
  getDeletebeforereplace(): boolean;
  getIgnorechangesList(): string[];
  getCustomtimeouts(): { toObject(): unknown } | undefined;
}

/** What the engine is asked for: everything but where in the source the request came from. */
function requestOf(req: RegisterRequest) {
  const r = req as Request;
  const propertyDependencies: Record<string, string[]> = {};
  r.getPropertydependenciesMap().forEach((value, key) => (propertyDependencies[key] = [...value.getUrnsList()].sort()));
  return {
    key: `${r.getType()} ${r.getName()}`,
    parent: r.getParent(),
    custom: r.getCustom(),
    provider: r.getProvider(),
    inputs: r.getObject()?.toJavaScript(),
    dependencies: [...r.getDependenciesList()].sort(),
    propertyDependencies,
    protect: r.getProtect(),
    retainOnDelete: r.getRetainondelete(),
    deleteBeforeReplace: r.getDeletebeforereplace(),
    ignoreChanges: r.getIgnorechangesList(),
    customTimeouts: r.getCustomtimeouts()?.toObject(),
    aliases: r.getAliasesList().map((alias) => alias.toObject()),
  };
}

interface Requests {
  /** Registrations by `type name`. */
  resources: Map<string, ReturnType<typeof requestOf>>;
  /** Outputs registered by components and the stack, by `type name`. */
  outputs: Map<string, unknown>;
}

async function observed(run: () => Promise<unknown>): Promise<Requests> {
  const requests: Requests = { resources: new Map(), outputs: new Map() };
  const restore = observeMonitor({
    registerResource: (req) => {
      const request = requestOf(req);
      requests.resources.set(request.key, request);
    },
    registerResourceOutputs: (req) => requests.outputs.set(keyOfUrn(req.getUrn()), req.getOutputs()?.toJavaScript()),
  });
  try {
    await run();
  } finally {
    restore();
  }
  return requests;
}

/** The example catalog with its first image renamed: its resources carry aliases. */
function renamedImage(): string {
  const catalog = exampleCatalog();
  const image = catalog.images[0];
  image.renamedFrom = [image.name];
  image.name = `${image.name}-renamed`;
  return writeCatalog(catalog);
}

/** The program's recording and requests, once per catalog text: several tests read the same. */
const programs = new Map<string, Promise<{ recording: Recording; program: Requests }>>();

function programOf(catalog: string): Promise<{ recording: Recording; program: Requests }> {
  const text = readFileSync(catalog, "utf8");
  let result = programs.get(text);
  if (!result) {
    result = (async () => {
      let recording: Recording | undefined;
      const program = await observed(async () => (recording = await record(catalog)));
      return deepFreeze({ recording: recording!, program });
    })();
    programs.set(text, result);
  }
  return result;
}

async function programAndFloor(
  catalog: string,
  kind: FloorKind = "replay",
): Promise<{ recording: Recording; program: Requests; floor: Requests }> {
  const { recording, program } = await programOf(catalog);
  const floor = await observed(() => registerFloor(recording, kind));
  return { recording, program, floor };
}

/** The same requests; with `secrets: false`, values compared whether or not they are marked secret. */
function expectSameRequests(program: Requests, floor: Requests, secrets = true): void {
  const comparable = (request: unknown) => (secrets ? request : unwrapSecrets(request));
  for (const kind of ["resources", "outputs"] as const) {
    const [ours, theirs] = [program[kind], floor[kind]];
    expect(
      [...ours.keys()].filter((key) => !theirs.has(key)),
      `${kind} missing`,
    ).to.deep.equal([]);
    expect(
      [...theirs.keys()].filter((key) => !ours.has(key)),
      `${kind} extra`,
    ).to.deep.equal([]);
    for (const [key, request] of ours) expect(comparable(theirs.get(key)), key).to.deep.equal(comparable(request));
  }
}

describe("benchmark floor (bench/floor.ts)", () => {
  for (const [label, catalog] of [
    ["the example catalog", () => EXAMPLE_CATALOG],
    ["the example catalog with a renamed image", renamedImage],
    [
      "a generated catalog shared with accounts and OUs",
      () => writeCatalog(generateCatalog({ images: 3, regions: 4, accounts: 60, organizations: true, seed: 2 })),
    ],
  ] as const) {
    it(`sends the engine the program's very requests for ${label}`, async () => {
      const { recording, program, floor } = await programAndFloor(catalog());
      // The recording leaves out the stack itself.
      expect(recording.resources.length).to.equal(program.resources.size - 1);
      expectSameRequests(program, floor);
    });
  }

  it("sends the same requests through the SDK's generic classes (--generic), but for what a package class marks secret", async () => {
    const { program, floor } = await programAndFloor(EXAMPLE_CATALOG, "generic");
    expectSameRequests(program, floor, false);
  });

  it("replays dependencies that no value shows, explicit ones, outputs and aliases", async () => {
    const { recording, program } = await programOf(EXAMPLE_CATALOG);
    const referenced = (key: string, property: string) =>
      JSON.stringify(recording.resources.find((r) => `${r.type} ${r.name}` === key)?.inputs[property] ?? "").includes("{{");
    const hidden = [...program.resources.values()].flatMap((request) =>
      Object.entries(request.propertyDependencies).filter(
        ([property, urns]) => urns.length && !referenced(request.key, property),
      ),
    );
    const explicit = [...program.resources.values()].filter((request) => {
      const inputs = new Set(Object.values(request.propertyDependencies).flat());
      return request.dependencies.some((urn) => !inputs.has(urn) && !keyOfUrn(urn).startsWith("pulumi:providers:"));
    });
    const outputs = [...program.outputs.values()].filter((o) => JSON.stringify(o).includes("{{"));
    const { program: renamed } = await programOf(renamedImage());
    const aliased = [...renamed.resources.values()].filter((request) => request.aliases.length);
    // The comparison above covers them only if the program has them.
    expect(hidden, "inputs depending on resources their value does not name").to.not.be.empty;
    expect(explicit, "resources with dependsOn").to.not.be.empty;
    expect(outputs, "outputs referring to resources").to.not.be.empty;
    expect(aliased, "resources with aliases").to.not.be.empty;
  });

  it("refuses to replay a plan's JSON, which has no dependencies", async () => {
    const { recording } = await programOf(EXAMPLE_CATALOG);
    const plan = { resources: recording.resources } as unknown as Recording;
    let error: unknown;
    await registerFloor(plan).catch((e: unknown) => (error = e));
    expect(String(error)).to.match(/replaying needs the dependencies bench\/record\.ts records/);
  });
});
