/**
 * An Image Builder component document checked against the AWSTOE document format
 * (schema/awstoe-component.schema.json, written from AWS's component document reference), plus
 * the two rules JSON Schema cannot say: phase names unique in the document and step names
 * unique in their phase (AWS's "Use the AWSTOE component document framework" page).
 */
import Ajv, { type ErrorObject } from "ajv";
import { parse } from "yaml";
import { formatPath, type Finding, type Path } from "../catalog/read/locate";
import { count } from "../catalog/read/wording";
import schema from "../schema/awstoe-component.schema.json";

const validateDocument = new Ajv({ allErrors: true, verbose: true, strict: false }).compile(schema);

/** Every problem of a component document (YAML text), each at its path in the document. */
export function documentFindings(data: string): Finding[] {
  let doc: unknown;
  try {
    doc = parse(data);
  } catch (error) {
    return [{ path: [], message: `the document is not YAML: ${(error as Error).message}` }];
  }
  const findings = validateDocument(doc) ? [] : schemaFindings(validateDocument.errors ?? []);
  return [...findings, ...duplicateNames(doc)];
}

/** `phases[0].steps[1]: ...` lines, as a test or a log prints them. */
export function formatFindings(findings: readonly Finding[]): string[] {
  return findings.map((finding) => `${formatPath(finding.path) || "(document)"}: ${finding.message}`);
}

/**
 * ajv's errors, one per real problem. An `anyOf`/`oneOf` with a description in the schema is
 * one problem, said by its description, instead of one error per alternative; the bookkeeping
 * errors of `if`/`then` and of other alternatives are dropped when a precise error is reported
 * at or under the same place.
 */
function schemaFindings(errors: readonly ErrorObject[]): Finding[] {
  const alternatives = (e: ErrorObject) => e.keyword === "anyOf" || e.keyword === "oneOf";
  const described = errors.filter((e) => alternatives(e) && typeof e.parentSchema?.description === "string");
  const relevant = errors.filter(
    (e) => e.keyword !== "if" && !described.some((d) => e.schemaPath.startsWith(`${d.schemaPath}/`)),
  );
  const precise = relevant.filter((e) => !alternatives(e));
  const kept = relevant.filter(
    (e) => !alternatives(e) || described.includes(e) || !precise.some((p) => p.instancePath.startsWith(e.instancePath)),
  );
  const seen = new Set<string>();
  const findings: Finding[] = [];
  for (const error of kept) {
    const finding = { path: pathOf(error.instancePath), message: messageOf(error) };
    const key = `${formatPath(finding.path)}: ${finding.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    findings.push(finding);
  }
  return findings;
}

function pathOf(pointer: string): Path {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
}

function messageOf(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  const value = JSON.stringify(error.data);
  switch (error.keyword) {
    case "required":
      return `missing "${String(params.missingProperty)}"`;
    case "additionalProperties":
      return `unknown field "${String(params.additionalProperty)}"`;
    case "enum":
      return `${value} is not allowed; use one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
    case "const":
      return `${value} is not allowed; use ${JSON.stringify(params.allowedValue)}`;
    case "pattern":
      return `${value} does not match ${String(params.pattern)}`;
    case "type":
      return `${value} is not of type ${String(params.type)}`;
    case "minItems":
      return `needs at least ${count(Number(params.limit), "item")}`;
    case "minimum":
    case "maximum":
      return `${value} ${error.message ?? "is out of range"}`;
    case "oneOf":
    case "anyOf": {
      const description: unknown = error.parentSchema?.description;
      return typeof description === "string"
        ? `${value} is not allowed; give ${description}`
        : `${value} matches none of the allowed forms`;
    }
    default:
      return error.message ?? error.keyword;
  }
}

function duplicateNames(doc: unknown): Finding[] {
  const findings: Finding[] = [];
  const phases = (doc as { phases?: unknown })?.phases;
  if (!Array.isArray(phases)) return findings;
  const unique = (items: unknown[], base: Path, what: string) => {
    const first = new Map<string, number>();
    items.forEach((item, index) => {
      const name = (item as { name?: unknown } | null)?.name;
      if (typeof name !== "string") return;
      const earlier = first.get(name);
      if (earlier === undefined) first.set(name, index);
      else
        findings.push({
          path: [...base, index, "name"],
          message: `${JSON.stringify(name)} is already the name of ${formatPath([...base, earlier])}; ${what}`,
        });
    });
  };
  unique(phases, ["phases"], "phase names are unique in a document");
  phases.forEach((phase, index) => {
    const steps = (phase as { steps?: unknown } | null)?.steps;
    if (Array.isArray(steps)) unique(steps, ["phases", index, "steps"], "step names are unique in their phase");
  });
  return findings;
}
