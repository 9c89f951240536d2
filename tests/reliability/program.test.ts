/**
 * The same properties, a few runs each, on the real program under the mock runtime: what it
 * registers is exactly what a generated catalog implies, the same every time and in any order,
 * and adding a principal is, in the plan's own diff, only its grants and key-policy updates.
 * Every catalog run here also checks the model the pure properties run on (plan-view.ts): the
 * resources it stands for are the ones the program registers, and an edit creates and deletes
 * the same ones in both.
 */
import { expect } from "chai";
import fc from "fast-check";
import { bestPracticeComponents } from "../../catalog/render/component-document";
import type { OsName } from "../../catalog/tables/os-table";
import type { RecordedResource } from "../../offline/run-program";
import { diffResources } from "../../plan/diff";
import { fromRecorded } from "../../plan/resources";
import { TYPE } from "../../contract/type-tokens";
import { atTime } from "../support/clock";
import { run, T } from "../support/program";
import { offlineNewestBuild } from "../../offline/newest-build";
import { compare, impliedCopies, impliedGrants, validCatalog, type Sample } from "./arbitrary";
import { diffViews, nameOf, planOf, planView, type PlanView } from "./plan-view";

/** Each run of the program costs about half a second: a handful per property. */
const RUNS = 4;
const FACTORY = "ami-factory";
const COMPONENT_TYPES = {
  factory: "ami-factory:index:AmiFactory",
  keys: "ami-factory:index:FactoryKeys",
  roles: "ami-factory:index:FactoryRoles",
  accounts: "ami-factory:index:AccountAccess",
  pipeline: "ami-factory:index:ImagePipeline",
  releases: "ami-factory:index:ImageReleases",
  scaling: "ami-factory:index:ScalingGrants",
  allowedImages: "ami-factory:index:AllowedImages",
  publicSharing: "ami-factory:index:PublicSharing",
};
const RANDOM_ID = "random:index/randomId:RandomId";

function sortedResources(resources: RecordedResource[]): RecordedResource[] {
  return [...resources].sort((a, b) => compare(a.type, b.type) || compare(a.name, b.name));
}

/** Type -> sorted names of every resource the catalog implies, worked out from the generator's model. */
function impliedResources({ catalog, implied }: Sample): Record<string, string[]> {
  const images = implied.images;
  const imageNames = images.map((i) => `${FACTORY}/${i.name}`);
  const regions = [...new Set([implied.buildRegion, ...images.flatMap((i) => i.regions)])];
  const oses = new Set<OsName>(catalog.images.map((i: { os: OsName }) => i.os));
  const newest = (image: string) => offlineNewestBuild(FACTORY, image);
  const copies = impliedCopies(implied, newest);
  const consumers = new Set(images.flatMap((i) => i.releases.flatMap((r) => r.consumers)));
  // Public images are not encrypted: Auto Scaling needs no grant for them.
  const unencrypted = new Set(
    catalog.images.filter((i: { public?: boolean }) => i.public === true).map((i: { name: string }) => i.name),
  );
  const scalingGrants = new Set(
    images
      .filter((i) => !unencrypted.has(i.name))
      .flatMap((i) =>
        i.releases.flatMap((r) =>
          r.regions.flatMap((region) => r.consumers.map((id) => `${FACTORY}/scaling-grant/${region}/${id}`)),
        ),
      ),
  );
  const publicRegions = new Set(images.flatMap((i) => i.releases.filter((r) => r.public).flatMap((r) => r.regions)));
  const expected: Record<string, string[]> = {
    [COMPONENT_TYPES.factory]: [FACTORY],
    [COMPONENT_TYPES.keys]: [`${FACTORY}-keys`],
    [COMPONENT_TYPES.roles]: [`${FACTORY}-roles`],
    [COMPONENT_TYPES.accounts]: [`${FACTORY}-accounts`],
    [COMPONENT_TYPES.pipeline]: imageNames,
    [COMPONENT_TYPES.releases]: imageNames,
    [COMPONENT_TYPES.scaling]: [`${FACTORY}-scaling-grants`],
    [COMPONENT_TYPES.allowedImages]: [`${FACTORY}-allowed-images`],
    [COMPONENT_TYPES.publicSharing]: [`${FACTORY}-public-sharing`],
    "aws:kms/grant:Grant": [...scalingGrants],
    "aws:ec2/imageBlockPublicAccess:ImageBlockPublicAccess": [...publicRegions].map((r) => `${FACTORY}/image-public-access/${r}`),
    // Shared by the whole factory.
    [T.key]: regions.map((region) => `${FACTORY}/kms/${region}`),
    [T.alias]: regions.map((region) => `${FACTORY}/kms/${region}`),
    [T.role]: [`${FACTORY}-build-instance`, `${FACTORY}-lifecycle`, `${FACTORY}-first-build`],
    [T.rolePolicy]: [`${FACTORY}-first-build/start-pipeline`],
    [TYPE.scheduleGroup]: [`${FACTORY}-first-builds`],
    [T.attachment]: [
      `${FACTORY}-build-instance/ssm-core`,
      `${FACTORY}-build-instance/image-builder`,
      `${FACTORY}-lifecycle/lifecycle`,
    ],
    [T.instanceProfile]: [`${FACTORY}-build-instance`],
    [T.component]: [...new Set([...oses].flatMap((os) => bestPracticeComponents(os).map((doc) => `${FACTORY}-${doc.name}`)))],
    [T.provider]: [...consumers].map((id) => `${FACTORY}/account/${id}`),
    // Per image.
    [T.recipe]: imageNames,
    [T.infrastructure]: imageNames,
    [T.distribution]: imageNames,
    [T.pipeline]: imageNames,
    [T.lifecycle]: imageNames,
    [TYPE.schedule]: imageNames,
    // Per release.
    [T.copy]: copies,
    // The served tag of each release.
    [T.tag]: images.flatMap((i) => i.releases.map((r) => `${FACTORY}/${i.name}/${r.channel}`)),
    [RANDOM_ID]: copies,
    [T.grant]: impliedGrants(implied, newest),
    [T.parameter]: images.flatMap((i) =>
      i.releases.flatMap((r) =>
        r.regions.flatMap((region) => [
          `${FACTORY}/${i.name}/${r.channel}/${region}`,
          ...r.consumers.map((id) => `${FACTORY}/${i.name}/${r.channel}/${region}/${id}`),
        ]),
      ),
    ),
  };
  return Object.fromEntries(
    Object.entries(expected)
      .filter(([, names]) => names.length > 0)
      .map(([type, names]) => [type, names.sort(compare)]),
  );
}

/** The resource type each kind of plan-view.ts stands for. */
const VIEW_TYPES: Record<string, string> = {
  key: T.key,
  component: T.component,
  provider: T.provider,
  recipe: T.recipe,
  infrastructure: T.infrastructure,
  distribution: T.distribution,
  pipeline: T.pipeline,
  lifecycle: T.lifecycle,
  schedule: TYPE.schedule,
  copy: T.copy,
  grant: T.grant,
  parameter: T.parameter,
};
const VIEWED = new Set(Object.values(VIEW_TYPES));

/** `type name` of each resource a view stands for. */
function viewed(keys: Iterable<string>): string[] {
  return [...keys].map((key) => `${VIEW_TYPES[key.slice(0, key.indexOf(" "))]} ${nameOf(key)}`).sort(compare);
}

/** The model's view of a catalog, checked against what the program registered for it. */
function checkedView(catalog: unknown, resources: readonly RecordedResource[]): PlanView {
  const view = planView(planOf(catalog));
  const program = resources.filter((r) => VIEWED.has(r.type)).map((r) => `${r.type} ${r.name}`);
  expect(viewed(view.keys()), "plan-view.ts against the program").to.deep.equal(program.sort(compare));
  return view;
}

function registered(resources: RecordedResource[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const r of resources) (out[r.type] ??= []).push(r.name);
  for (const names of Object.values(out)) names.sort(compare);
  return out;
}

describe("properties of the program over generated catalogs", () => {
  it("registers exactly the resources the catalog implies, and nothing else", async function () {
    this.timeout(60_000);
    await fc.assert(
      fc.asyncProperty(validCatalog, async (sample) => {
        const resources = await run(sample.catalog);
        expect(registered(resources)).to.deep.equal(impliedResources(sample));
        checkedView(sample.catalog, resources);
      }),
      { numRuns: RUNS + 2 },
    );
  });

  it("registers identical resources when run twice, and when the catalog is written in another order", async function () {
    this.timeout(60_000);
    await fc.assert(
      fc.asyncProperty(validCatalog, async ({ catalog }) => {
        // At one time: first builds are scheduled from the program's now.
        const now = new Date();
        const first = sortedResources(await atTime(now, () => run(catalog, undefined, { fresh: true })));
        checkedView(catalog, first);
        expect(sortedResources(await atTime(now, () => run(catalog, undefined, { fresh: true }))), "run twice").to.deep.equal(
          first,
        );
        const reversed = structuredClone(catalog);
        reversed.images.reverse();
        for (const image of reversed.images) {
          image.regions?.reverse();
          image.accounts?.reverse();
          if (image.releases) image.releases = Object.fromEntries(Object.entries(image.releases).reverse());
        }
        if (reversed.accounts) reversed.accounts = Object.fromEntries(Object.entries(reversed.accounts).reverse());
        expect(sortedResources(await atTime(now, () => run(reversed))), "reordered").to.deep.equal(first);
      }),
      { numRuns: RUNS - 1 },
    );
  });

  it("adding a principal to an image plans only its grants and key-policy updates", async function () {
    this.timeout(60_000);
    await fc.assert(
      fc.asyncProperty(validCatalog, fc.nat(), async ({ catalog, implied }, which) => {
        const index = which % catalog.images.length;
        const image = catalog.images[index];
        const edited = structuredClone(catalog);
        edited.accounts = { ...edited.accounts, newcomer: "999988887777" };
        edited.images[index].accounts = [...(edited.images[index].accounts ?? edited.defaults?.accounts ?? []), "newcomer"];
        const [before, after] = [await run(catalog), await run(edited)];
        const changes = diffResources(before.map(fromRecorded), after.map(fromRecorded));
        const views = diffViews(checkedView(catalog, before), checkedView(edited, after));
        const made = (action: string) =>
          changes
            .filter((c) => c.action === action && VIEWED.has(c.type))
            .map((c) => `${c.type} ${c.name}`)
            .sort(compare);
        expect(viewed(views.created), "created, in plan-view.ts and the program").to.deep.equal(made("create"));
        expect(viewed(views.deleted), "deleted, in plan-view.ts and the program").to.deep.equal(made("delete"));

        const model = implied.images.find((i) => i.name === image.name)!;
        const followers = model.releases.filter((r) => !r.ownAccounts).map((r) => ({ ...r, principals: ["999988887777"] }));
        const grants = impliedGrants({ buildRegion: implied.buildRegion, images: [{ ...model, releases: followers }] }, (i) =>
          offlineNewestBuild(FACTORY, i),
        );
        const regionsWithGrants = new Set(model.releases.filter((r) => !r.ownAccounts).flatMap((r) => r.regions));
        expect(changes.map((c) => [c.action, c.type, c.name, c.paths])).to.deep.equal([
          ...grants.sort(compare).map((name) => ["create", T.grant, name, undefined]),
          ...[...regionsWithGrants].sort(compare).map((region) => ["update", T.key, `${FACTORY}/kms/${region}`, ["policy"]]),
        ]);
      }),
      { numRuns: RUNS - 1 },
    );
  });
});
