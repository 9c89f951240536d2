/**
 * Rendering a hand-built plan: callouts first, then the rest; the markdown's Mermaid block is
 * valid (Mermaid's own parser, and a structural check).
 */
import { expect } from "chai";
import { buildDocument, type PlanInputs } from "../../plan/document";
import { rebuildsText, type PlanImage } from "../../plan/images";
import { fanOutChart, imageRegionChart, regionChart } from "../../plan/mermaid";
import { renderMarkdown, MAX_CHANGE_ROWS } from "../../plan/render-markdown";
import { renderText } from "../../plan/render-text";
import type { PlanResource } from "../../plan/resources";
import { mermaidBlocks, parseAllWithMermaid, structuralProblems } from "./mermaid-syntax";

const GRANT = "aws:ec2/amiLaunchPermission:AmiLaunchPermission";
const COPY = "aws:ec2/amiCopy:AmiCopy";
const DISTRIBUTION = "aws:imagebuilder/distributionConfiguration:DistributionConfiguration";

const image: PlanImage = {
  name: "web",
  os: "ubuntu-24.04",
  arch: "x86_64",
  buildRegion: "us-east-1",
  base: "ssm:/aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id",
  regions: ["eu-west-1", "us-east-1"],
  accounts: ["111122223333", "arn:aws:organizations::111122223333:ou/o-a1b2c3d4e5/ou-ab12-cdef3456"],
  accountNames: ["prod", "eng"],
  public: false,
  rebuilds: rebuildsText({ cron: "cron(0 4 ? * SUN *)", timezone: "Etc/UTC", onlyWhenChanged: false }),
  channels: [
    {
      channel: "stable",
      source: "ami-0abc",
      regions: ["eu-west-1", "us-east-1"],
      accounts: ["111122223333"],
      accountNames: ["prod"],
      public: true,
    },
  ],
};

const grant = (region: string, inputs: Record<string, unknown>): PlanResource => ({
  type: GRANT,
  name: `f/web/grant/ami-0abc/${region}/${(inputs.accountId as string | undefined) ?? "public"}`,
  custom: true,
  inputs: { imageId: "ami-0abc", region, ...inputs },
});
/** The copy of ami-0abc into eu-west-1, encrypted with `key`: another key replaces it. */
const copy = (key: string): PlanResource => ({
  type: COPY,
  name: "f/web/copy/ami-0abc/eu-west-1",
  custom: true,
  inputs: { name: "web-stable-ami-0abc", sourceAmiId: "ami-0abc", region: "eu-west-1", kmsKeyId: key },
  retainOnDelete: true,
});
const distribution: PlanResource = {
  type: DISTRIBUTION,
  name: "web",
  custom: true,
  inputs: {
    distributions: [{ region: "us-east-1", amiDistributionConfiguration: { launchPermission: { userIds: ["111122223333"] } } }],
  },
};

function inputs(extra: Partial<PlanInputs> = {}): PlanInputs {
  return {
    stack: "dev",
    catalog: "config/catalog.yaml",
    images: [image],
    head: [copy("key-2"), grant("us-east-1", { group: "all" }), distribution],
    policy: [],
    accountNames: new Map([["111122223333", "prod"]]),
    base: {
      label: "main:config/catalog.yaml",
      resources: [copy("key-1"), grant("us-east-1", { accountId: "111122223333" }), distribution],
    },
    ...extra,
  };
}

describe("plan rendering", () => {
  it("counts every resource by type, adding up to the total", () => {
    const document = buildDocument(inputs());
    expect(document.counts).to.deep.equal({ [COPY]: 1, [GRANT]: 1, [DISTRIBUTION]: 1, total: 3 });
  });

  it("calls out revoked grants, replaced AMIs, public sharing and builds shared at build time", () => {
    const { callouts } = buildDocument(inputs());
    expect(callouts.map((c) => c.kind)).to.deep.equal(["grant-revoked", "ami-replaced", "public", "shared-at-build"]);
    expect(callouts[0].message).to.equal(
      "prod (111122223333) can no longer launch image web, AMI ami-0abc, in us-east-1 (f/web/grant/ami-0abc/us-east-1/111122223333)",
    );
    expect(callouts[1].message)
      .to.contain("image web, AMI ami-0abc, in eu-west-1 gets a new AMI")
      .and.contain(
        "the old AMI is kept in AWS (retainOnDelete) and deprecated by the sweeper lifecycle.deprecateAfterDays after the " +
          "first sweep that finds it unserved; instances and launch templates that use it keep working",
      );
    expect(callouts[2].message).to.equal("image web, AMI ami-0abc, in us-east-1 can be launched by every AWS account (new)");
    expect(callouts[3].message).to.contain("shared with prod (111122223333)").and.contain("not revoked");
  });

  it("calls out a protected resource that would be deleted", () => {
    const key: PlanResource = {
      type: "aws:kms/key:Key",
      name: "kms/eu-west-1",
      custom: true,
      inputs: { region: "eu-west-1" },
      protect: true,
    };
    const { callouts } = buildDocument(inputs({ head: [], base: { label: "b", resources: [key] } }));
    expect(callouts.map((c) => [c.kind, c.message])).to.deep.equal([
      [
        "protected",
        "aws:kms/key:Key kms/eu-west-1 is protected and would be deleted: `pulumi up` refuses until protect is lifted",
      ],
    ]);
  });

  it("puts the callouts at the top of the text, then images, resources and changes", () => {
    const text = renderText(buildDocument(inputs()));
    const order = [
      "!! Launch permissions revoked",
      "!! AMIs replaced",
      "Images (1)",
      "Resources (3)",
      "Changes: 1 to create, 0 to update, 1 to replace, 1 to delete",
    ];
    const positions = order.map((heading) => text.indexOf(heading));
    expect(
      positions.every((p) => p >= 0),
      text,
    ).to.equal(true);
    expect([...positions].sort((a, b) => a - b)).to.deep.equal(positions);
    expect(text).to.contain("    accounts      prod (111122223333), eng (ou-ab12-cdef3456)");
    expect(text).to.contain("    rebuilds      cron(0 4 ? * SUN *) Etc/UTC, every run");
    expect(text).to.contain("+- replace  AmiCopy  f/web/copy/ami-0abc/eu-west-1  (replacement forced by kmsKeyId)");
  });

  it("writes markdown with alerts, a table of changes and one Mermaid block", () => {
    const markdown = renderMarkdown(buildDocument(inputs()));
    expect(markdown.indexOf("> [!CAUTION]")).to.be.lessThan(markdown.indexOf("<summary>Changes (3)</summary>"));
    expect(markdown).to.contain("| - | delete | AmiLaunchPermission | `f/web/grant/ami-0abc/us-east-1/111122223333` |");
    expect(mermaidBlocks(markdown)).to.have.length(1);
    expect(markdown).to.contain("| cron(0 4 ? * SUN *) Etc/UTC, every run |");
  });

  it("shows a change's paths as code, so a tag key's underscores are not emphasis and `@` is not a mention", () => {
    const tagged = (value: string) => ({
      ...distribution,
      inputs: { ...distribution.inputs, tags: { _cost_centre_: value, "@ops": value } },
    });
    const markdown = renderMarkdown(
      buildDocument(inputs({ head: [tagged("new")], base: { label: "b", resources: [tagged("old")] } })),
    );
    expect(markdown).to.contain('| ~ | update | DistributionConfiguration | `web` | `tags._cost_centre_`, `tags["@ops"]` |');
  });

  it("says how often an image rebuilds: every run, or only when its base or a component has a new version", () => {
    expect(rebuildsText({ cron: "cron(0 1 ? * MON *)", timezone: "Europe/Berlin", onlyWhenChanged: true })).to.equal(
      "cron(0 1 ? * MON *) Europe/Berlin, only when the base image or a component has a new version",
    );
  });

  it("cuts long tables of changes", () => {
    const many = Array.from({ length: MAX_CHANGE_ROWS + 5 }, (_, i) => grant(`r${i}`, { accountId: "111122223333" }));
    const markdown = renderMarkdown(buildDocument(inputs({ head: many, base: { label: "b", resources: [] } })));
    expect(markdown).to.contain("5 more changes cut here to keep the comment within GitHub's limit");
  });

  describe("Mermaid fan-out", () => {
    const awkward: PlanImage = {
      ...image,
      name: "end",
      channels: [
        {
          ...image.channels[0],
          channel: 'a"b<c>',
          accounts: ["111122223333", "arn:aws:organizations::111122223333:organization/o-a1b2c3d4e5"],
          accountNames: ["x & y", "org"],
        },
        { ...image.channels[0], channel: "a.b", public: false },
        { ...image.channels[0], channel: "a-b", public: false },
      ],
    };
    const charts = { example: fanOutChart([image]), awkward: fanOutChart([image, awkward]), empty: fanOutChart([]) };

    for (const [name, chart] of Object.entries(charts)) {
      it(`is a well-formed flowchart (${name})`, () => {
        expect(structuralProblems(chart), chart).to.deep.equal([]);
      });
    }

    it("gives every node a unique id of letters, digits and _", () => {
      const ids = [...charts.awkward.matchAll(/^\s+(\w+)\[/gm)].map((m) => m[1]);
      expect(new Set(ids).size).to.equal(ids.length);
      expect(charts.awkward).to.contain('channel_end_a_b_2["a-b');
      expect(charts.awkward).to.contain("a#quot;b#lt;c#gt;");
    });

    it("the structural check refuses what Mermaid refuses: an empty label, a keyword as an id", async () => {
      const refused = ['flowchart LR\n  a[""]', 'flowchart LR\n  class["x"]'];
      for (const chart of refused) expect(structuralProblems(chart), chart).to.not.deep.equal([]);
      const verdicts = await parseAllWithMermaid(refused);
      expect(verdicts.map((v) => v.available && v.error !== undefined)).to.deep.equal([true, true]);
    });

    it("counts images and principals in the singular for one, in the plural for more", () => {
      const one: PlanImage = { ...image, accounts: ["111122223333"], accountNames: ["prod"] };
      const single = regionChart([one]);
      expect(single).to.contain('(["us-east-1<br/>build region: 1 image"])');
      expect(single).to.contain('["eu-west-1<br/>1 image<br/>1 principal"]');
      expect(imageRegionChart([one])).to.contain("<br/>1 principal");
      const two = regionChart([image, { ...image, name: "api" }]);
      expect(two).to.contain('(["us-east-1<br/>build region: 2 images"])');
      expect(two).to.contain('["eu-west-1<br/>2 images<br/>2 principals"]');
      expect(imageRegionChart([image])).to.contain("<br/>2 principals");
      expect(structuralProblems(single), single).to.deep.equal([]);
    });

    it("parses with Mermaid's own parser", async () => {
      // mermaid and jsdom are devDependencies: a missing parser is a failure, not a skip.
      const verdicts = await parseAllWithMermaid(Object.values(charts));
      expect(verdicts).to.deep.equal(verdicts.map(() => ({ available: true })));
    });
  });
});
