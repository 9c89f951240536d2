/**
 * `npm run plan` through the real program: the JSON lists what the program registers, `--base`
 * between two catalogs that differ in one thing gives exactly the expected changes, git refs
 * work, and the exit codes are as documented. Most cases call `main` in-process; a few spawn
 * the command as a user would.
 */
import { expect } from "chai";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { main } from "../../cli/plan";
import type { Streams } from "../../cli/entry";
import { offlineNewestBuild } from "../../offline/newest-build";
import type { RecordedResource } from "../../offline/run-program";
import { diffResources, type Change } from "../../plan/diff";
import type { PlanDocument } from "../../plan/document";
import { fromRecorded } from "../../plan/resources";
import {
  AL2023_BASE_PRINCIPALS,
  exampleCatalog,
  exampleCatalogWithout,
  keysOf,
  ROOT,
  run,
  T,
  writeCatalog,
} from "../support/program";
import { mermaidBlocks, parseWithMermaid, structuralProblems } from "./mermaid-syntax";
import { tempDir } from "../support/temp-dir";

function capture(): Streams & { stdout: () => string; stderr: () => string } {
  let out = "";
  let err = "";
  return {
    out: (text) => (out += text),
    err: (text) => (err += text),
    stdout: () => out,
    stderr: () => err,
  };
}

async function plan(...argv: string[]) {
  const io = capture();
  const code = await main(argv, io, { cwd: ROOT });
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}

function image(catalog: any, name: string): any {
  return catalog.images.find((i: { name: string }) => i.name === name);
}

/** `action type name` of each change. */
const PINNED = "ami-0abcdef1234567890";
/** The newest build of ubuntu-2204-data, as the offline run finds it. */
const DATA_BUILD = offlineNewestBuild("ami-factory", "ubuntu-2204-data");

function lines(changes: readonly Change[]): string[] {
  return changes.map((c) => `${c.action} ${c.type} ${c.name}`).sort();
}

describe("npm run plan", function () {
  this.timeout(120_000);
  let example: RecordedResource[];
  before(async () => {
    example = await run();
  });

  /** The changes from the example catalog to the example with one edit. */
  async function changesAfter(edit: (catalog: any) => void): Promise<Change[]> {
    const catalog = exampleCatalog();
    edit(catalog);
    return diffResources(example.map(fromRecorded), (await run(catalog)).map(fromRecorded));
  }

  describe("the example catalog as JSON", () => {
    let document: PlanDocument;
    before(async () => {
      const result = await plan("--format", "json");
      expect(result.code, result.stderr).to.equal(0);
      document = JSON.parse(result.stdout);
    });

    it("lists exactly the resources the program registers, components included", () => {
      expect(document.resources.map((r) => `${r.type} ${r.name}`).sort()).to.deep.equal(keysOf(example));
      expect(document.resources.filter((r) => !r.custom).map((r) => r.type)).to.include("ami-factory:index:AmiFactory");
    });

    it("counts them per type, adding up to the total", () => {
      const expected: Record<string, number> = {};
      for (const r of example) expected[r.type] = (expected[r.type] ?? 0) + 1;
      const { total, ...perType } = document.counts;
      expect(perType).to.deep.equal(expected);
      expect(total).to.equal(document.resources.length);
    });

    it("describes each image with its build region, base, regions and resolved principals", () => {
      expect(document.images.map((i) => i.name)).to.deep.equal([
        "al2023-base",
        "al2023-graviton",
        "ubuntu-2204-data",
        "ubuntu-2404-web",
        "windows-2022-base",
      ]);
      const base = document.images[0];
      expect(base).to.deep.include({
        os: "amazon-linux-2023",
        arch: "x86_64",
        buildRegion: "us-east-1",
        base: "ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
        regions: ["ap-southeast-2", "eu-west-1", "us-east-1"],
        accounts: AL2023_BASE_PRINCIPALS,
      });
      // The example catalog's defaults set no onlyWhenChanged: every tick builds.
      expect(base.rebuilds).to.match(/^cron\(.+\) \S+, every run$/);
    });

    it("keeps the options that are set, and only those", () => {
      const copy = document.resources.find(
        (r) => r.type === T.copy && r.name === `ami-factory/al2023-base/copy/${PINNED}/eu-west-1`,
      )!;
      expect(copy).to.deep.include({ parent: "ami-factory/al2023-base", retainOnDelete: true });
      expect(copy).not.to.have.property("protect");
      // Each run moves a current copy's deprecation time on: nothing to ignore.
      expect(copy).not.to.have.property("ignoreChanges");
      const parameter = document.resources.find(
        (r) => r.type === T.parameter && r.name === "ami-factory/al2023-base/stable/us-east-1",
      )!;
      expect(parameter.inputs.value).to.equal("ami-0abcdef1234567890");
      const key = document.resources.find((r) => r.type === T.key)!;
      expect(key).to.deep.include({ retainOnDelete: true });
      expect(key).not.to.have.property("protect");
    });

    it("names each parent by type and name: an image's pipeline and releases share its name", () => {
      const copy = document.resources.find(
        (r) => r.type === T.copy && r.name === `ami-factory/al2023-base/copy/${PINNED}/eu-west-1`,
      )!;
      expect(copy).to.deep.include({ parent: "ami-factory/al2023-base", parentType: "ami-factory:index:ImageReleases" });
      const recipe = document.resources.find((r) => r.type === T.recipe && r.name === "ami-factory/al2023-base")!;
      expect(recipe).to.deep.include({ parent: "ami-factory/al2023-base", parentType: "ami-factory:index:ImagePipeline" });
      expect(document.resources.find((r) => r.type === "ami-factory:index:AmiFactory")).not.to.have.property("parentType");
    });

    it("passes the policy pack and has no changes without --base", () => {
      expect(document.policy.filter((f) => f.enforcement === "mandatory")).to.deep.equal([]);
      expect(document).not.to.have.property("changes");
    });
  });

  describe("changes between two catalogs", () => {
    it("adding an account only creates its grants and updates the keys' policies", async () => {
      const changes = await changesAfter((c) => {
        c.accounts.analytics = "123412341234";
        image(c, "ubuntu-2204-data").accounts.push("analytics");
      });
      expect(lines(changes)).to.deep.equal([
        `create ${T.grant} ami-factory/ubuntu-2204-data/grant/${DATA_BUILD}/eu-west-1/123412341234`,
        `create ${T.grant} ami-factory/ubuntu-2204-data/grant/${DATA_BUILD}/us-east-1/123412341234`,
        `update ${T.key} ami-factory/kms/eu-west-1`,
        `update ${T.key} ami-factory/kms/us-east-1`,
      ]);
      expect(changes.filter((c) => c.action === "update").map((c) => c.paths)).to.deep.equal([["policy"], ["policy"]]);
    });

    it("removing an account only deletes its grants", async () => {
      const changes = await changesAfter((c) => {
        const data = image(c, "ubuntu-2204-data");
        data.accounts = data.accounts.filter((a: string) => a !== "staging");
      });
      expect(lines(changes.filter((c) => !(c.type === T.key && c.action === "update")))).to.deep.equal([
        `delete ${T.grant} ami-factory/ubuntu-2204-data/grant/${DATA_BUILD}/eu-west-1/012345678901`,
        `delete ${T.grant} ami-factory/ubuntu-2204-data/grant/${DATA_BUILD}/us-east-1/012345678901`,
      ]);
    });

    it("reordering images, regions and accounts changes nothing", async () => {
      const changes = await changesAfter((c) => {
        c.images.reverse();
        c.defaults.regions.reverse();
        c.defaults.accounts.reverse();
        for (const i of c.images) {
          i.regions?.reverse();
          i.accounts?.reverse();
          for (const release of Object.values<any>(i.releases ?? {})) release.accounts?.reverse();
        }
      });
      expect(changes).to.deep.equal([]);
    });

    it("changing an inline component's commands replaces it and the recipe and updates the pipeline", async () => {
      const changes = await changesAfter((c) => {
        image(c, "ubuntu-2404-web").components[0].build.push("apt-get install -y curl");
      });
      expect(lines(changes)).to.deep.equal([
        `replace ${T.component} ami-factory/ubuntu-2404-web/nginx`,
        `replace ${T.recipe} ami-factory/ubuntu-2404-web`,
        `update ${T.pipeline} ami-factory/ubuntu-2404-web`,
      ]);
      expect(changes.find((c) => c.type === T.pipeline)!.paths).to.deep.equal(["imageRecipeArn"]);
      expect(changes.find((c) => c.type === T.recipe)!.reason).to.match(
        /componentArn \(unknown until Component ami-factory\/ubuntu-2404-web\/nginx is replaced\)/,
      );
    });

    it("changing a pinned release AMI creates the new AMI's copies and grants, deletes the old ones and updates its parameters", async () => {
      const MOVED = "ami-0123456789abcdef0";
      const changes = await changesAfter((c) => {
        image(c, "al2023-base").releases.stable.ami = MOVED;
      });
      // Copies (with their name suffixes) and grants are named by the AMI they serve.
      const old = example.filter(
        (r) =>
          r.name.startsWith(`ami-factory/al2023-base/copy/${PINNED}/`) ||
          r.name.startsWith(`ami-factory/al2023-base/grant/${PINNED}/`),
      );
      const expected = [
        ...old.map((r) => `delete ${r.type} ${r.name}`),
        ...old.map((r) => `create ${r.type} ${r.name.replace(PINNED, MOVED)}`),
        ...example
          .filter((r) => r.type === T.parameter && r.name.startsWith("ami-factory/al2023-base/stable/"))
          .map((r) => `update ${r.type} ${r.name}`),
        // The served tag moves to the new AMI.
        `replace ${T.tag} ami-factory/al2023-base/stable`,
      ].sort();
      expect(old.filter((r) => r.type === T.copy || r.type === T.grant)).to.have.length(2 + 9);
      expect(lines(changes)).to.deep.equal(expected);
      expect(changes.filter((c) => c.type === T.parameter).every((c) => c.paths!.join() === "value")).to.equal(true);
    });

    it("prints them with the callouts first, through --base FILE", async () => {
      const catalog = exampleCatalog();
      const data = image(catalog, "ubuntu-2204-data");
      data.accounts = data.accounts.filter((a: string) => a !== "staging");
      const result = await plan("--catalog", writeCatalog(catalog), "--base", "config/catalog.yaml");
      expect(result.code, result.stderr).to.equal(0);
      expect(result.stdout).to.match(
        /^Plan of catalog \/tmp\/.* with the settings of stack dev \(whose catalog is config\/catalog.yaml\)\nCompared with config\/catalog.yaml: 0 to create, 0 to update, 0 to replace, 2 to delete\n\n!! Launch permissions revoked\n/,
      );
      expect(result.stdout).to.contain(
        "staging (012345678901) can no longer launch image ubuntu-2204-data, AMI newest build, in eu-west-1",
      );
    });
  });

  it("warns with --base when an account leaves `accounts:` in the change that deletes its Auto Scaling grants", async () => {
    const catalog = exampleCatalogWithout("prod-web");
    delete catalog.accounts["prod-web"];
    const result = await plan("--catalog", writeCatalog(catalog), "--base", "config/catalog.yaml", "--format", "json");
    expect(result.code, result.stderr).to.equal(0);
    const document: PlanDocument = JSON.parse(result.stdout);
    expect(document.warnings.filter((w) => w.includes("Auto Scaling grants"))).to.have.length(1);
    expect(document.warnings.find((w) => w.includes("Auto Scaling grants"))).to.match(
      /^prod-web \(444455556666\) leaves the accounts the factory has a role in .* "Revoke an account"\)$/,
    );
  });

  describe("--base with a git ref", () => {
    let repo: string;
    let catalogFile: string;
    const git = (...args: string[]) =>
      execFileSync("git", ["-c", "user.name=plan test", "-c", "user.email=plan@example.com", ...args], {
        cwd: repo,
        stdio: "pipe",
      });

    /** A tree whose config/catalog.yaml is not a catalog, made without touching the work tree. */
    const invalidTree = () => {
      const object = (args: string[], input: string) =>
        execFileSync("git", args, { cwd: repo, input, stdio: ["pipe", "pipe", "pipe"] })
          .toString()
          .trim();
      const blob = object(["hash-object", "-w", "--stdin"], "images: none\n");
      const config = object(["mktree"], `100644 blob ${blob}\tcatalog.yaml\n`);
      return object(["mktree"], `040000 tree ${config}\tconfig\n`);
    };

    before(() => {
      repo = tempDir("repo");
      mkdirSync(join(repo, "config"));
      catalogFile = join(repo, "config", "catalog.yaml");
      writeFileSync(catalogFile, stringify(exampleCatalog()));
      git("init", "-q");
      writeFileSync(join(repo, "README.md"), "before the catalog\n");
      git("add", "README.md");
      git("commit", "-q", "-m", "readme");
      git("add", "config/catalog.yaml");
      git("commit", "-q", "-m", "catalog");
      const catalog = exampleCatalog();
      const data = image(catalog, "ubuntu-2204-data");
      data.accounts = data.accounts.filter((a: string) => a !== "staging");
      writeFileSync(catalogFile, stringify(catalog));
    });

    it("reads the same catalog path at the ref", async () => {
      const result = await plan("--catalog", catalogFile, "--base", "HEAD", "--format", "json");
      expect(result.code, result.stderr).to.equal(0);
      const document: PlanDocument = JSON.parse(result.stdout);
      expect(document.base).to.equal("HEAD:config/catalog.yaml");
      expect(lines(document.changes!)).to.deep.equal([
        `delete ${T.grant} ami-factory/ubuntu-2204-data/grant/${DATA_BUILD}/eu-west-1/012345678901`,
        `delete ${T.grant} ami-factory/ubuntu-2204-data/grant/${DATA_BUILD}/us-east-1/012345678901`,
      ]);
      expect(document.callouts.filter((c) => c.kind === "grant-revoked")).to.have.length(2);
    });

    it("leaves no copy of the ref's catalog in the temporary folder, also when that catalog is invalid", async () => {
      const scratch = tempDir("tmp");
      const before = process.env.TMPDIR;
      process.env.TMPDIR = scratch;
      try {
        expect((await plan("--catalog", catalogFile, "--base", "HEAD")).code).to.equal(0);
        git("tag", "invalid-base", git("commit-tree", "-m", "invalid", "-p", "HEAD", invalidTree()).toString().trim());
        const invalid = await plan("--catalog", catalogFile, "--base", "invalid-base");
        expect(invalid.code).to.equal(1);
        expect(invalid.stderr).to.match(/^plan: invalid-base:config\/catalog\.yaml has \d+ problems?:/);
      } finally {
        if (before === undefined) delete process.env.TMPDIR;
        else process.env.TMPDIR = before;
      }
      expect(readdirSync(scratch)).to.deep.equal([]);
    });

    it("plans every resource as new when the catalog did not exist at the ref", async () => {
      const result = await plan("--catalog", catalogFile, "--base", "HEAD~1", "--format", "json");
      expect(result.code, result.stderr).to.equal(0);
      const document: PlanDocument = JSON.parse(result.stdout);
      expect(document.warnings).to.deep.equal(["HEAD~1:config/catalog.yaml does not exist: every resource is new"]);
      expect(document.changes!.every((c) => c.action === "create")).to.equal(true);
      expect(document.changes).to.have.length(document.resources.length);
    });

    it("refuses a ref that does not exist, as a usage error", async () => {
      const result = await plan("--catalog", catalogFile, "--base", "no-such-branch");
      expect(result.code).to.equal(2);
      expect(result.stderr).to.contain(
        'plan: --base "no-such-branch" is not a file, and not a git ref: no such branch, tag or commit',
      );
      expect(result.stdout).to.equal("");
    });
  });

  describe("markdown", () => {
    it("has one valid Mermaid block of the example's fan-out", async () => {
      const result = await plan("--format", "markdown");
      expect(result.code, result.stderr).to.equal(0);
      const [chart] = mermaidBlocks(result.stdout);
      expect(chart, result.stdout).to.be.a("string");
      expect(structuralProblems(chart)).to.deep.equal([]);
      // mermaid and jsdom are devDependencies: a missing parser is a failure, not a skip.
      expect(await parseWithMermaid(chart)).to.deep.equal({ available: true });
    });
  });

  describe("exit codes", () => {
    it("2 with the usage for an unknown option, a bad format, an unknown stack or a missing catalog", async () => {
      for (const [argv, message] of [
        [["--verbose"], "plan: unknown option --verbose"],
        [["--format", "yaml"], 'plan: --format "yaml" is not a format; use text, json, markdown'],
        [["--stack", "prod"], "plan: no stack file Pulumi.prod.yaml (stacks here: dev)"],
        [["--catalog", "config/nothing.yaml"], "plan: cannot read config/nothing.yaml: no such file"],
      ] as const) {
        const result = await plan(...argv);
        expect(result.code, argv.join(" ")).to.equal(2);
        expect(result.stderr).to.match(new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\nusage: npm run plan`));
        expect(result.stdout).to.equal("");
      }
    });

    it("1 with the catalog's problems for an invalid catalog", async () => {
      const catalog = exampleCatalog();
      image(catalog, "al2023-base").arch = "i386";
      const file = writeCatalog(catalog);
      const result = await plan("--catalog", file, "--format", "json");
      expect(result.code).to.equal(1);
      expect(result.stdout).to.equal("");
      expect(result.stderr).to.match(
        new RegExp(`^plan: .*catalog-\\d+\\.yaml has 1 problem:\n.*:\\d+:\\d+ images\\[0\\]\\.arch: `),
      );
    });

    it("1 for a violated mandatory policy, after printing the plan", async () => {
      const catalog = exampleCatalog();
      image(catalog, "ubuntu-2204-data").public = true;
      const result = await plan("--catalog", writeCatalog(catalog), "--format", "json");
      expect(result.code).to.equal(1);
      const document: PlanDocument = JSON.parse(result.stdout);
      expect(document.policy.some((f) => f.enforcement === "mandatory")).to.equal(true);
      expect(result.stderr).to.match(/^plan: \d+ mandatory policy violations?:\n/);
    });
  });

  describe("as a command", () => {
    const cli = (...argv: string[]) =>
      spawnSync("npx", ["tsx", "cli/plan.ts", ...argv], {
        cwd: ROOT,
        encoding: "utf8",
        env: { ...process.env, FORCE_COLOR: "0" },
      });

    it("prints only JSON on standard output and exits 0", () => {
      const result = cli("--format", "json");
      expect(result.status, result.stderr).to.equal(0);
      const document: PlanDocument = JSON.parse(result.stdout);
      expect(document.counts.total).to.equal(document.resources.length);
    });

    it("exits 2 with the usage and no stack trace for a usage error, 1 for an invalid catalog", () => {
      const usage = cli("--format");
      expect(usage.status).to.equal(2);
      expect(usage.stderr).to.contain("plan: --format needs a value\nusage: npm run plan");
      const invalid = cli("--catalog", writeCatalog("images: []\nbuildRegion: mars-1\n"));
      expect(invalid.status).to.equal(1);
      for (const result of [usage, invalid]) expect(result.stderr).not.to.match(/^\s+at /m);
    });
  });
});
