import { expect } from "chai";
import type { RecordedResource } from "../../offline/run-program";
import { firstBuildClientToken } from "../../catalog/render/first-build";
import { FIRST_BUILD_DELAY_MINUTES } from "../../components/timeouts";
import { TYPE } from "../../contract/type-tokens";
import { compareText } from "../../catalog/tables/order";
import { forcesReplacement } from "../../plan/replacement";
import { atTime } from "../support/clock";
import { exampleCatalog, find, inFactory, keysOf, namesOf, ofType, run, T } from "../support/program";

const IMAGES = ["al2023-base", "al2023-graviton", "ubuntu-2204-data", "ubuntu-2404-web", "windows-2022-base"];

describe("the program on the example catalog (Pulumi.dev.yaml)", () => {
  /** When the program runs: the first builds are scheduled from it. */
  const NOW = new Date("2026-12-01T23:47:31.250Z");
  let resources: RecordedResource[];
  before(async () => {
    resources = await atTime(NOW, () => run());
  });

  it("registers one pipeline, recipe, infrastructure, distribution, lifecycle policy and first-build schedule per image", () => {
    for (const type of [T.pipeline, T.recipe, T.infrastructure, T.distribution, T.lifecycle, TYPE.schedule]) {
      expect(namesOf(resources, type), type).to.deep.equal(IMAGES.map(inFactory));
    }
    expect(ofType(resources, "aws:imagebuilder/image:Image"), "no build that pulumi up would wait for").to.deep.equal([]);
  });

  it("starts each pipeline's first build once, minutes after the program's now, without waiting for it", () => {
    const schedule = find(resources, TYPE.schedule, "ami-factory/al2023-base");
    expect(FIRST_BUILD_DELAY_MINUTES).to.equal(10);
    expect(schedule.inputs).to.deep.equal({
      name: "ami-factory_al2023-base",
      groupName: "ami-factory-first-builds",
      description: "First build of al2023-base; later builds come from the pipeline's schedule",
      // 23:47:31 to the minute, plus ten minutes, in UTC.
      scheduleExpression: "at(2026-12-01T23:57:00)",
      scheduleExpressionTimezone: "UTC",
      flexibleTimeWindow: { mode: "OFF" },
      // Kept after it fired: a deleted one would be created again by the next run, and build again.
      actionAfterCompletion: "NONE",
      target: {
        arn: "arn:aws:scheduler:::aws-sdk:imagebuilder:startImagePipelineExecution",
        roleArn: "{{aws:iam/role:Role ami-factory-first-build.arn}}",
        input: JSON.stringify({
          imagePipelineArn: "{{aws:imagebuilder/imagePipeline:ImagePipeline ami-factory/al2023-base.arn}}",
          clientToken: firstBuildClientToken("ami-factory_al2023-base"),
        }),
      },
      region: "us-east-1",
    });
    // Later runs keep the time it was created with, and nothing waits on it.
    expect(schedule.ignoreChanges).to.deep.equal(["scheduleExpression"]);
    expect(schedule.customTimeouts).to.equal(undefined);
    // One idempotency token per pipeline, within Image Builder's 36 characters: a retried
    // delivery does not start a second build.
    const tokens = ofType(resources, TYPE.schedule).map((r) => JSON.parse(r.inputs.target.input).clientToken as string);
    expect(new Set(tokens).size).to.equal(IMAGES.length);
    for (const token of tokens) expect(token).to.match(/^first-build-[0-9a-f]{24}$/);
  });

  it("keeps every first-build schedule in the factory's own group in the build region", () => {
    expect(find(resources, TYPE.scheduleGroup, "ami-factory-first-builds").inputs).to.deep.include({
      name: "ami-factory-first-builds",
      region: "us-east-1",
    });
  });

  it("builds every pipeline on every tick of its schedule by default, with tests and scanning on", () => {
    const pipeline = find(resources, T.pipeline, "ami-factory/windows-2022-base").inputs;
    expect(pipeline.schedule).to.deep.equal({
      scheduleExpression: "cron(0 2 ? * SAT *)",
      timezone: "America/New_York",
      pipelineExecutionStartCondition: "EXPRESSION_MATCH_ONLY",
    });
    expect(pipeline.imageTestsConfiguration).to.deep.equal({ imageTestsEnabled: true, timeoutMinutes: 180 });
    expect(pipeline.imageScanningConfiguration).to.deep.equal({ imageScanningEnabled: true });
    expect(pipeline.region).to.equal("us-east-1");
    expect(pipeline.imageRecipeArn).to.equal("{{aws:imagebuilder/imageRecipe:ImageRecipe ami-factory/windows-2022-base.arn}}");
    expect(find(resources, T.pipeline, "ami-factory/al2023-base").inputs.schedule.scheduleExpression).to.equal(
      "cron(0 4 ? * SUN *)",
    );
  });

  it("requires IMDSv2 and terminates failed build instances, with instance types of the image's architecture", () => {
    const arm = find(resources, T.infrastructure, "ami-factory/ubuntu-2204-data").inputs;
    expect(arm.instanceMetadataOptions).to.deep.equal({ httpTokens: "required", httpPutResponseHopLimit: 1 });
    expect(arm.terminateInstanceOnFailure).to.equal(true);
    expect(arm.instanceTypes).to.deep.equal(["r7g.large"]);
    expect(find(resources, T.infrastructure, "ami-factory/al2023-graviton").inputs.instanceTypes).to.deep.equal([
      "m7g.large",
      "m6g.large",
    ]);
    expect(find(resources, T.infrastructure, "ami-factory/al2023-base").inputs.instanceTypes).to.deep.equal([
      "m7i.large",
      "m6i.large",
    ]);
  });

  it("gives build instances only the SSM core and Image Builder instance policies", () => {
    const attached = ofType(resources, T.attachment)
      .filter((r) => r.name.startsWith("ami-factory-build-instance/"))
      .map((r) => r.inputs.policyArn)
      .sort();
    expect(attached).to.deep.equal([
      "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
      "arn:aws:iam::aws:policy/EC2InstanceProfileForImageBuilder",
    ]);
    const role = find(resources, T.role, "ami-factory-build-instance").inputs;
    expect(JSON.parse(role.assumeRolePolicy).Statement[0].Principal).to.deep.equal({ Service: "ec2.amazonaws.com" });
  });

  it("puts the best practices first in every recipe, then the catalog's components", () => {
    const linux = find(resources, T.recipe, "ami-factory/al2023-base").inputs;
    const arns = linux.components.map((c: { componentArn: string }) => c.componentArn);
    expect(arns.slice(0, 4)).to.deep.equal(
      ["releasever-latest-os-update", "disable-root-login", "login-user", "ssh-port-22"].map(
        (p) => `{{aws:imagebuilder/component:Component ami-factory-linux-dnf-${p}.arn}}`,
      ),
    );
    expect(arns[4]).to.equal("arn:aws:imagebuilder:us-east-1:aws:component/amazon-cloudwatch-agent-linux/x.x.x");
    const windows = find(resources, T.recipe, "ami-factory/windows-2022-base").inputs.components;
    expect(windows.map((c: { componentArn: string }) => c.componentArn)).to.deep.equal([
      "{{aws:imagebuilder/component:Component ami-factory-windows-os-update.arn}}",
      "{{aws:imagebuilder/component:Component ami-factory-windows-rdp-port-3389.arn}}",
    ]);
    const nginx = find(resources, T.component, "ami-factory/ubuntu-2404-web/nginx").inputs;
    expect(nginx.platform).to.equal("Linux");
    expect(nginx.data).to.contain("apt-get install -y nginx");
    expect(find(resources, T.recipe, "ami-factory/ubuntu-2404-web").inputs.components[4].componentArn).to.equal(
      "{{aws:imagebuilder/component:Component ami-factory/ubuntu-2404-web/nginx.arn}}",
    );
  });

  it("shares one component per best practice and variant across images", () => {
    const shared = namesOf(resources, T.component).filter((n) => n.startsWith("ami-factory-"));
    expect(shared).to.include.members(["ami-factory-linux-dnf-ssh-port-22", "ami-factory-linux-apt-ssh-port-22"]);
    expect(shared.filter((n) => n.endsWith("ssh-port-22"))).to.have.length(2);
  });

  it("versions recipes by content and starts from the OS table's public parameter", () => {
    const recipe = find(resources, T.recipe, "ami-factory/al2023-graviton").inputs;
    expect(recipe.version).to.match(/^1\.\d+\.\d+$/);
    expect(recipe.parentImage).to.equal("ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64");
    expect(recipe.name).to.equal("ami-factory_al2023-graviton");
  });

  it("encrypts the root volume with the factory key of the build region", () => {
    const [mapping] = find(resources, T.recipe, "ami-factory/ubuntu-2204-data").inputs.blockDeviceMappings;
    expect(mapping).to.deep.include({ deviceName: "/dev/sda1" });
    expect(mapping.ebs).to.deep.include({
      encrypted: "true",
      kmsKeyId: "{{aws:kms/key:Key ami-factory/kms/us-east-1.arn}}",
      volumeSize: 100,
      volumeType: "gp3",
      throughput: 250,
      deleteOnTermination: "true",
    });
  });

  it("distributes each build in the build region only, encrypted, under a unique name: releases copy it on", () => {
    const distribution = find(resources, T.distribution, "ami-factory/al2023-graviton").inputs.distributions;
    expect(distribution.map((d: { region: string }) => d.region)).to.deep.equal(["us-east-1"]);
    const build = distribution[0].amiDistributionConfiguration;
    expect(build.kmsKeyId).to.equal("{{aws:kms/key:Key ami-factory/kms/us-east-1.arn}}");
    expect(build.name).to.equal("ami-factory_al2023-graviton-{{ imagebuilder:buildDate }}");
    expect(build.amiTags).to.include({ "ami-factory:image": "al2023-graviton", "ami-factory:arch": "arm64" });
    // Builds are not shared at build time unless the catalog asks: every grant is a managed one.
    expect(build.launchPermission).to.equal(undefined);
  });

  it("deletes by a lifecycle policy over the recipe's versions only old builds no release ever served, and deprecates none", () => {
    const policy = find(resources, T.lifecycle, "ami-factory/al2023-base").inputs;
    expect(policy.resourceSelection).to.deep.equal({ recipes: [{ name: "ami-factory_al2023-base", semanticVersion: "x.x.x" }] });
    // Deprecation counts from when a build stopped being current, which only the sweeper knows.
    expect(policy.policyDetails.map((d: { action: { type: string } }) => d.action.type)).to.deep.equal(["DELETE"]);
    expect(policy.policyDetails[0]).to.deep.equal({
      action: { type: "DELETE", includeResources: { amis: true, snapshots: true } },
      filter: { type: "AGE", value: 365, unit: "DAYS", retainAtLeast: 3 },
      exclusionRules: {
        amis: {
          tagMap: {
            "ami-factory:served:candidate": "ami-factory",
            "ami-factory:served:stable": "ami-factory",
            // Set by the sweeper on every build it found served, and never removed.
            "ami-factory:released": "ami-factory",
          },
          lastLaunched: { unit: "DAYS", value: 90 },
        },
      },
    });
  });
});

describe("the program's determinism", () => {
  it("registers byte-identical resources when run twice at the same time", async () => {
    const now = new Date();
    const first = await atTime(now, () => run(undefined, undefined, { fresh: true }));
    const second = await atTime(now, () => run(undefined, undefined, { fresh: true }));
    expect(JSON.stringify(second)).to.equal(JSON.stringify(first));
  });

  it("renames nothing and changes no input when images, regions and accounts are reordered", async () => {
    // One clock for both runs: a minute turning between them moves the first builds' start time.
    const now = new Date();
    const catalog = exampleCatalog();
    const before = await atTime(now, () => run(catalog));
    catalog.images.reverse();
    for (const image of catalog.images) {
      image.regions?.reverse();
      image.accounts?.reverse();
    }
    catalog.defaults.regions.reverse();
    const after = await atTime(now, () => run(catalog));
    const sorted = (rs: RecordedResource[]) =>
      JSON.stringify([...rs].sort((a, b) => compareText(`${a.type} ${a.name}`, `${b.type} ${b.name}`)));
    expect(keysOf(after)).to.deep.equal(keysOf(before));
    expect(sorted(after)).to.equal(sorted(before));
  });

  it("changes only that image's recipe version when one image's content changes", async () => {
    const catalog = exampleCatalog();
    const before = await run(catalog);
    catalog.images.find((i: { name: string }) => i.name === "ubuntu-2204-data").rootVolume.sizeGiB = 120;
    const after = await run(catalog);
    for (const recipe of ofType(after, T.recipe)) {
      const old = find(before, T.recipe, recipe.name);
      if (recipe.name === "ami-factory/ubuntu-2204-data") expect(recipe.inputs.version).to.not.equal(old.inputs.version);
      else expect(recipe.inputs.version, recipe.name).to.equal(old.inputs.version);
    }
  });

  it("gives a recipe or component a new version whenever an edit replaces it (AWS refuses to create an existing one)", async () => {
    const before = await run();
    const image = (catalog: any, name: string) => catalog.images.find((i: { name: string }) => i.name === name);
    const edits: [string, (catalog: any) => void][] = [
      ["an image's description", (c) => (image(c, "al2023-base").description = "Another description.")],
      ["an image's description removed", (c) => delete image(c, "al2023-graviton").description],
      ["an inline component's description", (c) => (image(c, "ubuntu-2404-web").components[0].description = "Another.")],
      ["a root volume", (c) => (image(c, "ubuntu-2204-data").rootVolume.sizeGiB = 120)],
    ];
    for (const [edit, apply] of edits) {
      const catalog = exampleCatalog();
      apply(catalog);
      const after = await run(catalog);
      const replaced = [T.recipe, T.component].flatMap((type) =>
        ofType(after, type).flatMap((resource) => {
          const old = before.find((r) => r.type === type && r.name === resource.name);
          if (old === undefined) return [];
          const inputs = Object.keys({ ...old.inputs, ...resource.inputs });
          const changed = inputs.filter((k) => JSON.stringify(old.inputs[k]) !== JSON.stringify(resource.inputs[k]));
          return changed.some((k) => forcesReplacement(type, k)) ? [{ old, resource, changed }] : [];
        }),
      );
      expect(replaced, `${edit} replaces something`).to.not.deep.equal([]);
      for (const { old, resource, changed } of replaced) {
        const identity = (r: RecordedResource) => `${r.inputs.name as string} ${r.inputs.version as string}`;
        expect(identity(resource), `${edit}: ${resource.name} (${changed.join(", ")})`).to.not.equal(identity(old));
      }
    }
  });
});

describe("the deploy-time check of the base image", () => {
  const arm64Ami = (token: string) =>
    token === "aws:ec2/getAmi:getAmi"
      ? {
          id: "ami-0123456789abcdef0",
          imageId: "ami-0123456789abcdef0",
          architecture: "arm64",
          virtualizationType: "hvm",
          rootDeviceType: "ebs",
        }
      : undefined;

  it("fails the deployment when the base AMI's architecture differs from the image's", async () => {
    const catalog = exampleCatalog();
    catalog.images = catalog.images.filter((i: { name: string }) => i.name === "al2023-base");
    catalog.images[0].base = "ami-0123456789abcdef0";
    catalog.images[0].releases = undefined;
    let error: unknown;
    try {
      await run(catalog, arm64Ami);
    } catch (e) {
      error = e;
    }
    expect(String(error)).to.contain(
      "image al2023-base: base ami-0123456789abcdef0 cannot be used: its architecture is arm64, but the catalog says arch: x86_64",
    );
  });

  it("passes when the base AMI fits", async () => {
    const catalog = exampleCatalog();
    catalog.images = catalog.images.filter((i: { name: string }) => i.name === "al2023-graviton");
    catalog.images[0].base = "ami-0123456789abcdef0";
    const resources = await run(catalog, arm64Ami);
    expect(find(resources, T.recipe, "ami-factory/al2023-graviton").inputs.parentImage).to.equal("ami-0123456789abcdef0");
  });
});

describe("the base-image lookups", () => {
  it("ask AWS once per distinct base image and region, however many images share it", async () => {
    const catalog = exampleCatalog();
    const base = catalog.images.find((i: { name: string }) => i.name === "al2023-base");
    catalog.images.push({ ...base, name: "al2023-base-copy", releases: undefined });
    const asked: string[] = [];
    await run(catalog, (token, inputs) => {
      if (token === "aws:ssm/getParameter:getParameter") asked.push(String(inputs.name));
      return undefined;
    });
    // Five distinct public parameters for six images: al2023 x86_64 is asked once for two images.
    expect(asked.sort()).to.deep.equal([
      "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64",
      "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
      "/aws/service/ami-windows-latest/Windows_Server-2022-English-Full-Base",
      "/aws/service/canonical/ubuntu/server/22.04/stable/current/arm64/hvm/ebs-gp2/ami-id",
      "/aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id",
    ]);
  });
});
