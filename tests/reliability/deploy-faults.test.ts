/**
 * What a deployment that stops halfway leaves, and what the next `pulumi up` does about it,
 * checked offline: the long waits have timeouts sized for them, and from any state a stopped
 * deployment can leave (a subset of the resources, closed under what each one references) the
 * program's desired state differs only by creations, under the same names, on any day.
 */
import { expect } from "chai";
import fc from "fast-check";
import { diffResources } from "../../plan/diff";
import { fromRecorded, keyOf, type PlanResource } from "../../plan/resources";
import type { RecordedResource } from "../../offline/run-program";
import { REFERENCE } from "../../offline/wire";
import { TIMEOUTS } from "../../components/timeouts";
import { TYPE } from "../../contract/type-tokens";
import { daysLater } from "../support/clock";
import { exampleCatalog, ofType, run, T } from "../support/program";

/** `240m` -> 240. */
function minutes(duration: string | undefined): number {
  const match = /^(\d+)m$/.exec(duration ?? "");
  if (!match) throw new Error(`not a duration in minutes: ${duration}`);
  return Number(match[1]);
}

/** Keys (`type name`) of the resources a resource needs first: its parent, its provider, what its inputs reference. */
function dependencies(resource: PlanResource, byName: ReadonlyMap<string, PlanResource[]>): string[] {
  const out = new Set<string>();
  for (const match of JSON.stringify(resource.inputs).matchAll(new RegExp(REFERENCE.source, "g")))
    out.add(`${match[1]} ${match[2]}`);
  if (resource.provider) out.add(`pulumi:providers:aws ${resource.provider}`);
  if (resource.parent) for (const parent of byName.get(resource.parent) ?? []) if (!parent.custom) out.add(keyOf(parent));
  return [...out];
}

/** Everything that needs `keys`, directly or not (the resources a failure of `keys` holds back). */
function downstream(resources: readonly PlanResource[], keys: Iterable<string>): Set<string> {
  const byName = groupByName(resources);
  const held = new Set(keys);
  for (let grew = true; grew;) {
    grew = false;
    for (const r of resources) {
      if (!held.has(keyOf(r)) && r.custom && dependencies(r, byName).some((d) => held.has(d))) {
        held.add(keyOf(r));
        grew = true;
      }
    }
  }
  return held;
}

function groupByName(resources: readonly PlanResource[]): Map<string, PlanResource[]> {
  const byName = new Map<string, PlanResource[]>();
  for (const r of resources) byName.set(r.name, [...(byName.get(r.name) ?? []), r]);
  return byName;
}

/** Runs the program with the clock `days` ahead, as a retry on a later day would. */
function runLater(days: number, catalog?: unknown): Promise<RecordedResource[]> {
  return daysLater(days, () => run(catalog, undefined, { fresh: true }));
}

describe("deploy-time faults", () => {
  let desired: PlanResource[];
  let recorded: RecordedResource[];
  before(async function () {
    this.timeout(30_000);
    recorded = await run();
    desired = recorded.map(fromRecorded);
  });

  describe("timeouts of the long waits", () => {
    it("gives every release copy hours to finish, not the provider's 40 minutes", () => {
      const copies = ofType(recorded, T.copy);
      expect(copies).not.to.be.empty;
      for (const copy of copies) {
        expect(minutes(copy.customTimeouts?.create), copy.name).to.be.at.least(240);
        expect(minutes(copy.customTimeouts?.delete), copy.name).to.be.at.least(60);
      }
    });

    it("waits for no build: no resource's timeout is longer than a copy's, and no Image Builder image is made", () => {
      expect(recorded.filter((r) => r.type === "aws:imagebuilder/image:Image")).to.deep.equal([]);
      for (const r of recorded.filter((x) => x.customTimeouts?.create !== undefined)) {
        expect(minutes(r.customTimeouts?.create), `${r.type} ${r.name}`).to.be.at.most(minutes(TIMEOUTS.copy.create));
      }
    });

    it("does not wait on distribution configurations and pipelines, which AWS creates at once", () => {
      for (const type of [T.distribution, T.pipeline, T.recipe]) {
        for (const r of ofType(recorded, type)) expect(r.customTimeouts, `${type} ${r.name}`).to.equal(undefined);
      }
    });
  });

  describe("a deployment that stopped halfway", () => {
    /** The desired state against what a stopped deployment left: a list of `action type name`. */
    function convergence(state: readonly PlanResource[]): string[] {
      return diffResources(state, desired).map((c) => `${c.action} ${c.type} ${c.name}`);
    }

    it("converges after a region's copies failed: the next run only creates them and what needs them", () => {
      const failed = ofType(recorded, T.copy)
        .filter((r) => r.inputs.region === "eu-west-1")
        .map(keyOf);
      const missing = downstream(desired, failed);
      const state = desired.filter((r) => !missing.has(keyOf(r)));
      const expected = desired.filter((r) => missing.has(keyOf(r))).map((r) => `create ${r.type} ${r.name}`);
      expect(expected.filter((line) => line.includes(T.grant)).length, "grants held back").to.be.greaterThan(0);
      expect(convergence(state).sort()).to.deep.equal(expected.sort());
    });

    it("converges after an image's first-build schedule was refused (its time had passed): the next run creates it", () => {
      const schedule = desired.find((r) => r.type === TYPE.schedule && r.name === "ami-factory/al2023-base")!;
      const lines = convergence(desired.filter((r) => r !== schedule));
      expect(lines).to.deep.equal([`create ${TYPE.schedule} ami-factory/al2023-base`]);
    });

    it("converges from any state a stopped deployment can leave, with creations only", function () {
      this.timeout(30_000);
      const byName = groupByName(desired);
      const deps = new Map(desired.map((r) => [keyOf(r), dependencies(r, byName)]));
      const keys = desired.map(keyOf);
      fc.assert(
        fc.property(
          fc.array(fc.nat(), { minLength: keys.length, maxLength: keys.length }),
          fc.nat({ max: keys.length }),
          (priority, stoppedAfter) => {
            // A deployment creates a resource only after everything it needs; among the ready ones, in
            // any order. It stops after `stoppedAfter` creations.
            const state = new Set<string>();
            while (state.size < stoppedAfter) {
              const ready = keys
                .map((key, i) => ({ key, i }))
                .filter(({ key }) => !state.has(key) && deps.get(key)!.every((d) => state.has(d) || !deps.has(d)));
              state.add(ready.reduce((a, b) => (priority[b.i] < priority[a.i] ? b : a)).key);
            }
            const lines = convergence(desired.filter((r) => state.has(keyOf(r))));
            const expected = keys.filter((key) => !state.has(key)).map((key) => `create ${key}`);
            expect(lines.sort()).to.deep.equal(expected.sort());
          },
        ),
        { numRuns: 100 },
      );
    });

    it("asks for the same names and inputs when retried on a later day", async function () {
      this.timeout(30_000);
      const later = (await runLater(3)).map(fromRecorded);
      expect(later.map(keyOf).sort()).to.deep.equal(desired.map(keyOf).sort());
      // Nothing moves with the clock: no copy carries a deprecation time a later run would move.
      expect(diffResources(desired, later)).to.deep.equal([]);
    });
  });

  describe("AMI names when a copy is replaced", () => {
    /**
     * The replacement is created before the old copy goes, and with `retainCopies` the old one
     * stays in AWS: EC2 refuses a second AMI of the same name in a region, on this run and on
     * every retry. So a replaced copy must get a new name (here: a new random suffix).
     */
    async function sameNameReplacements(edit: (catalog: any) => void): Promise<string[]> {
      const base = exampleCatalog();
      base.images.find((i: { name: string }) => i.name === "al2023-base").public = true;
      const head = structuredClone(base);
      edit(head);
      const before = (await run(base)).map(fromRecorded);
      const after = (await run(head)).map(fromRecorded);
      const changes = diffResources(before, after);
      const renewed = new Set(changes.filter((c) => c.action === "replace" || c.action === "create").map(keyOf));
      return changes
        .filter((c) => c.action === "replace" && c.type === T.copy)
        .filter((c) => {
          const old = before.find((r) => keyOf(r) === keyOf(c))!.inputs.name as string;
          const name = after.find((r) => keyOf(r) === keyOf(c))!.inputs.name as string;
          const suffixes = [...name.matchAll(new RegExp(REFERENCE.source, "g"))].map((m) => `${m[1]} ${m[2]}`);
          return old === name && !suffixes.some((key) => renewed.has(key));
        })
        .map((c) => c.name);
    }

    it("gets a new name when the channel moves to another AMI", async function () {
      this.timeout(30_000);
      const moved = await sameNameReplacements(
        (c) => (c.images.find((i: { name: string }) => i.name === "al2023-base").releases.stable.ami = "ami-0fedcba9876543210"),
      );
      expect(moved).to.deep.equal([]);
    });

    // The suffix's keepers hold the encryption and the key too: making a release public
    // replaces its copies, and they must not come back under the retained copies' names.
    it("gets a new name when the release becomes public (its copies are no longer encrypted)", async function () {
      this.timeout(30_000);
      const moved = await sameNameReplacements(
        (c) => (c.images.find((i: { name: string }) => i.name === "al2023-base").releases.stable.public = true),
      );
      expect(moved).to.deep.equal([]);
    });
  });
});
