import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { observeMonitor } from "../../bench/record";
import { expand } from "../../catalog/expand/expand";
import { loadCatalogFile } from "../../catalog/load";
import { AmiFactory } from "../../components/ami-factory";
import { pacer } from "../../components/pace";
import { EngineInvariants } from "../../offline/engine-invariants";
import { PROJECT } from "../../offline/run-program";
import { offlineAnswer, type CallInputs } from "../../offline/wire";
import { EXAMPLE_CATALOG, exampleCatalog, run, writeCatalog } from "../support/program";

/** The catalog in `file`, loaded and expanded. */
function planOf(file: string) {
  const loaded = loadCatalogFile(file);
  if (!loaded.ok) throw new Error(`${file} is invalid`);
  return expand(loaded.catalog);
}

/** Mocks that answer every resource and data source; returns the names registered, in order. */
async function recordRegistrations(): Promise<string[]> {
  const registered: string[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push(args.name);
        return { id: `${args.name}-id`, state: {} };
      },
      call: (args) => offlineAnswer(args.token, args.inputs as CallInputs),
    },
    PROJECT,
    "dev",
    false,
  );
  return registered;
}

describe("building the factory", () => {
  it("registers each image's resources while the next image is still to be built, and hands the factory out complete", async () => {
    const registered = await recordRegistrations();
    const plan = planOf(EXAMPLE_CATALOG);
    const [first, second] = plan.images.map((i) => i.resourceName);

    const factory = await AmiFactory.create(plan.factory, { plan });
    expect(Object.keys(factory.images)).to.deep.equal(plan.images.map((i) => i.name));
    await pulumi.runtime.disconnect();
    // The first image's release reached the engine before the second image was even begun.
    expect(registered.indexOf(`${first}/stable/us-east-1`)).to.be.lessThan(registered.indexOf(second));
  });
});

/** The factory's own components: the factory and the children it names itself. */
const SHARED_COMPONENTS = {
  "ami-factory:index:FactoryKeys": "keys",
  "ami-factory:index:FactoryRoles": "roles",
  "ami-factory:index:AccountAccess": "accounts",
  "ami-factory:index:ScalingGrants": "scaling-grants",
  "ami-factory:index:AllowedImages": "allowed-images",
  "ami-factory:index:PublicSharing": "public-sharing",
};

describe("the factory's components", () => {
  it("are named after the factory, so that two factories in one program register no component twice", async () => {
    const registered = await recordRegistrations();
    const invariants = new EngineInvariants("dev", PROJECT);
    const other = exampleCatalog();
    other.factory = "other-factory";
    // Images of the same name would collide in any case: a stack holds one image of a name.
    other.images = other.images.map((image: { name: string }) => ({ ...image, name: `other-${image.name}` }));
    for (const file of [EXAMPLE_CATALOG, writeCatalog(other)]) {
      const plan = planOf(file);
      await AmiFactory.create(plan.factory, { plan });
    }
    await pulumi.runtime.disconnect();
    // `urn:pulumi:<stack>::<project>::<parent types>$<type>::<name>: registered twice ...`. Only the
    // components are checked: a URN carries its parents' types, not their names, so the leaves
    // named from catalog keys alone (`ami-factory/kms/<region>`, `ami-factory/account/<id>`, ...) still meet.
    const twice = invariants.violations.filter((v) => v.includes("registered twice")).map((v) => v.split("::")[2].split("$"));
    expect(registered).to.include.members(["ami-factory-keys", "other-factory-keys"]);
    const components = twice.filter((types) => types[types.length - 1].startsWith("ami-factory:index:"));
    expect(components).to.deep.equal([]);
  });

  it("answer to the names they had before they were named after the factory, so existing stacks replace nothing", async () => {
    // The alias as the engine receives it: the old name under the same parent, the factory.
    const aliases: Record<string, unknown> = {};
    const undo = observeMonitor({
      // The SDK's request carries the aliases too; bench/record.ts types only what it reads.
      registerResource: (req) => {
        const specs = (
          req as typeof req & { getAliasesList(): { toObject(): { spec?: { name?: string; parenturn?: string } } }[] }
        ).getAliasesList();
        if (req.getType() in SHARED_COMPONENTS)
          aliases[`${req.getType()} ${req.getName()}`] = specs.map((a) => {
            const { name, parenturn } = a.toObject().spec ?? {};
            return { name, parenturn };
          });
      },
    });
    try {
      await run(undefined, undefined, { fresh: true });
    } finally {
      undo();
    }
    const factoryUrn = `urn:pulumi:dev::${PROJECT}::pulumi:pulumi:Stack$ami-factory:index:AmiFactory::ami-factory`;
    expect(aliases).to.deep.equal(
      Object.fromEntries(
        Object.entries(SHARED_COMPONENTS).map(([type, former]) => [
          `${type} ami-factory-${former}`,
          [{ name: former, parenturn: factoryUrn }],
        ]),
      ),
    );
  });
});

describe("the factory's outputs", () => {
  it("are registered by every component, AccountAccess's providers and distribution roles included", async () => {
    const outputs: Record<string, Record<string, unknown>> = {};
    const undo = observeMonitor({
      registerResourceOutputs: (req) => {
        const urn = req.getUrn();
        outputs[`${urn.slice(urn.lastIndexOf("$") + 1)}`] = req.getOutputs()?.toJavaScript() ?? {};
      },
    });
    const catalog = exampleCatalog();
    catalog.images.find((i: { name: string }) => i.name === "windows-2022-base").copyTo = ["prod-web"];
    try {
      await run(catalog, undefined, { fresh: true });
    } finally {
      undo();
    }
    const keysOf = (type: string, name: string) => Object.keys(outputs[`${type}::${name}`] ?? {});
    for (const [type, former] of Object.entries(SHARED_COMPONENTS)) {
      expect(keysOf(type, `ami-factory-${former}`), type).to.have.length.above(0);
    }
    const images = catalog.images.map((i: { name: string }) => i.name);
    expect(keysOf("ami-factory:index:AmiFactory", "ami-factory")).to.deep.equal(["images"]);
    expect(Object.keys(outputs["ami-factory:index:AmiFactory::ami-factory"].images as object).sort()).to.deep.equal(
      images.sort(),
    );
    const access = outputs["ami-factory:index:AccountAccess::ami-factory-accounts"];
    // One provider per account the factory acts in: those with a role that an image is shared with.
    const actedIn = planOf(writeCatalog(catalog)).accounts.map((a) => a.name);
    expect(actedIn).to.include("prod-web");
    expect(Object.keys(access.providers as object).sort()).to.deep.equal([...actedIn].sort());
    expect(access.distributionRoleArns).to.have.keys(["prod-web"]);
  });
});

describe("pacing (components/pace.ts)", () => {
  it("waits for the next turn of the event loop every Nth step, and not in between", async () => {
    const pace = pacer(3);
    let turned = false;
    setImmediate(() => (turned = true));
    await pace();
    await pace();
    expect(turned).to.equal(false);
    await pace();
    expect(turned).to.equal(true);
  });
});
