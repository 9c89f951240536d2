/**
 * Checks the inputs of recorded resources against the table of AWS limits: every string or
 * number a cloud resource sends must have a row, and must be within it. Pure: it reads what the
 * offline runner recorded (type, name, inputs) and returns the problems.
 *
 * Values only a deployment knows are recorded as references (`{{<type> <name>.<property>}}`) or
 * as `(resolved at deploy: ...)`. Where the shape of the final value is known (an AMI id, an
 * account id, 8 hex digits of a random suffix), it stands in for it, so that a name built
 * around it is checked at its real length; a value of unknown shape is not checked, only
 * required to have a row.
 */
import { rowsFor, type Bounds } from "./aws-limits";

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
  [/\(resolved at deploy: (newest build of [^)]*|AMI in ssm:[^)]*)\)/g, "ami-0123456789abcdef0"],
  [/\(resolved at deploy: factory account id\)/g, "123456789012"],
  [/\{\{\S+ [^}]+?\.(id|imageId)\}\}/g, "ami-0123456789abcdef0"],
  [/\{\{\S+ [^}]+?\.hex\}\}/g, "0a1b2c3d"],
  [/\{\{\S+ [^}]+?\.keyId\}\}/g, "0a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f"],
  // `aws:kms/key:Key` -> arn:aws:kms:<region>:<account>:key/<id>
  [
    /\{\{aws:(\w+)\/(\w+):\S+ [^}]+?\.arn\}\}/g,
    (_, service: string, resource: string) => `arn:aws:${service}:us-east-1:123456789012:${resource}/0a1b2c3d`,
  ],
];
const UNKNOWN = /\(resolved at deploy[^)]*\)|\{\{[^}]*\}\}/;

/** The value as AWS will see it, or undefined when its shape cannot be known offline. */
export function standIn(value: string): string | undefined {
  let out = value;
  for (const [pattern, replacement] of STAND_INS) out = out.replace(pattern, replacement as string);
  return UNKNOWN.test(out) ? undefined : out;
}

/** Every problem of every cloud resource's inputs: a value out of bounds, or one without a row. */
export function checkInputs(resources: readonly InputResource[]): InputProblem[] {
  const problems: InputProblem[] = [];
  for (const resource of resources) {
    if (!resource.custom) continue;
    const report = (path: string, message: string) => problems.push({ type: resource.type, name: resource.name, path, message });
    walk(resource.type, "", resource.inputs, report);
  }
  return problems;
}

type Report = (path: string, message: string) => void;

function walk(type: string, path: string, value: unknown, report: Report, isMap = false): void {
  if (value === null || value === undefined || typeof value === "boolean") return;
  if (Array.isArray(value)) {
    checkCount(type, path, value.length, report);
    for (const item of value) walk(type, `${path}[]`, item, report);
    return;
  }
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    if (isMap) {
      checkCount(type, path, entries.length, report);
      for (const [key, item] of entries) {
        checkLeaf(type, `${path}{}`, key, report);
        walk(type, `${path}.*`, item, report);
      }
      return;
    }
    for (const [key, item] of entries) {
      const child = path === "" ? key : `${path}.${key}`;
      // A map's keys are data (tag keys), a structure's keys are input names: the table says which.
      walk(type, child, item, report, rowsFor(type, `${child}{}`).length > 0);
    }
    return;
  }
  checkLeaf(type, path, value, report);
}

function checkCount(type: string, path: string, count: number, report: Report): void {
  for (const row of rowsFor(type, path)) {
    const bounds = row.bounds?.count;
    if (!bounds) continue;
    if (count > bounds.max || count < (bounds.min ?? 0)) {
      report(path, `${count} items; AWS allows ${bounds.min ?? 0} to ${bounds.max} (${row.source})`);
    }
  }
}

function checkLeaf(type: string, path: string, value: unknown, report: Report): void {
  const rows = rowsFor(type, path);
  if (rows.length === 0) {
    report(path, `no row in contract/aws-limits.ts: a ${typeof value} input that AWS's limits were never checked for`);
    return;
  }
  for (const row of rows) {
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
  const length = [...value].length;
  if (bounds.length && (length < bounds.length.min || length > bounds.length.max)) {
    return `${length} characters; AWS allows ${bounds.length.min} to ${bounds.length.max}`;
  }
  const bytes = Buffer.byteLength(value, "utf8");
  if (bounds.bytes !== undefined && bytes > bounds.bytes) return `${bytes} bytes; AWS allows ${bounds.bytes}`;
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
