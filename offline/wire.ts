/**
 * The offline wire format: what the mock runtime answers the program, and so what every
 * recorded value looks like. Values only a deployment can know are never invented: a resource
 * output is a reference `{{<type> <name>.<property>}}` (so a diff can follow it), a data
 * source's answer is `(resolved at deploy: ...)`, and a secret input is shown unwrapped.
 * offline/run-program.ts answers with it; the plan's diff, the benchmark's floor and the
 * instance harness read it. Pure: no Pulumi import.
 */
import { TAG } from "../catalog/tables/tags";
import { TYPE } from "../contract/type-tokens";
import { offlineNewestBuild } from "./newest-build";

/** Answers a data-source call, or returns undefined to fall back to the default answers. */
export type CallAnswer = (token: string, inputs: CallInputs) => Record<string, unknown> | undefined;

/** A data source's arguments, as the SDK hands them to the mocks. */
export interface CallInputs {
  name?: string;
  filters?: { name: string; values?: string[] }[];
  [key: string]: unknown;
}

/** How every value only AWS can say starts: `deployTime` writes them. */
const DEPLOY_TIME = "(resolved at deploy";
const UNKNOWN = deployTime();
/** What the factory account's id is recorded as. */
export const FACTORY_ACCOUNT_ID = "factory account id";
/** What an AMI named by an SSM parameter is recorded as: `AMI in ssm:<name>`. */
export const SSM_AMI = "AMI in ssm:";

/** A value only a deployment can know: `(resolved at deploy)`, or with what it is. */
export function deployTime(what?: string): string {
  return what === undefined ? `${DEPLOY_TIME})` : `${DEPLOY_TIME}: ${what})`;
}
/** True when the whole value is one `deployTime` marker, as a data source's answer is. */
export function isDeployTime(value: string): boolean {
  return value.startsWith(DEPLOY_TIME);
}
/** Every `deployTime(what)` whose `what` starts with `whatStart`, anywhere in a string. */
export function deployTimePattern(whatStart: string): RegExp {
  return new RegExp(`${escaped(`${DEPLOY_TIME}: ${whatStart}`)}[^)]*\\)`, "g");
}
/** True when a string holds a value the offline run cannot know: a reference or a marker. */
export function holdsOffline(value: string): boolean {
  return value.includes(DEPLOY_TIME) || (value.includes("{{") && ANY_REFERENCE.test(value));
}

/** A reference to an output of a resource that does not exist yet. */
export function reference(type: string, name: string, property: string): string {
  return `{{${type} ${name}.${property}}}`;
}
/**
 * The references `reference` writes, global, capturing type, name and property in that order
 * after any groups the type's pattern has. A type has no space, so Image Builder's own
 * `{{ imagebuilder:buildDate }}` is never one, and a name stops at the first `}`, so one match
 * never spans two references.
 */
export function referencePattern(parts: { type?: string; property?: string } = {}): RegExp {
  return new RegExp(`\\{\\{(${parts.type ?? "\\S+"}) ([^}]+?)\\.(${parts.property ?? "[A-Za-z]+"})\\}\\}`, "g");
}
/** Every reference: a global pattern, so `matchAll` and `replace` use it, and `test` does not. */
export const REFERENCE = referencePattern();
const ANY_REFERENCE = new RegExp(REFERENCE.source);

function escaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** What only AWS can say, shown as such. Tests override these through `calls`. */
export function offlineAnswer(token: string, inputs: CallInputs): Record<string, unknown> {
  switch (token) {
    case "aws:index/getCallerIdentity:getCallerIdentity":
      return { accountId: deployTime(FACTORY_ACCOUNT_ID), arn: UNKNOWN, userId: UNKNOWN, id: UNKNOWN };
    case "aws:ssm/getParameter:getParameter":
      return { name: inputs.name, value: deployTime(`${SSM_AMI}${inputs.name}`), type: "String", id: inputs.name };
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
 * would only make each response bigger (the SDK even formats every response for a debug log;
 * docs/bench/findings.md, "The mock's answers").
 */
function outputsOf(type: string, name: string, inputs: Record<string, unknown>): Record<string, unknown> {
  const ref = (p: string) => reference(type, name, p);
  const state: Record<string, unknown> = { arn: ref("arn") };
  if (type === TYPE.key) state.keyId = ref("keyId");
  if (type === TYPE.image) state.imageId = ref("imageId");
  if (type === TYPE.randomId) state.hex = ref("hex");
  if (inputs.name === undefined) state.name = ref("name");
  return state;
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
