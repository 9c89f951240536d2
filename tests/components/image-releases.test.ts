import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import type { RecordedResource } from "../../offline/run-program";
import { offlineNewestBuild } from "../../offline/newest-build";
import { atTime } from "../support/clock";
import { exampleCatalog, find, keysOf, namesOf, ofType, run, T } from "../support/program";

const ACCOUNT = { prodWeb: "444455556666", prodData: "777788889999", staging: "012345678901", dev: "210987654321" };
const OU_ARN = "arn:aws:organizations::111122223333:ou/o-a1b2c3d4e5/ou-ab12-cdef3456";
const PINNED = "ami-0abcdef1234567890";
/** What the offline run finds as an image's newest build. */
const newest = (image: string) => offlineNewestBuild("ami-factory", image);

/**
 * When the runs that are compared run: first builds are scheduled from the program's clock, so
 * two runs on the real clock differ when a minute turns between them.
 */
const NOW = new Date("2026-12-01T23:59:59.500Z");
const runAtNow = (catalog: any) => atTime(NOW, () => run(catalog));

function image(catalog: any, name: string): any {
  return catalog.images.find((i: { name: string }) => i.name === name);
}

/** Keys present in `after` and not in `before`, and the other way round. */
function difference(before: RecordedResource[], after: RecordedResource[]) {
  const a = new Set(keysOf(before));
  const b = new Set(keysOf(after));
  return { created: [...b].filter((k) => !a.has(k)), deleted: [...a].filter((k) => !b.has(k)) };
}

/** Resources present in both runs whose inputs differ. */
function changed(before: RecordedResource[], after: RecordedResource[]): string[] {
  return after
    .filter((r) => {
      const old = before.find((o) => o.type === r.type && o.name === r.name);
      return old !== undefined && JSON.stringify(old.inputs) !== JSON.stringify(r.inputs);
    })
    .map((r) => `${r.type} ${r.name}`)
    .sort();
}

describe("releases of the example catalog", () => {
  let resources: RecordedResource[];
  before(async () => {
    resources = await run();
  });

  it("copies each release from the build region into every other region of the release", () => {
    const copies = namesOf(resources, T.copy).filter((n) => n.startsWith("ami-factory/al2023-base/"));
    expect(copies).to.deep.equal([
      `ami-factory/al2023-base/copy/${newest("al2023-base")}/ap-southeast-2`,
      `ami-factory/al2023-base/copy/${newest("al2023-base")}/eu-west-1`,
      `ami-factory/al2023-base/copy/${PINNED}/ap-southeast-2`,
      `ami-factory/al2023-base/copy/${PINNED}/eu-west-1`,
    ]);
    // A stack made before names carried the factory's keeps its copies, and so does one made when
    // copies were per channel: each is aliased to its name without the factory's, then to its
    // channel's old name.
    expect(find(resources, T.copy, `ami-factory/al2023-base/copy/${PINNED}/eu-west-1`).aliases).to.deep.equal([
      `al2023-base/copy/${PINNED}/eu-west-1`,
      "al2023-base/stable/eu-west-1",
    ]);
  });

  it("encrypts each copy with the factory key of its region and tags it back to image, channel and source", () => {
    const copy = find(resources, T.copy, `ami-factory/al2023-base/copy/${PINNED}/eu-west-1`);
    expect(copy.inputs).to.deep.include({
      sourceAmiId: PINNED,
      sourceAmiRegion: "us-east-1",
      region: "eu-west-1",
      encrypted: true,
      kmsKeyId: "{{aws:kms/key:Key ami-factory/kms/eu-west-1.arn}}",
      name: `al2023-base-stable-${PINNED}-{{random:index/randomId:RandomId ami-factory/al2023-base/copy/${PINNED}/eu-west-1.hex}}`,
    });
    expect(copy.inputs.tags).to.include({
      "ami-factory:image": "al2023-base",
      "ami-factory:channel": "stable",
      "ami-factory:source-ami": PINNED,
    });
  });

  it("keeps copies that leave the stack and gives them hours to finish", () => {
    const copy = find(resources, T.copy, `ami-factory/al2023-base/copy/${PINNED}/eu-west-1`);
    expect(copy.retainOnDelete).to.equal(true);
    expect(copy.customTimeouts).to.deep.equal({ create: "240m", update: "60m", delete: "90m" });
  });

  it("gives no copy a deprecation time: a current copy is never deprecated, however long between runs", () => {
    // Once superseded the sweeper deprecates it, counting from the first sweep that finds it unserved.
    const copies = ofType(resources, T.copy);
    expect(copies.length).to.equal(12);
    expect(copies.filter((c) => c.inputs.deprecationTime !== undefined).map((c) => c.name)).to.deep.equal([]);
  });

  it("gives the copies of a release with deprecateAt exactly that time, and the other channel's copies none", async () => {
    const catalog = exampleCatalog();
    image(catalog, "al2023-base").releases.stable.deprecateAt = "2027-06-30";
    const copies = ofType(await run(catalog), T.copy).filter((c) => c.name.startsWith("ami-factory/al2023-base/"));
    expect(Object.fromEntries(copies.map((c) => [c.name, c.inputs.deprecationTime ?? "none"]))).to.deep.equal({
      [`ami-factory/al2023-base/copy/${newest("al2023-base")}/ap-southeast-2`]: "none",
      [`ami-factory/al2023-base/copy/${newest("al2023-base")}/eu-west-1`]: "none",
      [`ami-factory/al2023-base/copy/${PINNED}/ap-southeast-2`]: "2027-06-30T00:00:00Z",
      [`ami-factory/al2023-base/copy/${PINNED}/eu-west-1`]: "2027-06-30T00:00:00Z",
    });
  });

  it("follows the newest build of the pipeline on a `latest` channel, found by its image's and factory's tags", () => {
    const copy = find(resources, T.copy, `ami-factory/al2023-base/copy/${newest("al2023-base")}/eu-west-1`);
    expect(copy.inputs.sourceAmiId).to.equal(newest("al2023-base"));
    expect(copy.inputs.sourceAmiId).to.match(/^ami-[0-9a-f]{17}$/);
  });

  it("grants exactly the release's principals in each of its regions, on the AMI of that region", () => {
    const grants = namesOf(resources, T.grant).filter((n) => n.startsWith(`ami-factory/al2023-base/grant/${PINNED}/`));
    const expected = ["ap-southeast-2", "eu-west-1", "us-east-1"].flatMap((region) =>
      [ACCOUNT.staging, ACCOUNT.prodWeb, ACCOUNT.prodData]
        .sort()
        .map((id) => `ami-factory/al2023-base/grant/${PINNED}/${region}/${id}`),
    );
    expect(grants).to.deep.equal(expected.sort());
    const build = find(resources, T.grant, `ami-factory/al2023-base/grant/${PINNED}/us-east-1/${ACCOUNT.prodWeb}`);
    expect(build.inputs).to.deep.equal({ imageId: PINNED, region: "us-east-1", accountId: ACCOUNT.prodWeb });
    expect(build.aliases).to.deep.equal([
      `al2023-base/grant/${PINNED}/us-east-1/${ACCOUNT.prodWeb}`,
      `al2023-base/stable/us-east-1/${ACCOUNT.prodWeb}`,
    ]);
    expect(
      find(resources, T.grant, `ami-factory/al2023-base/grant/${PINNED}/eu-west-1/${ACCOUNT.prodWeb}`).inputs.imageId,
    ).to.equal(`{{aws:ec2/amiCopy:AmiCopy ami-factory/al2023-base/copy/${PINNED}/eu-west-1.id}}`);
  });

  it("shares with an OU through one grant per AMI and region", () => {
    const grant = find(resources, T.grant, `ami-factory/al2023-base/grant/${newest("al2023-base")}/eu-west-1/ou-ab12-cdef3456`);
    expect(grant.inputs).to.deep.include({ organizationalUnitArn: OU_ARN, region: "eu-west-1" });
    expect(namesOf(resources, T.grant).filter((n) => n.endsWith("/ou-ab12-cdef3456"))).to.have.length(3);
  });

  it("publishes the AMI id per channel and region, in the factory and in consuming accounts with a role", () => {
    const params = namesOf(resources, T.parameter).filter((n) => n.startsWith("ami-factory/al2023-base/stable/"));
    expect(params).to.deep.equal(
      ["ap-southeast-2", "eu-west-1", "us-east-1"].flatMap((r) => [
        `ami-factory/al2023-base/stable/${r}`,
        `ami-factory/al2023-base/stable/${r}/${ACCOUNT.prodWeb}`,
      ]),
    );
    const consumer = find(resources, T.parameter, `ami-factory/al2023-base/stable/eu-west-1/${ACCOUNT.prodWeb}`);
    expect(consumer.inputs).to.deep.include({
      name: "/ami-factory/al2023-base/stable",
      type: "String",
      dataType: "aws:ec2:image",
      value: `{{aws:ec2/amiCopy:AmiCopy ami-factory/al2023-base/copy/${PINNED}/eu-west-1.id}}`,
      region: "eu-west-1",
    });
    expect(consumer.provider).to.equal(`ami-factory/account/${ACCOUNT.prodWeb}`);
    // SSM validates the AMI against what the account may launch: its grant comes first.
    expect(consumer.dependsOn).to.deep.equal([`ami-factory/al2023-base/grant/${PINNED}/eu-west-1/${ACCOUNT.prodWeb}`]);
    expect(find(resources, T.parameter, "ami-factory/al2023-base/stable/eu-west-1").provider).to.equal(undefined);
  });

  it("makes one provider per consuming account with a role, assuming that role", () => {
    expect(namesOf(resources, T.provider)).to.deep.equal([`ami-factory/account/${ACCOUNT.prodWeb}`]);
    const provider = find(resources, T.provider, `ami-factory/account/${ACCOUNT.prodWeb}`);
    expect(provider.inputs.assumeRoles).to.contain("arn:aws:iam::444455556666:role/ami-factory-publisher");
  });

  it("keeps one retained key per region whose policy names exactly the principals shared with there", () => {
    expect(namesOf(resources, T.key)).to.deep.equal([
      "ami-factory/kms/ap-southeast-2",
      "ami-factory/kms/eu-central-1",
      "ami-factory/kms/eu-west-1",
      "ami-factory/kms/us-east-1",
    ]);
    const key = find(resources, T.key, "ami-factory/kms/eu-central-1");
    expect([key.retainOnDelete, key.protect ?? false]).to.deep.equal([true, false]);
    expect(key.inputs.enableKeyRotation).to.equal(true);
    const policy = JSON.parse(key.inputs.policy);
    const shared = policy.Statement.find((s: { Sid: string }) => s.Sid === "SharedAccountsUse");
    expect(shared.Condition.StringEquals["aws:PrincipalAccount"]).to.deep.equal([ACCOUNT.staging, ACCOUNT.dev, ACCOUNT.prodWeb]);
    // What the statements allow, and to whom, is evaluated in tests/iam/key-policies.test.ts.
    expect(policy.Statement.some((s: { Sid: string }) => s.Sid === "SharedOrganizationalUnitsUse")).to.equal(false);
    const euWest = JSON.parse(find(resources, T.key, "ami-factory/kms/eu-west-1").inputs.policy);
    const ou = euWest.Statement.find((s: { Sid: string }) => s.Sid === "SharedOrganizationalUnitsUse");
    expect(ou.Condition["ForAnyValue:StringLike"]).to.deep.equal({
      "aws:PrincipalOrgPaths": ["o-a1b2c3d4e5/*/ou-ab12-cdef3456/*"],
    });
  });

  it("shares nothing publicly", () => {
    expect(ofType(resources, T.grant).filter((g) => g.inputs.group !== undefined)).to.deep.equal([]);
  });
});

describe("release edits change exactly what they name", () => {
  let base: RecordedResource[];
  before(async () => {
    base = await runAtNow(exampleCatalog());
  });

  it("removing an account deletes exactly its grants and updates the key policies", async () => {
    const catalog = exampleCatalog();
    for (const i of catalog.images) {
      i.accounts = i.accounts?.filter((a: string) => a !== "dev-sandbox");
      for (const r of Object.values<any>(i.releases ?? {})) r.accounts = r.accounts?.filter((a: string) => a !== "dev-sandbox");
    }
    catalog.defaults.accounts = catalog.defaults.accounts.filter((a: string) => a !== "dev-sandbox");
    const after = await runAtNow(catalog);
    const { created, deleted } = difference(base, after);
    expect(created).to.deep.equal([]);
    expect(deleted.length).to.be.greaterThan(0);
    expect(deleted.every((k) => k.startsWith(T.grant) && k.endsWith(`/${ACCOUNT.dev}`))).to.equal(true);
    expect(deleted).to.have.length(namesOf(base, T.grant).filter((n) => n.endsWith(`/${ACCOUNT.dev}`)).length);
    expect(changed(base, after).every((k) => k.startsWith(T.key))).to.equal(true);
  });

  it("adding an account only creates its grants", async () => {
    const catalog = exampleCatalog();
    catalog.accounts.analytics = "135792468013";
    image(catalog, "al2023-graviton").accounts.push("analytics");
    const after = await runAtNow(catalog);
    const { created, deleted } = difference(base, after);
    expect(deleted).to.deep.equal([]);
    expect(created).to.deep.equal(
      ["ap-southeast-2", "eu-central-1", "eu-west-1", "us-east-1"].map(
        (r) => `${T.grant} ami-factory/al2023-graviton/grant/${newest("al2023-graviton")}/${r}/135792468013`,
      ),
    );
  });

  it("removing a region removes its grants, parameters and copy, and the copy is retained in AWS", async () => {
    const catalog = exampleCatalog();
    image(catalog, "al2023-graviton").regions = ["us-east-1", "eu-west-1", "ap-southeast-2"];
    const after = await runAtNow(catalog);
    const { created, deleted } = difference(base, after);
    expect(created).to.deep.equal([]);
    const copy = `ami-factory/al2023-graviton/copy/${newest("al2023-graviton")}/eu-central-1`;
    const mine = deleted.filter((k) => k.includes("/eu-central-1") && k.includes(" ami-factory/al2023-graviton/"));
    expect(mine).to.include(`${T.copy} ${copy}`);
    expect(find(base, T.copy, copy).retainOnDelete).to.equal(true);
    // eu-central-1 is used by no other image: its key leaves the stack too, and stays in AWS; so do
    // prod-web's Auto Scaling grant and Allowed AMIs setting there.
    expect(deleted.filter((k) => !mine.includes(k))).to.deep.equal([
      `aws:ec2/allowedImagesSettings:AllowedImagesSettings ami-factory/allowed-images/eu-central-1/${ACCOUNT.prodWeb}`,
      `${T.alias} ami-factory/kms/eu-central-1`,
      `aws:kms/grant:Grant ami-factory/scaling-grant/eu-central-1/${ACCOUNT.prodWeb}`,
      `${T.key} ami-factory/kms/eu-central-1`,
    ]);
    const key = find(base, T.key, "ami-factory/kms/eu-central-1");
    expect([key.retainOnDelete, key.protect ?? false]).to.deep.equal([true, false]);
  });

  it("adding a release creates only its copies, grants and parameters", async () => {
    const catalog = exampleCatalog();
    image(catalog, "ubuntu-2204-data").releases = {
      latest: { ami: "latest" },
      pinned: { ami: "ami-0123456789abcdef0", regions: ["us-east-1"], accounts: ["prod-data"] },
    };
    const after = await runAtNow(catalog);
    const { created, deleted } = difference(base, after);
    expect(deleted).to.deep.equal([]);
    expect(created).to.deep.equal([
      `${T.grant} ami-factory/ubuntu-2204-data/grant/ami-0123456789abcdef0/us-east-1/${ACCOUNT.prodData}`,
      `${T.tag} ami-factory/ubuntu-2204-data/pinned`,
      `${T.parameter} ami-factory/ubuntu-2204-data/pinned/us-east-1`,
    ]);
  });

  it("moving a channel to a new AMI creates the new AMI's copies and grants and deletes the old ones, named by their AMI", async () => {
    const MOVED = "ami-0fedcba9876543210";
    const catalog = exampleCatalog();
    image(catalog, "al2023-base").releases.stable.ami = MOVED;
    const after = await runAtNow(catalog);
    const { created, deleted } = difference(base, after);
    const rename = (k: string) => k.replace(PINNED, MOVED);
    expect(created).to.deep.equal(deleted.map(rename).sort());
    expect(
      deleted.every(
        (k) => k.includes(`ami-factory/al2023-base/copy/${PINNED}/`) || k.includes(`ami-factory/al2023-base/grant/${PINNED}/`),
      ),
    ).to.equal(true);
    const copy = find(after, T.copy, `ami-factory/al2023-base/copy/${MOVED}/eu-west-1`);
    expect(copy.inputs.sourceAmiId).to.equal(MOVED);
    expect(copy.inputs.name).to.equal(
      `al2023-base-stable-${MOVED}-{{random:index/randomId:RandomId ami-factory/al2023-base/copy/${MOVED}/eu-west-1.hex}}`,
    );
    // A new source draws a new name suffix, so an undone promotion cannot collide with the retained copy.
    expect(
      find(after, "random:index/randomId:RandomId", `ami-factory/al2023-base/copy/${MOVED}/eu-west-1`).inputs.keepers,
    ).to.deep.equal({
      source: MOVED,
      region: "eu-west-1",
      encrypted: "true",
      key: "{{aws:kms/key:Key ami-factory/kms/eu-west-1.arn}}",
    });
    expect(find(after, T.grant, `ami-factory/al2023-base/grant/${MOVED}/us-east-1/${ACCOUNT.prodWeb}`).inputs.imageId).to.equal(
      MOVED,
    );
    // The parameters change in place to the new AMI.
    expect(changed(base, after)).to.include(`${T.parameter} ami-factory/al2023-base/stable/eu-west-1`);
  });

  it("shares publicly only when image and release opt in, and then does not encrypt (EC2 cannot share encrypted AMIs publicly)", async () => {
    const catalog = exampleCatalog();
    const ubuntu = image(catalog, "ubuntu-2404-web");
    ubuntu.public = true;
    ubuntu.releases.stable.public = true;
    ubuntu.releases.internal = { ami: "latest" };
    const after = await runAtNow(catalog);
    const publicGrants = ofType(after, T.grant).filter((g) => g.inputs.group === "all");
    const build = newest("ubuntu-2404-web");
    expect(publicGrants.map((g) => g.name).sort()).to.deep.equal([
      `ami-factory/ubuntu-2404-web/grant/${build}/plain/ap-southeast-2/public`,
      `ami-factory/ubuntu-2404-web/grant/${build}/plain/eu-west-1/public`,
      `ami-factory/ubuntu-2404-web/grant/${build}/us-east-1/public`,
    ]);
    expect(find(after, T.copy, `ami-factory/ubuntu-2404-web/copy/${build}/plain/eu-west-1`).inputs.encrypted).to.equal(false);
    // The image's other releases are still copied encrypted with the factory key.
    expect(find(after, T.copy, `ami-factory/ubuntu-2404-web/copy/${build}/eu-west-1`).inputs).to.deep.include({
      encrypted: true,
      kmsKeyId: "{{aws:kms/key:Key ami-factory/kms/eu-west-1.arn}}",
    });
    // The same build in the build region is one AMI: the public grant serves both channels there.
    expect(find(after, T.grant, `ami-factory/ubuntu-2404-web/grant/${build}/us-east-1/public`).aliases).to.deep.equal([
      `ubuntu-2404-web/grant/${build}/us-east-1/public`,
      "ubuntu-2404-web/stable/us-east-1/public",
    ]);
    expect(
      find(after, T.grant, `ami-factory/ubuntu-2404-web/grant/${build}/eu-west-1/${ACCOUNT.staging}`).inputs.imageId,
    ).to.equal(`{{aws:ec2/amiCopy:AmiCopy ami-factory/ubuntu-2404-web/copy/${build}/eu-west-1.id}}`);
  });
});

describe("a `latest` channel before the pipeline has built anything", () => {
  it("releases nothing on it and says which `pulumi up` will, without failing the deployment", async () => {
    const catalog = exampleCatalog();
    catalog.images = [image(catalog, "al2023-base")];
    const warnings: string[] = [];
    const warn = pulumi.log.warn;
    pulumi.log.warn = (message: string) => {
      warnings.push(message);
      return Promise.resolve();
    };
    let resources: RecordedResource[];
    try {
      resources = await run(catalog, (token) => (token === "aws:ec2/getAmiIds:getAmiIds" ? { id: "x", ids: [] } : undefined));
    } finally {
      pulumi.log.warn = warn;
    }
    expect(warnings).to.deep.equal([
      "image al2023-base: channel candidate follows the newest build, and no build of al2023-base exists in us-east-1 yet: " +
        "nothing is released on it. The first `pulumi up` after the pipeline's first build has finished releases it " +
        "(copies, grants and SSM parameters).",
    ]);
    const candidate = resources.filter(
      (r) => r.name.startsWith("ami-factory/al2023-base/candidate") || r.name.includes("/ami-00000000"),
    );
    expect(candidate.map((r) => `${r.type} ${r.name}`)).to.deep.equal([]);
    // The pinned channel is released as ever.
    expect(namesOf(resources, T.tag)).to.deep.equal(["ami-factory/al2023-base/stable"]);
    expect(namesOf(resources, T.grant)).to.have.length(9);
  });
});

describe("a pinned AMI that cannot be shared", () => {
  const answers = (keyManager: string) => (token: string) => {
    if (token === "aws:ec2/getAmi:getAmi") {
      return {
        id: PINNED,
        imageId: PINNED,
        blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { snapshot_id: "snap-0123456789abcdef0" } }],
      };
    }
    if (token === "aws:ebs/getSnapshot:getSnapshot")
      return { id: "snap-0123456789abcdef0", encrypted: true, kmsKeyId: "arn:aws:kms:us-east-1:111122223333:key/k" };
    if (token === "aws:kms/getKey:getKey") return { id: "k", keyManager };
    return undefined;
  };

  it("fails the deployment when its snapshots use the AWS-managed EBS key", async () => {
    let error: unknown;
    try {
      await run(exampleCatalog(), answers("AWS"));
    } catch (e) {
      error = e;
    }
    expect(String(error)).to.contain(
      `image al2023-base: channel stable pins ${PINNED}, whose snapshots are encrypted with the AWS-managed EBS key; ` +
        "EC2 cannot share it: copy it with a customer-managed key",
    );
  });

  it("is released when a customer-managed key encrypts it", async () => {
    const resources = await run(exampleCatalog(), answers("CUSTOMER"));
    expect(
      find(resources, T.grant, `ami-factory/al2023-base/grant/${PINNED}/us-east-1/${ACCOUNT.prodWeb}`).inputs.imageId,
    ).to.equal(PINNED);
  });
});
