/**
 * The limits table against AWS's own API models: every row is at least as strict as the
 * constraints AWS publishes for the request member its value is sent as (botocore's service
 * models, tests/support/aws-api-models.ts). A row looser than AWS would let `validate` and the
 * inputs check pass a value the API then refuses in `pulumi up`. A row may be stricter (the
 * provider's validators, EC2's limits on what Image Builder makes, a documented quota).
 *
 * Patterns are compared by example: strings the row accepts (drawn from its own pattern and
 * length) must match AWS's pattern, taken as a whole-string match, the strict reading (the
 * models' patterns are not always anchored).
 */
import { expect } from "chai";
import fc from "fast-check";
import { AWS_LIMITS, type LimitRow } from "../../contract/aws-limits";
import { MEMBERS, membersOf, readFacts, type ModelConstraint } from "../support/aws-api-models";

const facts = readFacts();
const SAMPLES = 300;

/** AWS's pattern as a whole-string JavaScript regular expression (the models use Java's syntax). */
function modelRegex(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern.replace(/^\^/, "").replace(/\$$/, "")})$`, "u");
}

/** The row's pattern without lookaheads, which fast-check cannot draw from; samples are filtered by the whole row. */
function drawable(pattern: RegExp): RegExp {
  return new RegExp(pattern.source.replace(/\(\?!(?:[^()\\]|\\.)*\)/g, ""), pattern.flags);
}

/** Whether every row of a path accepts the value: a path's rows all bind (the provider's and AWS's). */
function rowsAccept(rows: readonly LimitRow[], value: string): boolean {
  return rows.every(({ bounds: b = {} }) => {
    const length = [...value].length;
    if (b.length && (length < b.length.min || length > b.length.max)) return false;
    if (b.bytes !== undefined && Buffer.byteLength(value) > b.bytes) return false;
    if (b.values && !b.values.includes(value)) return false;
    return b.pattern ? b.pattern.test(value) : true;
  });
}

/** Strings a path's rows accept: from a closed set or a pattern where one has it, else any Unicode within their length. */
function samplesOf(rows: readonly LimitRow[]): string[] {
  const values = rows.find((row) => row.bounds?.values)?.bounds?.values;
  if (values) return values.filter((v) => rowsAccept(rows, v));
  const pattern = rows.find((row) => row.bounds?.pattern)?.bounds?.pattern;
  const lengths = rows.flatMap((row) => row.bounds?.length ?? []);
  const maxLength = Math.min(...lengths.map((l) => l.max), ...rows.flatMap((row) => row.bounds?.bytes ?? []), 300);
  const arbitrary = pattern
    ? fc.stringMatching(drawable(pattern))
    : fc.string({ unit: "binary", minLength: Math.max(0, ...lengths.map((l) => l.min)), maxLength });
  return fc.sample(
    arbitrary.filter((s) => rowsAccept(rows, s)),
    { numRuns: SAMPLES, seed: 4711 },
  );
}

/** The tightest of the rows' numeric bounds of one kind (counts or ranges). */
function tightest(rows: readonly LimitRow[], kind: "count" | "range"): { min?: number; max: number } | undefined {
  const all = rows.flatMap((row) => row.bounds?.[kind] ?? []);
  if (all.length === 0) return undefined;
  const mins = all.flatMap((b) => (b.min === undefined ? [] : [b.min]));
  return { max: Math.min(...all.map((b) => b.max)), ...(mins.length > 0 ? { min: Math.max(...mins) } : {}) };
}

function refuses(model: ModelConstraint, sample: string): boolean {
  const length = [...sample].length;
  return (
    (model.enum !== undefined && !model.enum.includes(sample)) ||
    (model.max !== undefined && length > model.max) ||
    (model.min !== undefined && length < model.min) ||
    (model.pattern !== undefined && !modelRegex(model.pattern).test(sample))
  );
}

/**
 * What the rows of one path accept that AWS refuses, one line per looser bound. With several
 * members (the value chooses the call), a value must be taken by at least one.
 */
function looser(rows: readonly LimitRow[], models: readonly ModelConstraint[]): string[] {
  const [model] = models;
  const problems: string[] = [];
  const range = (what: string, own: { min?: number; max: number } | undefined) => {
    if (model.max !== undefined && (own === undefined || own.max > model.max)) {
      problems.push(`${what} at most ${model.max}, the rows allow ${own?.max ?? "any"}`);
    }
    // An empty list or map is not sent at all by the provider, so only a stated minimum is compared.
    if (model.min !== undefined && own?.min !== undefined && own.min < model.min) {
      problems.push(`${what} at least ${model.min}, the rows allow ${own.min}`);
    }
  };
  if (model.type === "list" || model.type === "map") {
    range("AWS takes items", tightest(rows, "count"));
  } else if (model.type === "integer" || model.type === "long") {
    range("AWS takes", tightest(rows, "range"));
  } else if (model.type === "boolean") {
    if (samplesOf(rows).some((v) => v !== "true" && v !== "false")) problems.push("AWS takes a boolean");
  } else if (model.type === "string") {
    const refused = samplesOf(rows).find((sample) => models.every((m) => refuses(m, sample)));
    if (refused !== undefined) {
      const aws = models.map(({ shape: _, ...constraint }) => JSON.stringify(constraint)).join(" or ");
      problems.push(`the rows accept ${JSON.stringify(refused)}, which AWS refuses (${aws})`);
    }
  }
  return problems;
}

describe("the AWS limits table against AWS's API models", () => {
  const rows = AWS_LIMITS.filter((row) => row.bounds !== undefined);
  const paths = new Map<string, LimitRow[]>();
  for (const row of rows) paths.set(`${row.type} ${row.path}`, [...(paths.get(`${row.type} ${row.path}`) ?? []), row]);

  it(`reads its facts from a named botocore commit (${facts.source.split(" ").slice(0, 2).join(" ")})`, () => {
    expect(facts.source).to.match(/^boto\/botocore [0-9a-f]{40} /);
  });

  it("names the request member of every row of a type that reaches an AWS API", () => {
    const unmapped = rows.filter(
      (row) => MEMBERS[row.type] !== undefined && row.path !== "region" && membersOf(row.type, row.path) === undefined,
    );
    expect(unmapped.map((row) => `${row.type} ${row.path}`)).to.deep.equal([]);
    const types = new Set(rows.filter((row) => row.path !== "region").map((row) => row.type));
    expect([...types].filter((type) => MEMBERS[type] === undefined && type !== "pulumi:providers:aws")).to.deep.equal([]);
  });

  it("has the model's constraints for every member it names (else run tests/support/aws-api-models.ts)", () => {
    const named = new Set(rows.flatMap((row) => membersOf(row.type, row.path) ?? []));
    expect([...named].filter((member) => facts.members[member] === undefined)).to.deep.equal([]);
  });

  it("has no row looser than AWS's constraint on the member", () => {
    const problems = [...paths].flatMap(([key, pathRows]) => {
      const members = membersOf(pathRows[0].type, pathRows[0].path) ?? [];
      const models = members.flatMap((member) => facts.members[member] ?? []);
      return models.length === 0 ? [] : looser(pathRows, models).map((p) => `${key} (${members.join(" | ")}): ${p}`);
    });
    expect(problems).to.deep.equal([]);
  });

  it("can fail: rows looser than the model are reported", () => {
    const model: ModelConstraint = { shape: "S", type: "string", max: 10, pattern: "[a-z]+" };
    const row = (bounds: LimitRow["bounds"]): LimitRow => ({ type: "t", path: "p", bounds, source: "https://x" });
    expect(looser([row({ length: { min: 1, max: 10 }, pattern: /^[a-z]+$/ })], [model])).to.deep.equal([]);
    expect(looser([row({ length: { min: 1, max: 11 }, pattern: /^[a-z]+$/ })], [model])).to.have.length(1);
    expect(looser([row({ length: { min: 1, max: 10 }, pattern: /^[a-z0-9]+$/ })], [model])).to.have.length(1);
    expect(looser([row({ length: { min: 1, max: 10 } })], [model])).to.have.length(1);
    // Two rows on one path bind together: the pattern of one, the length of the other.
    expect(looser([row({ pattern: /^[a-z]+$/ }), row({ length: { min: 1, max: 10 } })], [model])).to.deep.equal([]);
    const integer: ModelConstraint = { shape: "I", type: "integer", min: 1, max: 64 };
    expect(looser([row({ range: { min: 1, max: 64 } })], [integer])).to.deep.equal([]);
    expect(looser([row({ range: { min: 1, max: 65 } })], [integer])).to.have.length(1);
    const choice = (values: string[]): ModelConstraint => ({ shape: "E", type: "string", enum: values });
    expect(looser([row({ values: ["A", "C"] })], [choice(["A", "B"])])).to.have.length(1);
    expect(looser([row({ values: ["A", "C"] })], [choice(["A"]), choice(["C"])])).to.deep.equal([]);
  });
});
