/**
 * `npm run sweep` against EC2 as aws-sdk-client-mock answers it: a small account kept in memory
 * (regions, AMIs with tags, deprecation, last launch and protection, snapshots) that the
 * commands read and change, so a run that stopped half-way can be run again.
 */
import {
  CreateTagsCommand,
  DeleteSnapshotCommand,
  DeregisterImageCommand,
  DescribeImagesCommand,
  DescribeRegionsCommand,
  DisableImageDeprecationCommand,
  EC2Client,
  EnableImageDeprecationCommand,
  type Image,
} from "@aws-sdk/client-ec2";
import { mockClient } from "aws-sdk-client-mock";
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

class FakeEc2 {
  readonly mock = mockClient(EC2Client);
  amis: FakeAmi[] = [];
  snapshots = new Set<string>();
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
        const [key, value] = [input.Filters[0].Name.slice(4), input.Filters[0].Values[0]];
        const mine = this.amis
          .filter((a) => a.region === region && a.image.Tags?.some((t) => t.Key === key && t.Value === value))
          .map((a) => a.image);
        const start = input.NextToken ? Number(input.NextToken) : 0;
        const next = start + this.pageSize;
        return { Images: mine.slice(start, next), NextToken: next < mine.length ? String(next) : undefined };
      });
    });
    this.mock.on(DeregisterImageCommand).callsFake(async (input, getClient) => {
      const region = await getClient().config.region();
      return this.answer(`DeregisterImage ${input.ImageId}`, () => {
        const ami = this.amis.find((a) => a.region === region && a.image.ImageId === input.ImageId);
        if (!ami) throw Object.assign(new Error("gone"), { name: "InvalidAMIID.NotFound" });
        this.amis = this.amis.filter((a) => a !== ami);
        const ids = (ami.image.BlockDeviceMappings ?? []).map((m) => m.Ebs!.SnapshotId!);
        ids.forEach((id) => this.snapshots.delete(id));
        return { Return: true, DeleteSnapshotResults: ids.map((SnapshotId) => ({ SnapshotId, ReturnCode: "success" })) };
      });
    });
    this.mock.on(DeleteSnapshotCommand).callsFake((input) => this.answer(`DeleteSnapshot ${input.SnapshotId}`, () => ({})));
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
      return this.answer(`CreateTags ${input.Resources[0]}`, () => {
        const image = this.image(region, input.Resources[0]);
        for (const tag of input.Tags) image.Tags = [...(image.Tags ?? []).filter((t) => t.Key !== tag.Key), tag];
        return {};
      });
    });
  }

  /** The AMI of that id in the region, or EC2's not-found error. */
  private image(region: string, id: string): Image {
    const ami = this.amis.find((a) => a.region === region && a.image.ImageId === id);
    if (!ami) throw Object.assign(new Error("gone"), { name: "InvalidAMIID.NotFound" });
    return ami.image;
  }

  /** Every call that changes something, as `Command id`. */
  changes(): string[] {
    return this.calls.filter((c) => !c.startsWith("Describe"));
  }

  add(...amis: FakeAmi[]) {
    this.amis.push(...amis);
    for (const a of amis) for (const m of a.image.BlockDeviceMappings ?? []) this.snapshots.add(m.Ebs!.SnapshotId!);
  }

  private answer<T>(call: string, respond: () => T): T {
    this.calls.push(call);
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
    expect([...ec2.snapshots]).to.deep.equal([]);
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
    ec2.failures.set("DeregisterImage ami-00000000000000002", [
      Object.assign(new Error("An internal error has occurred"), { name: "InternalError" }),
    ]);
    const first = await sweep(["--apply"]);
    expect(first.code).to.equal(1);
    expect(first.err).to.contain("us-east-1 ami-00000000000000002: An internal error has occurred");
    expect(first.err).to.contain("1 change failed; run it again");
    expect(ec2.amis.map((a) => a.image.ImageId)).to.deep.equal(["ami-00000000000000002"]);

    const second = await sweep(["--apply"]);
    expect(second.code).to.equal(0);
    expect(second.out).to.contain("1 of 1 AMIs deregistered");
    expect(ec2.amis).to.deep.equal([]);
    expect([...ec2.snapshots]).to.deep.equal([]);
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
      ec2.failures.set("EnableImageDeprecation ami-00000000000000005", [
        Object.assign(new Error("An internal error has occurred"), { name: "InternalError" }),
      ]);
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
