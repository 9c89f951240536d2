/**
 * Each policy against a known-good resource and against resources that each break one thing,
 * through the policy SDK's entry point (as `pulumi preview --policy-pack` calls it) and through
 * `evaluate` (as `npm run plan` does): both must report the same messages.
 */
import { expect } from "chai";
import { DEFAULT_CONFIG, evaluate, policies, type EvaluatedResource, type PackConfig } from "../../policy/policies";
import { changed, good, T, UNKNOWN_STRING, validate, validateStack } from "./support";

/** The messages one policy reports for one resource, after checking both paths agree. */
async function messages(policy: string, resource: EvaluatedResource, config: Partial<PackConfig> = {}): Promise<string[]> {
  const viaSdk = await validate(policy, resource, config);
  const viaEvaluate = evaluate([resource], { [policy]: config }).filter((f) => f.policy === policy);
  expect(
    viaEvaluate.map((f) => f.message),
    "evaluate reports what validateResource reports",
  ).to.deep.equal(viaSdk);
  for (const finding of viaEvaluate) expect(finding.resource).to.equal(`${resource.type} ${resource.name}`);
  return viaSdk;
}

const KEY_FIX = 'set ebs.encrypted "true" and ebs.kmsKeyId to the factory\'s customer-managed key';
const EXEMPT = (image: string) =>
  `. Only a public image may stay unencrypted (EC2 cannot share an encrypted AMI publicly): remove \`public: true\` ` +
  `from image "${image}" in the catalog, or, if it must be public, add "${image}" to this policy's publicImages allow-list`;

describe("policy pack: the policies", () => {
  it("has one policy per rule of the issue, mandatory except build-region and required-tags", () => {
    expect(policies.map((p) => [p.name, p.enforcementLevel])).to.deep.equal([
      ["no-public-launch-permission", "mandatory"],
      ["public-sharing-unblocked", "mandatory"],
      ["encrypted-with-customer-managed-key", "mandatory"],
      ["build-instances-require-imdsv2", "mandatory"],
      ["terminate-build-instances-on-failure", "mandatory"],
      ["recipe-best-practice-components", "mandatory"],
      ["base-image-64-bit", "mandatory"],
      ["image-tests-and-scanning", "mandatory"],
      ["no-wildcard-iam", "mandatory"],
      ["lifecycle-policy-per-image", "mandatory"],
      ["build-region", "advisory"],
      ["required-tags", "advisory"],
    ]);
    for (const policy of policies) expect(policy.description, policy.name).to.match(/\.$/);
  });

  it("declares the config each configurable policy reads, with the documented defaults", () => {
    const schema = (name: string) => policies.find((p) => p.name === name)?.configSchema?.properties;
    expect(schema("build-region")?.allowedBuildRegions?.default).to.deep.equal(["us-east-1"]);
    expect(schema("required-tags")?.requiredTags?.default).to.deep.equal(["owner"]);
    expect(schema("no-public-launch-permission")?.publicImages?.default).to.deep.equal([]);
    expect(schema("encrypted-with-customer-managed-key")?.publicImages?.default).to.deep.equal([]);
    expect(schema("build-instances-require-imdsv2")).to.equal(undefined);
    expect(DEFAULT_CONFIG).to.deep.equal({ allowedBuildRegions: ["us-east-1"], requiredTags: ["owner"], publicImages: [] });
  });

  it("finds nothing in the known-good resources", () => {
    const all = Object.values(good());
    expect(evaluate(all)).to.deep.equal([]);
  });
});

describe("policy no-public-launch-permission", () => {
  const P = "no-public-launch-permission";
  const publicGrant = {
    type: T.grant,
    name: "ami-factory/al2023-base/stable/us-east-1/public",
    inputs: { imageId: "ami-0abcdef1234567890", region: "us-east-1", group: "all" },
  };
  const FIX =
    'remove `public: true` from image "al2023-base" and its releases in the catalog, or, if every AWS account may ' +
    'really launch it, add "al2023-base" to the publicImages config of this policy';

  it("allows a grant to an account", async () => {
    expect(await messages(P, good().grant)).to.deep.equal([]);
  });

  it("refuses a grant to the public group", async () => {
    expect(await messages(P, publicGrant)).to.deep.equal([
      `AmiLaunchPermission "ami-factory/al2023-base/stable/us-east-1/public" shares image "al2023-base" with every AWS account (group "all"); ${FIX}`,
    ]);
  });

  it("allows the public group for an image on the allow-list, and only for it", async () => {
    expect(await messages(P, publicGrant, { publicImages: ["al2023-base"] })).to.deep.equal([]);
    expect(await messages(P, publicGrant, { publicImages: ["al2023"] })).to.have.length(1);
  });

  it("refuses builds shared with the public group by a distribution configuration", async () => {
    const distribution = changed(good().distribution, "distributions.1.amiDistributionConfiguration.launchPermission", {
      userIds: ["444455556666"],
      userGroups: ["all"],
    });
    expect(await messages(P, distribution)).to.deep.equal([
      `DistributionConfiguration "al2023-base" shares every build of image "al2023-base" in eu-west-1 with every AWS ` +
        `account (launchPermission.userGroups ["all"]); ${FIX}`,
    ]);
  });
});

describe("policy encrypted-with-customer-managed-key", () => {
  const P = "encrypted-with-customer-managed-key";

  it("accepts volumes, distributions and copies encrypted with the factory's key", async () => {
    for (const resource of [good().recipe, good().distribution, good().amiCopy]) {
      expect(await messages(P, resource), resource.type).to.deep.equal([]);
    }
  });

  it("refuses an unencrypted build volume", async () => {
    const recipe = changed(good().recipe, "blockDeviceMappings.0.ebs.encrypted", "false");
    expect(await messages(P, recipe)).to.deep.equal([
      `ImageRecipe "al2023-base" builds on an unencrypted volume /dev/xvda (ebs.encrypted "false"); ${KEY_FIX}${EXEMPT("al2023-base")}`,
    ]);
  });

  it("refuses a build volume encrypted with the AWS-managed key, named or by default", async () => {
    const named = changed(good().recipe, "blockDeviceMappings.0.ebs.kmsKeyId", "alias/aws/ebs");
    expect(await messages(P, named)).to.deep.equal([
      `ImageRecipe "al2023-base" encrypts volume /dev/xvda with the AWS-managed key "alias/aws/ebs" (ebs.kmsKeyId), ` +
        `which cannot be shared with other accounts; set ebs.kmsKeyId to the factory's customer-managed key`,
    ]);
    const unnamed = changed(good().recipe, "blockDeviceMappings.0.ebs.kmsKeyId", undefined);
    expect(await messages(P, unnamed)).to.deep.equal([
      `ImageRecipe "al2023-base" encrypts volume /dev/xvda with the AWS-managed EBS key (ebs.kmsKeyId not set), ` +
        `which cannot be shared with other accounts; set ebs.kmsKeyId to the factory's customer-managed key`,
    ]);
  });

  it("refuses a recipe that maps no volume (builds keep the base image's root volume)", async () => {
    const recipe = changed(good().recipe, "blockDeviceMappings", undefined);
    expect(await messages(P, recipe)).to.deep.equal([
      `ImageRecipe "al2023-base" maps no EBS volume, so its builds keep the base image's root volume, unencrypted or ` +
        `encrypted with an AWS-managed key; map the root device with ebs.encrypted "true" and ebs.kmsKeyId set to the ` +
        `factory's customer-managed key${EXEMPT("al2023-base")}`,
    ]);
  });

  it("refuses a distribution region without the factory's key", async () => {
    const distribution = changed(good().distribution, "distributions.1.amiDistributionConfiguration.kmsKeyId", undefined);
    expect(await messages(P, distribution)).to.deep.equal([
      `DistributionConfiguration "al2023-base" distributes builds to eu-west-1 encrypted with the AWS-managed EBS key ` +
        `(amiDistributionConfiguration.kmsKeyId not set), which cannot be shared with other accounts; set ` +
        `amiDistributionConfiguration.kmsKeyId to the factory's customer-managed key in eu-west-1${EXEMPT("al2023-base")}`,
    ]);
  });

  it("refuses an unencrypted copy and a copy under the AWS-managed key's ARN", async () => {
    expect(await messages(P, changed(good().amiCopy, "encrypted", false))).to.deep.equal([
      `AmiCopy "ami-factory/al2023-base/stable/eu-west-1" makes an unencrypted copy (encrypted false); set encrypted true and ` +
        `kmsKeyId to the factory's customer-managed key in the copy's region${EXEMPT("al2023-base")}`,
    ]);
    const awsKey = "arn:aws:kms:eu-west-1:111122223333:alias/aws/ebs";
    expect(await messages(P, changed(good().amiCopy, "kmsKeyId", awsKey))).to.deep.equal([
      `AmiCopy "ami-factory/al2023-base/stable/eu-west-1" encrypts the copy with the AWS-managed key "${awsKey}" (kmsKeyId), ` +
        `which cannot be shared with other accounts; set kmsKeyId to the factory's customer-managed key`,
    ]);
  });

  it("exempts an image on the public allow-list: EC2 cannot share an encrypted AMI publicly", async () => {
    const config = { publicImages: ["al2023-base"] };
    expect(await messages(P, changed(good().recipe, "blockDeviceMappings.0.ebs.encrypted", "false"), config)).to.deep.equal([]);
    expect(await messages(P, changed(good().amiCopy, "encrypted", false), config)).to.deep.equal([]);
  });

  it("does not report volumes that are unknown until deployment", async () => {
    const recipe = changed(good().recipe, "blockDeviceMappings", UNKNOWN_STRING);
    expect(await validate(P, recipe, {}, { preview: true })).to.deep.equal([]);
    // The same value read as a known string is no volume mapping at all.
    expect(await validate(P, recipe)).to.have.length(1);
  });
});

describe("policies on build instances", () => {
  it("build-instances-require-imdsv2: refuses optional or unset session tokens", async () => {
    const P = "build-instances-require-imdsv2";
    expect(await messages(P, good().infrastructure)).to.deep.equal([]);
    expect(await messages(P, changed(good().infrastructure, "instanceMetadataOptions.httpTokens", "optional"))).to.deep.equal([
      `InfrastructureConfiguration "al2023-base" lets build instances use IMDSv1 (instanceMetadataOptions.httpTokens ` +
        `"optional"); set instanceMetadataOptions.httpTokens "required"`,
    ]);
    expect(await messages(P, changed(good().infrastructure, "instanceMetadataOptions", undefined))).to.deep.equal([
      `InfrastructureConfiguration "al2023-base" lets build instances use IMDSv1 (instanceMetadataOptions.httpTokens ` +
        `not set, so "optional"); set instanceMetadataOptions.httpTokens "required"`,
    ]);
  });

  it("terminate-build-instances-on-failure: refuses false or unset", async () => {
    const P = "terminate-build-instances-on-failure";
    expect(await messages(P, good().infrastructure)).to.deep.equal([]);
    expect(await messages(P, changed(good().infrastructure, "terminateInstanceOnFailure", false))).to.deep.equal([
      `InfrastructureConfiguration "al2023-base" keeps a failed build's instance running (terminateInstanceOnFailure ` +
        `false); set terminateInstanceOnFailure true`,
    ]);
    expect(await messages(P, changed(good().infrastructure, "terminateInstanceOnFailure", undefined))).to.deep.equal([
      `InfrastructureConfiguration "al2023-base" keeps a failed build's instance running (terminateInstanceOnFailure ` +
        `not set, so false); set terminateInstanceOnFailure true`,
    ]);
  });
});

describe("policy recipe-best-practice-components", () => {
  const P = "recipe-best-practice-components";
  const linux = good().recipe;
  const withComponents = (recipe: EvaluatedResource, keep: (arn: string) => boolean) =>
    changed(
      recipe,
      "components",
      (recipe.inputs.components as { componentArn: string }[]).filter((c) => keep(c.componentArn)),
    );

  it("accepts the factory's Linux and Windows recipes", async () => {
    expect(await messages(P, linux)).to.deep.equal([]);
    expect(await messages(P, good().windowsRecipe)).to.deep.equal([]);
  });

  it("refuses a Linux recipe without the root-login component, and one without the SSH component", async () => {
    expect(
      await messages(
        P,
        withComponents(linux, (arn) => !arn.includes("disable-root-login")),
      ),
    ).to.deep.equal([
      `ImageRecipe "al2023-base" (amazon-linux-2023, Linux) has no component that disables root login; add the ` +
        `factory's best-practice component named "<factory>-linux-<package manager>-disable-root-login" to its components`,
    ]);
    expect(
      await messages(
        P,
        withComponents(linux, (arn) => !arn.includes("ssh-port-22")),
      ),
    ).to.deep.equal([
      `ImageRecipe "al2023-base" (amazon-linux-2023, Linux) has no component that checks SSH on port 22; add the ` +
        `factory's best-practice component named "<factory>-linux-<package manager>-ssh-port-22" to its components`,
    ]);
  });

  it("refuses a Windows recipe without the RDP component", async () => {
    const windows = withComponents(good().windowsRecipe, (arn) => !arn.includes("rdp-port-3389"));
    expect(await messages(P, windows)).to.deep.equal([
      `ImageRecipe "windows-base" (windows-2022, Windows) has no component that checks RDP on port 3389; add the ` +
        `factory's best-practice component named "<factory>-windows-rdp-port-3389" to its components`,
    ]);
  });

  it("knows the platform from the OS tag: a Linux component does not satisfy a Windows recipe", async () => {
    const windows = changed(good().windowsRecipe, "components", [
      { componentArn: "{{aws:imagebuilder/component:Component ami-factory-linux-dnf-ssh-port-22.arn}}" },
    ]);
    expect(await messages(P, windows)).to.have.length(1);
  });

  it("matches the component name inside real ARNs, of any factory name", async () => {
    const arn = (name: string) => ({ componentArn: `arn:aws:imagebuilder:us-east-1:123456789012:component/${name}/1.2.3` });
    const recipe = changed(linux, "components", [arn("acme-linux-apt-disable-root-login"), arn("acme-linux-apt-ssh-port-22")]);
    expect(await messages(P, recipe)).to.deep.equal([]);
    const wrong = changed(linux, "components", [arn("acme-linux-apt-disable-root-login"), arn("acme-linux-apt-ssh-port-2222")]);
    expect(await messages(P, wrong)).to.have.length(1);
  });

  it("does not report a recipe whose component ARNs are unknown until deployment", async () => {
    const recipe = changed(linux, "components", [{ componentArn: UNKNOWN_STRING }, { componentArn: UNKNOWN_STRING }]);
    expect(await validate(P, recipe, {}, { preview: true })).to.deep.equal([]);
    expect(await validate(P, recipe), "the same value read as a known name").to.have.length(2);
  });

  it("refuses a recipe whose platform it cannot tell", async () => {
    const recipe = changed(linux, "tags.ami-factory:os", undefined);
    expect(await messages(P, recipe)).to.deep.equal([
      `ImageRecipe "al2023-base" has no "ami-factory:os" tag, so the policy cannot tell whether it is Linux or Windows; ` +
        `tag it with its operating system: one of amazon-linux-2023, amazon-linux-2, ubuntu-22.04, ubuntu-24.04, rhel-9, ` +
        `debian-12, windows-2022, windows-2019`,
    ]);
  });
});

describe("policy base-image-64-bit", () => {
  const P = "base-image-64-bit";

  it("accepts 64-bit bases", async () => {
    expect(await messages(P, good().recipe)).to.deep.equal([]);
    const graviton = changed(good().recipe, "parentImage", "arn:aws:imagebuilder:us-east-1:aws:image/amazon-linux-2-x86/x.x.x");
    expect(await messages(P, graviton)).to.deep.equal([]);
  });

  it("refuses a 32-bit architecture tag", async () => {
    expect(await messages(P, changed(good().recipe, "tags.ami-factory:arch", "i386"))).to.deep.equal([
      `ImageRecipe "al2023-base" is tagged "ami-factory:arch" "i386", not a 64-bit architecture; build it for x86_64 or arm64`,
    ]);
  });

  it("refuses a parent image whose name says it is 32-bit", async () => {
    const parent = "ssm:/aws/service/ami-amazon-linux-latest/amzn-ami-hvm-i386-gp2";
    expect(await messages(P, changed(good().recipe, "parentImage", parent))).to.deep.equal([
      `ImageRecipe "al2023-base" builds on parentImage "${parent}", a 32-bit image; start from a 64-bit HVM, ` +
        `EBS-backed base (x86_64 or arm64), e.g. the OS's default base in the catalog`,
    ]);
  });
});

describe("policy image-tests-and-scanning", () => {
  const P = "image-tests-and-scanning";

  it("accepts pipelines and builds with tests and scanning on (tests are on by default)", async () => {
    expect(await messages(P, good().pipeline)).to.deep.equal([]);
    expect(await messages(P, good().image)).to.deep.equal([]);
    expect(await messages(P, changed(good().pipeline, "imageTestsConfiguration", undefined))).to.deep.equal([]);
  });

  it("refuses a pipeline that skips image tests", async () => {
    expect(await messages(P, changed(good().pipeline, "imageTestsConfiguration.imageTestsEnabled", false))).to.deep.equal([
      `ImagePipeline "al2023-base" skips image tests (imageTestsConfiguration.imageTestsEnabled false); set ` +
        `imageTestsEnabled true so the SSH/RDP and root-login checks run on every build`,
    ]);
  });

  it("refuses a pipeline or build without vulnerability scanning, off or unset", async () => {
    expect(await messages(P, changed(good().pipeline, "imageScanningConfiguration.imageScanningEnabled", false))).to.deep.equal([
      `ImagePipeline "al2023-base" does not scan builds for vulnerabilities (imageScanningConfiguration.imageScanningEnabled ` +
        `false); set imageScanningConfiguration.imageScanningEnabled true`,
    ]);
    expect(await messages(P, changed(good().image, "imageScanningConfiguration", undefined))).to.deep.equal([
      `Image "al2023-base" does not scan builds for vulnerabilities (imageScanningConfiguration.imageScanningEnabled ` +
        `not set, so off); set imageScanningConfiguration.imageScanningEnabled true`,
    ]);
  });
});

describe("policy no-wildcard-iam", () => {
  const P = "no-wildcard-iam";
  const allowAll = (statement: Record<string, unknown> = {}) =>
    JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*", ...statement }] });
  const FIX = "list the actions the role needs and the resources it needs them on";

  it("accepts the factory's role, role policy and managed-policy attachment", async () => {
    for (const resource of [good().role, good().rolePolicy, good().attachment]) {
      expect(await messages(P, resource), resource.type).to.deep.equal([]);
    }
  });

  it("refuses a role policy that allows * on *", async () => {
    expect(await messages(P, changed(good().rolePolicy, "policy", allowAll({ Sid: "Everything" })))).to.deep.equal([
      `RolePolicy "ami-factory/distribution-role/444455556666" allows every action ("*") on every resource ("*") in statement "Everything"; ${FIX}`,
    ]);
    expect(await messages(P, changed(good().rolePolicy, "policy", allowAll({ Action: ["kms:Decrypt", "*"] })))).to.have.length(1);
  });

  it("accepts a service wildcard, a scoped resource and a Deny", async () => {
    expect(await messages(P, changed(good().rolePolicy, "policy", allowAll({ Action: "kms:*" })))).to.deep.equal([]);
    expect(
      await messages(P, changed(good().rolePolicy, "policy", allowAll({ Resource: ["arn:aws:s3:::bucket/*"] }))),
    ).to.deep.equal([]);
    expect(await messages(P, changed(good().rolePolicy, "policy", allowAll({ Effect: "Deny" })))).to.deep.equal([]);
  });

  it("refuses a role's inline * on * policy and an attached AdministratorAccess", async () => {
    const inline = changed(good().role, "inlinePolicies", [{ name: "admin", policy: allowAll() }]);
    expect(await messages(P, inline)).to.deep.equal([
      `Role "ami-factory-build-instance" allows every action ("*") on every resource ("*") in inline policy "admin", statement #1; ${FIX}`,
    ]);
    const admin = "arn:aws:iam::aws:policy/AdministratorAccess";
    expect(await messages(P, changed(good().attachment, "policyArn", admin))).to.deep.equal([
      `RolePolicyAttachment "ami-factory-build-instance/ssm-core" attaches "${admin}" (policyArn), which allows every action ` +
        `on every resource; attach the AWS-managed policy of the role's job or an inline policy with only the actions it needs`,
    ]);
    expect(await messages(P, changed(good().role, "managedPolicyArns", [admin]))).to.have.length(1);
  });
});

describe("policy lifecycle-policy-per-image (a stack policy)", () => {
  const P = "lifecycle-policy-per-image";
  const MISSING =
    `ImageRecipe "al2023-base": no enabled lifecycle policy in us-east-1 selects recipe "al2023-base", so its builds are ` +
    `never deprecated or deleted; add an Image Builder LifecyclePolicy (resourceType AMI_IMAGE) whose ` +
    `resourceSelection.recipes names "al2023-base"`;
  const URN = `urn:pulumi:dev::ami-factory::${T.recipe}::al2023-base`;

  async function findings(resources: EvaluatedResource[]): Promise<string[]> {
    const viaSdk = await validateStack(P, resources);
    const viaEvaluate = evaluate(resources).filter((f) => f.policy === P);
    expect(viaEvaluate.map((f) => f.message)).to.deep.equal(viaSdk.map((r) => r.message));
    for (const reported of viaSdk) expect(reported.urn).to.equal(URN);
    return viaSdk.map((r) => r.message);
  }

  it("accepts a recipe selected by an enabled lifecycle policy in its region, by name or by tags", async () => {
    expect(await findings([good().recipe, good().lifecycle])).to.deep.equal([]);
    const byTags = changed(good().lifecycle, "resourceSelection", { tagMap: { "ami-factory:image": "al2023-base" } });
    expect(await findings([good().recipe, byTags])).to.deep.equal([]);
  });

  it("refuses a recipe no lifecycle policy selects", async () => {
    expect(await findings([good().recipe])).to.deep.equal([MISSING]);
    const other = changed(good().lifecycle, "resourceSelection.recipes.0.name", "al2023-graviton");
    expect(await findings([good().recipe, other])).to.deep.equal([MISSING]);
  });

  it("does not count a disabled policy or one in another region", async () => {
    expect(await findings([good().recipe, changed(good().lifecycle, "status", "DISABLED")])).to.deep.equal([MISSING]);
    expect(await findings([good().recipe, changed(good().lifecycle, "region", "eu-west-1")])).to.deep.equal([MISSING]);
  });
});

describe("policy build-region (advisory)", () => {
  const P = "build-region";

  it("accepts builds in us-east-1", async () => {
    expect(await messages(P, good().pipeline)).to.deep.equal([]);
  });

  it("warns about a build elsewhere, unless the region is allowed", async () => {
    const pipeline = changed(good().pipeline, "region", "eu-west-1");
    expect(await messages(P, pipeline)).to.deep.equal([
      `ImagePipeline "al2023-base" builds in eu-west-1, not in an allowed build region (us-east-1); set \`buildRegion: ` +
        `us-east-1\` in the catalog, or add eu-west-1 to this policy's allowedBuildRegions`,
    ]);
    expect(evaluate([pipeline]).map((f) => f.enforcement)).to.deep.equal(["advisory"]);
    expect(await messages(P, pipeline, { allowedBuildRegions: ["us-east-1", "eu-west-1"] })).to.deep.equal([]);
  });

  it("reads the region of the resource's provider when the resource names none", async () => {
    const image = { ...changed(good().image, "region", undefined), provider: "ami-factory/account/444455556666" };
    const provider = { type: T.provider, name: "ami-factory/account/444455556666", inputs: { region: "eu-west-1" } };
    expect(evaluate([provider, image]).map((f) => f.message)).to.deep.equal([
      `Image "al2023-base" builds in eu-west-1, not in an allowed build region (us-east-1); set \`buildRegion: ` +
        `us-east-1\` in the catalog, or add eu-west-1 to this policy's allowedBuildRegions`,
    ]);
    expect(await validate(P, image, {}, { provider: { region: "eu-west-1" } })).to.have.length(1);
  });
});

describe("policy required-tags (advisory)", () => {
  const P = "required-tags";

  it("accepts resources with an owner tag", async () => {
    expect(await messages(P, good().recipe)).to.deep.equal([]);
  });

  it("warns about a resource without a required tag", async () => {
    expect(await messages(P, changed(good().recipe, "tags.owner", undefined))).to.deep.equal([
      `ImageRecipe "al2023-base" has no tag "owner"; add it to the catalog's top-level \`tags\` (or change this policy's requiredTags)`,
    ]);
    expect(await messages(P, good().role, { requiredTags: ["owner", "cost-center", "team"] })).to.deep.equal([
      `Role "ami-factory-build-instance" has no tag "cost-center", "team"; add them to the catalog's top-level \`tags\` ` +
        `(or change this policy's requiredTags)`,
    ]);
  });

  it("counts the default tags of the resource's provider (JSON-encoded, as providers carry them)", async () => {
    const role = { ...changed(good().role, "tags", undefined), provider: "ami-factory/account/444455556666" };
    const defaultTags = JSON.stringify({ tags: { owner: "platform-team" } });
    const provider = { type: T.provider, name: "ami-factory/account/444455556666", inputs: { defaultTags } };
    expect(evaluate([provider, role])).to.deep.equal([]);
    expect(evaluate([role]).map((f) => f.policy)).to.deep.equal([P]);
    expect(await validate(P, role, {}, { provider: { defaultTags } })).to.deep.equal([]);
  });

  it("does not warn while the tags are unknown until deployment", async () => {
    const copy = changed(good().amiCopy, "tags", UNKNOWN_STRING);
    expect(await validate(P, copy, {}, { preview: true })).to.deep.equal([]);
    expect(await validate(P, copy), "the same value read as known tags").to.have.length(1);
  });

  it("looks only at taggable resources", async () => {
    expect(await messages(P, good().grant)).to.deep.equal([]);
    expect(await messages(P, good().rolePolicy)).to.deep.equal([]);
  });
});
