/**
 * `npm run sweep` against EC2 as aws-sdk-client-mock answers it: a small account kept in memory
 * (regions, AMIs with tags, deprecation, last launch and protection, snapshots with tags) that the
 * commands read and change, so a run that stopped half-way can be run again.
 */
import {
  CreateTagsCommand,
  DeleteSnapshotCommand,
  DeregisterImageCommand,
  DescribeImagesCommand,
  DescribeRegionsCommand,
  DescribeSnapshotsCommand,
  DisableImageDeprecationCommand,
  EC2Client,
  EnableImageDeprecationCommand,
  type Image,
} from "@aws-sdk/client-ec2";
import { mockClient } from "aws-sdk-client-mock";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { main, USAGE } from "../../cli/sweep";
import { ROOT } from "../support/program";

const NOW = new Date("2026-12-01T12:00:00Z");
const LONG_AGO = "2025-01-01T00:00:00Z";
const PINNED = "ami-0abcdef1234567890"; // al2023-base's stable channel in config/catalog.yaml

interface FakeAmi {
  region: string;
  image: Image;
}

/**
 * An AMI the factory made and nothing serves: of an image that left the catalog, deprecated,
 * never launched, unprotected.
 */
function leftOver(region: string, id: string, extra: Partial<Image> = {}, tags: Record<string, string> = {}): FakeAmi {
  const allTags = { "ami-factory:factory": "ami-factory", "ami-factory:image": "retired", ...tags };
  return {
    region,
    image: {
      ImageId: id,
      Name: `retired-${id}`,
      CreationDate: LONG_AGO,
      DeprecationTime: "2026-06-01T00:00:00Z",
      DeregistrationProtection: "disabled",
      BlockDeviceMappings: [{ DeviceName: "/dev/xvda", Ebs: { SnapshotId: `snap-${id.slice(4)}` } }],
      Tags: Object.entries(allTags).map(([Key, Value]) => ({ Key, Value })),
      ...extra,
    },
  };
}

interface FakeSnapshot {
  region: string;
  tags: Record<string, string>;
}

/** An error as the SDK throws EC2's: its code is the name. */
const ec2Error = (name: string, message: string) => Object.assign(new Error(message), { name });
const notFound = (name: string) => ec2Error(name, "gone");
const internalError = () => ec2Error("InternalError", "An internal error has occurred");

/** Whether an AMI or snapshot carries every tag filter (`tag:KEY` with values, `tag-key`). */
function matchesTags(tags: Readonly<Record<string, string>>, filters: readonly { Name?: string; Values?: string[] }[]) {
  return filters.every(({ Name = "", Values = [] }) =>
    Name === "tag-key" ? Values.some((key) => key in tags) : Values.includes(tags[Name.slice("tag:".length)]),
  );
}

const tagMap = (tags: Image["Tags"]) => Object.fromEntries((tags ?? []).map((t) => [t.Key!, t.Value!]));

class FakeEc2 {
  readonly mock = mockClient(EC2Client);
  amis: FakeAmi[] = [];
  /** Every snapshot, by id: those of the AMIs added, and any a test puts in. */
  snapshots = new Map<string, FakeSnapshot>();
  /** Snapshots EC2 fails to delete with their AMI: DeregisterImage reports them `internal-error`. */
  stuck = new Set<string>();
  /** Calls (`Command id`) that never answer, as when the process is killed while waiting. */
  hangs = new Set<string>();
  calls: string[] = [];
  /** Answers with these errors first, one per call of the command (`Command`) or of one AMI (`Command id`). */
  failures = new Map<string, Error[]>();

  constructor(readonly pageSize = 2) {
    this.mock.on(DescribeRegionsCommand).callsFake(() =>
      this.answer("DescribeRegions", () => ({
        Regions: ["us-east-1", "eu-west-1", "ap-southeast-2", "eu-central-1"].map((RegionName) => ({ RegionName })),
      })),
    );
    this.mock.on(DescribeImagesCommand).callsFake(async (input, getClient) => {
      const region = await getClient().config.region();
      return this.answer("DescribeImages", () => {
        // A disabled AMI is listed only when asked for (EC2 API reference, DisableImage).
        const mine = this.amis
          .filter((a) => a.region === region && matchesTags(tagMap(a.image.Tags), input.Filters ?? []))
          .filter((a) => a.image.State !== "disabled" || input.IncludeDisabled === true)
          .map((a) => a.image);
        return this.page(mine, input.NextToken, (Images, NextToken) => ({ Images, NextToken }));
      });
    });
    this.mock.on(DescribeSnapshotsCommand).callsFake(async (input, getClient) => {
      const region = await getClient().config.region();
      return this.answer("DescribeSnapshots", () => {
        const mine = [...this.snapshots]
          .filter(([, s]) => s.region === region && matchesTags(s.tags, input.Filters ?? []))
          .map(([SnapshotId, s]) => ({ SnapshotId, Tags: Object.entries(s.tags).map(([Key, Value]) => ({ Key, Value })) }));
        return this.page(mine, input.NextToken, (Snapshots, NextToken) => ({ Snapshots, NextToken }));
      });
    });
    this.mock.on(DeregisterImageCommand).callsFake(async (input, getClient) => {
      const region = await getClient().config.region();
      return this.answer(`DeregisterImage ${input.ImageId}`, () => {
        const ami = this.amis.find((a) => a.region === region && a.image.ImageId === input.ImageId);
        if (!ami) throw notFound("InvalidAMIID.NotFound");
        this.amis = this.amis.filter((a) => a !== ami);
        const results = this.snapshotsOf(ami.image).map((SnapshotId) => {
          if (this.stuck.has(SnapshotId)) return { SnapshotId, ReturnCode: "internal-error" as const };
          this.snapshots.delete(SnapshotId);
          return { SnapshotId, ReturnCode: "success" as const };
        });
        return { Return: true, DeleteSnapshotResults: results };
      });
    });
    this.mock.on(DeleteSnapshotCommand).callsFake(async (input, getClient) => {
      const region = await getClient().config.region();
      return this.answer(`DeleteSnapshot ${input.SnapshotId}`, () => {
        const id = input.SnapshotId;
        if (this.snapshots.get(id)?.region !== region) throw notFound("InvalidSnapshot.NotFound");
        if (this.amis.some((a) => this.snapshotsOf(a.image).includes(id))) throw ec2Error("InvalidSnapshot.InUse", "in use");
        this.snapshots.delete(id);
        return {};
      });
    });
    this.mock.on(EnableImageDeprecationCommand).callsFake(async (input, getClient) => {
      const region = await getClient().config.region();
      return this.answer(`EnableImageDeprecation ${input.ImageId}`, () => {
        this.image(region, input.ImageId).DeprecationTime = (input.DeprecateAt as Date).toISOString().replace(".000Z", "Z");
        return { Return: true };
      });
    });
    this.mock.on(DisableImageDeprecationCommand).callsFake(async (input, getClient) => {
      const region = await getClient().config.region();
      return this.answer(`DisableImageDeprecation ${input.ImageId}`, () => {
        delete this.image(region, input.ImageId).DeprecationTime;
        return { Return: true };
      });
    });
    this.mock.on(CreateTagsCommand).callsFake(async (input, getClient) => {
      const region = await getClient().config.region();
      return this.answer(`CreateTags ${input.Resources.join(" ")}`, () => {
        for (const id of input.Resources) {
          if (id.startsWith("snap-")) {
            const snapshot = this.snapshots.get(id);
            if (snapshot?.region !== region) throw notFound("InvalidSnapshot.NotFound");
            for (const tag of input.Tags) snapshot.tags[tag.Key!] = tag.Value!;
            continue;
          }
          const image = this.image(region, id);
          for (const tag of input.Tags) image.Tags = [...(image.Tags ?? []).filter((t) => t.Key !== tag.Key), tag];
        }
        return {};
      });
    });
  }

  /** The AMI of that id in the region, or EC2's not-found error. */
  private image(region: string, id: string): Image {
    const ami = this.amis.find((a) => a.region === region && a.image.ImageId === id);
    if (!ami) throw notFound("InvalidAMIID.NotFound");
    return ami.image;
  }

  private snapshotsOf(image: Image): string[] {
    return (image.BlockDeviceMappings ?? []).flatMap((m) => (m.Ebs?.SnapshotId ? [m.Ebs.SnapshotId] : []));
  }

  /** One page of `pageSize` items from `NextToken` on, as EC2's describe calls answer. */
  private page<I, A>(items: I[], token: string | undefined, answer: (page: I[], next?: string) => A): A {
    const start = token ? Number(token) : 0;
    const next = start + this.pageSize;
    return answer(items.slice(start, next), next < items.length ? String(next) : undefined);
  }

  /** Every call that changes something, as `Command id`. */
  changes(): string[] {
    return this.calls.filter((c) => !c.startsWith("Describe"));
  }

  /** The ids of the snapshots left, sorted. */
  snapshotIds(): string[] {
    return [...this.snapshots.keys()].sort();
  }

  add(...amis: FakeAmi[]) {
    this.amis.push(...amis);
    for (const a of amis) for (const id of this.snapshotsOf(a.image)) this.snapshots.set(id, { region: a.region, tags: {} });
  }

  private async answer<T>(call: string, respond: () => T): Promise<T> {
    this.calls.push(call);
    if (this.hangs.has(call)) return new Promise<T>(() => undefined);
    // The failures queued for this very call first, then those for any call of the command.
    const queued = [this.failures.get(call), this.failures.get(call.split(" ")[0])].find((q) => q?.length);
    const error = queued?.shift();
    if (error) throw error;
    return respond();
  }
}

async function sweep(argv: string[]) {
  let out = "";
  let err = "";
  const code = await main(
    argv,
    { out: (t) => (out += t), err: (t) => (err += t) },
    {
      cwd: ROOT,
      now: NOW,
      client: (region) => new EC2Client({ region, credentials: { accessKeyId: "test", secretAccessKey: "test" } }),
      retry: { sleep: () => Promise.resolve(), baseMs: 1 },
    },
  );
  return { code, out, err };
}

const throttled = () => Object.assign(new Error("Request limit exceeded."), { name: "RequestLimitExceeded" });

describe("npm run sweep", () => {
  let ec2: FakeEc2;
  beforeEach(() => {
    ec2 = new FakeEc2();
  });
  afterEach(() => ec2.mock.restore());

  it("without --apply lists what it would deregister over every page and region, and changes nothing", async () => {
    ec2.add(
      leftOver("us-east-1", "ami-00000000000000001"),
      leftOver("us-east-1", "ami-00000000000000002"),
      leftOver("us-east-1", "ami-00000000000000003"),
      leftOver("eu-west-1", "ami-00000000000000004", {}, { "ami-factory:source-ami": "ami-00000000000000001" }),
    );
    const { code, out } = await sweep([]);
    expect(code).to.equal(0);
    expect(out).to.contain("4 of 4 AMIs would be deregistered; nothing changed (--apply to do it)");
    expect(out).to.match(/us-east-1\s+ami-00000000000000003\s+retired-ami-00000000000000003\s+would deregister/);
    // Three AMIs at two a page: two pages in us-east-1.
    expect(ec2.calls.filter((c) => c === "DescribeImages").length).to.equal(5);
    expect(ec2.calls.filter((c) => !c.startsWith("Describe"))).to.deep.equal([]);
    expect(ec2.amis.length).to.equal(4);
  });

  it("with --apply deregisters them with their snapshots", async () => {
    ec2.add(leftOver("us-east-1", "ami-00000000000000001"), leftOver("eu-west-1", "ami-00000000000000004"));
    const { code, out } = await sweep(["--", "--apply"]);
    expect(code).to.equal(0);
    expect(out).to.contain("2 of 2 AMIs deregistered with their snapshots");
    expect(ec2.amis).to.deep.equal([]);
    expect(ec2.snapshotIds()).to.deep.equal([]);
  });

  it("finds a disabled AMI, which DescribeImages leaves out unless asked, and sweeps it like any other", async () => {
    ec2.add(leftOver("us-east-1", "ami-00000000000000001", { State: "disabled" }));
    const { code, out } = await sweep(["--apply"]);
    expect(code).to.equal(0);
    expect(out).to.contain("1 of 1 AMIs deregistered with their snapshots");
    expect(ec2.amis).to.deep.equal([]);
    expect(ec2.snapshotIds()).to.deep.equal([]);
  });

  it("keeps what a release serves: a pinned AMI and its copies, and the AMI a channel's served tag marks", async () => {
    const base = { "ami-factory:image": "al2023-base" };
    ec2.add(
      leftOver("us-east-1", PINNED, {}, base),
      leftOver("eu-west-1", "ami-0000000000000000a", {}, { ...base, "ami-factory:source-ami": PINNED }),
      leftOver("us-east-1", "ami-0000000000000000b", {}, { ...base, "ami-factory:served:candidate": "ami-factory" }),
      // The newest build of an image with a `latest` channel is what the next `pulumi up` serves.
      leftOver("us-east-1", "ami-0000000000000000c", { CreationDate: "2026-11-30T00:00:00Z" }, base),
      // An older build no channel serves any more goes.
      leftOver("us-east-1", "ami-0000000000000000d", {}, base),
    );
    const { out } = await sweep(["--apply"]);
    expect(out).to.contain("1 of 1 AMIs deregistered");
    expect(out.match(/served by a release of the stack/g)?.length).to.equal(4);
    expect(ec2.amis.map((a) => a.image.ImageId)).to.not.include("ami-0000000000000000d");
    expect(ec2.amis.length).to.equal(4);
  });

  it("keeps one launched within lifecycle.deleteAfterDays, one protected, one not deprecated, and one another factory made", async () => {
    ec2.add(
      leftOver("us-east-1", "ami-00000000000000001", { LastLaunchedTime: "2026-11-20T00:00:00Z" }),
      leftOver("us-east-1", "ami-00000000000000002", { DeregistrationProtection: "enabled-with-cooldown" }),
      leftOver("us-east-1", "ami-00000000000000003", { DeprecationTime: "2027-03-01T00:00:00Z" }),
      leftOver("us-east-1", "ami-00000000000000005", { LastLaunchedTime: "2025-06-01T00:00:00Z" }),
    );
    // Made by another factory: listed only if EC2 ignored the filter, and still never touched.
    ec2.amis.push(leftOver("us-east-1", "ami-00000000000000004", {}, { "ami-factory:factory": "other" }));
    ec2.mock.on(DescribeImagesCommand).callsFake(async (_input, getClient) => {
      const region = await getClient().config.region();
      return { Images: ec2.amis.filter((a) => a.region === region).map((a) => a.image) };
    });
    const { out } = await sweep(["--apply"]);
    expect(out).to.contain("launched 11 days ago (keeps 365)");
    expect(out).to.contain("protected from deregistration (enabled-with-cooldown)");
    expect(out).to.contain("deprecated only at 2027-03-01T00:00:00Z");
    expect(out).to.contain("not made by this factory");
    expect(ec2.calls.filter((c) => c.startsWith("Deregister"))).to.deep.equal(["DeregisterImage ami-00000000000000005"]);
  });

  it("retries throttled calls with backoff", async () => {
    ec2.add(leftOver("us-east-1", "ami-00000000000000001"));
    ec2.failures.set("DescribeRegions", [throttled(), throttled()]);
    ec2.failures.set("DeregisterImage", [throttled()]);
    const { code, out } = await sweep(["--apply"]);
    expect(code).to.equal(0);
    expect(out).to.contain("1 of 1 AMIs deregistered");
    expect(ec2.calls.filter((c) => c === "DescribeRegions").length).to.equal(3);
    expect(ec2.calls.filter((c) => c.startsWith("DeregisterImage")).length).to.equal(2);
  });

  it("stops an AMI that fails half-way, says so, and a second run finishes the rest", async () => {
    ec2.add(
      leftOver("us-east-1", "ami-00000000000000001"),
      leftOver("us-east-1", "ami-00000000000000002"),
      leftOver("us-east-1", "ami-00000000000000003"),
    );
    ec2.failures.set("DeregisterImage ami-00000000000000002", [internalError()]);
    const first = await sweep(["--apply"]);
    expect(first.code).to.equal(1);
    expect(first.err).to.contain("us-east-1 ami-00000000000000002: An internal error has occurred");
    expect(first.err).to.contain("1 change failed; run it again");
    expect(ec2.amis.map((a) => a.image.ImageId)).to.deep.equal(["ami-00000000000000002"]);

    const second = await sweep(["--apply"]);
    expect(second.code).to.equal(0);
    expect(second.out).to.contain("1 of 1 AMIs deregistered");
    expect(ec2.amis).to.deep.equal([]);
    expect(ec2.snapshotIds()).to.deep.equal([]);
  });

  describe("snapshots EC2 did not delete with their AMI", () => {
    const [A1, A2, A3, A4] = [1, 2, 3, 4].map((n) => `ami-0000000000000000${n}`);
    const [S1, S2, S3, S4] = [1, 2, 3, 4].map((n) => `snap-0000000000000000${n}`);
    /** A snapshot as the sweep leaves it when EC2 did not delete it with its AMI. */
    const taggedFor = (ami: string, factory = "ami-factory") => ({
      "ami-factory:factory": factory,
      "ami-factory:snapshot-of": ami,
    });
    const HEAD = "Snapshots left by AMIs the sweep deregistered (EC2 did not delete them with their AMI)";
    const COLUMNS = "region     snapshot                ami                    action";

    it("tags an AMI's snapshots before deregistering it, so that one EC2 fails to delete, and fails again alone, is deleted by the next run", async () => {
      ec2.add(leftOver("us-east-1", A1), leftOver("us-east-1", A2));
      ec2.stuck.add(S1);
      ec2.failures.set(`DeleteSnapshot ${S1}`, [internalError()]);
      const first = await sweep(["--apply"]);
      expect(first.code).to.equal(1);
      expect(first.err).to.equal(
        `sweep: us-east-1 ${A1}: An internal error has occurred\nsweep: 1 change failed; run it again (what is done stays done)\n`,
      );
      expect(ec2.amis).to.deep.equal([]);
      expect(ec2.snapshotIds()).to.deep.equal([S1]);
      const firstChanges = ec2.changes();

      ec2.calls = [];
      const second = await sweep(["--apply"]);
      expect(second.code).to.equal(0);
      expect(ec2.snapshotIds()).to.deep.equal([]);
      expect(second.out).to.contain(`${HEAD}\n${COLUMNS}\nus-east-1  ${S1}  ${A1}  delete\n`);
      expect(second.out).to.contain("1 of 1 snapshots of deregistered AMIs deleted\n");
      expect(ec2.changes()).to.deep.equal([`DeleteSnapshot ${S1}`]);
      // The first run: each AMI's snapshots tagged before it goes, and the one EC2 kept retried once.
      expect(firstChanges).to.deep.equal([
        `CreateTags ${S1}`,
        `DeregisterImage ${A1}`,
        `DeleteSnapshot ${S1}`,
        `CreateTags ${S2}`,
        `DeregisterImage ${A2}`,
      ]);
      const tagged = ec2.mock.commandCalls(CreateTagsCommand).map((c) => c.args[0].input);
      expect(tagged[0]).to.deep.equal({
        Resources: [S1],
        Tags: [
          { Key: "ami-factory:factory", Value: "ami-factory" },
          { Key: "ami-factory:snapshot-of", Value: A1 },
        ],
      });
    });

    it("deletes on the next run a snapshot left when the process died after deregistering its AMI", async () => {
      ec2.add(leftOver("us-east-1", A1));
      ec2.stuck.add(S1);
      ec2.hangs.add(`DeleteSnapshot ${S1}`);
      // The first run is killed while it waits for EC2 to delete the snapshot: it never finishes.
      void sweep(["--apply"]);
      for (let i = 0; i < 1000 && !ec2.calls.includes(`DeleteSnapshot ${S1}`); i++) await new Promise((r) => setImmediate(r));
      expect(ec2.amis).to.deep.equal([]);
      const left = structuredClone(ec2.snapshots.get(S1));
      const firstChanges = ec2.changes();

      ec2.hangs.clear();
      ec2.calls = [];
      const second = await sweep(["--apply"]);
      expect(second.code).to.equal(0);
      expect(ec2.snapshotIds()).to.deep.equal([]);
      expect(ec2.changes()).to.deep.equal([`DeleteSnapshot ${S1}`]);
      expect(firstChanges).to.deep.equal([`CreateTags ${S1}`, `DeregisterImage ${A1}`, `DeleteSnapshot ${S1}`]);
      expect(left).to.deep.equal({ region: "us-east-1", tags: taggedFor(A1) });
    });

    it("keeps a tagged snapshot a registered AMI still uses, and never touches one the factory did not tag", async () => {
      // The process died after tagging, before deregistering; the AMI is not due yet.
      ec2.add(leftOver("us-east-1", A1, { DeprecationTime: "2027-03-01T00:00:00Z" }));
      ec2.snapshots.get(S1)!.tags = taggedFor(A1);
      // Its AMI is gone, but an AMI registered since from the snapshot (by hand: not the factory's) uses it.
      ec2.amis.push({
        region: "us-east-1",
        image: { ImageId: A3, Name: "by-hand", BlockDeviceMappings: [{ DeviceName: "/dev/xvda", Ebs: { SnapshotId: S2 } }] },
      });
      ec2.snapshots.set(S2, { region: "us-east-1", tags: taggedFor(A2) });
      // Another factory's, and one no one tagged: listed only if EC2 ignored the filters, and still never touched.
      ec2.snapshots.set(S3, { region: "us-east-1", tags: taggedFor(A3, "other") });
      ec2.snapshots.set(S4, { region: "us-east-1", tags: {} });
      ec2.mock.on(DescribeSnapshotsCommand).callsFake(async (_input, getClient) => {
        const region = await getClient().config.region();
        const all = [...ec2.snapshots].filter(([, s]) => s.region === region);
        return {
          Snapshots: all.map(([SnapshotId, s]) => ({
            SnapshotId,
            Tags: Object.entries(s.tags).map(([Key, Value]) => ({ Key, Value })),
          })),
        };
      });
      const { code, out } = await sweep(["--apply"]);
      expect(code).to.equal(0);
      expect(ec2.changes()).to.deep.equal([]);
      expect(ec2.snapshotIds()).to.deep.equal([S1, S2, S3, S4]);
      expect(out).to.not.contain(HEAD);
      expect(out).to.not.contain("snapshots of deregistered AMIs");
    });

    it("without --apply lists them over every page and region, retrying throttling, and deletes nothing", async () => {
      for (const [region, ami, snapshot] of [
        ["us-east-1", A1, S1],
        ["us-east-1", A2, S2],
        ["us-east-1", A3, S3],
        ["eu-west-1", A4, S4],
      ]) {
        ec2.snapshots.set(snapshot, { region, tags: taggedFor(ami) });
      }
      ec2.failures.set("DescribeSnapshots", [throttled()]);
      for (const argv of [[], ["--deprecate"]]) {
        ec2.calls = [];
        const { code, out } = await sweep(argv);
        expect(code, argv.join(" ")).to.equal(0);
        expect(out, argv.join(" ")).to.contain(
          [
            HEAD,
            COLUMNS,
            `eu-west-1  ${S4}  ${A4}  would delete`,
            `us-east-1  ${S1}  ${A1}  would delete`,
            `us-east-1  ${S2}  ${A2}  would delete`,
            `us-east-1  ${S3}  ${A3}  would delete`,
            "4 snapshots of deregistered AMIs would be deleted; nothing deleted (--apply to do it)",
            "",
          ].join("\n"),
        );
        expect(ec2.changes(), argv.join(" ")).to.deep.equal([]);
      }
      // The first run: one throttled call, then two pages in us-east-1 and one in each other region.
      expect(ec2.mock.commandCalls(DescribeSnapshotsCommand).length).to.equal(6 + 5);
      expect(ec2.mock.commandCalls(DeleteSnapshotCommand).length).to.equal(0);
      expect(ec2.snapshotIds()).to.deep.equal([S1, S2, S3, S4]);
    });
  });

  describe("the deprecate step", () => {
    const base = { "ami-factory:image": "al2023-base" };
    /** AMIs of an image that left the catalog, not deprecated yet: a build, and its copy. */
    const superseded = () => [
      leftOver("us-east-1", "ami-00000000000000001", { DeprecationTime: undefined }),
      leftOver(
        "eu-west-1",
        "ami-00000000000000002",
        { DeprecationTime: undefined },
        { "ami-factory:source-ami": "ami-00000000000000001" },
      ),
    ];
    /** Served: the pinned build, not yet marked released, and its copy. */
    const served = () => [
      leftOver("us-east-1", PINNED, { DeprecationTime: undefined }, base),
      leftOver(
        "eu-west-1",
        "ami-0000000000000000a",
        { DeprecationTime: undefined },
        { ...base, "ami-factory:source-ami": PINNED },
      ),
    ];
    // deprecateAfterDays 90 after the day of the sweep: EC2 takes whole minutes, midnight UTC is one.
    const IN_90_DAYS = "2027-03-01T00:00:00Z";

    it("--deprecate gives each unserved AMI without a deprecation time one, deprecateAfterDays after today, and deletes nothing", async () => {
      ec2.add(
        ...superseded(),
        ...served(),
        // Already deprecating, and deprecated long ago and sweepable: both left as they are.
        leftOver("us-east-1", "ami-00000000000000003", { DeprecationTime: "2027-01-15T00:00:00Z" }),
        leftOver("us-east-1", "ami-00000000000000004"),
      );
      const { code, out } = await sweep(["--deprecate"]);
      expect(code).to.equal(0);
      expect(ec2.changes().sort()).to.deep.equal([
        "CreateTags ami-0abcdef1234567890",
        "EnableImageDeprecation ami-00000000000000001",
        "EnableImageDeprecation ami-00000000000000002",
      ]);
      const times = ec2.mock.commandCalls(EnableImageDeprecationCommand).map((c) => c.args[0].input.DeprecateAt?.toISOString());
      expect(times).to.deep.equal(["2027-03-01T00:00:00.000Z", "2027-03-01T00:00:00.000Z"]);
      expect(out).to.match(
        /us-east-1\s+ami-00000000000000001\s+\S+\s+deprecate at 2027-03-01T00:00:00Z\s+no release serves it: deprecated 90 days after this sweep/,
      );
      expect(out).to.match(/us-east-1\s+ami-00000000000000004\s+\S+\s+would deregister/);
      expect(out).to.contain("deprecated 2 AMIs, marked 1 released, cancelled 0 deprecations");
      expect(out).to.contain("1 of 6 AMIs would be deregistered; nothing deregistered (--apply to do it)");
      // The served build is marked, so the lifecycle policy's delete rule skips it for good.
      const pinned = ec2.amis.find((a) => a.image.ImageId === PINNED)!.image;
      expect(pinned.Tags).to.deep.include({ Key: "ami-factory:released", Value: "ami-factory" });
      expect(pinned.DeprecationTime).to.equal(undefined);

      // A second run finds nothing left to do.
      ec2.calls = [];
      await sweep(["--deprecate"]);
      expect(ec2.changes()).to.deep.equal([]);
      expect(ec2.amis.find((a) => a.image.ImageId === "ami-00000000000000002")!.image.DeprecationTime).to.equal(IN_90_DAYS);
    });

    it("cancels the deprecation of a build that is served again (a channel rolled back to it)", async () => {
      ec2.add(
        leftOver(
          "us-east-1",
          PINNED,
          { DeprecationTime: "2027-01-15T00:00:00Z" },
          { ...base, "ami-factory:released": "ami-factory" },
        ),
      );
      const { code } = await sweep(["--deprecate"]);
      expect(code).to.equal(0);
      expect(ec2.changes()).to.deep.equal([`DisableImageDeprecation ${PINNED}`]);
      expect(ec2.amis[0].image.DeprecationTime).to.equal(undefined);
    });

    it("keeps a public AMI's deprecation within 2 years of its creation, as EC2 requires", async () => {
      ec2.add(
        leftOver("us-east-1", "ami-00000000000000001", {
          DeprecationTime: undefined,
          Public: true,
          CreationDate: "2025-01-10T08:00:00Z",
        }),
      );
      await sweep(["--deprecate"]);
      expect(ec2.amis[0].image.DeprecationTime).to.equal("2027-01-10T00:00:00Z");
    });

    it("without a switch changes nothing: no deprecation, no tag, no deregistration, no snapshot", async () => {
      ec2.add(...superseded(), ...served(), leftOver("us-east-1", "ami-00000000000000004"));
      const { code, out } = await sweep([]);
      expect(code).to.equal(0);
      const changing = {
        EnableImageDeprecation: ec2.mock.commandCalls(EnableImageDeprecationCommand).length,
        DisableImageDeprecation: ec2.mock.commandCalls(DisableImageDeprecationCommand).length,
        CreateTags: ec2.mock.commandCalls(CreateTagsCommand).length,
        DeregisterImage: ec2.mock.commandCalls(DeregisterImageCommand).length,
        DeleteSnapshot: ec2.mock.commandCalls(DeleteSnapshotCommand).length,
      };
      expect(changing).to.deep.equal({
        EnableImageDeprecation: 0,
        DisableImageDeprecation: 0,
        CreateTags: 0,
        DeregisterImage: 0,
        DeleteSnapshot: 0,
      });
      expect(ec2.mock.calls().length).to.equal(ec2.calls.length).and.to.be.greaterThan(0);
      expect(ec2.changes()).to.deep.equal([]);
      expect(out).to.match(/us-east-1\s+ami-00000000000000001\s+\S+\s+would deprecate at 2027-03-01T00:00:00Z/);
      expect(out).to.match(/us-east-1\s+ami-0abcdef1234567890\s+\S+\s+would mark released/);
      expect(out).to.contain(
        "would deprecate 2 AMIs, mark 1 released, cancel 0 deprecations; nothing changed (--deprecate to do it)",
      );
      expect(out).to.contain("1 of 5 AMIs would be deregistered; nothing changed (--apply to do it)");
    });

    it("retries throttling, and converges after a failure half-way", async () => {
      ec2.add(...superseded(), leftOver("us-east-1", "ami-00000000000000005", { DeprecationTime: undefined }));
      ec2.failures.set("EnableImageDeprecation", [throttled()]);
      ec2.failures.set("EnableImageDeprecation ami-00000000000000005", [internalError()]);
      const first = await sweep(["--deprecate"]);
      expect(first.code).to.equal(1);
      expect(first.err).to.contain("us-east-1 ami-00000000000000005: An internal error has occurred");
      // Three AMIs, one throttled call retried; the internal error is not retried.
      expect(ec2.calls.filter((c) => c.startsWith("EnableImageDeprecation")).length).to.equal(4);
      expect(ec2.amis.filter((a) => a.image.DeprecationTime === undefined).map((a) => a.image.ImageId)).to.deep.equal([
        "ami-00000000000000005",
      ]);

      ec2.calls = [];
      const second = await sweep(["--deprecate"]);
      expect(second.code).to.equal(0);
      expect(ec2.changes()).to.deep.equal(["EnableImageDeprecation ami-00000000000000005"]);
      expect(ec2.amis.every((a) => a.image.DeprecationTime === IN_90_DAYS)).to.equal(true);
    });
  });

  it("sends, in each mode, exactly the EC2 actions docs/operations.md grants it", async () => {
    const text = readFileSync(join(ROOT, "docs", "operations.md"), "utf8");
    const table = text.slice(text.indexOf("It needs credentials of the factory account")).split("\n\n")[1];
    const rows = table
      .split("\n")
      .slice(2)
      .map((row) => row.split("|").map((cell) => cell.trim()));
    expect(rows.map((r) => r[1])).to.deep.equal(["every run", "`--deprecate` and `--apply`", "`--apply`"]);
    const granted = rows.map((r) => r[2].split(", ").map((action) => action.replaceAll("`", "")));
    const modes: [string[], string[]][] = [
      [[], granted[0]],
      [["--deprecate"], [...granted[0], ...granted[1]]],
      [["--apply"], [...granted[0], ...granted[1], ...granted[2]]],
    ];
    for (const [argv, actions] of modes) {
      ec2.mock.restore();
      ec2 = new FakeEc2();
      // Something for every call: a served build to mark and to undeprecate, an unserved AMI to
      // deprecate, one to deregister, and a snapshot an earlier run left.
      ec2.add(
        leftOver("us-east-1", PINNED, { DeprecationTime: "2027-01-15T00:00:00Z" }, { "ami-factory:image": "al2023-base" }),
        leftOver("us-east-1", "ami-00000000000000001", { DeprecationTime: undefined }),
        leftOver("us-east-1", "ami-00000000000000002"),
      );
      ec2.snapshots.set("snap-00000000000000009", {
        region: "us-east-1",
        tags: { "ami-factory:factory": "ami-factory", "ami-factory:snapshot-of": "ami-00000000000000009" },
      });
      expect((await sweep(argv)).code, argv.join(" ")).to.equal(0);
      const sent = ec2.mock.calls().map((call) => {
        const command = call.args[0] as { constructor: { name: string }; input: { Resources?: string[] } };
        const action = `ec2:${command.constructor.name.replace(/Command$/, "")}`;
        if (action !== "ec2:CreateTags") return action;
        return `${action} on ${command.input.Resources![0].startsWith("snap-") ? "snapshots" : "images"}`;
      });
      expect([...new Set(sent)].sort(), argv.join(" ")).to.deep.equal([...actions].sort());
    }
  });

  it("refuses an unknown argument and an unknown stack", async () => {
    expect((await sweep(["--aply"])).code).to.equal(2);
    const missing = await sweep(["--stack", "nope"]);
    expect(missing.code).to.equal(2);
    expect(missing.err).to.contain("no stack file Pulumi.nope.yaml");
  });
});

describe("sweep arguments", () => {
  it("answers -h and --help with the usage on standard output and exit 0", async () => {
    for (const flag of ["-h", "--help"]) expect(await sweep([flag]), flag).to.deep.equal({ code: 0, out: `${USAGE}\n`, err: "" });
  });

  const usageErrors: [string[], string][] = [
    [["--aply"], 'unknown argument "--aply"'],
    [["--apply=yes"], 'unknown argument "--apply=yes"'],
    [["-x"], 'unknown argument "-x"'],
    [["dev"], 'unknown argument "dev"'],
    [["--apply", "--"], 'unknown argument "--"'],
    [["--stack"], "--stack needs a value"],
    [["--stack="], "--stack needs a value"],
    [["--stack", "--apply"], "--stack needs a value"],
    [["--stack", "../etc"], '--stack "../etc" is not a stack name (letters, digits, _ . -)'],
    [["--stack", "dev", "--stack", "prod"], "--stack is given twice"],
  ];
  for (const [args, message] of usageErrors) {
    it(`refuses ${args.join(" ")} with exit 2 and the usage`, async () => {
      expect(await sweep(args)).to.deep.equal({ code: 2, out: "", err: `sweep: ${message}\n${USAGE}\n` });
    });
  }
});
