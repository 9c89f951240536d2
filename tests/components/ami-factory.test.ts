import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { expand } from "../../catalog/expand";
import { loadCatalogFile } from "../../catalog/load";
import { AmiFactory } from "../../components/ami-factory";
import { pacer } from "../../components/pace";
import { offlineAnswer, type CallInputs } from "../../offline/run-program";
import { EXAMPLE_CATALOG } from "../support/program";

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
    "ami-factory",
    "dev",
    false,
  );
  return registered;
}

describe("building the factory", () => {
  it("registers each image's resources while the next image is still to be built", async () => {
    const registered = await recordRegistrations();
    const plan = planOf(EXAMPLE_CATALOG);
    const [first, second] = plan.images.map((i) => i.name);

    const factory = new AmiFactory(plan.factory, { plan });
    // The constructor returns while the first image is being built: the rest come on later turns.
    expect(Object.keys(factory.images)).to.have.length.below(plan.images.length);
    await factory.ready;
    expect(Object.keys(factory.images)).to.deep.equal(plan.images.map((i) => i.name));
    await pulumi.runtime.disconnect();
    // The first image's release reached the engine before the second image was even begun.
    expect(registered.indexOf(`${first}/stable/us-east-1`)).to.be.lessThan(registered.indexOf(second));
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
