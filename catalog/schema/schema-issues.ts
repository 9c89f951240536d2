/**
 * zod's issues, rewritten as the catalog's messages: a union reports the branch the value was
 * meant for, an unknown field lists the allowed ones, a wrong type names the value and what the
 * field takes, and a number where an account id belongs says what YAML did to it.
 */
import { z } from "zod";
import { CatalogSchema } from "./schema";
import { formatPath, type Finding, type Path, type SourceLocator } from "../read/locate";
import { closest, count, formatNumber, show } from "../read/wording";

type Issue = z.core.$ZodIssue;
type AnySchema = z.ZodType;

/** Every issue of a failed `CatalogSchema.safeParse(input)`, as findings. */
export function schemaFindings(issues: readonly Issue[], input: unknown, source: SourceLocator): Finding[] {
  const out: Explained[] = [];
  for (const issue of issues) explain(issue, [], input, source, out);
  // `amiId: ...` is both an unknown field and a missing `ami`: say it once, as the misspelling.
  const guessed = new Set(
    out.flatMap((finding) => (finding.guess === undefined ? [] : [formatPath([...finding.path.slice(0, -1), finding.guess])])),
  );
  return out
    .filter((finding) => !(finding.missing && guessed.has(formatPath(finding.path))))
    .map(({ path, message, target }) => (target ? { path, message, target } : { path, message }));
}

/** A finding with what the explanation knows about it, for the clean-up above. */
interface Explained extends Finding {
  /** An unknown field's likely meaning. */
  guess?: string;
  /** A required field that is missing. */
  missing?: true;
}

function explain(issue: Issue, base: Path, input: unknown, source: SourceLocator, out: Explained[]): void {
  const path = [...base, ...issue.path.map(asSegment)];
  const at = valueAt(input, path);
  const accountId = accountIdMessage(path, source);
  if (accountId) {
    out.push({ path, message: accountId });
    return;
  }
  switch (issue.code) {
    case "invalid_union": {
      const branch = pickBranch(schemaAt(path, input, false), at.value);
      const errors = branch === undefined ? undefined : issue.errors[branch];
      if (errors && errors.length > 0) for (const sub of errors) explain(sub, path, input, source, out);
      else out.push({ path, message: emptyValue(`${issue.message}; got ${show(at.value)}`, path, source) });
      return;
    }
    case "unrecognized_keys": {
      const allowed = objectKeys(schemaAt(path, input));
      for (const key of issue.keys) {
        if (key === "<<") {
          out.push({ path: [...path, key], message: MERGE_KEY, target: "key" });
          continue;
        }
        const guess = closest(key, allowed);
        const hint = guess ? `; did you mean "${guess}"?` : "";
        const finding: Explained = {
          path: [...path, key],
          message: `unknown field ${show(key)}; allowed: ${allowed.join(", ")}${hint}`,
          target: "key",
        };
        if (guess !== undefined) finding.guess = guess;
        out.push(finding);
      }
      return;
    }
    case "invalid_type": {
      if (!at.found) {
        out.push({ path, message: `missing required field "${String(path[path.length - 1])}"`, missing: true });
        return;
      }
      const message = isZodDefault(issue.message)
        ? `expected ${expectedNoun(issue.expected, path, input)}, got ${asWritten(path, at.value, source)}` +
          (quoteHint(issue.expected, path, source) || typeHint(issue.expected, at.value))
        : emptyValue(issue.message, path, source) + textHint(issue.expected, path, source);
      out.push({ path, message });
      return;
    }
    case "invalid_value": {
      const guess = typeof at.value === "string" ? closest(at.value, issue.values.map(String)) : undefined;
      out.push({
        path,
        message: `${emptyValue(issue.message, path, source)}${guess === undefined ? "" : `; did you mean "${guess}"?`}`,
      });
      return;
    }
    case "too_small":
    case "too_big":
      out.push({ path, message: isZodDefault(issue.message) ? sizeMessage(issue, path, at.value, input) : issue.message });
      return;
    default:
      out.push({ path, message: emptyValue(issue.message, path, source) });
  }
}

const MERGE_KEY = "YAML merge keys (<<) are not supported; write the fields out, or put what every image shares in defaults";

// ---- account ids ---------------------------------------------------------------------------

/**
 * YAML reads an unquoted `012345678901` as the number 12345678901. Where an account id belongs,
 * say so from the source text, so a mangled id is never passed on or shown as the user's value.
 */
function accountIdMessage(path: Path, source: SourceLocator): string | undefined {
  const isPrincipal =
    path[0] === "accounts" && typeof path[1] === "string" && (path.length === 2 || (path.length === 3 && path[2] === "id"));
  if (!isPrincipal) return undefined;
  const scalar = source.scalarSource(path);
  if (!scalar || typeof scalar.value !== "number") return undefined;
  if (/^\d+$/.test(scalar.source) && scalar.source.length !== 12) {
    return `${scalar.source} has ${scalar.source.length} digits; an account id has 12, quoted: ${JSON.stringify(scalar.source)}`;
  }
  return (
    numberForStringMessage(scalar.source, scalar.value) ?? `account ids must be quoted strings: ${JSON.stringify(scalar.source)}`
  );
}

/** The leading-zero message, for any digits YAML turned into a number. */
function numberForStringMessage(text: string, value: number): string | undefined {
  if (/^0\d+$/.test(text)) {
    return `${text} was read as the number ${value} and lost its leading zero; quote it: ${JSON.stringify(text)}`;
  }
  return undefined;
}

/** A value as the file writes it: a number as typed (`012345678901`, not 12345678901). */
function asWritten(path: Path, value: unknown, source: SourceLocator): string {
  if (value === null && source.scalarSource(path)?.source === "") return "an empty value";
  if (typeof value !== "number") return show(value);
  return source.scalarSource(path)?.source ?? show(value);
}

/** Free-text fields, where any string will do: a number or boolean there only needs quotes. */
function isFreeText(path: Path): boolean {
  const [parent, last] = [path[path.length - 2], path[path.length - 1]];
  return parent === "tags" || last === "description" || (typeof last === "number" && (parent === "build" || parent === "test"));
}

/** Where a value was left empty (`os:`), YAML reads null; the message says "an empty value". */
function emptyValue(message: string, path: Path, source: SourceLocator): string {
  const scalar = source.scalarSource(path);
  if (scalar === undefined || scalar.value !== null || scalar.source !== "") return message;
  return message.replace(/^null\b/, "an empty value").replace(/; got null$/, "; got an empty value");
}

/** A number or true/false where a name belongs: quoted, it would be text. */
function textHint(expected: string, path: Path, source: SourceLocator): string {
  const scalar = source.scalarSource(path);
  if (expected !== "string" || !scalar || (typeof scalar.value !== "number" && typeof scalar.value !== "boolean")) return "";
  return `; to use it as text, quote it: ${JSON.stringify(scalar.source)}`;
}

/** How to write what was meant: a list in brackets, a number without its unit, true for yes. */
function typeHint(expected: string, value: unknown): string {
  if (typeof value !== "string") return "";
  if (expected === "array") {
    const items = value.split(/[\s,]+/).filter((item) => item !== "");
    return items.length > 0 ? `; write a list: [${items.join(", ")}]` : "";
  }
  if (expected === "number" || expected === "int") {
    const number = /^\s*(\d+(?:\.\d+)?)\s*[A-Za-z%]+\s*$/.exec(value)?.[1];
    return number === undefined ? "" : `; write the number alone: ${number}`;
  }
  if (expected === "boolean") {
    const meant = { yes: true, y: true, on: true, no: false, n: false, off: false }[value.toLowerCase()];
    return meant === undefined ? "" : `; YAML 1.2 reads ${value} as text: write ${meant}`;
  }
  return "";
}

/** For a free-text field given a number or boolean: how to write it so YAML keeps it a string. */
function quoteHint(expected: string, path: Path, source: SourceLocator): string {
  if (expected !== "string" || !isFreeText(path)) return "";
  const scalar = source.scalarSource(path);
  if (!scalar || (typeof scalar.value !== "number" && typeof scalar.value !== "boolean")) return "";
  if (typeof scalar.value === "number" && numberForStringMessage(scalar.source, scalar.value)) {
    return `; YAML reads it as the number ${scalar.value}, without the leading zero: quote it: ${JSON.stringify(scalar.source)}`;
  }
  return `; quote it: ${JSON.stringify(scalar.source)}`;
}

// ---- wording -------------------------------------------------------------------------------

/** zod's built-in messages start like this; the schema's own messages never do. */
function isZodDefault(message: string): boolean {
  return /^(Invalid input|Too small|Too big|Invalid )/.test(message);
}

const LIST_ITEMS: Record<string, string> = {
  regions: "region names",
  accounts: "account names",
  copyTo: "account names",
  instanceTypes: "instance types",
  securityGroupIds: "security group ids",
  components: "components",
  renamedFrom: "earlier image names",
  build: "commands",
  test: "commands",
  images: "images",
};

const ITEM: Record<string, string> = {
  accounts: "an account name",
  copyTo: "an account name",
  instanceTypes: "an instance type",
  securityGroupIds: "a security group id",
  renamedFrom: "an earlier image name",
  build: "a command",
  test: "a command",
};

const MAPS: Record<string, string> = {
  tags: "a map of tag keys to values",
  accounts: "a map of account names to account ids",
  releases: "a map of channel names to releases",
  defaults: "a map of image fields",
  schedule: "a map with cron, timezone and onlyWhenChanged",
  rootVolume: "a map with sizeGiB, type, iops and throughput",
  lifecycle: "a map with deprecateAfterDays, deleteAfterDays, keepAtLeast and retainCopies",
};

function expectedNoun(expected: string, path: Path, input: unknown): string {
  const last = path[path.length - 1];
  const parent = path[path.length - 2];
  switch (expected) {
    case "array":
      return typeof last === "string" && LIST_ITEMS[last] ? `a list of ${LIST_ITEMS[last]}` : "a list";
    case "object":
    case "record":
      if (parent === "images" && typeof last === "number") return "an image: a map with name, os, arch and base";
      if (parent === "components" && typeof last === "number") return "a component: a map with arn, or with name and build";
      if (parent === "releases") return "a release: a map with ami";
      if (typeof last === "string" && MAPS[last]) return MAPS[last];
      return objectKeys(schemaAt(path, input)).length > 0
        ? `a map with ${objectKeys(schemaAt(path, input)).join(", ")}`
        : "a map";
    case "string":
      return typeof last === "number" && typeof parent === "string" && ITEM[parent] ? ITEM[parent] : "a string";
    case "number":
      return isInt(schemaAt(path, input)) ? "a whole number" : "a number";
    case "int":
      return "a whole number";
    case "boolean":
      return "true or false";
    default:
      return expected;
  }
}

function sizeMessage(issue: Issue & { code: "too_small" | "too_big" }, path: Path, value: unknown, input: unknown): string {
  const last = path[path.length - 1];
  const limit = Number(issue.code === "too_small" ? issue.minimum : issue.maximum);
  switch (issue.origin) {
    case "number":
    case "int": {
      const bounds = numberBounds(schemaAt(path, input));
      return `${show(value)} is out of range; use ${bounds ?? (issue.code === "too_small" ? `at least ${limit}` : `at most ${limit}`)}`;
    }
    case "array": {
      const items = typeof last === "string" && LIST_ITEMS[last] ? LIST_ITEMS[last] : "items";
      const size = Array.isArray(value) ? value.length : 0;
      return issue.code === "too_small"
        ? `needs at least ${count(limit, singular(items), items)}`
        : `has ${count(size, singular(items), items)}; at most ${formatNumber(limit)}`;
    }
    case "string": {
      const length = typeof value === "string" ? value.length : 0;
      return issue.code === "too_small" && limit === 1
        ? "must not be empty"
        : `is ${count(length, "character")} long; use ${issue.code === "too_small" ? "at least" : "at most"} ${limit}`;
    }
    default:
      return `${show(value)} is ${issue.code === "too_small" ? "too small" : "too large"}`;
  }
}

function singular(plural: string): string {
  return plural.endsWith("s") ? plural.slice(0, -1) : plural;
}

// ---- the schema and the input at a path -----------------------------------------------------

function asSegment(key: PropertyKey): string | number {
  return typeof key === "number" ? key : String(key);
}

function valueAt(input: unknown, path: Path): { found: boolean; value: unknown } {
  let value = input;
  for (const segment of path) {
    if (value === null || typeof value !== "object" || !Object.prototype.hasOwnProperty.call(value, segment)) {
      return { found: false, value: undefined };
    }
    value = (value as Record<string | number, unknown>)[segment];
  }
  return { found: true, value };
}

function unwrap(schema: AnySchema | undefined): AnySchema | undefined {
  let current = schema;
  while (current instanceof z.ZodOptional || current instanceof z.ZodNullable || current instanceof z.ZodDefault) {
    current = current.unwrap() as AnySchema;
  }
  return current;
}

/**
 * The schema that checks the value at `path`, choosing union branches by the input's shape
 * (also for a union at the end of the path, unless `resolveLastUnion` is false).
 */
function schemaAt(path: Path, input: unknown, resolveLastUnion = true): AnySchema | undefined {
  let schema: AnySchema | undefined = CatalogSchema;
  let value = input;
  for (const segment of path) {
    schema = unwrap(schema);
    if (schema instanceof z.ZodUnion) {
      const branch = pickBranch(schema, value);
      schema = branch === undefined ? undefined : unwrap(schema.options[branch] as AnySchema);
    }
    if (schema instanceof z.ZodObject) schema = (schema.shape as Record<string, AnySchema>)[String(segment)];
    else if (schema instanceof z.ZodArray) schema = schema.element as AnySchema;
    else if (schema instanceof z.ZodRecord) schema = schema.valueType as AnySchema;
    else return undefined;
    value = value !== null && typeof value === "object" ? (value as Record<string | number, unknown>)[segment] : undefined;
  }
  schema = unwrap(schema);
  if (resolveLastUnion && schema instanceof z.ZodUnion) {
    const branch = pickBranch(schema, value);
    return branch === undefined ? schema : unwrap(schema.options[branch] as AnySchema);
  }
  return schema;
}

/**
 * The union branch a value was meant for: a map goes to the one map branch whose fields it
 * uses, a scalar to the one scalar branch. Undefined when the shape names no single branch.
 */
function pickBranch(union: AnySchema | undefined, value: unknown): number | undefined {
  if (!(union instanceof z.ZodUnion)) return undefined;
  const options = (union.options as AnySchema[]).map(unwrap);
  const isMap = value !== null && typeof value === "object" && !Array.isArray(value);
  const isScalar = typeof value === "string" || typeof value === "number" || typeof value === "boolean";
  const candidates: number[] = [];
  options.forEach((option, index) => {
    if (option instanceof z.ZodObject) {
      if (!isMap) return;
      const keys = Object.keys(option.shape);
      if (Object.keys(value).some((key) => keys.includes(key))) candidates.push(index);
    } else if (isScalar && !(option instanceof z.ZodArray) && !(option instanceof z.ZodRecord)) {
      candidates.push(index);
    }
  });
  return candidates.length === 1 ? candidates[0] : undefined;
}

function objectKeys(schema: AnySchema | undefined): string[] {
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

/** `.int()` gives a number schema an integer format (`safeint`, `int32`...). */
function isInt(schema: AnySchema | undefined): boolean {
  return schema instanceof z.ZodNumber && (schema.format ?? "").includes("int");
}

function numberBounds(schema: AnySchema | undefined): string | undefined {
  if (!(schema instanceof z.ZodNumber)) return undefined;
  const { minValue, maxValue } = schema;
  if (minValue === null || maxValue === null || !Number.isFinite(minValue) || !Number.isFinite(maxValue)) return undefined;
  return `${isInt(schema) ? "a whole number from" : "a number from"} ${minValue} to ${maxValue}`;
}
