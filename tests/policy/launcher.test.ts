/**
 * The pack as the Pulumi CLI runs it, not as our tests import it: the nodejs language host starts
 * `@pulumi/pulumi/cmd/run-policy-pack` with the pack directory as working directory and last
 * argument (pulumi/pulumi sdk/nodejs/cmd/pulumi-language-nodejs/main.go, RunPlugin). That
 * launcher loads index.ts through the ts-node @pulumi/pulumi vendors, type-checking with
 * policy/tsconfig.json (sdk/nodejs/cmd/run-policy-pack/run.ts), and `new PolicyPack` serves the
 * analyzer over gRPC. The test then does what the engine does with `--policy-pack-config
 * policy/config.json` (pulumi/pulumi pkg/engine/update.go LoadLocalPolicyPackAnalyzers,
 * pkg/resource/analyzer/config.go): read the pack's policies, fill in each schema's defaults,
 * apply the file, check every section against its policy's schema, `Configure`, then `Analyze`.
 */
import * as grpc from "@grpc/grpc-js";
import * as analyzerrpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzerproto from "@pulumi/pulumi/proto/analyzer_pb";
import Ajv from "ajv";
import { expect } from "chai";
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { RULES } from "../../policy/policies";
import { ROOT } from "../support/program";
import { changed, good, UNKNOWN_STRING } from "./support";

const PACK = join(ROOT, "policy");
const LEVELS = ["advisory", "mandatory", "remediate", "disabled"] as const;
type Level = (typeof LEVELS)[number];
const LEVEL_NAME = new Map<number, Level>(
  LEVELS.map((level) => [analyzerproto.EnforcementLevel[level.toUpperCase() as Uppercase<Level>], level]),
);

/** Starts the pack with the CLI's own launcher; resolves with the port it prints. */
function launch(): Promise<{ child: ChildProcess; port: number }> {
  const launcher = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [PACK] });
  const child = spawn(process.execPath, [launcher, "127.0.0.1:0", "."], { cwd: PACK, stdio: "pipe" });
  let stdout = "";
  let stderr = "";
  return new Promise((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const port = /^(\d+)\s*$/m.exec(stdout);
      if (port) resolve({ child, port: Number(port[1]) });
    });
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("exit", (code) => reject(new Error(`the pack exited (${code}) before serving:\n${stdout}${stderr}`)));
  });
}

function rpc<Req, Res>(
  call: (req: Req, callback: (error: grpc.ServiceError | null, res: Res) => void) => unknown,
  req: Req,
): Promise<Res> {
  return new Promise((resolve, reject) => call(req, (error, res) => (error ? reject(error) : resolve(res))));
}

interface Section {
  enforcementLevel?: Level;
  properties: Record<string, unknown>;
}

/** A level as the CLI accepts it (apitype.EnforcementLevel.IsValid), else an error naming the policy. */
function levelOf(policy: string, value: unknown): Level {
  if (typeof value !== "string" || !LEVELS.includes(value as Level)) {
    throw new Error(`parsing enforcement level for "${policy}": ${JSON.stringify(value)} is not a valid enforcement level`);
  }
  return value as Level;
}

/** The config the engine hands to `Configure`: defaults, then the file; errors as the CLI words them. */
function reconcile(info: analyzerproto.AnalyzerInfo, file: Record<string, unknown>): Map<string, Section> {
  const result = new Map<string, Section>();
  for (const policy of info.getPoliciesList()) {
    const properties = (policy.getConfigschema()?.getProperties()?.toJavaScript() ?? {}) as Record<string, { default?: unknown }>;
    const defaults = Object.fromEntries(
      Object.entries(properties)
        .filter(([, schema]) => "default" in schema)
        .map(([key, schema]) => [key, schema.default]),
    );
    result.set(policy.getName(), { enforcementLevel: LEVEL_NAME.get(policy.getEnforcementlevel()), properties: defaults });
  }
  const given = new Map<string, Section>();
  for (const [name, value] of Object.entries(file)) {
    if (typeof value === "string") given.set(name, { enforcementLevel: levelOf(name, value), properties: {} });
    else if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      const { enforcementLevel, ...properties } = value as Record<string, unknown>;
      given.set(name, {
        enforcementLevel: enforcementLevel === undefined ? undefined : levelOf(name, enforcementLevel),
        properties,
      });
    } else throw new Error(`parsing "${name}": ${JSON.stringify(value)} is not a valid value; must be a string or object`);
  }
  const all = given.get("all")?.enforcementLevel;
  if (all) for (const section of result.values()) section.enforcementLevel = all;
  for (const [name, section] of given) {
    const into = result.get(name) ?? { properties: {} };
    result.set(name, {
      enforcementLevel: section.enforcementLevel ?? into.enforcementLevel,
      properties: { ...into.properties, ...section.properties },
    });
  }
  const ajv = new Ajv({ allErrors: true, strict: false });
  const errors: string[] = [];
  for (const policy of info.getPoliciesList()) {
    const schema = policy.getConfigschema();
    if (!schema) continue;
    const validate = ajv.compile({
      type: "object",
      properties: schema.getProperties()?.toJavaScript(),
      required: schema.getRequiredList(),
    });
    if (!validate(result.get(policy.getName())!.properties)) {
      errors.push(...validate.errors!.map((e) => `${policy.getName()}: ${e.instancePath} ${e.message}`));
    }
  }
  if (errors.length > 0) throw new Error(`validating policy config: ${errors.join("; ")}`);
  return result;
}

function analyzeRequest(resource: { type: string; name: string; inputs: Record<string, unknown> }): analyzerproto.AnalyzeRequest {
  const req = new analyzerproto.AnalyzeRequest();
  req.setType(resource.type);
  req.setName(resource.name);
  req.setUrn(`urn:pulumi:dev::ami-factory::${resource.type}::${resource.name}`);
  req.setProperties(Struct.fromJavaScript(resource.inputs as never));
  req.setOptions(new analyzerproto.AnalyzerResourceOptions());
  return req;
}

describe("the policy pack under the Pulumi CLI's own launcher and config handling", function () {
  this.timeout(180_000);
  let child: ChildProcess | undefined;
  let client: analyzerrpc.AnalyzerClient;
  let info: analyzerproto.AnalyzerInfo;

  before(async () => {
    const started = await launch();
    child = started.child;
    client = new analyzerrpc.AnalyzerClient(`127.0.0.1:${started.port}`, grpc.credentials.createInsecure());
    info = await rpc(client.getAnalyzerInfo.bind(client), new Empty());
  });

  after(() => {
    client?.close();
    child?.kill();
  });

  it("starts, and serves every rule under its name, level and description", () => {
    expect(info.getName()).to.equal("ami-factory");
    expect(info.getSupportsconfig()).to.equal(true);
    expect(
      info.getPoliciesList().map((p) => [p.getName(), LEVEL_NAME.get(p.getEnforcementlevel()), p.getDescription()]),
    ).to.deep.equal(RULES.map((rule) => [rule.name, rule.enforcement, rule.description]));
  });

  it("accepts policy/config.json as the engine reconciles and validates it, and enforces it", async () => {
    const file = JSON.parse(readFileSync(join(PACK, "config.json"), "utf8")) as Record<string, unknown>;
    const names = new Set(info.getPoliciesList().map((p) => p.getName()));
    expect(
      Object.keys(file).filter((name) => name !== "all" && !names.has(name)),
      "sections naming no policy",
    ).to.deep.equal([]);
    const config = reconcile(info, file);

    const req = new analyzerproto.ConfigureAnalyzerRequest();
    for (const [name, section] of config) {
      const policyConfig = new analyzerproto.PolicyConfig();
      if (section.enforcementLevel) {
        policyConfig.setEnforcementlevel(
          analyzerproto.EnforcementLevel[section.enforcementLevel.toUpperCase() as Uppercase<Level>],
        );
      }
      policyConfig.setProperties(Struct.fromJavaScript(section.properties as never));
      req.getPolicyconfigMap().set(name, policyConfig);
    }
    await rpc(client.configure.bind(client), req);

    const analyze = async (resource: { type: string; name: string; inputs: Record<string, unknown> }) =>
      (
        await rpc<analyzerproto.AnalyzeRequest, analyzerproto.AnalyzeResponse>(
          client.analyze.bind(client),
          analyzeRequest(resource),
        )
      )
        .getDiagnosticsList()
        .map((d) => `${d.getPolicyname()} ${LEVEL_NAME.get(d.getEnforcementlevel())}`);

    const fixtures = good();
    expect(await analyze(fixtures.infrastructure)).to.deep.equal([]);
    expect(await analyze(changed(fixtures.infrastructure, "instanceMetadataOptions.httpTokens", "optional"))).to.deep.equal([
      "build-instances-require-imdsv2 mandatory",
    ]);
    // Unknown during preview: neither a violation nor the SDK's "can't run policy during preview".
    expect(await analyze(changed(fixtures.infrastructure, "instanceMetadataOptions.httpTokens", UNKNOWN_STRING))).to.deep.equal(
      [],
    );
    expect(await analyze(changed(fixtures.grant, "group", "all"))).to.deep.equal(["no-public-launch-permission mandatory"]);
  });

  it("runs the stack policies over the resources the engine sends after the preview", async () => {
    const fixtures = good();
    const stack = async (resources: { type: string; name: string; inputs: Record<string, unknown> }[]) => {
      const req = new analyzerproto.AnalyzeStackRequest();
      req.setResourcesList(
        resources.map((resource) => {
          const r = new analyzerproto.AnalyzerResource();
          const one = analyzeRequest(resource);
          r.setType(one.getType());
          r.setName(one.getName());
          r.setUrn(one.getUrn());
          r.setProperties(one.getProperties());
          r.setOptions(one.getOptions());
          return r;
        }),
      );
      const res = await rpc<analyzerproto.AnalyzeStackRequest, analyzerproto.AnalyzeResponse>(
        client.analyzeStack.bind(client),
        req,
      );
      return res.getDiagnosticsList().map((d) => `${d.getPolicyname()} ${d.getUrn()}`);
    };
    expect(await stack([fixtures.recipe, fixtures.lifecycle])).to.deep.equal([]);
    expect(await stack([fixtures.recipe])).to.deep.equal([
      `lifecycle-policy-per-image ${analyzeRequest(fixtures.recipe).getUrn()}`,
    ]);
  });
});
