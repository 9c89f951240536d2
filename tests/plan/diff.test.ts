/**
 * The desired-state diff on hand-built resources: one known base, one change per case.
 */
import { expect } from "chai";
import { diffResources, type Change } from "../../plan/diff";
import { TYPE } from "../../contract/type-tokens";
import { forcesReplacement, REPLACE_RULES, topLevel } from "../../plan/replacement";
import type { PlanResource } from "../../plan/resources";

const T = {
  key: "aws:kms/key:Key",
  copy: "aws:ec2/amiCopy:AmiCopy",
  grant: "aws:ec2/amiLaunchPermission:AmiLaunchPermission",
  parameter: "aws:ssm/parameter:Parameter",
  component: "aws:imagebuilder/component:Component",
  recipe: "aws:imagebuilder/imageRecipe:ImageRecipe",
  pipeline: "aws:imagebuilder/imagePipeline:ImagePipeline",
  distribution: "aws:imagebuilder/distributionConfiguration:DistributionConfiguration",
} as const;
const ref = (type: string, name: string, property: string) => `{{${type} ${name}.${property}}}`;

/** A small stack: a key, a copy encrypted with it, a grant and a parameter on the copy. */
function stack(): PlanResource[] {
  return [
    { type: T.key, name: "kms/eu-west-1", custom: true, inputs: { region: "eu-west-1", policy: "{}" }, protect: true },
    {
      type: T.copy,
      name: "img/stable/eu-west-1",
      custom: true,
      inputs: {
        name: "img-stable-ami-1",
        sourceAmiId: "ami-1",
        sourceAmiRegion: "us-east-1",
        region: "eu-west-1",
        kmsKeyId: ref(T.key, "kms/eu-west-1", "arn"),
        deprecationTime: "2027-01-01T00:00:00Z",
        tags: { "ami-factory:source-ami": "ami-1" },
      },
      retainOnDelete: true,
      ignoreChanges: ["deprecationTime"],
    },
    {
      type: T.grant,
      name: "img/stable/eu-west-1/111122223333",
      custom: true,
      inputs: { imageId: ref(T.copy, "img/stable/eu-west-1", "id"), accountId: "111122223333", region: "eu-west-1" },
    },
    {
      type: T.parameter,
      name: "img/stable/eu-west-1",
      custom: true,
      inputs: { name: "/f/img/stable", value: ref(T.copy, "img/stable/eu-west-1", "id"), region: "eu-west-1" },
    },
  ];
}

function edit(resources: PlanResource[], name: string, type: string, change: (r: PlanResource) => void): PlanResource[] {
  const copy = structuredClone(resources);
  const found = copy.find((r) => r.name === name && r.type === type);
  if (!found) throw new Error(`no ${type} ${name}`);
  change(found);
  return copy;
}

function summary(changes: Change[]): string[] {
  return changes.map((c) => `${c.action} ${c.type.split(":").pop()} ${c.name}`);
}

describe("plan diff", () => {
  it("finds nothing between equal stacks, whatever the order of resources and keys", () => {
    const head = stack()
      .reverse()
      .map((r) => ({ ...r, inputs: Object.fromEntries(Object.entries(r.inputs).reverse()) }));
    expect(diffResources(stack(), head)).to.deep.equal([]);
  });

  it("creates what only the head has and deletes what only the base has", () => {
    const base = stack().filter((r) => r.type !== T.grant);
    const head = stack().filter((r) => r.type !== T.parameter);
    expect(summary(diffResources(base, head))).to.deep.equal([
      "create AmiLaunchPermission img/stable/eu-west-1/111122223333",
      "delete Parameter img/stable/eu-west-1",
    ]);
  });

  it("updates in place with the paths that differ, written as Pulumi writes them", () => {
    const base: PlanResource[] = [
      {
        type: T.distribution,
        name: "img",
        custom: true,
        inputs: {
          name: "img",
          distributions: [
            { region: "eu-west-1", amiDistributionConfiguration: { kmsKeyId: "k1" } },
            { region: "us-east-1", amiDistributionConfiguration: { kmsKeyId: "k2" } },
          ],
          tags: { "ami-factory:image": "img" },
        },
      },
    ];
    const head = edit(base, "img", T.distribution, (r) => {
      r.inputs.distributions[1].amiDistributionConfiguration.kmsKeyId = "k3";
      r.inputs.tags["ami-factory:image"] = "other";
    });
    expect(diffResources(base, head)).to.deep.equal([
      {
        action: "update",
        type: T.distribution,
        name: "img",
        paths: ["distributions[1].amiDistributionConfiguration.kmsKeyId", 'tags["ami-factory:image"]'],
      },
    ]);
  });

  it("does not count paths the resource ignores", () => {
    const head = edit(stack(), "img/stable/eu-west-1", T.copy, (r) => {
      r.inputs.deprecationTime = "2030-01-01T00:00:00Z";
    });
    expect(diffResources(stack(), head)).to.deep.equal([]);
  });

  it("replaces a resource when a path that forces replacement changes, and says which", () => {
    const head = edit(stack(), "img/stable/eu-west-1", T.parameter, (r) => {
      r.inputs.name = "/f/img/renamed";
    });
    expect(diffResources(stack(), head)).to.deep.equal([
      {
        action: "replace",
        type: T.parameter,
        name: "img/stable/eu-west-1",
        paths: ["name"],
        reason: "replacement forced by name",
      },
    ]);
  });

  it("carries a replacement to every input that references the replaced resource", () => {
    const head = edit(stack(), "img/stable/eu-west-1", T.copy, (r) => {
      r.inputs.sourceAmiId = "ami-2";
      r.inputs.name = "img-stable-ami-2";
      r.inputs.tags["ami-factory:source-ami"] = "ami-2";
    });
    const changes = diffResources(stack(), head);
    expect(summary(changes)).to.deep.equal([
      "update Parameter img/stable/eu-west-1",
      "replace AmiCopy img/stable/eu-west-1",
      "replace AmiLaunchPermission img/stable/eu-west-1/111122223333",
    ]);
    expect(changes[0].paths).to.deep.equal(["value"]);
    expect(changes[1].reason).to.equal("replacement forced by name, sourceAmiId");
    expect(changes[1].paths).to.include('tags["ami-factory:source-ami"]');
    expect(changes[2].reason).to.equal("replacement forced by imageId (unknown until AmiCopy img/stable/eu-west-1 is replaced)");
  });

  it("follows replacements to a fixpoint: component, then recipe, then an in-place pipeline update", () => {
    const base: PlanResource[] = [
      { type: T.component, name: "img/nginx", custom: true, inputs: { name: "img-nginx", version: "1.0.1", data: "a" } },
      {
        type: T.recipe,
        name: "img",
        custom: true,
        inputs: { name: "img", version: "1.0.1", components: [{ componentArn: ref(T.component, "img/nginx", "arn") }] },
      },
      { type: T.pipeline, name: "img", custom: true, inputs: { name: "img", imageRecipeArn: ref(T.recipe, "img", "arn") } },
    ];
    const head = edit(base, "img/nginx", T.component, (r) => {
      r.inputs.data = "b";
    });
    const changes = diffResources(base, head);
    expect(summary(changes)).to.deep.equal([
      "update ImagePipeline img",
      "replace Component img/nginx",
      "replace ImageRecipe img",
    ]);
    expect(changes[0].paths).to.deep.equal(["imageRecipeArn"]);
    expect(changes[2].paths).to.deep.equal(["components[0].componentArn"]);
  });

  it("replaces a copy whose key is new", () => {
    const base = edit(stack(), "img/stable/eu-west-1", T.copy, (r) => {
      r.inputs.kmsKeyId = ref(T.key, "kms/old", "arn");
    });
    const head = stack();
    const changes = diffResources([...base.filter((r) => r.type !== T.key), { ...stack()[0], name: "kms/old" }], head);
    expect(summary(changes)).to.include.members(["create Key kms/eu-west-1", "delete Key kms/old"]);
    expect(changes.find((c) => c.type === T.copy)?.reason).to.equal("replacement forced by kmsKeyId");
  });

  it("matches a renamed resource through its aliases, with references to its old name", () => {
    const head = stack().map((r) => ({
      ...structuredClone(r),
      name: r.name.replace(/^img\//, "image/"),
      aliases: r.name.startsWith("img/") ? [r.name] : undefined,
    }));
    for (const r of head) {
      for (const [k, v] of Object.entries(r.inputs)) if (typeof v === "string") r.inputs[k] = v.replace(" img/", " image/");
    }
    const changes = diffResources(stack(), head);
    expect(changes.map((c) => [c.action, c.name, c.renamedFrom, c.paths])).to.deep.equal([
      ["update", "image/stable/eu-west-1", "img/stable/eu-west-1", []],
      ["update", "image/stable/eu-west-1/111122223333", "img/stable/eu-west-1/111122223333", []],
      ["update", "image/stable/eu-west-1", "img/stable/eu-west-1", []],
    ]);
  });

  it("keeps a resource on its explicit provider when the provider is renamed through an alias, and replaces it on another", () => {
    const provider = (name: string, aliases?: string[]): PlanResource => ({
      type: "pulumi:providers:aws",
      name,
      custom: true,
      inputs: { region: "us-east-1" },
      ...(aliases ? { aliases } : {}),
    });
    const base = [provider("account/111122223333"), { ...stack()[3], provider: "account/111122223333" }];
    const head = [
      provider("f/account/111122223333", ["account/111122223333"]),
      { ...stack()[3], provider: "f/account/111122223333" },
    ];
    // The provider's own rename is all there is.
    expect(diffResources(base, head).map((c) => [c.action, c.name, c.renamedFrom, c.paths])).to.deep.equal([
      ["update", "f/account/111122223333", "account/111122223333", []],
    ]);
    const moved = [...head, provider("f/account/444455556666")];
    moved[1] = { ...stack()[3], provider: "f/account/444455556666" };
    expect(summary(diffResources(base, moved))).to.deep.equal([
      "create aws f/account/444455556666",
      "update aws f/account/111122223333",
      "replace Parameter img/stable/eu-west-1",
    ]);
  });

  it("does not take an alias's base resource when that resource still exists under its own name", () => {
    const head = [
      ...stack(),
      { ...structuredClone(stack()[3]), name: "img/stable/eu-west-1-b", aliases: ["img/stable/eu-west-1"] },
    ];
    expect(summary(diffResources(stack(), head))).to.deep.equal(["create Parameter img/stable/eu-west-1-b"]);
  });
});

describe("replacement table", () => {
  it("reads the top-level input of a path", () => {
    expect(topLevel("distributions[1].amiDistributionConfiguration.kmsKeyId")).to.equal("distributions");
    expect(topLevel('tags["a:b"]')).to.equal("tags");
    expect(topLevel('["odd key"].x')).to.equal("odd key");
  });

  it("knows which inputs force replacement, as the AWS provider does", () => {
    const cases: [string, string, boolean][] = [
      [T.component, "data", true],
      [T.component, "tags.owner", false],
      [T.recipe, "components[0].componentArn", true],
      [T.pipeline, "imageRecipeArn", false],
      [T.pipeline, "name", true],
      [T.copy, "sourceAmiId", true],
      [T.copy, "deprecationTime", false],
      [T.copy, "tags.owner", false],
      [T.grant, "imageId", true],
      [T.parameter, "value", false],
      [T.parameter, "dataType", true],
      [T.key, "policy", false],
      [T.key, "region", true],
      ["pulumi:providers:aws", "region", false],
      ["random:index/randomId:RandomId", "keepers.source", true],
      ["unknown:type:Thing", "name", false],
    ];
    for (const [type, path, expected] of cases) expect(forcesReplacement(type, path), `${type} ${path}`).to.equal(expected);
  });

  it("has a rule for every type the stack registers or the policy pack checks: a missing one would read as in place", () => {
    expect(Object.values(TYPE).filter((type) => REPLACE_RULES[type] === undefined)).to.deep.equal([]);
  });

  it("follows the provider's schemas where the table once guessed: ForceNew, RequiresReplace and no Update", () => {
    const cases: [string, string, boolean][] = [
      // aws_ami_copy: destination_outpost_arn is not ForceNew; ephemeral_block_device is.
      [T.copy, "destinationOutpostArn", false],
      [T.copy, "ephemeralBlockDevices[0].deviceName", true],
      // aws_imagebuilder_image: execution_role and image_scanning_configuration are not ForceNew.
      ["aws:imagebuilder/image:Image", "executionRole", false],
      ["aws:imagebuilder/image:Image", "imageScanningConfiguration.imageScanningEnabled", false],
      // aws_kms_grant has no Update: every input replaces it.
      ["aws:kms/grant:Grant", "operations[0]", true],
      ["aws:kms/grant:Grant", "retiringPrincipal", true],
      ["aws:kms/grant:Grant", "region", true],
      // aws_scheduler_schedule and _group: name, name_prefix and group_name are ForceNew.
      ["aws:scheduler/schedule:Schedule", "name", true],
      ["aws:scheduler/schedule:Schedule", "groupName", true],
      ["aws:scheduler/scheduleGroup:ScheduleGroup", "name", true],
      // Region settings change in place, but not their region.
      ["aws:ec2/imageBlockPublicAccess:ImageBlockPublicAccess", "region", true],
      ["aws:ec2/allowedImagesSettings:AllowedImagesSettings", "region", true],
      // aws_iam_policy: description and path are ForceNew.
      ["aws:iam/policy:Policy", "description", true],
      ["aws:iam/policy:Policy", "path", true],
    ];
    for (const [type, path, expected] of cases) expect(forcesReplacement(type, path), `${type} ${path}`).to.equal(expected);
  });
});
