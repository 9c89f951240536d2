/**
 * Properties of the plan over generated valid catalogs (arbitrary.ts): what it holds, that it does
 * not depend on order, that an edit changes only what it is about, and that every name is unique,
 * valid for AWS and stable. Pure: the catalog is loaded and expanded, the program is not run.
 */
import { expect } from "chai";
import fc from "fast-check";
import { compare, imageName, impliedCopies, impliedGrants, OU_KEY, validCatalog } from "./arbitrary";
import { belongsTo, diffViews, nameOf, planOf, planView } from "./plan-view";
import { offlineNewestBuild } from "../../offline/newest-build";

/** The newest build of an image as the offline run answers it (the generated catalogs keep the default factory). */
const FACTORY = "ami-factory";
const newest = (image: string) => offlineNewestBuild(FACTORY, image);

const RUNS = 200;

/** A deterministic shuffle driven by `seed` (fast-check shrinks the seed, not the order). */
function shuffle<T>(values: readonly T[], seed: number): T[] {
  const out = [...values];
  let state = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i -= 1) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** The same catalog with every list and every map's keys in another order. */
function reordered(value: unknown, seed: number): unknown {
  if (Array.isArray(value))
    return shuffle(
      value.map((item, i) => reordered(item, seed + i + 1)),
      seed,
    );
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).map(([k, v], i) => [k, reordered(v, seed * 31 + i)] as const);
    return Object.fromEntries(shuffle(entries, seed + 7));
  }
  return value;
}

/** The names of a kind of resource in a view. */
function namesOfKind(view: Map<string, string>, kind: string): string[] {
  return [...view.keys()]
    .filter((key) => key.startsWith(`${kind} `))
    .map(nameOf)
    .sort(compare);
}

describe("properties of the plan over generated catalogs", () => {
  it("the generator makes only valid catalogs", () => {
    fc.assert(
      fc.property(validCatalog, ({ catalog }) => {
        planOf(catalog);
      }),
      { numRuns: RUNS },
    );
  });

  it("holds exactly what the catalog implies: a pipeline per image, a copy per source and other region, a grant per AMI, region and principal", () => {
    fc.assert(
      fc.property(validCatalog, ({ catalog, implied }) => {
        const view = planView(planOf(catalog));
        const images = implied.images;
        const expected = {
          pipeline: images.map((i) => `${FACTORY}/${i.name}`),
          copy: impliedCopies(implied, newest),
          grant: impliedGrants(implied, newest),
          parameter: images.flatMap((i) =>
            i.releases.flatMap((r) =>
              r.regions.flatMap((region) => [
                `${FACTORY}/${i.name}/${r.channel}/${region}`,
                ...r.consumers.map((key) => `${FACTORY}/${i.name}/${r.channel}/${region}/${key}`),
              ]),
            ),
          ),
          key: [...new Set([implied.buildRegion, ...images.flatMap((i) => i.regions)])].map(
            (region) => `${FACTORY}/kms/${region}`,
          ),
        };
        for (const [kind, names] of Object.entries(expected)) {
          expect(namesOfKind(view, kind), kind).to.deep.equal([...names].sort(compare));
        }
        for (const kind of ["recipe", "infrastructure", "distribution", "lifecycle", "schedule"]) {
          expect(namesOfKind(view, kind), kind).to.deep.equal(expected.pipeline);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("is the same every time, and whatever the order of images, regions, accounts and keys", () => {
    fc.assert(
      fc.property(validCatalog, fc.integer(), ({ catalog }, seed) => {
        const plan = planOf(catalog);
        expect(planOf(catalog)).to.deep.equal(plan);
        expect(planOf(reordered(catalog, seed))).to.deep.equal(plan);
      }),
      { numRuns: RUNS },
    );
  });

  it("does not change when a list repeats a region or an account, or names the build region", () => {
    fc.assert(
      fc.property(validCatalog, ({ catalog, implied }) => {
        const plan = planOf(catalog);
        const padded = structuredClone(catalog);
        for (const image of padded.images) {
          if (image.regions) image.regions = [...image.regions, implied.buildRegion, image.regions[0]];
          if (image.accounts?.length) image.accounts = [...image.accounts, image.accounts[0]];
        }
        expect(planOf(padded)).to.deep.equal(plan);
      }),
      { numRuns: RUNS },
    );
  });

  describe("an edit changes only what it is about", () => {
    const NEWCOMER = { name: "newcomer", id: "999988887777" };

    it("adding a principal to an image only creates its grants (and updates key policies)", () => {
      fc.assert(
        fc.property(validCatalog, fc.nat(), ({ catalog, implied }, which) => {
          const index = which % catalog.images.length;
          const image = catalog.images[index];
          const before = planView(planOf(catalog));
          const edited = structuredClone(catalog);
          edited.accounts = { ...edited.accounts, [NEWCOMER.name]: NEWCOMER.id };
          const current = edited.images[index].accounts ?? edited.defaults?.accounts ?? [];
          edited.images[index].accounts = [...current, NEWCOMER.name];
          const diff = diffViews(before, planView(planOf(edited)));

          const model = implied.images.find((i) => i.name === image.name)!;
          const followers = model.releases.filter((r) => !r.ownAccounts).map((r) => ({ ...r, principals: [NEWCOMER.id] }));
          const grants = impliedGrants(
            { buildRegion: implied.buildRegion, images: [{ ...model, releases: followers }] },
            newest,
          ).map((name) => `grant ${name}`);
          expect(diff.created).to.deep.equal(grants.sort(compare));
          expect(diff.deleted).to.deep.equal([]);
          expect(diff.changed.filter((key) => !key.startsWith("key "))).to.deep.equal([]);
        }),
        { numRuns: RUNS },
      );
    });

    it("removing a principal only deletes its grants (and its parameters and provider, if it has a role)", () => {
      fc.assert(
        fc.property(validCatalog, fc.nat(), ({ catalog, implied }, which) => {
          const names = Object.keys(catalog.accounts ?? {});
          fc.pre(names.length > 0);
          const name = names[which % names.length];
          const key = implied.principals[name];
          const before = planView(planOf(catalog));
          const edited = structuredClone(catalog);
          delete edited.accounts[name];
          const without = (list: string[] | undefined) => list?.filter((n) => n !== name);
          if (edited.defaults?.accounts) edited.defaults.accounts = without(edited.defaults.accounts);
          for (const image of edited.images) {
            if (image.accounts) image.accounts = without(image.accounts);
            for (const release of Object.values<any>(image.releases ?? {}))
              if (release.accounts) release.accounts = without(release.accounts);
          }
          const diff = diffViews(before, planView(planOf(edited)));

          const ofPrincipal = [...before.keys()].filter(
            (k) =>
              ((k.startsWith("grant ") || k.startsWith("parameter ")) && k.endsWith(`/${key}`)) ||
              k === `provider ${FACTORY}/account/${key}`,
          );
          expect(diff.deleted).to.deep.equal(ofPrincipal.sort(compare));
          expect(diff.created).to.deep.equal([]);
          expect(diff.changed.filter((k) => !k.startsWith("key "))).to.deep.equal([]);
          if (key === OU_KEY) expect(diff.deleted.filter((k) => !k.startsWith("grant "))).to.deep.equal([]);
        }),
        { numRuns: RUNS },
      );
    });

    const EDITS: Record<string, (image: any) => void> = {
      description: (image) => (image.description = "edited"),
      "root volume": (image) => (image.rootVolume = { sizeGiB: 120 }),
      schedule: (image) => (image.schedule = { cron: "cron(30 1 ? * MON *)" }),
      "an inline component": (image) => (image.components = [{ name: "extra", build: ["echo extra"] }]),
      tags: (image) => (image.tags = { team: "edited" }),
      "build instance types": (image) => (image.instanceTypes = image.arch === "arm64" ? ["c7g.xlarge"] : ["c7i.xlarge"]),
    };

    it("editing one image touches only that image's resources", () => {
      fc.assert(
        fc.property(validCatalog, fc.nat(), fc.constantFrom(...Object.keys(EDITS)), ({ catalog }, which, edit) => {
          const index = which % catalog.images.length;
          const name = catalog.images[index].name;
          const before = planView(planOf(catalog));
          const edited = structuredClone(catalog);
          EDITS[edit](edited.images[index]);
          const diff = diffViews(before, planView(planOf(edited)));
          const touched = [...diff.created, ...diff.deleted, ...diff.changed];
          expect(touched, "something changed").not.to.deep.equal([]);
          expect(touched.filter((key) => !belongsTo(key, name))).to.deep.equal([]);
        }),
        { numRuns: RUNS },
      );
    });
  });

  describe("names", () => {
    /** Image Builder's name pattern (recipes, components, infrastructure, distribution, pipelines, lifecycle policies). */
    const IMAGE_BUILDER_NAME = /^[-_A-Za-z0-9][-_A-Za-z0-9 ]{1,126}[-_A-Za-z0-9]$/;
    /** EC2 AMI names: 3 to 128 of letters, digits, ( ) [ ] space . / - ' @ _. */
    const AMI_NAME = /^[A-Za-z0-9()[\] ./\-'@_]{3,128}$/;
    /** What Image Builder puts for `{{ imagebuilder:buildDate }}`, at its longest. */
    const BUILD_DATE = "2027-12-31T23-59-59.999Z";
    /** The AMI copies' names: the prefix, then the source AMI id and 8 random hex digits. */
    const COPY_SUFFIX = "ami-0123456789abcdef0-0a1b2c3d";
    const SSM_NAME = /^\/[A-Za-z0-9_.\-/]{1,1010}$/;
    const KMS_ALIAS = /^alias\/[A-Za-z0-9/_-]{1,250}$/;

    it("every resource name is unique, and every AWS name is valid and unique where AWS wants it", () => {
      fc.assert(
        fc.property(validCatalog, ({ catalog }) => {
          const plan = planOf(catalog);
          planView(plan); // throws on a duplicate Pulumi name
          const awsNames: Record<string, string[]> = {
            recipe: [],
            infrastructure: [],
            distribution: [],
            pipeline: [],
            lifecycle: [],
            component: [],
          };
          for (const component of plan.sharedComponents) awsNames.component.push(component.name);
          for (const image of plan.images) {
            awsNames.recipe.push(image.recipe.name);
            awsNames.infrastructure.push(image.infrastructure.name);
            awsNames.distribution.push(image.distribution.name);
            awsNames.pipeline.push(image.pipeline.name);
            awsNames.lifecycle.push(image.lifecycle.name);
            awsNames.component.push(...image.components.map((c) => c.name));
            for (const region of image.distribution.regions) {
              expect(region.amiName.replace("{{ imagebuilder:buildDate }}", BUILD_DATE)).to.match(AMI_NAME);
            }
            for (const copy of image.releaseResources.copies) expect(`${copy.amiNamePrefix}${COPY_SUFFIX}`).to.match(AMI_NAME);
            for (const release of image.releases) {
              for (const parameter of release.parameters) {
                expect(parameter.name).to.match(SSM_NAME);
                expect(parameter.name.split("/").length - 1, "SSM hierarchy levels").to.be.at.most(15);
              }
            }
            for (const [key, value] of Object.entries(image.tags)) {
              expect(key.length).to.be.within(1, 128);
              expect(value.length).to.be.at.most(256);
            }
          }
          for (const key of plan.keys) expect(key.alias).to.match(KMS_ALIAS);
          for (const [kind, names] of Object.entries(awsNames)) {
            for (const name of names) expect(name, kind).to.match(IMAGE_BUILDER_NAME);
            expect(new Set(names.map((n) => n.toLowerCase())).size, `${kind} names are unique`).to.equal(names.length);
          }
        }),
        { numRuns: RUNS },
      );
    });

    it("names stay the same when another image is added or removed", () => {
      fc.assert(
        fc.property(validCatalog, imageName, ({ catalog }, extra) => {
          fc.pre(!catalog.images.some((image: any) => image.name.toLowerCase() === extra.toLowerCase()));
          const before = planView(planOf(catalog));
          const added = structuredClone(catalog);
          added.images.push({ name: extra, os: "ubuntu-24.04", arch: "arm64", regions: ["ap-south-1"], accounts: [] });
          const after = planView(planOf(added));
          const diff = diffViews(before, after);
          expect(diff.deleted).to.deep.equal([]);
          expect(diff.changed.filter((key) => !key.startsWith("key "))).to.deep.equal([]);
          expect(
            diff.created.filter((key) => !belongsTo(key, extra) && !key.startsWith("key ") && !key.startsWith("component ")),
          ).to.deep.equal([]);
          // And back: removing it gives the first plan again.
          expect(planView(planOf(catalog))).to.deep.equal(before);
        }),
        { numRuns: RUNS },
      );
    });
  });
});
