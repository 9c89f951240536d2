/**
 * Checks the inputs of recorded resources against the table of AWS limits: every string or
 * number a cloud resource sends must have a row, and must be within it. Pure: it reads what the
 * offline runner recorded (type, name, inputs) and returns the problems.
 *
 * Values only a deployment knows are recorded as references (`{{<type> <name>.<property>}}`) or
 * as `(resolved at deploy: ...)` (offline/wire.ts). Where the shape of the final value is known (an AMI id, an
 * account id, 8 hex digits of a random suffix), it stands in for it, so that a name built
 * around it is checked at its real length; a value of unknown shape is not checked, only
 * required to have a row.
 */
import { LONGEST_AMI_ID, rowsOf, type Bounds, type TypeRows } from "./aws-limits";
import { COPY_SUFFIX_BYTES } from "../catalog/render/aws-names";
import { deployTimePattern, FACTORY_ACCOUNT_ID, holdsOffline, referencePattern, SSM_AMI } from "../offline/wire";

export interface InputResource {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
  /** False for a component: it sends nothing to AWS. */
  custom: boolean;
}

export interface InputProblem {
  type: string;
  name: string;
  path: string;
  message: string;
}

/** The longest AMI id EC2 gives (17 hex digits), an account id, a random suffix, a key id. */
const STAND_INS: ReadonlyArray<[RegExp, string | ((...match: string[]) => string)]> = [
  [deployTimePattern(SSM_AMI), LONGEST_AMI_ID],
  [deployTimePattern(FACTORY_ACCOUNT_ID), "123456789012"],
  [referencePattern({ property: "id|imageId" }), LONGEST_AMI_ID],
  [referencePattern({ property: "hex" }), "0a1b2c3d4e5f6a7b".slice(0, 2 * COPY_SUFFIX_BYTES)],
  [referencePattern({ property: "keyId" }), "0a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f"],
  // `aws:kms/key:Key` -> arn:aws:kms:<region>:<account>:key/<id>; IAM's ARNs have no region.
  [
    referencePattern({ type: "aws:(\\w+)\\/(\\w+):\\S+", property: "arn" }),
    (_, _type: string, service: string, resource: string) => arnOf(service, resource),
  ],
];

/**
 * The ARN AWS gives a resource, in the shape the requests that take it check: the resource kind
 * in kebab case (`image-recipe`), and for Image Builder's versioned resources their version (a
 * component's ARN also carries its build number).
 */
function arnOf(service: string, resource: string): string {
  const kind = resource.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  const version = service !== "imagebuilder" ? "" : kind === "component" ? "/1.0.0/1" : kind === "image-recipe" ? "/1.0.0" : "";
  return `arn:aws:${service}:${service === "iam" ? "" : "us-east-1"}:123456789012:${kind}/0a1b2c3d${version}`;
}
/**
 * The value as AWS will see it, or undefined when its shape cannot be known offline. Image
 * Builder's own placeholders (`{{ imagebuilder:buildDate }}`) are not the offline run's: a value
 * holding them is checked as written, as AWS checks it.
 */
export function standIn(value: string): string | undefined {
  // Most values hold nothing unknown: a plan of 57,000 resources checks a few hundred thousand.
  if (!holdsOffline(value)) return value;
  let out = value;
  for (const [pattern, replacement] of STAND_INS) out = out.replace(pattern, replacement as string);
  return holdsOffline(out) ? undefined : out;
}

/** Every problem of every cloud resource's inputs: a value out of bounds, or one without a row. */
export function checkInputs(resources: readonly InputResource[]): InputProblem[] {
  const problems: InputProblem[] = [];
  for (const resource of resources) {
    if (!resource.custom) continue;
    const report = (path: string, message: string) => problems.push({ type: resource.type, name: resource.name, path, message });
    walk(rowsOf(resource.type), "", resource.inputs, report);
  }
  return problems;
}

type Report = (path: string, message: string) => void;

const NO_ROWS: readonly never[] = [];

function walk(rows: TypeRows, path: string, value: unknown, report: Report, isMap = false): void {
  if (value === null || value === undefined || typeof value === "boolean") return;
  if (Array.isArray(value)) {
    checkCount(rows, path, value.length, report);
    const itemPath = `${path}[]`;
    for (const item of value) walk(rows, itemPath, item, report);
    return;
  }
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    if (isMap) {
      checkCount(rows, path, entries.length, report);
      const keyPath = `${path}{}`;
      const valuePath = `${path}.*`;
      for (const [key, item] of entries) {
        checkLeaf(rows, keyPath, key, report);
        walk(rows, valuePath, item, report);
      }
      return;
    }
    for (const [key, item] of entries) {
      const child = path === "" ? key : `${path}.${key}`;
      // A map's keys are data (tag keys), a structure's keys are input names: the table says which.
      walk(rows, child, item, report, rows.has(`${child}{}`));
    }
    return;
  }
  checkLeaf(rows, path, value, report);
}

function checkCount(rows: TypeRows, path: string, count: number, report: Report): void {
  for (const row of rows.get(path) ?? NO_ROWS) {
    const bounds = row.bounds?.count;
    if (!bounds) continue;
    if (count > bounds.max || count < (bounds.min ?? 0)) {
      report(path, `${count} items; AWS allows ${bounds.min ?? 0} to ${bounds.max} (${row.source})`);
    }
  }
}

function checkLeaf(rows: TypeRows, path: string, value: unknown, report: Report): void {
  const pathRows = rows.get(path) ?? NO_ROWS;
  if (pathRows.length === 0) {
    report(path, `no row in contract/aws-limits.ts: a ${typeof value} input that AWS's limits were never checked for`);
    return;
  }
  for (const row of pathRows) {
    if (!row.bounds) continue;
    const problem = typeof value === "number" ? numberProblem(value, row.bounds) : stringProblem(String(value), row.bounds);
    if (problem) report(path, `${problem} (${row.source})`);
  }
}

function numberProblem(value: number, bounds: Bounds): string | undefined {
  const range = bounds.range;
  if (!range) return bounds.values || bounds.length || bounds.pattern ? `${value} is a number; AWS takes text here` : undefined;
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    return `${value} is out of range; AWS allows ${range.min} to ${range.max}`;
  }
  return undefined;
}

function stringProblem(recorded: string, bounds: Bounds): string | undefined {
  const value = standIn(recorded);
  if (value === undefined) return undefined;
  if (bounds.length) {
    const { min, max } = bounds.length;
    // Code points are at most the UTF-16 length and at least half of it: count them only when it matters.
    const length = value.length > max || value.length < 2 * min ? [...value].length : value.length;
    if (length < min || length > max) return `${length} characters; AWS allows ${min} to ${max}`;
  }
  if (bounds.bytes !== undefined) {
    const bytes = Buffer.byteLength(value, "utf8");
    if (bytes > bounds.bytes) return `${bytes} bytes; AWS allows ${bounds.bytes}`;
  }
  if (bounds.pattern && !bounds.pattern.test(value)) return `${JSON.stringify(shorten(value))} does not match ${bounds.pattern}`;
  if (bounds.values && !bounds.values.includes(value)) {
    return `${JSON.stringify(value)} is not one of ${bounds.values.join(", ")}`;
  }
  if (bounds.range) return `${JSON.stringify(shorten(value))} is text; AWS takes a number here`;
  return bounds.check?.(value);
}

function shorten(value: string): string {
  return value.length > 80 ? `${value.slice(0, 77)}...` : value;
}
