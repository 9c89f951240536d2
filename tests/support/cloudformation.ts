/**
 * A CloudFormation template checked against AWS's description of CloudFormation, not ours: the
 * resource types, their properties, which are required, their value types and allowed values,
 * and their attributes come from `@aws-cdk/aws-service-spec` (the CDK's database built from
 * CloudFormation's resource provider schemas). The template's own rules are those of the
 * CloudFormation User Guide: "Template anatomy" (sections, the format version, a description of
 * at most 1,024 bytes), "Parameters" (types and keys, SSM parameter types included), "Pseudo parameters reference" and the
 * intrinsic function reference (`Ref`, `Fn::GetAtt`, `Fn::Sub` and its `${!Literal}`).
 *
 * Not checked: string patterns and lengths (the database has none), whether a value is right for
 * the account it is deployed in, and anything CloudFormation only finds when it creates a resource.
 */
import { loadAwsServiceSpecSync } from "@aws-cdk/aws-service-spec";

type Spec = ReturnType<typeof loadAwsServiceSpecSync>;
/** A property type as the database writes it. */
interface PropertyType {
  type: string;
  element?: PropertyType;
  types?: PropertyType[];
  reference?: { $ref: string };
}
interface Property {
  type: PropertyType;
  required?: boolean;
}

let spec: Spec | undefined;
/** Loaded once per process: about a second. */
function database(): Spec {
  spec ??= loadAwsServiceSpecSync();
  return spec;
}

const SECTIONS = new Set([
  "AWSTemplateFormatVersion",
  "Description",
  "Metadata",
  "Parameters",
  "Rules",
  "Mappings",
  "Conditions",
  "Transform",
  "Resources",
  "Outputs",
]);
const PARAMETER_KEYS = new Set([
  "Type",
  "Default",
  "AllowedPattern",
  "AllowedValues",
  "ConstraintDescription",
  "Description",
  "MaxLength",
  "MaxValue",
  "MinLength",
  "MinValue",
  "NoEcho",
]);
const PARAMETER_TYPES =
  /^(String|Number|List<Number>|CommaDelimitedList|AWS::[A-Za-z0-9:]+|List<AWS::[A-Za-z0-9:]+>|AWS::SSM::Parameter::Value<[^>]+>)$/;
const PSEUDO_PARAMETERS = new Set([
  "AWS::AccountId",
  "AWS::NotificationARNs",
  "AWS::NoValue",
  "AWS::Partition",
  "AWS::Region",
  "AWS::StackId",
  "AWS::StackName",
  "AWS::URLSuffix",
]);
const FUNCTIONS = new Set([
  "Ref",
  "Fn::Base64",
  "Fn::Cidr",
  "Fn::FindInMap",
  "Fn::GetAtt",
  "Fn::GetAZs",
  "Fn::If",
  "Fn::ImportValue",
  "Fn::Join",
  "Fn::Length",
  "Fn::Select",
  "Fn::Split",
  "Fn::Sub",
  "Fn::ToJsonString",
]);
/** "The value for the description declaration must be a literal string that's between 0 and 1024 bytes in length." */
const DESCRIPTION_MAX_BYTES = 1024;

type Json = unknown;

function isObject(value: Json): value is Record<string, Json> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Every problem of the template, each naming its path (`Resources.Role.Properties.RoleName`). */
export function templateProblems(template: Record<string, Json>): string[] {
  const problems: string[] = [];
  const db = database();
  for (const section of Object.keys(template)) {
    if (!SECTIONS.has(section)) problems.push(`${section}: not a section of a template`);
  }
  if (template.AWSTemplateFormatVersion !== undefined && template.AWSTemplateFormatVersion !== "2010-09-09") {
    problems.push(
      `AWSTemplateFormatVersion: ${JSON.stringify(template.AWSTemplateFormatVersion)}; the only version is "2010-09-09"`,
    );
  }
  if (template.Description !== undefined) {
    if (typeof template.Description !== "string") problems.push("Description: must be a literal string");
    else if (Buffer.byteLength(template.Description) > DESCRIPTION_MAX_BYTES) {
      problems.push(`Description: ${Buffer.byteLength(template.Description)} bytes, more than ${DESCRIPTION_MAX_BYTES}`);
    }
  }
  const parameters = isObject(template.Parameters) ? template.Parameters : {};
  for (const [name, parameter] of Object.entries(parameters)) {
    if (!isObject(parameter) || typeof parameter.Type !== "string" || !PARAMETER_TYPES.test(parameter.Type)) {
      problems.push(`Parameters.${name}.Type: not a parameter type`);
      continue;
    }
    for (const key of Object.keys(parameter))
      if (!PARAMETER_KEYS.has(key)) problems.push(`Parameters.${name}.${key}: not a parameter key`);
  }
  if (!isObject(template.Resources) || Object.keys(template.Resources).length === 0) {
    problems.push("Resources: a template needs at least one resource");
    return problems;
  }
  const resources = template.Resources;
  const typeOf = (logicalId: string): string | undefined => {
    const resource = resources[logicalId];
    return isObject(resource) && typeof resource.Type === "string" ? resource.Type : undefined;
  };
  const context: Context = { db, problems, parameters, typeOf };
  for (const [logicalId, resource] of Object.entries(resources)) {
    const at = `Resources.${logicalId}`;
    if (!isObject(resource) || typeof resource.Type !== "string") {
      problems.push(`${at}.Type: missing`);
      continue;
    }
    const found = db.lookup("resource", "cloudFormationType", "equals", resource.Type);
    if (found.length !== 1) {
      problems.push(`${at}.Type: ${resource.Type} is not a CloudFormation resource type`);
      continue;
    }
    const properties = isObject(resource.Properties) ? resource.Properties : {};
    checkProperties(context, `${at}.Properties`, found[0].properties, properties);
  }
  for (const [name, output] of Object.entries(isObject(template.Outputs) ? template.Outputs : {})) {
    if (!isObject(output) || output.Value === undefined) problems.push(`Outputs.${name}.Value: missing`);
    else checkValue(context, `Outputs.${name}.Value`, { type: "json" }, output.Value);
  }
  return problems;
}

interface Context {
  db: Spec;
  problems: string[];
  parameters: Record<string, Json>;
  typeOf(logicalId: string): string | undefined;
}

function checkProperties(context: Context, at: string, declared: Record<string, Property>, given: Record<string, Json>): void {
  for (const [name, property] of Object.entries(declared)) {
    if (property.required && given[name] === undefined) context.problems.push(`${at}.${name}: required`);
  }
  for (const [name, value] of Object.entries(given)) {
    const property = declared[name];
    if (!property) context.problems.push(`${at}.${name}: not a property; known: ${Object.keys(declared).sort().join(", ")}`);
    else checkValue(context, `${at}.${name}`, property.type, value);
  }
}

function checkValue(context: Context, at: string, type: PropertyType & { allowedValues?: string[] }, value: Json): void {
  if (isObject(value) && Object.keys(value).length === 1 && FUNCTIONS.has(Object.keys(value)[0])) {
    checkFunction(context, at, Object.keys(value)[0], Object.values(value)[0]);
    return;
  }
  const wrong = (what: string) => context.problems.push(`${at}: ${JSON.stringify(value)?.slice(0, 60)} is not ${what}`);
  switch (type.type) {
    case "string":
    case "date-time":
      if (typeof value !== "string") wrong("a string");
      else if (type.allowedValues && !type.allowedValues.includes(value)) wrong(`one of ${type.allowedValues.join(", ")}`);
      return;
    case "number":
    case "integer":
      if (typeof value !== "number" && !(typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value))) wrong("a number");
      return;
    case "boolean":
      if (typeof value !== "boolean" && value !== "true" && value !== "false") wrong("a boolean");
      return;
    case "json":
      // Free-form (a policy document): the functions inside it are resolved all the same.
      if (Array.isArray(value)) value.forEach((item, i) => checkValue(context, `${at}[${i}]`, type, item));
      else if (isObject(value)) for (const [key, item] of Object.entries(value)) checkValue(context, `${at}.${key}`, type, item);
      return;
    case "array":
      if (!Array.isArray(value)) wrong("a list");
      else value.forEach((item, i) => checkValue(context, `${at}[${i}]`, type.element!, item));
      return;
    case "map":
      if (!isObject(value)) wrong("a map");
      else for (const [key, item] of Object.entries(value)) checkValue(context, `${at}.${key}`, type.element!, item);
      return;
    case "tag":
      if (!isObject(value) || typeof value.Key !== "string" || value.Value === undefined) wrong("a tag { Key, Value }");
      return;
    case "union": {
      const attempts = type.types!.map((t) => {
        const sub: Context = { ...context, problems: [] };
        checkValue(sub, at, t, value);
        return sub.problems;
      });
      if (!attempts.some((p) => p.length === 0)) context.problems.push(...attempts[0]);
      return;
    }
    case "ref": {
      const definition = context.db.get("typeDefinition", type.reference!.$ref) as unknown as {
        properties: Record<string, Property>;
      };
      if (!isObject(value)) wrong("an object");
      else checkProperties(context, at, definition.properties, value);
      return;
    }
    default:
      context.problems.push(`${at}: the database's type ${type.type} is not known to this check`);
  }
}

function checkFunction(context: Context, at: string, name: string, argument: Json): void {
  const refers = (target: string) =>
    PSEUDO_PARAMETERS.has(target) || target in context.parameters || context.typeOf(target) !== undefined;
  const attribute = (resource: string, attr: string) => {
    const type = context.typeOf(resource);
    if (type === undefined) return `${resource} is not a resource of the template`;
    const found = context.db.lookup("resource", "cloudFormationType", "equals", type);
    return found.length === 1 && attr in found[0].attributes ? undefined : `${type} has no attribute ${attr}`;
  };
  switch (name) {
    case "Ref":
      if (typeof argument !== "string" || !refers(argument)) {
        context.problems.push(`${at}: Ref ${JSON.stringify(argument)} names no parameter, resource or pseudo parameter`);
      }
      return;
    case "Fn::GetAtt": {
      const [resource, attr] = Array.isArray(argument) ? argument : typeof argument === "string" ? argument.split(".") : [];
      const problem =
        typeof resource === "string" && typeof attr === "string" ? attribute(resource, attr) : "needs [resource, attribute]";
      if (problem) context.problems.push(`${at}: Fn::GetAtt ${problem}`);
      return;
    }
    case "Fn::Sub": {
      const [text, variables] = Array.isArray(argument) ? argument : [argument, {}];
      if (typeof text !== "string") {
        context.problems.push(`${at}: Fn::Sub needs a string`);
        return;
      }
      // `${!Literal}` is written as `${Literal}`; every other `${...}` must resolve.
      for (const [, variable] of text.matchAll(/\$\{([^!}][^}]*)\}/g)) {
        const [resource, attr] = variable.split(".");
        const known = isObject(variables) && variable in variables;
        const problem = known
          ? undefined
          : attr !== undefined
            ? attribute(resource, attr)
            : refers(variable)
              ? undefined
              : "nothing";
        if (problem) context.problems.push(`${at}: Fn::Sub \${${variable}} resolves to ${problem}`);
      }
      return;
    }
    default:
      return;
  }
}
