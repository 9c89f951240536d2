/**
 * Two AmiFactory components in one program (a user composing the factory as a library): the
 * example catalog under two factory names, the same images, regions and accounts. A URN holds
 * the parents' types but not their names, so only names that start with the factory's keep the
 * two apart; the offline runner's engine invariants refuse a URN registered twice, and an alias
 * two resources answer to, as the engine does.
 */
import { expect } from "chai";
import * as path from "path";
import { runProgram, type RecordedResource } from "../../offline/run-program";
import { devConfig, ROOT, run } from "../support/program";

const FACTORIES = ["ami-factory", "second-factory"];
const FACTORY_TYPE = "ami-factory:index:AmiFactory";

/** The factory each resource is under, following its parents up to an AmiFactory. */
function factoryOf(resources: readonly RecordedResource[]): Map<RecordedResource, string> {
  const byKey = new Map(resources.map((r) => [`${r.type} ${r.name}`, r]));
  const owner = new Map<RecordedResource, string>();
  for (const resource of resources) {
    let at: RecordedResource | undefined = resource;
    while (at && at.type !== FACTORY_TYPE) at = at.parent ? byKey.get(`${at.parentType} ${at.parent}`) : undefined;
    if (at) owner.set(resource, at.name);
  }
  return owner;
}

describe("two factories in one program", () => {
  let resources: RecordedResource[];
  before(async function () {
    this.timeout(60_000);
    resources = (
      await runProgram({
        root: path.join(ROOT, "tests", "fixtures", "two-factories"),
        config: { ...devConfig(), "two-factories:names": FACTORIES.join(",") },
      })
    ).resources;
  });

  it("registers no URN twice (the engine would refuse the program) and makes each factory whole", async () => {
    const single = await run();
    const owner = factoryOf(resources);
    for (const factory of FACTORIES) {
      expect(
        [...owner.values()].filter((f) => f === factory),
        factory,
      ).to.have.length(single.length);
    }
    expect(owner.size).to.equal(resources.length);
  });

  it("names every resource of a factory after it: `<factory>/...`, or `<factory>-...` for its own components, roles and shared components", () => {
    const owner = factoryOf(resources);
    for (const resource of resources) {
      const factory = owner.get(resource)!;
      const named =
        resource.name === factory || resource.name.startsWith(`${factory}/`) || resource.name.startsWith(`${factory}-`);
      expect(named, `${resource.type} ${resource.name} of ${factory}`).to.equal(true);
    }
  });

  it("lets only the first answer to the names from before names carried the factory's: the engine refuses two resources with one alias", () => {
    const owner = factoryOf(resources);
    const unprefixed = (factory: string) =>
      resources.filter((r) => owner.get(r) === factory && (r.aliases ?? []).some((a) => !a.startsWith(`${factory}/`)));
    expect(unprefixed("ami-factory")).to.not.have.length(0);
    expect(unprefixed("second-factory").map((r) => `${r.type} ${r.name} ${r.aliases?.join(",")}`)).to.deep.equal([]);
  });
});
