/**
 * The cross-field rules, one case per rule and way to break it: the fixture with one change,
 * and the exact lines `validate` prints (place, path and message).
 */
import { expect } from "chai";
import { edit, FIXTURE, problemsOf } from "./fixture";

/** The fixture's first image, `web`: insert fields after its `arch`. */
const WEB_ARCH = "    arch: x86_64\n    releases:";
function onWeb(fields: string): string {
  return edit(WEB_ARCH, `    arch: x86_64\n${fields}    releases:`);
}
/**
 * `n` channels, every other one on the newest build and the rest each on its own pinned AMI: no
 * build serves so many channels that its served tags pass EC2's limit per AMI.
 */
const spreadChannels = (n: number) =>
  Array.from(
    { length: n },
    (_, i) => `      ch-${i + 1}: { ami: ${i % 2 ? `ami-${String(i).padStart(17, "0")}` : "latest"} }\n`,
  ).join("");
/** A `tags` map of `n` tags for an image. */
const manyTags = (n: number) => `    tags:\n${Array.from({ length: n }, (_, i) => `      t${i}: v\n`).join("")}`;
/** Insert fields into `defaults`, after its `accounts`. */
function inDefaults(fields: string): string {
  return edit("  accounts: [prod, stage]\n", `  accounts: [prod, stage]\n${fields}`);
}
/** An AMI id to pin, and what a second image pinning it is told. */
const PIN = "ami-0abcdef1234567890";
const TWO_GRANTS =
  "AWS keeps one launch permission per AMI and account, so the grants of two images on it would revoke each other's: " +
  "release the AMI from one image, with the accounts of both";
/** Insert fields into the second image, `win` (the last lines of the fixture). */
function onWin(fields: string): string {
  return `${FIXTURE}${fields}`;
}

interface Case {
  title: string;
  text: string;
  problems: string[];
}

function check(cases: Case[]): void {
  for (const { title, text, problems } of cases) {
    it(title, () => expect(problemsOf(text)).to.deep.equal(problems));
  }
}

describe("catalog rules", () => {
  describe("image names", () => {
    check([
      {
        title: "refuses a repeated name",
        text: edit("  - name: win", "  - name: web"),
        problems: ['c.yaml:23:11 images[1].name: "web" duplicates images[0].name'],
      },
      {
        title: "compares names without case",
        text: edit("  - name: win", "  - name: Web"),
        problems: ['c.yaml:23:11 images[1].name: "Web" duplicates images[0].name "web" (names are compared without case)'],
      },
      {
        title: "refuses an earlier name that is not an image name",
        text: onWin("    renamedFrom: [old web]\n"),
        problems: [
          `c.yaml:26:19 images[1].renamedFrom[0]: "old web" has a space; an image name has only letters, digits, '-' and '_'`,
        ],
      },
      {
        title: "refuses an earlier name that another image has now",
        text: onWin("    renamedFrom: [WEB]\n"),
        problems: ['c.yaml:26:19 images[1].renamedFrom[0]: "WEB" is the name of images[0]; renamedFrom lists only earlier names'],
      },
      {
        title: "refuses the image's own name as an earlier name",
        text: onWin("    renamedFrom: [win]\n"),
        problems: [`c.yaml:26:19 images[1].renamedFrom[0]: "win" is this image's own name; renamedFrom lists only earlier names`],
      },
      {
        title: "refuses an earlier name claimed by two images",
        text: onWeb("    renamedFrom: [old]\n").concat("    renamedFrom: [old]\n"),
        problems: [
          'c.yaml:27:19 images[1].renamedFrom[0]: "old" is also in images[0].renamedFrom; an earlier name belongs to one image',
        ],
      },
    ]);
  });

  describe("factory name", () => {
    const reserved = (name: string, prefix: string) =>
      `c.yaml:1:10 factory: "${name}" begins with "${prefix}", and the factory's SSM parameters are named /${name}/<image>/<channel>: ` +
      "Systems Manager refuses parameter names that begin with aws or ssm; choose a factory name that begins otherwise";
    check([
      {
        title: "refuses a name beginning with aws: its parameters' names are reserved",
        text: edit("factory: ami-factory", "factory: awsome-images"),
        problems: [reserved("awsome-images", "aws")],
      },
      {
        title: "refuses a name beginning with ssm",
        text: edit("factory: ami-factory", "factory: ssm-images"),
        problems: [reserved("ssm-images", "ssm")],
      },
      {
        title: "takes aws or ssm later in the name",
        text: edit("factory: ami-factory", "factory: images-aws-ssm"),
        problems: [],
      },
    ]);
  });

  describe("operating system and architecture", () => {
    check([
      {
        title: "needs os after defaults",
        text: edit("    os: windows-2022\n", ""),
        problems: ['c.yaml:23:5 images[1].os: missing required field "os"; set it on the image or in defaults'],
      },
      {
        title: "needs arch after defaults",
        text: FIXTURE.replace(/\n {4}arch: x86_64\n$/, "\n"),
        problems: ['c.yaml:23:5 images[1].arch: missing required field "arch"; set it on the image or in defaults'],
      },
      {
        title: "takes arch from defaults",
        text: inDefaults("  arch: x86_64\n").replace(/\n {4}arch: x86_64\n$/, "\n"),
        problems: [],
      },
      {
        title: "refuses an architecture the OS does not ship for",
        text: FIXTURE.replace(/arch: x86_64\n$/, "arch: arm64\n"),
        problems: ["c.yaml:25:11 images[1].arch: windows-2022 has no arm64 build; use x86_64"],
      },
      {
        title: "reports a default architecture that does not fit an image at defaults, naming the image",
        text: inDefaults("  arch: arm64\n").replace(/\n {4}arch: x86_64\n$/, "\n"),
        problems: [
          'c.yaml:13:9 defaults.arch: windows-2022 has no arm64 build; use x86_64 (for image "win", which takes it from defaults)',
        ],
      },
      {
        title: "refuses 32-bit architectures with their own message",
        text: edit(WEB_ARCH, "    arch: i686\n    releases:"),
        problems: [
          'c.yaml:18:11 images[0].arch: "i686" is a 32-bit architecture; 32-bit images are refused: use x86_64 or arm64',
        ],
      },
      {
        title: "refuses a 32-bit default once",
        text: inDefaults("  arch: x86\n"),
        problems: ['c.yaml:13:9 defaults.arch: "x86" is a 32-bit architecture; 32-bit images are refused: use x86_64 or arm64'],
      },
    ]);
  });

  describe("base image", () => {
    const FORMS =
      "use an AMI id (ami-0abcdef1234567890), ssm:<parameter name> or an Image Builder image ARN " +
      "(arn:aws:imagebuilder:<region>:<owner>:image/<name>/<x.x.x>)";
    check([
      { title: "takes an AMI id", text: onWeb("    base: ami-0abcdef1234567890\n"), problems: [] },
      { title: "takes an SSM parameter", text: onWeb("    base: ssm:/my/base/ami\n"), problems: [] },
      {
        title: "takes an Image Builder image ARN",
        text: onWeb("    base: arn:aws:imagebuilder:us-east-1:aws:image/amazon-linux-2023-x86/x.x.x\n"),
        problems: [],
      },
      {
        title: "names the three forms for anything else",
        text: onWeb("    base: amazon-linux\n"),
        problems: [`c.yaml:19:11 images[0].base: "amazon-linux" is not a base image; ${FORMS}`],
      },
      {
        title: "reports a bad default base once, at defaults, by the form it was meant to have",
        text: inDefaults("  base: ami-xyz\n"),
        problems: [
          'c.yaml:13:9 defaults.base: "ami-xyz" is not an AMI id: ami- and 8 or 17 lowercase hex digits, like ami-0abcdef1234567890',
        ],
      },
      {
        title: "asks for a base where the OS has no documented default (RHEL 9), at the image",
        text: edit("    os: amazon-linux-2023", "    os: rhel-9"),
        problems: [
          "c.yaml:16:5 images[0].base: rhel-9 has no default base image: neither AWS nor Red Hat documents a public SSM " +
            "parameter for RHEL 9 images; set base on the image or in defaults to an AMI id (ami-0abcdef1234567890), " +
            "ssm:<parameter name> or an Image Builder image ARN",
        ],
      },
      {
        title: "takes RHEL 9 with a base of its own",
        text: edit("    os: amazon-linux-2023", "    os: rhel-9\n    base: ssm:/golden/rhel-9"),
        problems: [],
      },
      {
        title: "takes RHEL 9 with a base from defaults",
        text: inDefaults("  base: ami-0abcdef1234567890\n").replace("    os: amazon-linux-2023", "    os: rhel-9"),
        problems: [],
      },
    ]);
  });

  describe("accounts and regions", () => {
    const KNOWN = "known: eng-ou, prod, stage";
    check([
      {
        title: "refuses an unknown account in an image",
        text: onWin("    accounts: [prodd]\n"),
        problems: [`c.yaml:26:16 images[1].accounts[0]: unknown account "prodd"; ${KNOWN}`],
      },
      {
        title: "refuses an unknown account in a release",
        text: edit("        accounts: [prod]", "        accounts: [prod, nobody]"),
        problems: [`c.yaml:22:26 images[0].releases.stable.accounts[1]: unknown account "nobody"; ${KNOWN}`],
      },
      {
        title: "refuses an unknown account in copyTo",
        text: onWeb("    copyTo: [stagee]\n"),
        problems: [`c.yaml:19:14 images[0].copyTo[0]: unknown account "stagee"; ${KNOWN}`],
      },
      {
        title: "refuses a release account the image does not have",
        text: edit("        accounts: [prod]", "        accounts: [prod, eng-ou]"),
        problems: [
          `c.yaml:22:26 images[0].releases.stable.accounts[1]: "eng-ou" is not one of the image's accounts (prod, stage); add it to the image's accounts or remove it here`,
        ],
      },
      {
        title: "refuses a release region the image does not have",
        text: edit("        accounts: [prod]", "        accounts: [prod]\n        regions: [us-east-1, eu-central-1]"),
        problems: [
          `c.yaml:23:30 images[0].releases.stable.regions[1]: "eu-central-1" is not one of the image's regions (eu-west-1, us-east-1); add it to the image's regions or remove it here`,
        ],
      },
      {
        title: "counts the build region among the image's regions",
        text: edit("factory: ami-factory", "factory: ami-factory\nbuildRegion: eu-central-1").replace(
          "        accounts: [prod]",
          "        accounts: [prod]\n        regions: [eu-central-1]",
        ),
        problems: [],
      },
      {
        title: "copies only into 12-digit accounts",
        text: onWeb("    copyTo: [eng-ou]\n"),
        problems: ['c.yaml:19:14 images[0].copyTo[0]: "eng-ou" is an OU; copyTo needs a 12-digit account with a role'],
      },
      {
        title: "copies only into accounts with a role",
        text: onWeb("    copyTo: [stage, prod]\n"),
        problems: [
          'c.yaml:19:21 images[0].copyTo[1]: "prod" has no role; copyTo needs a role the factory can assume: add `role` to accounts.prod',
        ],
      },
      {
        title: "refuses an account name that is not one",
        text: edit('  prod: "111122223333"', '  Prod: "111122223333"')
          .replace("[prod, stage]", "[stage]")
          .replace("[prod]", "[stage]"),
        problems: [
          `c.yaml:5:3 accounts.Prod: "Prod" is not an account name: 1 to 63 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit`,
        ],
      },
      {
        title: "refuses a role in another account",
        text: edit("role: arn:aws:iam::444455556666:role/publisher", "role: arn:aws:iam::999988887777:role/publisher"),
        problems: [
          "c.yaml:8:11 accounts.stage.role: the role is in account 999988887777, not in 444455556666 (the account's id)",
        ],
      },
    ]);
  });

  describe("releases", () => {
    check([
      {
        title: "refuses a channel name that is not one, at the key",
        text: edit("      stable:", "      Stable:"),
        problems: [
          `c.yaml:20:7 images[0].releases.Stable: "Stable" is not a channel name: 1 to 30 lowercase letters, digits or '-', starting with a letter`,
        ],
      },
      {
        title: "takes a pinned AMI id",
        text: edit("        ami: latest", "        ami: ami-0abcdef1234567890"),
        problems: [],
      },
      {
        title: "takes one AMI id pinned on two channels of one image",
        text: edit(
          "        ami: latest\n        accounts: [prod]\n",
          `        ami: ${PIN}\n        accounts: [prod]\n      next:\n        ami: ${PIN}\n`,
        ),
        problems: [],
      },
      {
        title: "refuses an AMI id pinned by two images, on the second, naming the first",
        text: edit("        ami: latest", `        ami: ${PIN}`).concat(`    releases:\n      old:\n        ami: ${PIN}\n`),
        problems: [
          `c.yaml:28:14 images[1].releases.old.ami: "${PIN}" is also pinned by image "web" on channel "stable"; ${TWO_GRANTS}`,
        ],
      },
      {
        title: "refuses an AMI id pinned in defaults for two images, once, naming them",
        text: edit(
          "    releases:\n      stable:\n        ami: latest\n        accounts: [prod]\n",
          "",
          inDefaults(`  releases:\n    stable: {ami: ${PIN}}\n`),
        ),
        problems: [
          `c.yaml:14:19 defaults.releases.stable.ami: "${PIN}" is pinned in defaults, so each image that takes its releases from there ("web", "win") releases it; ${TWO_GRANTS}`,
        ],
      },
      {
        title: "refuses an ami that is neither latest nor an AMI id",
        text: edit("        ami: latest", "        ami: newest"),
        problems: [
          'c.yaml:21:14 images[0].releases.stable.ami: "newest" is not latest or an AMI id; use latest or an AMI id like ami-0abcdef1234567890',
        ],
      },
      {
        title: "takes a date or a UTC time for deprecateAt",
        text: edit("        ami: latest", "        ami: latest\n        deprecateAt: 2027-06-30T12:00:00Z"),
        problems: [],
      },
      {
        title: "refuses a date that does not exist",
        text: edit("        ami: latest", "        ami: latest\n        deprecateAt: 2027-02-30"),
        problems: [
          'c.yaml:22:22 images[0].releases.stable.deprecateAt: "2027-02-30" is not a date or UTC time: 2027-06-30 or 2027-06-30T00:00:00Z',
        ],
      },
      {
        title: "refuses a time that is not UTC",
        text: edit("        ami: latest", "        ami: latest\n        deprecateAt: 2027-06-30T12:00:00+02:00"),
        problems: [
          'c.yaml:22:22 images[0].releases.stable.deprecateAt: "2027-06-30T12:00:00+02:00" is not a date or UTC time: 2027-06-30 or 2027-06-30T00:00:00Z',
        ],
      },
      {
        title: "shares a release publicly only when the image allows it",
        text: edit("        accounts: [prod]", "        accounts: [prod]\n        public: true"),
        problems: ["c.yaml:23:17 images[0].releases.stable.public: public sharing needs `public: true` on the image"],
      },
      {
        title: "shares a release publicly when the image allows it",
        text: onWeb("    public: true\n").replace("        accounts: [prod]", "        accounts: [prod]\n        public: true"),
        problems: [],
      },
      {
        title: "refuses more channels than the lifecycle policy's exclusion tagMap holds, on the image's releases",
        text: edit("      stable:\n        ami: latest\n        accounts: [prod]\n", spreadChannels(50)),
        problems: [
          "c.yaml:20:7 images[0].releases: 50 channels make 51 exclusion tags in the image's lifecycle policy (one per channel, and ami-factory:released); Image Builder's tagMap takes at most 50: serve at most 49 channels from one image, or split it into two images",
        ],
      },
      {
        title: "takes as many channels as the exclusion tagMap holds",
        text: edit("      stable:\n        ami: latest\n        accounts: [prod]\n", spreadChannels(49)),
        problems: [],
      },
      {
        title: "keeps derived AMI names within 128 characters",
        text: edit("  - name: web", `  - name: ${"w".repeat(90)}`).replace("      stable:", `      ${"s".repeat(30)}:`),
        problems: [
          `c.yaml:16:11 images[0].name: its builds' AMI name "ami-factory_${"w".repeat(90)}-{{ imagebuilder:buildDate }}" is 131 characters; Image Builder allows 127: shorten the image's or the factory's name`,
          `c.yaml:20:7 images[0].releases.${"s".repeat(30)}: this channel's copies would be named "${"w".repeat(90)}-${"s".repeat(30)}-<AMI id>-<8 hex digits>", 152 characters; AWS allows 128: shorten the image name or the channel`,
        ],
      },
    ]);
  });

  describe("components", () => {
    const arns = (n: number) =>
      `    components:\n${Array.from({ length: n }, (_, i) => `      - arn: arn:aws:imagebuilder:us-east-1:123456789012:component/c${i}/1.0.0\n`).join("")}`;
    check([
      { title: "takes 16 components on a Linux image", text: onWeb(arns(16)), problems: [] },
      {
        title: "refuses a 17th on a Linux image",
        text: onWeb(arns(17)),
        problems: [
          "c.yaml:20:7 images[0].components: 17 components; amazon-linux-2023 images take at most 16: a recipe holds 20 and the factory adds 4 of its own to Linux images",
        ],
      },
      { title: "takes 18 components on a Windows image", text: onWin(arns(18)), problems: [] },
      {
        title: "refuses a 19th on a Windows image",
        text: onWin(arns(19)),
        problems: [
          "c.yaml:27:7 images[1].components: 19 components; windows-2022 images take at most 18: a recipe holds 20 and the factory adds 2 of its own to Windows images",
        ],
      },
      {
        // The recipe's component_arn runs the provider's verify.ValidARN at preview, whose region is `us-east-1`-shaped.
        title: "refuses a component ARN whose region is an Availability Zone",
        text: onWeb("    components:\n      - arn: arn:aws:imagebuilder:us-east-1a:aws:component/update-linux/x.x.x\n"),
        problems: [
          'c.yaml:20:14 images[0].components[0].arn: "arn:aws:imagebuilder:us-east-1a:aws:component/update-linux/x.x.x" has the region "us-east-1a", which is not a region like us-east-1: the AWS provider refuses the ARN at preview',
        ],
      },
      {
        title: "refuses two inline components of one name",
        text: onWeb("    components:\n      - {name: setup, build: [a]}\n      - {name: setup, build: [b]}\n"),
        problems: [
          'c.yaml:21:16 images[0].components[1].name: "setup" duplicates components[0].name; inline component names are unique per image',
        ],
      },
    ]);
  });

  describe("build instances", () => {
    check([
      {
        title: "refuses an instance type of the other architecture",
        text: onWeb("    instanceTypes: [m7i.large, c7g.xlarge]\n"),
        problems: ['c.yaml:19:32 images[0].instanceTypes[1]: "c7g.xlarge" is an arm64 instance type; this image is x86_64'],
      },
      {
        title: "names the image when a default instance type does not fit it",
        text: inDefaults("  instanceTypes: [m7g.large]\n").replace(WEB_ARCH, "    arch: arm64\n    releases:"),
        problems: [
          'c.yaml:13:19 defaults.instanceTypes[0]: "m7g.large" is an arm64 instance type; this image is x86_64 (for image "win", which takes it from defaults)',
        ],
      },
      {
        title: "takes High Memory types, whose family has a dash (u-6tb1, u7i-12tb), as x86_64",
        text: onWeb("    instanceTypes: [u-6tb1.metal, u7i-12tb.224xlarge]\n"),
        problems: [],
      },
      {
        title: "refuses something that is not an instance type",
        text: onWeb("    instanceTypes: [large]\n"),
        problems: ['c.yaml:19:21 images[0].instanceTypes[0]: "large" is not an EC2 instance type like m7i.large'],
      },
      {
        title: "needs a subnet for security groups",
        text: onWeb("    securityGroupIds: [sg-0123456789abcdef0]\n"),
        problems: [
          "c.yaml:19:23 images[0].securityGroupIds: securityGroupIds needs subnetId: security groups belong to a VPC, so name the subnet to build in",
        ],
      },
      {
        title: "takes security groups with a subnet",
        text: onWeb("    subnetId: subnet-0123456789abcdef0\n    securityGroupIds: [sg-01234567]\n"),
        problems: [],
      },
      {
        title: "refuses a subnet id that is not one",
        text: onWeb("    subnetId: subnet-12\n"),
        problems: ['c.yaml:19:15 images[0].subnetId: "subnet-12" is not a subnet id: subnet- and 8 to 17 hex digits'],
      },
      {
        title: "refuses a security group id that is not one",
        text: onWeb("    subnetId: subnet-0123456789abcdef0\n    securityGroupIds: [default]\n"),
        problems: [
          'c.yaml:20:24 images[0].securityGroupIds[0]: "default" is not a security group id: sg- and 8 to 17 hex digits',
        ],
      },
    ]);
  });

  describe("schedule and lifecycle", () => {
    check([
      {
        title: "refuses a cron expression with both days set",
        text: onWeb("    schedule: {cron: cron(0 4 * * SUN *)}\n"),
        problems: [
          'c.yaml:19:22 images[0].schedule.cron: "cron(0 4 * * SUN *)" is not a valid schedule: exactly one of day-of-month and day-of-week must be ?, for example cron(0 4 ? * SUN *)',
        ],
      },
      {
        title: "refuses an unknown time zone, suggesting the right spelling",
        text: inDefaults("  schedule:\n    timezone: europe/berlin\n"),
        problems: ['c.yaml:14:15 defaults.schedule.timezone: "europe/berlin" is not a time zone; did you mean Europe/Berlin?'],
      },
      {
        title: "deletes only after deprecating",
        text: onWeb("    lifecycle: {deprecateAfterDays: 30, deleteAfterDays: 30}\n"),
        problems: [
          "c.yaml:19:58 images[0].lifecycle.deleteAfterDays: deleteAfterDays 30 must be greater than deprecateAfterDays 30: an AMI is deprecated before it is deleted",
        ],
      },
      {
        title: "compares with the factory's default when one side is not set",
        text: onWeb("    lifecycle: {deprecateAfterDays: 400}\n"),
        problems: [
          "c.yaml:19:37 images[0].lifecycle.deprecateAfterDays: deleteAfterDays 365 (the default) must be greater than deprecateAfterDays 400: an AMI is deprecated before it is deleted",
          "c.yaml:19:37 images[0].lifecycle.deprecateAfterDays: deprecateAfterDays 400 is over 365: builds launched within that many days are kept from deletion, and Image Builder's lifecycle policies look back at most 365 days",
        ],
      },
      {
        title: "merges lifecycle defaults field by field and names the image that breaks them",
        text: inDefaults("  lifecycle:\n    deprecateAfterDays: 200\n").replace(
          WEB_ARCH,
          "    arch: x86_64\n    lifecycle: {deleteAfterDays: 100}\n    releases:",
        ),
        problems: [
          "c.yaml:21:34 images[0].lifecycle.deleteAfterDays: deleteAfterDays 100 must be greater than deprecateAfterDays 200: an AMI is deprecated before it is deleted",
        ],
      },
    ]);
  });

  describe("description", () => {
    check([
      { title: "takes 255 characters", text: onWeb(`    description: ${"d".repeat(255)}\n`), problems: [] },
      {
        // It is every build's AMI description: EC2 holds 255, although Image Builder's field takes 1,024.
        title: "refuses 256 characters",
        text: onWeb(`    description: ${"d".repeat(256)}\n`),
        problems: ["c.yaml:19:18 images[0].description: is 256 characters long; use at most 255"],
      },
    ]);
  });

  describe("root volume", () => {
    check([
      {
        title: "refuses iops on gp2",
        text: onWeb("    rootVolume: {type: gp2, iops: 3000}\n"),
        problems: ["c.yaml:19:35 images[0].rootVolume.iops: iops needs a gp3, io1 or io2 volume; this one is gp2"],
      },
      {
        title: "refuses throughput on io2",
        text: onWeb("    rootVolume: {type: io2, iops: 4000, throughput: 250}\n"),
        problems: ["c.yaml:19:53 images[0].rootVolume.throughput: throughput needs a gp3 volume; this one is io2"],
      },
      {
        title: "needs iops on io1 and io2",
        text: onWeb("    rootVolume: {type: io1}\n"),
        problems: ["c.yaml:19:24 images[0].rootVolume.type: io1 volumes need iops"],
      },
      // EBS volume types (https://docs.aws.amazon.com/ebs/latest/userguide/provisioned-iops.html): io1 and io2 from 100 IOPS.
      { title: "takes io2 below gp3's 3,000 IOPS", text: onWeb("    rootVolume: {type: io2, iops: 1000}\n"), problems: [] },
      {
        title: "refuses gp3 below 3,000 IOPS",
        text: onWeb("    rootVolume: {type: gp3, iops: 1000}\n"),
        problems: ["c.yaml:19:35 images[0].rootVolume.iops: iops 1,000 is below 3,000, the least a gp3 volume takes"],
      },
      {
        title: "gives gp3 at most 500 IOPS per GiB, of the default size too",
        text: onWeb("    rootVolume: {iops: 16000}\n"),
        problems: [
          "c.yaml:19:24 images[0].rootVolume.iops: iops 16,000 is over 500 per GiB of the 30 GiB volume (the default on Linux): at most 15,000, or a larger sizeGiB",
        ],
      },
      {
        title: "gives io1 at most 64,000 IOPS and 50 per GiB",
        text: onWeb("    rootVolume: {type: io1, iops: 70000, sizeGiB: 2000}\n"),
        problems: [
          "c.yaml:19:35 images[0].rootVolume.iops: iops 70,000 is over 64,000 IOPS, the most an Image Builder recipe's volume takes",
        ],
      },
      {
        title: "gives io1 at most 50 IOPS per GiB",
        text: onWeb("    rootVolume: {type: io1, iops: 2000, sizeGiB: 20}\n"),
        problems: [
          "c.yaml:19:35 images[0].rootVolume.iops: iops 2,000 is over 50 per GiB of the 20 GiB volume: at most 1,000, or a larger sizeGiB",
        ],
      },
      {
        title: "gives gp3 at most 0.25 MiB/s per IOPS, of the default 3,000 too",
        text: onWeb("    rootVolume: {throughput: 1000}\n"),
        problems: [
          "c.yaml:19:30 images[0].rootVolume.throughput: throughput 1,000 MiB/s is over 0.25 MiB/s per IOPS of the volume's 3,000 IOPS (the default): at most 750, or more iops",
        ],
      },
      {
        title: "takes gp3 at the most a recipe's volume takes",
        text: onWeb("    rootVolume: {iops: 64000, throughput: 1000, sizeGiB: 128}\n"),
        problems: [],
      },
      {
        // gp3 volumes take 80,000 IOPS and 2,000 MiB/s; Image Builder's API model (EbsInstanceBlockDeviceSpecification) 64,000 and 1,000.
        title: "refuses gp3 beyond what Image Builder's recipe takes, though EBS would take it",
        text: onWeb("    rootVolume: {iops: 80000, throughput: 2000, sizeGiB: 160}\n"),
        problems: [
          "c.yaml:19:24 images[0].rootVolume.iops: iops 80,000 is over 64,000 IOPS, the most an Image Builder recipe's volume takes",
          "c.yaml:19:43 images[0].rootVolume.throughput: throughput 2,000 is over 1,000 MiB/s, the most an Image Builder recipe's volume takes",
        ],
      },
      {
        title: "refuses the review's gp3 volume",
        text: onWeb("    rootVolume: {type: gp3, iops: 100000, throughput: 2000}\n"),
        problems: [
          "c.yaml:19:35 images[0].rootVolume.iops: iops 100,000 is over 64,000 IOPS, the most an Image Builder recipe's volume takes",
          "c.yaml:19:55 images[0].rootVolume.throughput: throughput 2,000 is over 1,000 MiB/s, the most an Image Builder recipe's volume takes",
        ],
      },
      {
        title: "gives Windows at least 30 GiB",
        text: onWin("    rootVolume: {sizeGiB: 20}\n"),
        problems: ["c.yaml:26:27 images[1].rootVolume.sizeGiB: Windows needs a root volume of at least 30 GiB; got 20"],
      },
      {
        title: "names the Windows image when a default size is too small for it",
        text: inDefaults("  rootVolume:\n    sizeGiB: 20\n"),
        problems: [
          'c.yaml:14:14 defaults.rootVolume.sizeGiB: Windows needs a root volume of at least 30 GiB; got 20 (for image "win", which takes it from defaults)',
        ],
      },
    ]);
  });

  describe("tags", () => {
    check([
      {
        title: "refuses the aws: prefix, at the key",
        text: edit("    managed-by: ami-factory", "    aws:owner: me"),
        problems: [
          'c.yaml:14:5 defaults.tags["aws:owner"]: "aws:owner" is not a tag key: 1 to 127 ASCII letters, digits or _ . : / = + -, not starting with aws: in any case',
        ],
      },
      {
        // AWS Backup's model: (?![aA]{1}[wW]{1}[sS]{1}:); the tagging guide: any upper or lower case combination.
        title: "refuses the aws: prefix in any case",
        text: edit("  owner: platform", "  AWS:owner: platform\n  Aws:team: core\n  awsome: yes"),
        problems: [
          'c.yaml:3:3 tags["AWS:owner"]: "AWS:owner" is not a tag key: 1 to 127 ASCII letters, digits or _ . : / = + -, not starting with aws: in any case',
          'c.yaml:4:3 tags["Aws:team"]: "Aws:team" is not a tag key: 1 to 127 ASCII letters, digits or _ . : / = + -, not starting with aws: in any case',
        ],
      },
      {
        // EC2's Tag reference allows 127 (its user guide says 128): catalog tags reach EC2 on every copy.
        title: "refuses a 128-character key, takes a 127-character one",
        text: edit("  owner: platform", `  ${"k".repeat(128)}: x\n  ${"j".repeat(127)}: x`),
        problems: [
          `c.yaml:3:3 tags.${"k".repeat(128)}: "${"k".repeat(128)}" is not a tag key: 1 to 127 ASCII letters, digits or _ . : / = + -, not starting with aws: in any case`,
        ],
      },
      {
        // Image Builder's tag maps take ASCII only, and its resource tags neither spaces nor '@'.
        title: "refuses keys with a space, an '@' or a non-ASCII letter",
        text: edit("  owner: platform", '  "Cost Center": x\n  "owner@team": x\n  "Équipe": x'),
        problems: [
          'c.yaml:3:3 tags["Cost Center"]: "Cost Center" is not a tag key: 1 to 127 ASCII letters, digits or _ . : / = + -, not starting with aws: in any case',
          'c.yaml:4:3 tags["owner@team"]: "owner@team" is not a tag key: 1 to 127 ASCII letters, digits or _ . : / = + -, not starting with aws: in any case',
          'c.yaml:5:3 tags["Équipe"]: "Équipe" is not a tag key: 1 to 127 ASCII letters, digits or _ . : / = + -, not starting with aws: in any case',
        ],
      },
      {
        title: "refuses a value longer than 256 characters",
        text: edit("  owner: platform", `  owner: ${"p".repeat(257)}`),
        problems: ["c.yaml:3:10 tags.owner: the value is 257 characters long; a tag value has at most 256"],
      },
      {
        // IAM's and Systems Manager's Tag references: letters and digits of any script, spaces, _ . : / = + - @.
        title: "refuses a value with a character IAM and Systems Manager refuse, takes any script, spaces and '@'",
        text: edit("  owner: platform", '  owner: "platform, core"\n  team: "Équipe Données @ Paris"'),
        problems: [
          "c.yaml:3:10 tags.owner: \"platform, core\" is not a tag value: letters, digits, spaces or _ . : / = + - @ only (IAM's roles and Systems Manager's parameters carry these tags and refuse other characters)",
        ],
      },
      {
        // EventBridge Scheduler's Tag: a value of 1 to 256 characters; default and image tags never reach it.
        title: "refuses an empty value among the factory's tags, takes one among the defaults",
        text: edit("    managed-by: ami-factory", '    managed-by: ""', edit("  owner: platform", '  owner: ""')),
        problems: [
          "c.yaml:3:10 tags.owner: the value is empty; the factory's tags go on its EventBridge Scheduler schedule group, which refuses an empty tag value",
        ],
      },
      // With the factory's own 4, build instances carry 30, Image Builder's most.
      { title: "takes 26 tags after merging", text: onWeb(manyTags(24)), problems: [] },
      {
        title: "refuses 27 tags after merging",
        text: onWeb(manyTags(25)),
        problems: [
          "c.yaml:20:7 images[0].tags: 27 tags after merging the top-level, default and image tags; the factory adds 4 of its own, and Image Builder's build instances take at most 30: at most 26 here",
        ],
      },
      {
        // IAM: "Duplicate tag keys found. Please note that Tag keys are case insensitive." EC2 tells them apart.
        title:
          "refuses top-level keys that differ only in case, from each other or the factory's tag; takes them among the defaults",
        text: edit(
          "    managed-by: ami-factory",
          "    managed-by: ami-factory\n    Managed-By: x",
          edit("  owner: platform", "  owner: platform\n  Owner: x\n  Ami-Factory:Factory: y"),
        ),
        problems: [
          `c.yaml:4:3 tags.Owner: "Owner" differs from "owner" only in case; these tags go on the factory's IAM roles, and IAM, which compares tag keys without case, refuses the two: keep one`,
          `c.yaml:5:3 tags["Ami-Factory:Factory"]: "Ami-Factory:Factory" differs from the factory's own tag "ami-factory:factory" only in case; these tags go on the factory's IAM roles, and IAM, which compares tag keys without case, refuses the two: keep one`,
        ],
      },
    ]);
  });

  describe("tags on a build", () => {
    // 26 tags on web; each channel adds its served tag to the build it serves.
    const channels = (sources: string[]) => sources.map((ami, i) => `      c${i}:\n        ami: ${ami}\n`).join("");
    const serving = (sources: string[]) =>
      edit("      stable:\n        ami: latest\n        accounts: [prod]\n", channels(sources), onWeb(manyTags(24)));
    const latest = (n: number) => Array.from({ length: n }, () => "latest");
    check([
      {
        // The image's 26, the factory's 4, Image Builder's 2, the released mark: room for 17 served tags in 50.
        title: "refuses 18 channels on the newest build of an image with 26 tags",
        text: serving(latest(18)),
        problems: [
          "c.yaml:45:7 images[0].releases: 18 channels serve the newest build, which would carry 51 tags: the image's 26, the factory's 4, Image Builder's CreatedBy and Ec2ImageBuilderArn, ami-factory:served:<channel> for each channel and ami-factory:released; EC2 allows 50 tags on an AMI: serve it from at most 17 channels, or give the image fewer tags",
        ],
      },
      { title: "takes 17", text: serving(latest(17)), problems: [] },
      {
        title: "counts the channels of each build apart",
        text: serving([...latest(17), "ami-0abcdef1234567890"]),
        problems: [],
      },
    ]);
  });

  describe("sharing limits", () => {
    /** The fixture with `n` more accounts, all given to every image by default. */
    function withAccounts(n: number, value: (i: number) => string): string {
      const entries = Array.from({ length: n }, (_, i) => `  x${i}: ${value(i)}\n`).join("");
      const list = Array.from({ length: n }, (_, i) => `x${i}`).join(", ");
      return edit("accounts:\n", `accounts:\n${entries}`).replace(
        "  accounts: [prod, stage]",
        `  accounts: [prod, stage, ${list}]`,
      );
    }
    const id = (i: number) => `"${String(100000000000 + i)}"`;
    const ou = (i: number) => `arn:aws:organizations::111122223333:ou/o-a1b2c3d4e5/ou-ab12-${String(10000000 + i)}`;
    check([
      { title: "shares an AMI with 1,000 accounts", text: withAccounts(998, id), problems: [] },
      {
        title: "refuses to share an AMI with 1,001",
        text: withAccounts(999, id),
        problems: [
          // win has no releases: its channel `latest` shares with the default accounts.
          'c.yaml:1011:13 defaults.accounts: release "latest" shares with 1,001 accounts, organizations and OUs; an AMI can be shared with at most 1,000',
        ],
      },
      {
        // One grant per principal on the AMI both serve: prod on one, the 1,000 others on the other.
        title: "refuses two channels on one AMI that together share it with 1,001",
        text: withAccounts(999, id).replace(
          "        accounts: [prod]\n",
          `        accounts: [prod]\n      edge:\n        ami: latest\n        accounts: [stage, ${Array.from({ length: 999 }, (_, i) => `x${i}`).join(", ")}]\n`,
        ),
        problems: [
          'c.yaml:1011:13 defaults.accounts: release "latest" shares with 1,001 accounts, organizations and OUs; an AMI can be shared with at most 1,000',
          'c.yaml:1019:7 images[0].releases: releases "edge", "stable" serve one AMI (latest) and together share it with 1,001 accounts, organizations and OUs; an AMI can be shared with at most 1,000: serve another AMI on one of them, or share with fewer',
        ],
      },
      {
        title: "shares builds with at most 25 OUs",
        text: withAccounts(26, ou).replace(WEB_ARCH, "    arch: x86_64\n    shareBuilds: true\n    releases:"),
        problems: [
          'c.yaml:38:13 defaults.accounts: shareBuilds shares every build with 26 OU ARNs; Image Builder distributes to at most 25 (for image "web", which takes it from defaults)',
        ],
      },
    ]);
  });

  describe("partly invalid input", () => {
    it("does not crash on values of the wrong shape", () => {
      const text = FIXTURE.replace("  regions: [us-east-1, eu-west-1]", "  regions: 5")
        .replace("  accounts: [prod, stage]", "  accounts: {a: 1}")
        .replace("      stable:\n        ami: latest\n", "      stable: 7\n      other:\n")
        .replace("    arch: x86_64\n  ", "    arch: [x86_64]\n  ");
      expect(problemsOf(text)).to.deep.equal([
        "c.yaml:11:12 defaults.regions: expected a list of region names, got 5",
        "c.yaml:12:13 defaults.accounts: expected a list of account names, got a map",
        "c.yaml:18:11 images[0].arch: a list is not a 64-bit architecture; use x86_64 or arm64",
        "c.yaml:20:15 images[0].releases.stable: expected a release: a map with ami, got 7",
        'c.yaml:22:9 images[0].releases.other.ami: missing required field "ami"',
      ]);
    });
  });
});
