/**
 * Resolution: every default applied, every list sorted, and order in the file never mattering.
 */
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import type { Image } from "../../catalog/resolve/model";
import { catalogOf, edit, FIXTURE } from "./fixture";

const EXAMPLE = fs.readFileSync(path.resolve(__dirname, "..", "..", "config", "catalog.yaml"), "utf8");

const MINIMAL = `images:
  - name: web
    os: amazon-linux-2023
    arch: x86_64
`;

function image(text: string, name: string): Image {
  const found = catalogOf(text).images.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no image ${name}`);
  return found;
}

/** Lists whose order means something: a recipe runs its components, and they their commands, in order. */
const ORDERED = new Set(["components", "build", "test", "instanceTypes"]);

/** Every other list reversed and every map's keys in reverse order, recursively. */
function reversed(value: unknown, key = ""): unknown {
  if (Array.isArray(value)) {
    const items = value.map((item) => reversed(item));
    return ORDERED.has(key) ? items : items.reverse();
  }
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([k, entry]) => [k, reversed(entry, k)]),
    );
  }
  return value;
}

describe("resolving a catalog", () => {
  it("fills every default of a minimal catalog", () => {
    expect(catalogOf(MINIMAL)).to.deep.equal({
      file: "c.yaml",
      factory: "ami-factory",
      buildRegion: "us-east-1",
      tags: {},
      accounts: {},
      allowedImageProviders: [],
      images: [
        {
          name: "web",
          description: "",
          os: "amazon-linux-2023",
          arch: "x86_64",
          base: {
            kind: "ssm",
            parameter: "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
            fromOsTable: true,
          },
          regions: ["us-east-1"],
          accounts: [],
          public: false,
          components: [],
          instanceTypes: ["m7i.large", "m6i.large"],
          securityGroupIds: [],
          rootVolume: { sizeGiB: 30, type: "gp3" },
          schedule: { cron: "cron(0 4 ? * SUN *)", timezone: "Etc/UTC", onlyWhenChanged: false },
          testTimeoutMinutes: 720,
          shareBuilds: false,
          copyTo: [],
          tags: {},
          lifecycle: { deprecateAfterDays: 90, deleteAfterDays: 365, keepAtLeast: 3, retainCopies: true },
          releases: [{ channel: "latest", source: { kind: "latest" }, regions: ["us-east-1"], accounts: [], public: false }],
          renamedFrom: [],
        },
      ],
    });
  });

  it("gives Windows images 50 GiB and arm64 images Graviton build instances", () => {
    const text = `${MINIMAL}  - name: win\n    os: windows-2019\n    arch: x86_64\n  - name: arm\n    os: debian-12\n    arch: arm64\n`;
    expect(image(text, "win").rootVolume).to.deep.equal({ sizeGiB: 50, type: "gp3" });
    expect(image(text, "arm").instanceTypes).to.deep.equal(["m7g.large", "m6g.large"]);
    expect(image(text, "arm").base).to.deep.equal({
      kind: "ssm",
      parameter: "/aws/service/debian/release/12/latest/arm64",
      fromOsTable: true,
    });
  });

  describe("defaults", () => {
    it("applies a default where the image sets nothing and keeps the image's own value", () => {
      const text = edit("  accounts: [prod, stage]\n", "  accounts: [prod, stage]\n  testTimeoutMinutes: 120\n").replace(
        "    arch: x86_64\n    releases:",
        "    arch: x86_64\n    regions: [eu-west-1]\n    releases:",
      );
      expect(image(text, "web").regions).to.deep.equal(["eu-west-1", "us-east-1"]);
      expect(image(text, "win").regions).to.deep.equal(["eu-west-1", "us-east-1"]);
      expect(image(text, "web").testTimeoutMinutes).to.equal(120);
    });

    it("merges tags: top-level, then defaults, then the image", () => {
      const text = edit("  owner: platform\n", "  owner: platform\n  team: top\n  tier: top\n").replace(
        "    managed-by: ami-factory\n",
        "    managed-by: ami-factory\n    tier: defaults\n",
      );
      const withImageTags = `${text}    tags: {team: image}\n`;
      expect(image(withImageTags, "win").tags).to.deep.equal({
        "managed-by": "ami-factory",
        owner: "platform",
        team: "image",
        tier: "defaults",
      });
      expect(Object.keys(image(withImageTags, "win").tags)).to.deep.equal(["managed-by", "owner", "team", "tier"]);
      expect(catalogOf(text).tags).to.deep.equal({ owner: "platform", team: "top", tier: "top" });
    });

    it("defaults schedule, root volume and lifecycle field by field", () => {
      const text = edit(
        "  accounts: [prod, stage]\n",
        "  accounts: [prod, stage]\n  schedule: {timezone: Europe/Berlin}\n  rootVolume: {sizeGiB: 64}\n",
      );
      const win = image(`${text}    schedule: {cron: cron(0 1 ? * MON *)}\n    rootVolume: {type: io2, iops: 4000}\n`, "win");
      expect(win.schedule).to.deep.equal({ cron: "cron(0 1 ? * MON *)", timezone: "Europe/Berlin", onlyWhenChanged: false });
      expect(win.rootVolume).to.deep.equal({ sizeGiB: 64, type: "io2", iops: 4000 });
    });
  });

  describe("base images", () => {
    const base = (value: string) => image(`${MINIMAL}    base: ${value}\n`, "web").base;
    it("reads an AMI id", () =>
      expect(base("ami-0abcdef1234567890")).to.deep.equal({ kind: "ami", id: "ami-0abcdef1234567890" }));
    it("strips ssm: from a parameter", () => {
      expect(base("ssm:/golden/al2023")).to.deep.equal({ kind: "ssm", parameter: "/golden/al2023", fromOsTable: false });
    });
    it("reads an image ARN", () => {
      const arn = "arn:aws:imagebuilder:us-east-1:aws:image/amazon-linux-2023-x86/x.x.x";
      expect(base(arn)).to.deep.equal({ kind: "image-arn", arn });
    });
  });

  it("resolves accounts, organizations and OUs to principals", () => {
    const text = edit("accounts:\n", "accounts:\n  whole-org: arn:aws:organizations::111122223333:organization/o-a1b2c3d4e5\n");
    expect(catalogOf(text).accounts).to.deep.equal({
      "eng-ou": {
        name: "eng-ou",
        principal: {
          kind: "ou",
          arn: "arn:aws:organizations::111122223333:ou/o-a1b2c3d4e5/ou-ab12-cdef3456",
          key: "ou-ab12-cdef3456",
        },
      },
      prod: { name: "prod", principal: { kind: "account", id: "111122223333", key: "111122223333" } },
      stage: {
        name: "stage",
        principal: { kind: "account", id: "444455556666", key: "444455556666" },
        role: "arn:aws:iam::444455556666:role/publisher",
      },
      "whole-org": {
        name: "whole-org",
        principal: {
          kind: "organization",
          arn: "arn:aws:organizations::111122223333:organization/o-a1b2c3d4e5",
          key: "o-a1b2c3d4e5",
        },
      },
    });
  });

  describe("releases", () => {
    it("gives an image without releases the channel latest with all its regions and accounts", () => {
      expect(image(FIXTURE, "win").releases).to.deep.equal([
        {
          channel: "latest",
          source: { kind: "latest" },
          regions: ["eu-west-1", "us-east-1"],
          accounts: ["prod", "stage"],
          public: false,
        },
      ]);
    });

    it("defaults a release's regions and accounts to the image's, sorts channels and normalizes dates", () => {
      const text = edit(
        "      stable:\n",
        "      beta:\n        ami: ami-0abcdef1234567890\n        regions: [eu-west-1]\n        deprecateAt: 2027-06-30\n      stable:\n",
      );
      expect(image(text, "web").releases).to.deep.equal([
        {
          channel: "beta",
          source: { kind: "pinned", amiId: "ami-0abcdef1234567890" },
          regions: ["eu-west-1", "us-east-1"],
          accounts: ["prod", "stage"],
          public: false,
          deprecateAt: "2027-06-30T00:00:00Z",
        },
        { channel: "stable", source: { kind: "latest" }, regions: ["eu-west-1", "us-east-1"], accounts: ["prod"], public: false },
      ]);
    });

    it("normalizes a UTC time to whole seconds", () => {
      const text = edit("        ami: latest\n", "        ami: latest\n        deprecateAt: 2027-06-30T12:30Z\n");
      expect(image(text, "web").releases[0].deprecateAt).to.equal("2027-06-30T12:30:00Z");
    });
  });

  describe("order", () => {
    it("always includes the build region, sorted, without duplicates", () => {
      const text = edit("factory: ami-factory\n", "factory: ami-factory\nbuildRegion: eu-central-1\n").replace(
        "  regions: [us-east-1, eu-west-1]",
        "  regions: [us-east-1, eu-west-1, us-east-1]",
      );
      expect(image(text, "win").regions).to.deep.equal(["eu-central-1", "eu-west-1", "us-east-1"]);
    });

    it("sorts images by name", () => {
      const text = edit("  - name: web", "  - name: zeta");
      expect(catalogOf(text).images.map((i) => i.name)).to.deep.equal(["win", "zeta"]);
    });

    it("resolves a reordered example catalog to an equal object", () => {
      const shuffled = stringify(reversed(parse(EXAMPLE)));
      expect(shuffled).to.not.equal(EXAMPLE);
      const original = catalogOf(EXAMPLE);
      const again = catalogOf(shuffled);
      expect(again).to.deep.equal(original);
      expect(JSON.stringify(again)).to.equal(JSON.stringify(original));
    });

    it("keeps the catalog's order of components, which is the recipe's order", () => {
      const text = `${MINIMAL}    components:\n      - {name: zz, build: [a]}\n      - {name: aa, build: [b]}\n`;
      expect(image(text, "web").components.map((c) => ("name" in c ? c.name : c.arn))).to.deep.equal(["zz", "aa"]);
    });
  });
});
