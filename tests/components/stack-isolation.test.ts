/**
 * Two stacks in one account: every name AWS keeps unique per account and region carries the
 * factory's name, and a `latest` channel finds only its own factory's builds. AWS names are
 * derived injectively from (factory, image, component).
 */
import { expect } from "chai";
import fc from "fast-check";
import { awsNames } from "../../catalog/render/aws-names";
import { COMPONENT_NAME, FACTORY_NAME, IMAGE_NAME } from "../../catalog/schema/schema";
import type { CallInputs } from "../../offline/wire";
import { exampleCatalog, run, T } from "../support/program";
import type { RecordedResource } from "../../offline/run-program";

/** `<type> <AWS name>` of every resource whose name AWS keeps unique in an account and region. */
function namesInAws(resources: RecordedResource[]): string[] {
  const out: string[] = [];
  for (const r of resources) {
    const region = r.inputs.region ?? "";
    // A copy's name holds its source AMI's id, unique in AWS, and a random suffix: unique without
    // the factory's name (offline, both stacks' sources read "(resolved at deploy...)").
    if (r.type === T.copy) continue;
    if (typeof r.inputs.name === "string" && r.custom) out.push(`${r.type} ${region} ${r.inputs.name}`);
    if (r.type === T.distribution) {
      for (const d of r.inputs.distributions) out.push(`ami ${d.region} ${d.amiDistributionConfiguration.name}`);
    }
  }
  return out;
}

describe("stack isolation", () => {
  let web: RecordedResource[];
  let data: RecordedResource[];
  const lookups: CallInputs[] = [];
  before(async () => {
    const catalog = exampleCatalog();
    web = await run(catalog, (token, inputs) => {
      if (token === "aws:ec2/getAmiIds:getAmiIds") lookups.push(inputs);
      return undefined;
    });
    data = await run({ ...catalog, factory: "data-factory" });
  });

  it("gives two stacks of the same catalog under two factory names no AWS name in common", () => {
    const a = new Set(namesInAws(web));
    const shared = namesInAws(data).filter((name) => a.has(name));
    expect(shared).to.deep.equal([]);
    // The check sees every kind of Image Builder name.
    for (const type of [T.recipe, T.infrastructure, T.distribution, T.pipeline, T.lifecycle, T.component]) {
      expect(
        [...a].some((name) => name.startsWith(`${type} `)),
        type,
      ).to.equal(true);
    }
  });

  it("looks up a `latest` channel's newest build by the image's and the factory's tags", () => {
    expect(lookups).not.to.be.empty;
    for (const lookup of lookups) {
      const tags = (lookup.filters ?? []).filter((f) => f.name.startsWith("tag:"));
      expect(tags.map((f) => f.name).sort()).to.deep.equal(["tag:ami-factory:factory", "tag:ami-factory:image"]);
      expect(tags.find((f) => f.name === "tag:ami-factory:factory")!.values).to.deep.equal(["ami-factory"]);
    }
  });
});

describe("AWS names from catalog keys", () => {
  // Valid names (the schema's patterns) over a two-letter alphabet with the separators, short,
  // so that different keys often spell the same letters and a join that loses a boundary shows.
  const factory = fc.stringMatching(/^a[ab-]{1,4}$/).filter((name) => FACTORY_NAME.test(name));
  const image = fc.stringMatching(/^[ab][ab_-]{1,4}[ab]$/).filter((name) => IMAGE_NAME.test(name));
  const component = fc.stringMatching(/^[ab][ab-]{0,4}$/).filter((name) => COMPONENT_NAME.test(name));

  it("never give two different (factory, image, component) keys one component name", () => {
    fc.assert(
      fc.property(fc.tuple(factory, image, component), fc.tuple(factory, image, component), (a, b) => {
        fc.pre(a.join("\n") !== b.join("\n"));
        expect(awsNames.component(...a)).not.to.equal(awsNames.component(...b));
      }),
      { numRuns: 2000 },
    );
  });

  it("never give two different (factory, image) keys one image name", () => {
    fc.assert(
      fc.property(fc.tuple(factory, image), fc.tuple(factory, image), (a, b) => {
        fc.pre(a.join("\n") !== b.join("\n"));
        expect(awsNames.image(...a)).not.to.equal(awsNames.image(...b));
        expect(awsNames.buildAmi(...a)).not.to.equal(awsNames.buildAmi(...b));
      }),
      { numRuns: 2000 },
    );
  });

  /** Every other way to cut `left-right` at a '-' into two valid names. */
  function recuts(left: string, right: string, valid: [RegExp, RegExp]): Array<[string, string]> {
    const joined = `${left}-${right}`;
    const out: Array<[string, string]> = [];
    for (let cut = joined.indexOf("-"); cut >= 0; cut = joined.indexOf("-", cut + 1)) {
      const [l, r] = [joined.slice(0, cut), joined.slice(cut + 1)];
      if (l !== left && valid[0].test(l) && valid[1].test(r)) out.push([l, r]);
    }
    return out;
  }

  it("keep keys apart that read the same once joined with '-'", () => {
    fc.assert(
      fc.property(factory, image, component, (f, i, c) => {
        for (const [f2, i2] of recuts(f, i, [FACTORY_NAME, IMAGE_NAME])) {
          expect(awsNames.image(f2, i2)).not.to.equal(awsNames.image(f, i));
        }
        for (const [i2, c2] of recuts(i, c, [IMAGE_NAME, COMPONENT_NAME])) {
          expect(awsNames.component(f, i2, c2)).not.to.equal(awsNames.component(f, i, c));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("keep images web + component app-x and web-app + component x apart, and a-b/c and a/b-c stacks", () => {
    expect(awsNames.component("ami-factory", "web", "app-x")).not.to.equal(awsNames.component("ami-factory", "web-app", "x"));
    expect(awsNames.image("a-b", "c1")).not.to.equal(awsNames.image("a", "b-c1"));
  });
});
