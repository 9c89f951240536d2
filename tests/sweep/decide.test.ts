/**
 * The sweeper's decision on release copies, on plain data and over days of sweeps: a copy a
 * release serves is never deprecated, however long no `pulumi up` ran; one that stopped being
 * served is deprecated `deprecateAfterDays` after the first sweep that found it unserved, as a
 * build is. No AWS, no catalog file: one image, its channels as the stack's catalog gives them.
 */
import { expect } from "chai";
import { decide, type AmiRecord, type Change, type StackFacts } from "../../sweep/decide";

const FACTORY = "ami-factory";
const BUILD = "us-east-1";
const B1 = "ami-0b000000000000001";
const B2 = "ami-0b000000000000002";
const DAY_MS = 86_400_000;
/** The first sweep of each test: mid-morning, so a deprecation day is visibly a later midnight. */
const START = new Date("2026-03-02T10:30:00Z");
const day = (n: number) => new Date(START.getTime() + n * DAY_MS);

type Channel = StackFacts["images"][number]["channels"][number];

/** One image, `web`, served by these channels; 90 days to deprecation, 365 to deletion. */
function facts(...channels: Channel[]): StackFacts {
  return {
    factory: FACTORY,
    buildRegion: BUILD,
    images: [{ awsName: "web", deprecateAfterDays: 90, deleteAfterDays: 365, channels }],
  };
}

const stable = (ami: string, regions = [BUILD, "eu-west-1"]): Channel => ({ channel: "stable", pinnedAmi: ami, regions });

function ami(region: string, id: string, tags: Record<string, string> = {}): AmiRecord {
  return {
    region,
    id,
    name: `web-${id}`,
    tags: { "ami-factory:factory": FACTORY, "ami-factory:image": "web", ...tags },
    creationDate: "2026-01-05T08:00:00Z",
    deregistrationProtection: "disabled",
    snapshotIds: [`snap-${id.slice(4)}`],
  };
}

/** A copy the stack made of `source`, as the stack tags it. */
const copy = (region: string, id: string, source: string) => ami(region, id, { "ami-factory:source-ami": source });

/** The changes a sweep decides per AMI (`region id`), only those with any. */
function changesOf(amis: readonly AmiRecord[], stack: StackFacts, now: Date): Record<string, Change[]> {
  const out: Record<string, Change[]> = {};
  for (const v of decide(amis, stack, now)) if (v.changes.length) out[`${v.ami.region} ${v.ami.id}`] = v.changes;
  return out;
}

/** The AMIs after a `--deprecate` run made the deprecate step's changes, as EC2 then reports them. */
function deprecateStep(amis: readonly AmiRecord[], stack: StackFacts, now: Date): AmiRecord[] {
  return decide(amis, stack, now).map(({ ami: before, changes }) => {
    const after: AmiRecord = { ...before, tags: { ...before.tags } };
    for (const change of changes) {
      if (change.kind === "deprecate") after.deprecationTime = change.at.replace("Z", ".000Z");
      if (change.kind === "undeprecate") delete after.deprecationTime;
      if (change.kind === "mark") after.tags = { ...after.tags, "ami-factory:released": FACTORY };
    }
    return after;
  });
}

describe("the sweeper's decision on release copies", () => {
  it("never deprecates a copy a release serves, and cancels a deprecation an earlier stack gave it", () => {
    const stack = facts(stable(B1));
    // The stack before this change gave each copy a time `deprecateAfterDays` after its last
    // `pulumi up`; with no up since (an open drift issue), that time has passed.
    const served = { ...copy("eu-west-1", "ami-0c000000000000001", B1), deprecationTime: "2026-03-01T00:00:00.000Z" };
    expect(changesOf([ami(BUILD, B1), served], stack, START)).to.deep.equal({
      [`${BUILD} ${B1}`]: [{ kind: "mark" }],
      "eu-west-1 ami-0c000000000000001": [{ kind: "undeprecate" }],
    });

    // Then a sweep a day for 400 days, no `pulumi up` in between: nothing more to do, ever.
    let amis = deprecateStep([ami(BUILD, B1), served], stack, START);
    for (let n = 1; n <= 400; n++) {
      amis = deprecateStep(amis, stack, day(n));
      expect(changesOf(amis, stack, day(n)), `day ${n}`).to.deep.equal({});
    }
    expect(amis.map((a) => a.deprecationTime)).to.deep.equal([undefined, undefined]);
  });

  it("deprecates a copy deprecateAfterDays after the first sweep that found it unserved, and keeps that time", () => {
    const old = copy("eu-west-1", "ami-0c000000000000001", B1);
    let amis = deprecateStep([ami(BUILD, B1), old], facts(stable(B1)), START);
    expect(amis.map((a) => a.deprecationTime)).to.deep.equal([undefined, undefined]);

    // Day 10: `stable` is promoted to B2; the stack copies it and retains the old copy.
    const promoted = facts(stable(B2));
    amis = [...amis, ami(BUILD, B2), copy("eu-west-1", "ami-0c000000000000002", B2)];
    expect(changesOf(amis, promoted, day(10))).to.deep.equal({
      [`${BUILD} ${B1}`]: [{ kind: "deprecate", at: "2026-06-10T00:00:00Z" }],
      [`${BUILD} ${B2}`]: [{ kind: "mark" }],
      "eu-west-1 ami-0c000000000000001": [{ kind: "deprecate", at: "2026-06-10T00:00:00Z" }],
    });
    amis = deprecateStep(amis, promoted, day(10));

    // Later sweeps leave the time as the first one gave it.
    for (const n of [11, 50, 99]) {
      expect(changesOf(amis, promoted, day(n)), `day ${n}`).to.deep.equal({});
      const verdict = decide(amis, promoted, day(n)).find((v) => v.ami.id === "ami-0c000000000000001")!;
      expect(verdict.reason).to.equal("deprecated only at 2026-06-10T00:00:00.000Z");
    }
    // Once deprecated and never launched, `--apply` removes both: the old build and its copy.
    expect(changesOf(amis, promoted, day(100))).to.deep.equal({
      [`${BUILD} ${B1}`]: [{ kind: "deregister" }],
      "eu-west-1 ami-0c000000000000001": [{ kind: "deregister" }],
    });
  });

  it("cancels the deprecation of a copy that is served again (a promotion undone)", () => {
    const old = { ...copy("eu-west-1", "ami-0c000000000000001", B1), deprecationTime: "2026-06-10T00:00:00.000Z" };
    expect(changesOf([ami(BUILD, B1, { "ami-factory:released": FACTORY }), old], facts(stable(B1)), day(20))).to.deep.equal({
      "eu-west-1 ami-0c000000000000001": [{ kind: "undeprecate" }],
    });
  });

  it("counts a copy in a region its channel no longer serves as unserved, though its source still is", () => {
    const stack = facts({ channel: "candidate", regions: [BUILD, "eu-west-1"] });
    const amis = [
      ami(BUILD, B1, { "ami-factory:served:candidate": FACTORY, "ami-factory:released": FACTORY }),
      copy("eu-west-1", "ami-0c000000000000001", B1),
      // eu-central-1 left the channel's regions: the stack let go of this copy.
      copy("eu-central-1", "ami-0c000000000000003", B1),
    ];
    expect(changesOf(amis, stack, START)).to.deep.equal({
      "eu-central-1 ami-0c000000000000003": [{ kind: "deprecate", at: "2026-05-31T00:00:00Z" }],
    });
  });

  it("keeps every copy of an AMI whose served tag names a channel the catalog no longer has", () => {
    // The catalog dropped `beta`, but no `pulumi up` removed its tag yet: the stack still serves it.
    const amis = [
      ami(BUILD, B2, { "ami-factory:served:beta": FACTORY, "ami-factory:released": FACTORY }),
      copy("ap-southeast-2", "ami-0c000000000000004", B2),
    ];
    const verdicts = decide(amis, facts(stable(B1)), START);
    expect(verdicts.map((v) => [v.ami.id, v.changes, v.reason])).to.deep.equal([
      ["ami-0c000000000000004", [], "served by a release of the stack"],
      [B2, [], "served by a release of the stack"],
    ]);
  });

  it("leaves a served copy the deprecation its release's deprecateAt asks for", () => {
    const stack = facts({ ...stable(B1), deprecateAt: "2027-06-30T00:00:00Z" });
    const amis = [
      ami(BUILD, B1, { "ami-factory:released": FACTORY }),
      { ...copy("eu-west-1", "ami-0c000000000000001", B1), deprecationTime: "2027-06-30T00:00:00.000Z" },
    ];
    const verdicts = decide(amis, stack, START);
    expect(verdicts.map((v) => [v.ami.id, v.changes, v.reason])).to.deep.equal([
      ["ami-0c000000000000001", [], "served by a release of the stack, deprecated at its deprecateAt"],
      [B1, [], "served by a release of the stack"],
    ]);
  });

  it("keeps an AMI launched within the default deleteAfterDays when no image of the stack has a lifecycle of its own", () => {
    // Facts with no image (the schema asks for one, but decide takes any facts): an AMI of the
    // factory, deprecated, launched 10 days ago, falls back to the default lifecycle, not to 0 days.
    const launched = {
      ...ami(BUILD, B2),
      deprecationTime: "2026-03-01T00:00:00.000Z",
      lastLaunchedTime: new Date(START.getTime() - 10 * DAY_MS).toISOString(),
    };
    const verdicts = decide([launched], { factory: FACTORY, buildRegion: BUILD, images: [] }, START);
    expect(verdicts.map((v) => [v.changes, v.reason])).to.deep.equal([[[], "launched 10 days ago (keeps 365)"]]);
  });

  it("follows a latest channel to its newest build that is not disabled", () => {
    // B2 is newer, but disabled: it launches nothing, so B1 is what the channel still serves.
    const older = { ...ami(BUILD, B1), state: "available" };
    const disabled = { ...ami(BUILD, B2), state: "disabled", creationDate: "2026-02-01T08:00:00Z" };
    const latest: Channel = { channel: "candidate", regions: [BUILD] };
    const verdicts = decide([older, disabled], facts(latest), START);
    expect(verdicts.map((v) => [v.ami.id, v.changes, v.reason])).to.deep.equal([
      [B1, [{ kind: "mark" }], "served by a release of the stack"],
      [B2, [{ kind: "deprecate", at: "2026-05-31T00:00:00Z" }], "no release serves it: deprecated 90 days after this sweep"],
    ]);
  });
});
