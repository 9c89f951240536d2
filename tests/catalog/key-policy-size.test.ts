/**
 * Key policies stay within KMS's 32 KiB: a catalog that would exceed it is refused where the
 * accounts are added, and every catalog the loader accepts renders policies within it.
 */
import { expect } from "chai";
import fc from "fast-check";
import { parse, stringify } from "yaml";
import { expand } from "../../catalog/expand/expand";
import { LIMITS } from "../../contract/aws-limits";
import { formatProblem, loadCatalogText } from "../../catalog/load";
import { keyPolicy } from "../../catalog/render/access-policies";

/** `n` distinct account ids from `from`: 100000000000, 100000000001, ... */
function accountIds(n: number, from = 0): string[] {
  return Array.from({ length: n }, (_, i) => String(100_000_000_000 + from + i));
}

/**
 * One catalog: per image, its regions and how many accounts (a slice of one pool) it shares with;
 * the accounts of the pool below `roles` have a role (and are named in every region's policy).
 */
function catalogOf(images: Array<{ accounts: [number, number]; regions: string[] }>, ous = 0, roles = 0): string {
  const accounts: Record<string, string | { id: string; role: string }> = {};
  const used = new Set<number>();
  for (const image of images) for (let i = image.accounts[0]; i < image.accounts[1]; i++) used.add(i);
  for (const i of used) {
    const id = accountIds(1, i)[0];
    accounts[`a${i}`] = i < roles ? { id, role: `arn:aws:iam::${id}:role/ami-factory-publisher` } : id;
  }
  for (let i = 0; i < ous; i++)
    accounts[`ou${i}`] = `arn:aws:organizations::111122223333:ou/o-a1b2c3d4e5/ou-ab12-${String(i).padStart(8, "0")}`;
  return stringify({
    accounts,
    images: images.map((image, n) => {
      const names: string[] = [];
      for (let i = image.accounts[0]; i < image.accounts[1]; i++) names.push(`a${i}`);
      for (let i = 0; i < ous; i++) names.push(`ou${i}`);
      return { name: `image-${n}`, os: "amazon-linux-2023", arch: "x86_64", regions: image.regions, accounts: names };
    }),
  });
}

function policySizes(text: string): number[] {
  const loaded = loadCatalogText(text, "c.yaml");
  if (!loaded.ok) throw new Error(loaded.problems.map(formatProblem).join("\n"));
  return expand(loaded.catalog).keys.map((key) => Buffer.byteLength(keyPolicy("999988887777", key.principals, key.grantReaders)));
}

describe("key policy size", () => {
  it("accepts 400 accounts on one image, and their policy names each account once per statement, in two", () => {
    const sizes = policySizes(catalogOf([{ accounts: [0, 400], regions: ["us-east-1", "eu-west-1"] }]));
    for (const size of sizes) expect(size).to.be.at.most(LIMITS.keyPolicyBytes);
    // 15 bytes per account and statement (`,"<12 digits>"`): one mention in the use statement and
    // one in the grant to its own Auto Scaling and Spot roles, not an ARN of 33 bytes in each.
    const one = policySizes(catalogOf([{ accounts: [0, 1], regions: ["us-east-1"] }]))[0];
    const two = policySizes(catalogOf([{ accounts: [0, 2], regions: ["us-east-1"] }]))[0];
    expect(two - one).to.equal(30);
  });

  it("refuses a region whose key would exceed 32 KiB, on the accounts line that pushes it over, with the size", () => {
    const text = catalogOf([
      { accounts: [0, 450], regions: ["us-east-1", "eu-west-1"] },
      { accounts: [450, 900], regions: ["eu-west-1"] },
      { accounts: [900, 1350], regions: ["eu-west-1"] },
    ]);
    const loaded = loadCatalogText(text, "c.yaml");
    expect(loaded.ok).to.equal(false);
    const lines = text.split("\n");
    const image = lines.findIndex((l) => l.includes("name: image-2"));
    const at = lines.findIndex((l, i) => i > image && l.trim() === "accounts:") + 2;
    // The build region (us-east-1) holds every image too; the third image pushes both over.
    expect(loaded.ok ? [] : loaded.problems.map(formatProblem)).to.deep.equal(
      ["eu-west-1", "us-east-1"].map(
        (region) =>
          `c.yaml:${at}:7 images[2].accounts: 1,350 accounts share the ${region} key; its policy would be 41,906 bytes, KMS allows 32,768: use an OU or split the image`,
      ),
    );
  });

  it("counts the accounts with a role in every key policy, those no image shares with included", () => {
    // 600 accounts shared in us-east-1 (two images: at most 1,000 per AMI), and the fewest
    // accounts with a role, in no image, that push that policy over the limit.
    const shared = accountIds(600).map((id) => ({ kind: "account" as const, id, key: id }));
    const size = (roles: number) => Buffer.byteLength(keyPolicy("999988887777", shared, accountIds(roles, 5000)));
    let roles = 1;
    while (size(roles) <= LIMITS.keyPolicyBytes) roles++;
    const images = [
      { accounts: [0, 300] as [number, number], regions: ["us-east-1"] },
      { accounts: [300, 600] as [number, number], regions: ["us-east-1"] },
    ];
    const withRoles = (n: number) => {
      const catalog = parse(catalogOf(images));
      for (const id of accountIds(n, 5000)) catalog.accounts[`r${id}`] = { id, role: `arn:aws:iam::${id}:role/publisher` };
      return loadCatalogText(stringify(catalog), "c.yaml");
    };
    expect(withRoles(roles - 1).ok, `${roles - 1} accounts with a role`).to.equal(true);
    const loaded = withRoles(roles);
    expect(loaded.ok ? [] : loaded.problems.map((p) => p.message)).to.deep.equal([
      `600 accounts share the us-east-1 key; its policy would be ${size(roles).toLocaleString("en-US")} bytes, KMS allows 32,768: use an OU or split the image`,
    ]);
  });

  it("accepts exactly the catalogs whose every key policy is within the limit (property)", () => {
    const image = fc.record({
      from: fc.integer({ min: 0, max: 1500 }),
      // At most 1,000 sharing entities per AMI, OUs included: that limit has its own rule.
      size: fc.integer({ min: 0, max: 997 }),
      regions: fc.subarray(["us-east-1", "eu-west-1", "ap-southeast-2"], { minLength: 1 }),
    });
    fc.assert(
      // Accounts with a role are named in every region's policy, shared there or not.
      fc.property(
        fc.array(image, { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 2500 }),
        (images, ous, roles) => {
          const text = catalogOf(
            images.map((i) => ({ accounts: [i.from, i.from + i.size], regions: i.regions })),
            ous,
            roles,
          );
          const loaded = loadCatalogText(text, "c.yaml");
          if (loaded.ok) {
            for (const key of expand(loaded.catalog).keys) {
              const bytes = Buffer.byteLength(keyPolicy("999988887777", key.principals, key.grantReaders));
              expect(bytes, key.region).to.be.at.most(LIMITS.keyPolicyBytes);
            }
          } else {
            // Refused only for the key policy, and only when a policy really is over the limit.
            for (const problem of loaded.problems)
              expect(problem.message).to.match(/share the [a-z0-9-]+ key; its policy would be/);
            const sizes = loaded.problems.map((p) => Number(/would be ([\d,]+) bytes/.exec(p.message)![1].replace(/,/g, "")));
            for (const size of sizes) expect(size).to.be.greaterThan(LIMITS.keyPolicyBytes);
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
