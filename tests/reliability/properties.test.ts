/**
 * Properties of the factory over generated valid catalogs (arbitrary.ts): what it holds, that it
 * does not depend on order, that an edit changes only what it is about, and that every name is
 * unique, valid for AWS and stable. Properties of the plan (the catalog loaded and expanded) run
 * on the pure core; properties of what is deployed run the real program under the mock runtime
 * and compare what it registers, and for an edit the changes `plan` itself computes
 * (plan/diff.ts), with what the sample implies.
 */
import { config, expect } from "chai";
import fc from "fast-check";
import type { RecordedResource } from "../../offline/run-program";
import { diffResources, type Change } from "../../plan/diff";
import { fromRecorded, keyOf } from "../../plan/resources";
import { parseName } from "../../catalog/render/names";
import { TYPE } from "../../contract/type-tokens";
import { atTime } from "../support/clock";
import { run } from "../support/program";
import {
  compare,
  FACTORY,
  imageName,
  impliedGrants,
  impliedResources,
  offlineNewest,
  planOf,
  validCatalog,
  type Implied,
  type Sample,
} from "./arbitrary";

// A failed property's resources and changes are long lists: show them whole, not as `[ …(3) ]`
// (in every file this test process runs; only failure messages get longer).
config.truncateThreshold = 0;

const RUNS = 200;

/**
 * Each case of a program property runs the program once or twice (about 0.13 s of CPU for a
 * catalog of 1 to 4 images) besides the case's unedited catalog, which runs once for all of
 * them: at 40 cases the six program properties take about 34 s of CPU together (measured), about
 * as much as they may add to a suite that runs on two workers.
 */
const PROGRAM_RUNS = 40;

/**
 * The program properties draw the same catalogs (one seed, the catalog their first argument),
 * so that each case's unedited catalog runs once for all of them: shared runs
 * (tests/support/program.ts) are kept by catalog text and clock.
 */
const PROGRAM_SEED = Date.now() ^ (Math.random() * 0x1_0000_0000);

/**
 * One stopped clock for every run here: first builds are scheduled from the program's now, and
 * copies' deprecation day comes from it, so two runs compared must see the same time.
 */
const NOW = new Date();

function programAssert<Ts extends [unknown, ...unknown[]]>(property: fc.IAsyncProperty<Ts>) {
  return fc.assert(property, { numRuns: PROGRAM_RUNS, seed: PROGRAM_SEED });
}

/** The resources the program registers for a catalog, at NOW (`fresh`: run it again). */
function registeredAt(catalog: unknown, fresh = false): Promise<readonly RecordedResource[]> {
  return atTime(NOW, () => run(catalog, undefined, { fresh }));
}

/** The changes `plan` shows from one run to another. */
function planned(before: readonly RecordedResource[], after: readonly RecordedResource[]): Change[] {
  return diffResources(before.map(fromRecorded), after.map(fromRecorded));
}

/** `type name` of every resource a sample implies. */
function impliedKeys(sample: Sample): Set<string> {
  return new Set(Object.entries(impliedResources(sample)).flatMap(([type, names]) => names.map((name) => `${type} ${name}`)));
}

/** What a change from one sample to another creates and deletes, by what they imply. */
function impliedChanges(before: Sample, after: Sample): { create: string[]; delete: string[] } {
  const [was, is] = [impliedKeys(before), impliedKeys(after)];
  return {
    create: [...is].filter((key) => !was.has(key)).sort(compare),
    delete: [...was].filter((key) => !is.has(key)).sort(compare),
  };
}

/** The `type name` keys of the changes of one action, sorted. */
function keysOfAction(changes: readonly Change[], action: Change["action"]): string[] {
  return changes
    .filter((c) => c.action === action)
    .map(keyOf)
    .sort(compare);
}

/** The key-policy updates for these regions, as `plan` shows them. */
function keyPolicyUpdates(regions: Iterable<string>): [string, string, string, string[]][] {
  return [...new Set(regions)].sort(compare).map((region) => ["update", TYPE.key, `${FACTORY}/kms/${region}`, ["policy"]]);
}

/** The updates and replacements of a diff, as [action, type, name, paths]. */
function inPlace(changes: readonly Change[]): [string, string, string, string[] | undefined][] {
  return changes.filter((c) => c.action === "update" || c.action === "replace").map((c) => [c.action, c.type, c.name, c.paths]);
}

function sortedResources(resources: readonly RecordedResource[]): RecordedResource[] {
  return [...resources].sort((a, b) => compare(a.type, b.type) || compare(a.name, b.name));
}

function registered(resources: readonly RecordedResource[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const r of resources) (out[r.type] ??= []).push(r.name);
  for (const names of Object.values(out)) names.sort(compare);
  return out;
}

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

/** True when a resource belongs to the image: its name is `<factory>/<image>` or starts with `<factory>/<image>/`. */
function belongsTo(name: string, image: string): boolean {
  const { factory, keys } = parseName(name);
  return factory === FACTORY && keys[0] === image;
}

describe("properties of the factory over generated catalogs", () => {
  it("the generator makes only valid catalogs", () => {
    fc.assert(
      fc.property(validCatalog, ({ catalog }) => {
        planOf(catalog);
      }),
      { numRuns: RUNS },
    );
  });

  it("the program registers exactly what the catalog implies, each resource under its own type and name", async function () {
    this.timeout(300_000);
    await programAssert(
      fc.asyncProperty(validCatalog, async (sample) => {
        const resources = await registeredAt(sample.catalog);
        const keys = resources.map(keyOf);
        expect(
          keys.filter((key, i) => keys.indexOf(key) !== i),
          "registered twice",
        ).to.deep.equal([]);
        const [got, implied] = [registered(resources), impliedResources(sample)];
        for (const type of [...new Set([...Object.keys(implied), ...Object.keys(got)])].sort(compare)) {
          expect(got[type] ?? [], type).to.deep.equal(implied[type] ?? []);
        }
      }),
    );
  });

  it("the plan is the same every time, and whatever the order of images, regions, accounts and keys", () => {
    fc.assert(
      fc.property(validCatalog, fc.integer(), ({ catalog }, seed) => {
        const plan = planOf(catalog);
        expect(planOf(catalog)).to.deep.equal(plan);
        expect(planOf(reordered(catalog, seed))).to.deep.equal(plan);
      }),
      { numRuns: RUNS },
    );
  });

  it("the program registers identical resources when run twice, and whatever the order of the catalog", async function () {
    this.timeout(300_000);
    await programAssert(
      fc.asyncProperty(validCatalog, fc.integer(), async ({ catalog }, seed) => {
        const first = sortedResources(await registeredAt(catalog));
        expect(sortedResources(await registeredAt(catalog, true)), "run twice").to.deep.equal(first);
        expect(sortedResources(await registeredAt(reordered(catalog, seed))), "reordered").to.deep.equal(first);
      }),
    );
  });

  it("the plan does not change when a list repeats a region or an account, or names the build region", () => {
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

  describe("an edit plans only what it is about", () => {
    const NEWCOMER = { name: "newcomer", id: "999988887777" };

    it("adding a principal to an image only creates its grants and updates key policies", async function () {
      this.timeout(300_000);
      await programAssert(
        fc.asyncProperty(validCatalog, fc.nat(), async ({ catalog, implied }, which) => {
          const index = which % catalog.images.length;
          const image = catalog.images[index];
          const edited = structuredClone(catalog);
          edited.accounts = { ...edited.accounts, [NEWCOMER.name]: NEWCOMER.id };
          const current = edited.images[index].accounts ?? edited.defaults?.accounts ?? [];
          edited.images[index].accounts = [...current, NEWCOMER.name];
          const changes = planned(await registeredAt(catalog), await registeredAt(edited));

          // The releases that follow the image's accounts share with the newcomer too.
          const model = implied.images.find((i) => i.name === image.name)!;
          const followers = model.releases.filter((r) => !r.ownAccounts).map((r) => ({ ...r, principals: [NEWCOMER.id] }));
          const grants = impliedGrants(
            { buildRegion: implied.buildRegion, images: [{ ...model, releases: followers }] },
            offlineNewest,
          );
          expect(changes.map((c) => [c.action, c.type, c.name, c.paths])).to.deep.equal([
            ...grants.sort(compare).map((name) => ["create", TYPE.grant, name, undefined]),
            ...keyPolicyUpdates(followers.flatMap((r) => r.regions)),
          ]);
        }),
      );
    });

    it("removing a principal only deletes what it was given (grants, parameters, its provider) and updates key policies", async function () {
      this.timeout(300_000);
      await programAssert(
        fc.asyncProperty(validCatalog, fc.nat(), async (sample, which) => {
          const { catalog, implied } = sample;
          const names = Object.keys(catalog.accounts ?? {});
          fc.pre(names.length > 0);
          const name = names[which % names.length];
          const key = implied.principals[name];
          const edited = structuredClone(catalog);
          delete edited.accounts[name];
          const without = (list: string[] | undefined) => list?.filter((n) => n !== name);
          if (edited.defaults?.accounts) edited.defaults.accounts = without(edited.defaults.accounts);
          for (const image of edited.images) {
            if (image.accounts) image.accounts = without(image.accounts);
            for (const release of Object.values<any>(image.releases ?? {}))
              if (release.accounts) release.accounts = without(release.accounts);
          }
          const changes = planned(await registeredAt(catalog), await registeredAt(edited));

          const releases = implied.images.flatMap((i) => i.releases);
          const remaining: Implied = {
            ...implied,
            images: implied.images.map((i) => ({
              ...i,
              releases: i.releases.map((r) => ({
                ...r,
                principals: r.principals.filter((p) => p !== key),
                consumers: r.consumers.filter((p) => p !== key),
              })),
            })),
          };
          const expected = impliedChanges(sample, { catalog: edited, implied: remaining });
          expect(keysOfAction(changes, "delete")).to.deep.equal(expected.delete);
          expect(keysOfAction(changes, "create")).to.deep.equal([]);
          // An account with a role is also named in every key policy, shared there or not: it may
          // list the key's grants (the delete of its Auto Scaling grants waits on that).
          const everyKey = implied.withRole.includes(name)
            ? [implied.buildRegion, ...implied.images.flatMap((i) => i.regions)]
            : [];
          expect(inPlace(changes)).to.deep.equal(
            keyPolicyUpdates([...releases.filter((r) => r.principals.includes(key)).flatMap((r) => r.regions), ...everyKey]),
          );
        }),
      );
    });

    type Planned = [Change["action"], string, string];
    /** Each edit of an image, and the changes `plan` shows for it, from the image's resource name (`<factory>/<image>`) and its tagged resources. */
    const EDITS: Record<string, { edit: (image: any) => void; plans: (name: string, tagged: string[]) => Planned[] }> = {
      // A recipe is immutable: a new one replaces it, and the pipeline points at the new one.
      description: {
        edit: (image) => (image.description = "edited"),
        plans: (name) => [
          ["update", TYPE.distribution, name],
          ["update", TYPE.pipeline, name],
          ["replace", TYPE.recipe, name],
        ],
      },
      "root volume": {
        edit: (image) => (image.rootVolume = { sizeGiB: 120 }),
        plans: (name) => [
          ["update", TYPE.pipeline, name],
          ["replace", TYPE.recipe, name],
        ],
      },
      schedule: {
        edit: (image) => (image.schedule = { cron: "cron(30 1 ? * MON *)" }),
        plans: (name) => [["update", TYPE.pipeline, name]],
      },
      "an inline component": {
        edit: (image) => (image.components = [{ name: "extra", build: ["echo extra"] }]),
        plans: (name) => [
          ["create", TYPE.component, `${name}/extra`],
          ["update", TYPE.pipeline, name],
          ["replace", TYPE.recipe, name],
        ],
      },
      tags: {
        edit: (image) => (image.tags = { team: "edited" }),
        plans: (name, tagged) =>
          tagged.map((key): Planned => ["update", key.slice(0, key.indexOf(" ")), key.slice(key.indexOf(" ") + 1)]),
      },
      "build instance types": {
        edit: (image) => (image.instanceTypes = image.arch === "arm64" ? ["c7g.xlarge"] : ["c7i.xlarge"]),
        plans: (name) => [["update", TYPE.infrastructure, name]],
      },
    };
    /** The order `plan` lists changes in: by action, then type, then name. */
    const ACTIONS: Change["action"][] = ["create", "update", "replace", "delete"];
    /** The types of an image's resources that carry its tags. */
    const TAGGED = [
      TYPE.amiCopy,
      TYPE.distribution,
      TYPE.pipeline,
      TYPE.recipe,
      TYPE.infrastructure,
      TYPE.lifecycle,
      TYPE.parameter,
    ];

    it("editing one image plans changes to that image's resources only", async function () {
      this.timeout(300_000);
      await programAssert(
        fc.asyncProperty(validCatalog, fc.nat(), fc.constantFrom(...Object.keys(EDITS)), async (sample, which, edit) => {
          const { catalog } = sample;
          const index = which % catalog.images.length;
          const name = catalog.images[index].name;
          const edited = structuredClone(catalog);
          EDITS[edit].edit(edited.images[index]);
          const changes = planned(await registeredAt(catalog), await registeredAt(edited));

          const tagged = TAGGED.flatMap((type) =>
            (impliedResources(sample)[type] ?? []).filter((n) => belongsTo(n, name)).map((n) => `${type} ${n}`),
          );
          const expected = EDITS[edit]
            .plans(`${FACTORY}/${name}`, tagged)
            .sort((a, b) => ACTIONS.indexOf(a[0]) - ACTIONS.indexOf(b[0]) || compare(a[1], b[1]) || compare(a[2], b[2]));
          expect(changes.map((c) => [c.action, c.type, c.name])).to.deep.equal(expected);
        }),
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

    // That every resource has its own type and name is checked where the program's resources are.
    it("every AWS name in the plan is valid, and unique where AWS wants it", () => {
      fc.assert(
        fc.property(validCatalog, ({ catalog }) => {
          const plan = planOf(catalog);
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

    it("the program's names stay the same when another image is added or removed", async function () {
      this.timeout(300_000);
      await programAssert(
        fc.asyncProperty(validCatalog, imageName, async (sample, extra) => {
          const { catalog, implied } = sample;
          fc.pre(!catalog.images.some((image: any) => image.name.toLowerCase() === extra.toLowerCase()));
          const added = structuredClone(catalog);
          const region = "ap-south-1";
          added.images.push({ name: extra, os: "ubuntu-24.04", arch: "arm64", regions: [region], accounts: [] });
          const regions = [region, implied.buildRegion].sort(compare);
          const newcomer: Implied["images"][number] = {
            name: extra,
            regions,
            releases: [
              {
                channel: "latest",
                regions,
                principals: [],
                public: false,
                pinned: false,
                source: "latest",
                consumers: [],
                ownAccounts: false,
              },
            ],
          };
          const withExtra = { catalog: added, implied: { ...implied, images: [...implied.images, newcomer] } };
          const [before, after] = [await registeredAt(catalog), await registeredAt(added)];

          // Only the new image's resources, and the key and components it is the first to need.
          const expected = impliedChanges(sample, withExtra);
          const changes = planned(before, after);
          expect(keysOfAction(changes, "create")).to.deep.equal(expected.create);
          expect(changes.filter((c) => c.action !== "create")).to.deep.equal([]);
          // And back: removing it deletes exactly those.
          expect(planned(after, before)).to.deep.equal(changes.map((c) => ({ action: "delete", type: c.type, name: c.name })));
        }),
      );
    });
  });
});
