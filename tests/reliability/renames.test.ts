/**
 * Renaming an image with `renamedFrom`: every resource keeps its identity through an alias, the
 * AWS names keep the image's first name, and the plan's diff shows no replacement, creation or
 * deletion. Without `renamedFrom` the same edit replaces everything the image has, which is what
 * the first tests guard against.
 */
import { expect } from "chai";
import { offlineNewestBuild } from "../../offline/newest-build";
import { diffResources, type Change } from "../../plan/diff";
import { fromRecorded } from "../../plan/resources";
import { TYPE } from "../../contract/type-tokens";
import { exampleCatalog, inFactory, run, T } from "../support/program";

const OLD = "ubuntu-2404-web";
const NEW = "web-nginx";

/** The example catalog, its inline component without a description (the default one names the image). */
function catalog(): any {
  const c = exampleCatalog();
  delete image(c, OLD).components[0].description;
  return c;
}

function image(c: any, name: string): any {
  return c.images.find((i: { name: string }) => i.name === name);
}

function renamed(from: any, current: string, next: string, renamedFrom?: string[]): any {
  const c = structuredClone(from);
  const entry = image(c, current);
  entry.name = next;
  if (renamedFrom) entry.renamedFrom = renamedFrom;
  else delete entry.renamedFrom;
  return c;
}

async function changes(base: unknown, head: unknown): Promise<Change[]> {
  return diffResources((await run(base)).map(fromRecorded), (await run(head)).map(fromRecorded));
}

/** Actions by resource, for messages that show what went wrong. */
function summary(list: Change[]): string[] {
  return list.map((c) => `${c.action} ${c.type} ${c.name}${c.paths?.length ? ` (${c.paths.join(", ")})` : ""}`);
}

describe("renaming an image", () => {
  let withAlias: Change[];
  before(async function () {
    this.timeout(30_000);
    withAlias = await changes(catalog(), renamed(catalog(), OLD, NEW, [OLD]));
  });

  it("with renamedFrom, plans no replacement, creation or deletion", () => {
    expect(summary(withAlias.filter((c) => c.action !== "update"))).to.deep.equal([]);
  });

  it("moves every resource of the image to its new name, through an alias to the old one", () => {
    const moved = withAlias.filter((c) => c.renamedFrom !== undefined);
    expect(moved.length).to.be.at.least(20);
    for (const c of moved) expect(c.renamedFrom, c.name).to.equal(c.name.replace(NEW, OLD));
    expect(moved.map((c) => c.type)).to.include.members([
      T.pipeline,
      T.recipe,
      T.component,
      T.copy,
      T.grant,
      T.parameter,
      TYPE.schedule,
    ]);
  });

  it("changes at most descriptions in place: every AWS name, tag and version stays", () => {
    const paths = new Set(withAlias.flatMap((c) => c.paths ?? []));
    expect([...paths]).to.deep.equal(["description"]);
  });

  it("renamed again, keeps the first name for AWS (renamedFrom lists the names oldest first)", async function () {
    this.timeout(30_000);
    // The second name sorts before the first: a sorted renamedFrom would pick it for AWS.
    const once = renamed(catalog(), OLD, "aa-web", [OLD]);
    const twice = renamed(once, "aa-web", NEW, [OLD, "aa-web"]);
    const again = await changes(once, twice);
    expect(summary(again.filter((c) => c.action !== "update"))).to.deep.equal([]);
    expect([...new Set(again.flatMap((c) => c.paths ?? []))]).to.deep.equal(["description"]);
  });

  it("without renamedFrom, deletes and creates every resource of the image (the test can fail)", async function () {
    this.timeout(30_000);
    const without = await changes(catalog(), renamed(catalog(), OLD, NEW));
    const deleted = without.filter((c) => c.action === "delete").map((c) => `${c.type} ${c.name}`);
    const created = without.filter((c) => c.action === "create").map((c) => `${c.type} ${c.name}`);
    // Without renamedFrom the AWS name changes too: `latest` looks for another image's builds.
    const copy = (image: string) => `${T.copy} ${inFactory(image)}/copy/${offlineNewestBuild("ami-factory", image)}/eu-west-1`;
    expect(deleted).to.include.members([`${T.pipeline} ${inFactory(OLD)}`, `${T.recipe} ${inFactory(OLD)}`, copy(OLD)]);
    expect(created).to.include.members([`${T.pipeline} ${inFactory(NEW)}`, `${T.recipe} ${inFactory(NEW)}`, copy(NEW)]);
    expect(without.filter((c) => c.renamedFrom !== undefined)).to.deep.equal([]);
  });
});
