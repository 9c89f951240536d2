/**
 * A stack made before resource names carried the factory's name keeps every resource: each one
 * the program registers today answers, by its name or an alias, to exactly one resource the
 * example catalog registered at commit bfaf61a (tests/fixtures/resource-names-bfaf61a.json, every
 * `type name` of that run, made once with the offline runner), and the plan's diff from those
 * names to today's shows renames only.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import type { RecordedResource } from "../../offline/run-program";
import { REFERENCE } from "../../offline/wire";
import { diffResources } from "../../plan/diff";
import { fromRecorded, keyOf, type PlanResource } from "../../plan/resources";
import { inFactory, ROOT, run } from "../support/program";

const BEFORE: readonly string[] = JSON.parse(
  fs.readFileSync(path.join(ROOT, "tests", "fixtures", "resource-names-bfaf61a.json"), "utf8"),
);

/** The keys (`type name`) of bfaf61a's run a resource answers to: its own name and its aliases. */
function formerKeys(resource: RecordedResource, before: ReadonlySet<string>): string[] {
  return [resource.name, ...(resource.aliases ?? [])].map((name) => `${resource.type} ${name}`).filter((k) => before.has(k));
}

/**
 * Today's run as bfaf61a's would have recorded it: every resource, its parent and its explicit
 * provider under its old name, and references to other resources too, no aliases. The fixture
 * holds names only; their inputs were the same (compared once, on that commit's run).
 */
function asBefore(resources: readonly RecordedResource[]): PlanResource[] {
  const before = new Set(BEFORE);
  const old = new Map(resources.map((r) => [keyOf(r), formerKeys(r, before)[0].slice(r.type.length + 1)]));
  const renamed = (type: string, name: string) => old.get(`${type} ${name}`) ?? name;
  const rewrite = (value: unknown): unknown => {
    if (typeof value === "string") {
      return value.replace(
        REFERENCE,
        (_, type: string, name: string, property: string) => `{{${type} ${renamed(type, name)}.${property}}}`,
      );
    }
    if (Array.isArray(value)) return value.map(rewrite);
    if (value !== null && typeof value === "object")
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewrite(v)]));
    return value;
  };
  return resources.map((r) => {
    const { aliases: _aliases, ...rest } = fromRecorded(r);
    const was: PlanResource = { ...rest, name: renamed(r.type, r.name), inputs: rewrite(r.inputs) as PlanResource["inputs"] };
    if (r.parent !== undefined) was.parent = renamed(r.parentType!, r.parent);
    if (r.provider !== undefined) was.provider = renamed(`pulumi:providers:${r.type.split(":")[0]}`, r.provider);
    return was;
  });
}

describe("a stack made before names carried the factory's (bfaf61a)", () => {
  let resources: RecordedResource[];
  before(async () => {
    resources = await run();
  });

  it("finds each resource under exactly one of its old names, and each old name taken by one resource", () => {
    const before = new Set(BEFORE);
    const takers = new Map<string, string[]>();
    for (const resource of resources) {
      const keys = formerKeys(resource, before);
      expect(keys, keyOf(resource)).to.have.length(1);
      takers.set(keys[0], [...(takers.get(keys[0]) ?? []), keyOf(resource)]);
    }
    expect(BEFORE.filter((key) => takers.get(key)?.length !== 1)).to.deep.equal([]);
  });

  it("plans renames only from the old names to today's: no creation, deletion, replacement or changed input", () => {
    const changes = diffResources(asBefore(resources), resources.map(fromRecorded));
    const other = changes.filter((c) => c.action !== "update" || (c.paths ?? []).length > 0 || c.renamedFrom === undefined);
    expect(other.map((c) => `${c.action} ${c.type} ${c.name} ${(c.paths ?? []).join(", ")}`)).to.deep.equal([]);
    // Every resource below the factory moved; the factory's own components, roles and shared components kept their names.
    expect(changes.length).to.equal(resources.filter((r) => r.name.startsWith(inFactory(""))).length);
  });
});
