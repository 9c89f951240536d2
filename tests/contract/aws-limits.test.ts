/**
 * Every input of every cloud resource the program registers, for every fixture catalog and for
 * generated ones, is within AWS's limits, and has a row in the table that says so: a new input
 * cannot reach AWS unchecked.
 */
import { expect } from "chai";
import fc from "fast-check";
import { AWS_LIMITS, LIMITS } from "../../contract/aws-limits";
import { checkInputs, standIn, type InputResource } from "../../contract/check-inputs";
import { main } from "../../cli/plan";
import { FIXTURE_CATALOGS } from "../support/fixture-catalogs";
import { exampleCatalog, ROOT, run, writeCatalog } from "../support/program";
import { validCatalog } from "../reliability/arbitrary";

/** Each run of the program costs about half a second. */
const GENERATED_RUNS = 4;

const problemsOf = (resources: InputResource[]) =>
  checkInputs(resources).map((p) => `${p.type} ${p.name} ${p.path}: ${p.message}`);

describe("AWS's limits on every input the stack sends", () => {
  for (const { label, text } of FIXTURE_CATALOGS) {
    it(`holds for ${label}`, async () => {
      expect(problemsOf(await run(text))).to.deep.equal([]);
    });
  }

  it("holds for generated catalogs", async () => {
    await fc.assert(
      fc.asyncProperty(validCatalog, async ({ catalog }) => {
        expect(problemsOf(await run(catalog))).to.deep.equal([]);
      }),
      { numRuns: GENERATED_RUNS },
    );
  });

  it("cites an AWS or provider reference on every row, and a reason on every row without bounds", () => {
    for (const row of AWS_LIMITS) {
      expect(row.source, `${row.type} ${row.path}`).to.match(/^https:\/\//);
      expect(row.bounds !== undefined || (row.none ?? "").length > 10, `${row.type} ${row.path}`).to.equal(true);
    }
  });
});

describe("checkInputs", () => {
  const parameter = (inputs: Record<string, unknown>): InputResource[] => [
    { type: "aws:ssm/parameter:Parameter", name: "p", custom: true, inputs: { name: "/a/b", type: "String", ...inputs } },
  ];

  it("reports an input that has no row", () => {
    expect(problemsOf(parameter({ tier: "Advanced" }))).to.deep.equal([
      "aws:ssm/parameter:Parameter p tier: no row in contract/aws-limits.ts: a string input that AWS's limits were never checked for",
    ]);
  });

  it("reports a value out of bounds, with the reference", () => {
    expect(problemsOf(parameter({ description: "d".repeat(1025) }))).to.deep.equal([
      "aws:ssm/parameter:Parameter p description: 1025 characters; AWS allows 0 to 1024 (https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_PutParameter.html)",
    ]);
  });

  it("refuses a parameter name that begins with aws or ssm, in any case, after its slash", () => {
    const names = ["/aws-images/web/stable", "/SSM/web/stable", "/images/web/stable", "/images/aws/ssm"];
    const problems = names.flatMap((name) => problemsOf(parameter({ name })));
    expect(problems.map((line) => line.replace(/ does not match .*$/, ""))).to.deep.equal([
      'aws:ssm/parameter:Parameter p name: "/aws-images/web/stable"',
      'aws:ssm/parameter:Parameter p name: "/SSM/web/stable"',
    ]);
  });

  it("counts the items of a map", () => {
    const tags = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"]));
    expect(problemsOf(parameter({ tags }))).to.deep.equal([
      "aws:ssm/parameter:Parameter p tags: 51 items; AWS allows 0 to 50 (https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_AddTagsToResource.html)",
    ]);
  });

  it("checks a name built around a deploy-time AMI id at the AMI id's full length", () => {
    const name = `${"n".repeat(80)}-stable-(resolved at deploy: AMI in ssm:/n)-{{random:index/randomId:RandomId n.hex}}`;
    expect(standIn(name)).to.equal(`${"n".repeat(80)}-stable-ami-0123456789abcdef0-0a1b2c3d`);
    const copy: InputResource = {
      type: "aws:ec2/amiCopy:AmiCopy",
      name: "c",
      custom: true,
      inputs: { name: name.replace("n".repeat(80), "n".repeat(91)) },
    };
    expect(problemsOf([copy])).to.deep.equal([
      "aws:ec2/amiCopy:AmiCopy c name: 129 characters; AWS allows 3 to 128 (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CopyImage.html)",
    ]);
  });

  it("checks an AMI name template as written: Image Builder's placeholders are not the offline run's", () => {
    const template = (length: number) => `${"f".repeat(length - 29)}-{{ imagebuilder:buildDate }}`;
    const distribution = (name: string): InputResource => ({
      type: "aws:imagebuilder/distributionConfiguration:DistributionConfiguration",
      name: "d",
      custom: true,
      inputs: { name: "d".repeat(3), distributions: [{ region: "us-east-1", amiDistributionConfiguration: { name } }] },
    });
    expect(standIn(template(127))).to.equal(template(127));
    expect(problemsOf([distribution(template(127)), distribution(template(128))])).to.deep.equal([
      "aws:imagebuilder/distributionConfiguration:DistributionConfiguration d distributions[].amiDistributionConfiguration.name: 128 characters; AWS allows 1 to 127 (https://docs.aws.amazon.com/imagebuilder/latest/APIReference/API_AmiDistributionConfiguration.html)",
    ]);
  });

  it("stands in for each of several references in one value, and not for a value of unknown shape", () => {
    const arnThenId = "{{aws:kms/key:Key k.arn}}/{{aws:ec2/amiCopy:AmiCopy c.id}}";
    expect(standIn(arnThenId)).to.equal("arn:aws:kms:us-east-1:123456789012:key/0a1b2c3d/ami-0123456789abcdef0");
    expect(standIn("{{aws:ec2/amiCopy:AmiCopy c.name}}")).to.equal(undefined);
    expect(standIn("(resolved at deploy)")).to.equal(undefined);
  });

  it("refuses a 128-character tag key on an AMI copy: EC2's Tag reference allows 127", () => {
    const copy: InputResource = {
      type: "aws:ec2/amiCopy:AmiCopy",
      name: "c",
      custom: true,
      inputs: { tags: { ["k".repeat(128)]: "v", ["j".repeat(127)]: "v" } },
    };
    expect(problemsOf([copy])).to.deep.equal([
      `aws:ec2/amiCopy:AmiCopy c tags{}: 128 characters; AWS allows 1 to 127 (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_Tag.html)`,
    ]);
  });

  it("refuses an Image Builder tag key that is not ASCII", () => {
    const recipe: InputResource = {
      type: "aws:imagebuilder/imageRecipe:ImageRecipe",
      name: "r",
      custom: true,
      inputs: { tags: { Équipe: "x", "cost-center:a/b=c+d_e.f": "x" } },
    };
    expect(problemsOf([recipe])).to.deep.equal([
      `aws:imagebuilder/imageRecipe:ImageRecipe r tags{}: "Équipe" does not match /^(?![aA][wW][sS]:)[A-Za-z0-9_.:/=+-]+$/ (https://docs.aws.amazon.com/imagebuilder/latest/APIReference/API_CreateImageRecipe.html)`,
    ]);
  });

  it("refuses what the AWS provider's validators refuse at preview, though AWS's API models take it", () => {
    const resource = (type: string, inputs: Record<string, unknown>): InputResource => ({
      type,
      name: "r",
      custom: true,
      inputs,
    });
    const problems = problemsOf([
      resource("aws:iam/role:Role", { assumeRolePolicy: '{"Version":"2012-10-17","Version":"2012-10-17"}' }),
      resource("aws:kms/key:Key", { policy: "not a policy" }),
      resource("aws:ec2/amiCopy:AmiCopy", { deprecationTime: "2027-02-30T00:00:00Z" }),
      resource("aws:imagebuilder/lifecyclePolicy:LifecyclePolicy", { executionRole: "ImageLifecycleRole" }),
      resource("aws:imagebuilder/distributionConfiguration:DistributionConfiguration", { name: "d".repeat(127) }),
    ]).map((line) => line.replace(/ \(https:[^)]*\)$/, ""));
    expect(problems).to.deep.equal([
      'aws:iam/role:Role r assumeRolePolicy: repeats the JSON key "Version"',
      "aws:kms/key:Key r policy: not a JSON object from its first character",
      "aws:ec2/amiCopy:AmiCopy r deprecationTime: not a real UTC time",
      'aws:imagebuilder/lifecyclePolicy:LifecyclePolicy r executionRole: "ImageLifecycleRole" does not match /^arn:aws(?:-[a-z]+)*:iam::\\d{12}:role\\/[\\w+=,.@/-]+$/',
      "aws:imagebuilder/distributionConfiguration:DistributionConfiguration r name: 127 characters; AWS allows 1 to 126",
    ]);
  });

  it("skips components: they send nothing to AWS", () => {
    expect(
      checkInputs([{ type: "ami-factory:index:AmiFactory", name: "f", custom: false, inputs: { anything: "x" } }]),
    ).to.deep.equal([]);
  });
});

describe("`plan` on a name AWS would refuse", () => {
  it("refuses it on the catalog line, before any resource is rendered", async () => {
    // Both names are valid; the component's Image Builder name joins them with the factory's:
    // too long for the provider. The catalog rule (catalog/rules/aws-name-rules.ts) reads the same
    // limit as the input check above, which stays behind it for anything a rule does not see.
    const catalog = exampleCatalog();
    const web = catalog.images.find((i: { name: string }) => i.name === "ubuntu-2404-web");
    web.name = "w".repeat(70);
    web.components[0].name = "n".repeat(56);
    let stderr = "";
    const file = writeCatalog(catalog);
    const code = await main(["--catalog", file], { out: () => undefined, err: (t) => (stderr += t) }, { cwd: ROOT });
    expect(code).to.equal(1);
    const full = `ami-factory_${"w".repeat(70)}_${"n".repeat(56)}`;
    expect(stderr).to.include(
      `images[2].components[0].name: the component's Image Builder name "${full}" is ${full.length} characters; AWS allows ${LIMITS.componentName}: shorten the component's, the image's or the factory's name`,
    );
  });
});
