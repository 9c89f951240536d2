/**
 * Launch permissions over sequences of catalog edits and of what `latest` finds at deploy, on the
 * real program: between consecutive steps the Pulumi engine is simulated (a new resource takes
 * over the old one of its name or of its first alias found; an old one nothing takes over is
 * deleted; one whose force-new input changed is replaced), and after every step
 * - the set of (AMI, region, principal) the AmiLaunchPermission resources hold is the set the
 *   catalog and the newest build imply, with no two resources for one permission;
 * - no grant that is deleted or replaced stood for a permission the new step still implies
 *   (its removal would revoke what another resource records as granted).
 * And across images: a catalog whose two images pin AMIs from one small pool either is refused on
 * each pin the second image shares with the first, or plans no two grants for one permission.
 */
import { expect } from "chai";
import fc from "fast-check";
import { stringify } from "yaml";
import { loadCatalogText } from "../../catalog/load";
import type { RecordedResource } from "../../offline/run-program";
import { forcesReplacement } from "../../plan/replacement";
import { run, T } from "../support/program";

const BUILD_REGION = "us-east-1";
const REGIONS = [BUILD_REGION, "eu-west-1"];
const ACCOUNTS = { a: "111111111111", b: "222222222222" } as const;
const AMIS = ["ami-0aaaaaaaaaaaaaaaa", "ami-0bbbbbbbbbbbbbbbb", "ami-0cccccccccccccccc"];
/** The program takes about a second per run: a few sequences of a few steps. */
const RUNS = 5;

interface Step {
  /** Channel -> `latest` or a pinned AMI id. */
  releases: Record<string, string>;
  accounts: (keyof typeof ACCOUNTS)[];
  /** What `latest` finds at deploy. */
  newest: string;
}

/** An image of a generated catalog: its channels and the accounts it is shared with. */
type Image = Pick<Step, "releases" | "accounts"> & { name: string };

const step: fc.Arbitrary<Step> = fc.record({
  releases: fc.dictionary(fc.constantFrom("alpha", "beta", "gamma"), fc.constantFrom("latest", AMIS[0], AMIS[1]), {
    minKeys: 1,
    maxKeys: 3,
  }),
  accounts: fc.subarray(["a", "b"] as (keyof typeof ACCOUNTS)[], { minLength: 1 }),
  newest: fc.constantFrom(...AMIS),
});

/** Images of one OS and architecture in REGIONS, each shared with its accounts and serving its channels. */
function catalogOf(images: readonly Image[]): unknown {
  return {
    factory: "ami-factory",
    accounts: ACCOUNTS,
    images: images.map((image) => ({
      name: image.name,
      os: "amazon-linux-2023",
      arch: "x86_64",
      regions: REGIONS,
      accounts: image.accounts,
      releases: Object.fromEntries(Object.entries(image.releases).map(([channel, ami]) => [channel, { ami }])),
    })),
  };
}

/** A resource as the simulated state holds it: what it was registered with, and which AMI it is (copies). */
interface Held {
  resource: RecordedResource;
  /** For a copy, a new identity each time it is created or replaced. */
  ami?: string;
}

const COPY_REFERENCE = /^\{\{aws:ec2\/amiCopy:AmiCopy (.+)\.id\}\}$/;
let generation = 0;

/** `(AMI, region, principal)` of a grant, with a copy's reference resolved to the copy's identity. */
function permission(grant: RecordedResource, state: ReadonlyMap<string, Held>): string {
  const image = String(grant.inputs.imageId);
  const copy = COPY_REFERENCE.exec(image);
  const ami = copy ? (state.get(`${T.copy} ${copy[1]}`)?.ami ?? `missing copy ${copy[1]}`) : image;
  const who = grant.inputs.accountId ?? grant.inputs.organizationArn ?? grant.inputs.organizationalUnitArn ?? grant.inputs.group;
  return `${ami} ${grant.inputs.region} ${who}`;
}

/** The engine's step from `old` to the resources one run registered: the new state, and what it deleted or replaced. */
function deploy(old: ReadonlyMap<string, Held>, registered: readonly RecordedResource[]) {
  const next = new Map<string, Held>();
  const claimed = new Set<string>();
  const gone: Held[] = [];
  // Copies first: a grant's AMI is its copy's identity after this step.
  const order = [...registered].sort((a, b) => Number(b.type === T.copy) - Number(a.type === T.copy));
  for (const resource of order) {
    const key = `${resource.type} ${resource.name}`;
    const match = [key, ...(resource.aliases ?? []).map((alias) => `${resource.type} ${alias}`)].find((k) => old.has(k));
    if (match !== undefined) {
      expect(claimed.has(match), `two resources take over ${match}`).to.equal(false);
      claimed.add(match);
    }
    const before = match === undefined ? undefined : old.get(match)!;
    const replaced =
      before !== undefined &&
      Object.keys({ ...before.resource.inputs, ...resource.inputs }).some(
        (input) =>
          forcesReplacement(resource.type, input) &&
          JSON.stringify(before.resource.inputs[input]) !== JSON.stringify(resource.inputs[input]),
      );
    if (replaced) gone.push(before);
    const held: Held = { resource };
    if (resource.type === T.copy) held.ami = before && !replaced ? before.ami : `copy#${++generation}`;
    next.set(key, held);
  }
  // A grant on a copy that was replaced is replaced too: its imageId is a new AMI.
  for (const [key, held] of next) {
    if (held.resource.type !== T.grant) continue;
    const match = [key, ...(held.resource.aliases ?? []).map((a) => `${T.grant} ${a}`)].find((k) => old.has(k));
    if (match === undefined) continue;
    const before = old.get(match)!;
    if (!gone.includes(before) && permission(before.resource, old) !== permission(held.resource, next)) gone.push(before);
  }
  for (const [key, held] of old) if (!claimed.has(key)) gone.push(held);
  return { next, gone };
}

/** The permissions a step implies: per channel its AMI (a copy's identity outside the build region), per region and account. */
function implied(s: Step, state: ReadonlyMap<string, Held>): string[] {
  const copies = [...state.values()].filter((h) => h.resource.type === T.copy);
  const out = new Set<string>();
  for (const ami of Object.values(s.releases)) {
    const source = ami === "latest" ? s.newest : ami;
    for (const region of REGIONS) {
      let target = source;
      if (region !== BUILD_REGION) {
        const found = copies.filter((c) => c.resource.inputs.sourceAmiId === source && c.resource.inputs.region === region);
        expect(found, `copies of ${source} in ${region}`).to.have.length(1);
        target = found[0].ami!;
      }
      for (const account of s.accounts) out.add(`${target} ${region} ${ACCOUNTS[account]}`);
    }
  }
  return [...out].sort();
}

describe("launch permissions over sequences of catalog edits and newest builds", () => {
  it("hold exactly the permissions the catalog implies, once each, and never revoke one still implied", async function () {
    this.timeout(300_000);
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 2, maxLength: 4 }), async (steps) => {
        let state = new Map<string, Held>();
        for (const [i, s] of steps.entries()) {
          const registered = await run(catalogOf([{ name: "web", ...s }]), (token) =>
            token === "aws:ec2/getAmiIds:getAmiIds" ? { id: "newest", ids: [s.newest] } : undefined,
          );
          const { next, gone } = deploy(state, registered);
          const expected = implied(s, next);
          const held = [...next.values()].filter((h) => h.resource.type === T.grant).map((h) => permission(h.resource, next));
          expect(held.slice().sort(), `step ${i}: one grant per permission`).to.deep.equal([...new Set(held)].sort());
          expect([...new Set(held)].sort(), `step ${i}: the permissions the catalog implies`).to.deep.equal(expected);
          const revoked = gone.filter((h) => h.resource.type === T.grant).map((h) => permission(h.resource, state));
          expect(
            revoked.filter((p) => expected.includes(p)),
            `step ${i}: a deleted or replaced grant stood for a permission still implied`,
          ).to.deep.equal([]);
          state = next;
        }
      }),
      {
        numRuns: RUNS,
        // Always among them: latest coincides with a pinned AMI, then moves on to a new build.
        examples: [
          [
            [
              { releases: { candidate: "latest", stable: AMIS[0] }, accounts: ["a"], newest: AMIS[0] },
              { releases: { candidate: "latest", stable: AMIS[0] }, accounts: ["a"], newest: AMIS[2] },
            ],
          ],
        ],
      },
    );
  });
});

type TwoImages = [Image, Image];

/** An image with one or two channels, each on `latest` or a pinned AMI of a pool of two. */
const image = (name: string): fc.Arbitrary<Image> =>
  fc.record({
    name: fc.constant(name),
    releases: fc.dictionary(fc.constantFrom("stable", "candidate"), fc.constantFrom("latest", AMIS[0], AMIS[1]), {
      minKeys: 1,
      maxKeys: 2,
    }),
    accounts: fc.subarray(["a", "b"] as (keyof typeof ACCOUNTS)[], { minLength: 1 }),
  });
const twoImages: fc.Arbitrary<TwoImages> = fc.tuple(image("web"), image("api"));

/** The refusals a pin the second image shares with the first must get: path and message, worked out here. */
function sharedPins([first, second]: TwoImages): string[] {
  return Object.entries(second.releases).flatMap(([channel, ami]) => {
    const owner = Object.entries(first.releases).find(([, pinned]) => pinned === ami && ami !== "latest");
    if (owner === undefined) return [];
    return [
      `images[1].releases.${channel}.ami: "${ami}" is also pinned by image "${first.name}" on channel "${owner[0]}"; ` +
        "AWS keeps one launch permission per AMI and account, so the grants of two images on it would revoke each other's: " +
        "release the AMI from one image, with the accounts of both",
    ];
  });
}

describe("launch permissions across images", () => {
  it("are refused when two images pin one AMI, and otherwise held once each", async function () {
    this.timeout(300_000);
    await fc.assert(
      fc.asyncProperty(twoImages, async (images) => {
        const catalog = catalogOf(images);
        const loaded = loadCatalogText(stringify(catalog), "two-images.yaml");
        const refusals = loaded.ok ? [] : loaded.problems.map((p) => `${p.path}: ${p.message}`);
        expect(refusals, "the refusals of shared pins, and nothing else").to.deep.equal(sharedPins(images));
        if (!loaded.ok) return;
        // The real program, with each image's newest build its own (the offline stand-in).
        const { next } = deploy(new Map(), await run(catalog));
        const held = [...next.values()].filter((h) => h.resource.type === T.grant).map((h) => permission(h.resource, next));
        expect(held.slice().sort(), "one grant per permission across images").to.deep.equal([...new Set(held)].sort());
      }),
      {
        // A refused catalog costs no run of the program.
        numRuns: 2 * RUNS,
        // Always among them: two images that pin one AMI, as the example catalog's two Amazon Linux images could.
        examples: [
          [
            [
              { name: "web", releases: { stable: AMIS[0], candidate: "latest" }, accounts: ["a", "b"] },
              { name: "api", releases: { stable: AMIS[0] }, accounts: ["a"] },
            ],
          ],
        ],
      },
    );
  });
});
