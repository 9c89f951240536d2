/**
 * `--base REF` with a stack: the base is the stack as it was at the ref, read from its
 * `Pulumi.<stack>.yaml` there (the catalog it named, with the project's default when it named
 * none, and its config); only a stack file that did not exist makes every resource new. Without
 * a stack, and for a base given as a file, the base is what it was before.
 */
import { expect } from "chai";
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { main } from "../../cli/plan";
import { resolveBase, type BaseCatalog } from "../../plan/base-catalog";
import { parseStackConfig } from "../../plan/stack-config";
import { tempDir } from "../support/temp-dir";

/** A git repository with one commit, tagged `base`, holding `files`. */
function repository(files: Record<string, string>): { root: string; write: (files: Record<string, string>) => void } {
  const root = tempDir("base-ref");
  const write = (more: Record<string, string>) => {
    for (const [name, text] of Object.entries(more)) {
      mkdirSync(dirname(join(root, name)), { recursive: true });
      writeFileSync(join(root, name), text);
    }
  };
  write(files);
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.name=base test", "-c", "user.email=base@example.com", ...args], {
      cwd: root,
      stdio: "pipe",
    });
  git("init", "-q");
  git("add", ".");
  git("commit", "-q", "-m", "base");
  git("tag", "base");
  return { root, write };
}

/** What the base is, with the catalog's bytes as text. */
function described(base: BaseCatalog) {
  return base.kind === "ref" ? { ...base, content: base.content.toString("utf8") } : base;
}

describe("plan --base REF --stack NAME", () => {
  it("is the catalog the stack file named at the ref, with the stack's config there, when the change points it elsewhere", () => {
    const { root, write } = repository({
      "Pulumi.prod.yaml": "config:\n  ami-factory:catalog: config/prod.yaml\n  aws:region: eu-west-1\n",
      "config/prod.yaml": "prod at the ref\n",
      "config/other.yaml": "another catalog\n",
    });
    write({ "Pulumi.prod.yaml": "config:\n  ami-factory:catalog: config/other.yaml\n  aws:region: us-east-1\n" });
    expect(described(resolveBase("base", "config/other.yaml", root, "prod"))).to.deep.equal({
      kind: "ref",
      name: "prod.yaml",
      content: "prod at the ref\n",
      label: "base:config/prod.yaml",
      config: { "ami-factory:catalog": "config/prod.yaml", "aws:region": "eu-west-1" },
    });
    // Without a stack, the same catalog path at the ref, as before.
    expect(described(resolveBase("base", "config/other.yaml", root))).to.deep.include({
      kind: "ref",
      label: "base:config/other.yaml",
      content: "another catalog\n",
    });
  });

  it("takes the project's default catalog when the stack file at the ref names none", () => {
    const { root } = repository({ "Pulumi.dev.yaml": "config:\n  aws:region: eu-west-1\n", "config/catalog.yaml": "default\n" });
    expect(described(resolveBase("base", "config/renamed.yaml", root, "dev"))).to.deep.include({
      label: "base:config/catalog.yaml",
      content: "default\n",
    });
  });

  it("reads the stack file and its catalog below the repository root when the project is in a folder", () => {
    const { root } = repository({
      "infra/Pulumi.prod.yaml": "config:\n  ami-factory:catalog: config/prod.yaml\n",
      "infra/config/prod.yaml": "prod\n",
    });
    expect(described(resolveBase("base", "config/moved.yaml", join(root, "infra"), "prod"))).to.deep.include({
      label: "base:infra/config/prod.yaml",
      content: "prod\n",
    });
  });

  it("makes every resource new only when the stack file did not exist at the ref, and says so", () => {
    const { root } = repository({ "Pulumi.dev.yaml": "config: {}\n", "config/catalog.yaml": "dev\n" });
    expect(resolveBase("base", "config/catalog.yaml", root, "staging")).to.deep.equal({
      kind: "absent",
      label: "base:Pulumi.staging.yaml",
      warning: "base:Pulumi.staging.yaml does not exist: the stack is new, every resource is new",
    });
  });

  it("fails, naming the ref's stack file, when its catalog did not exist there or the file is not a stack file", () => {
    const { root } = repository({
      "Pulumi.prod.yaml": "config:\n  ami-factory:catalog: config/gone.yaml\n",
      "Pulumi.bad.yaml": "config: [1, 2]\n",
    });
    expect(resolveBase("base", "config/catalog.yaml", root, "prod")).to.deep.equal({
      kind: "error",
      message: "base:Pulumi.prod.yaml names the catalog config/gone.yaml, and base:config/gone.yaml does not exist",
      exitCode: 1,
    });
    expect(resolveBase("base", "config/catalog.yaml", root, "bad")).to.deep.equal({
      kind: "error",
      message: 'base:Pulumi.bad.yaml: "config" must be a map of settings',
      exitCode: 1,
    });
  });

  it("keeps a base given as a file, and refuses a ref that does not exist as a usage error", () => {
    const { root } = repository({ "Pulumi.prod.yaml": "config: {}\n", "base.yaml": "a file\n" });
    expect(resolveBase("base.yaml", "config/catalog.yaml", root, "prod")).to.deep.equal({
      kind: "file",
      path: join(root, "base.yaml"),
      label: "base.yaml",
    });
    expect(resolveBase("no-such-ref", "config/catalog.yaml", root, "prod")).to.deep.equal({
      kind: "error",
      message: '--base "no-such-ref" is not a file, and not a git ref: no such branch, tag or commit',
      exitCode: 2,
    });
  });
});

describe("plan --stack NAME --base REF, when the stack at the ref is broken", () => {
  it("fails with exit 1 and the ref's message, before planning anything", async () => {
    const { root, write } = repository({ "Pulumi.prod.yaml": "config:\n  ami-factory:catalog: config/gone.yaml\n" });
    write({ "Pulumi.prod.yaml": "config:\n  ami-factory:catalog: config/prod.yaml\n", "config/prod.yaml": "images: []\n" });
    let out = "";
    let err = "";
    const io = { out: (text: string) => (out += text), err: (text: string) => (err += text) };
    expect(await main(["--stack", "prod", "--base", "base"], io, { cwd: root })).to.equal(1);
    expect([out, err]).to.deep.equal([
      "",
      "plan: base:Pulumi.prod.yaml names the catalog config/gone.yaml, and base:config/gone.yaml does not exist\n",
    ]);
  });
});

describe("parseStackConfig", () => {
  it("reads a stack file's text with the rules of the file on disk, naming it as told", () => {
    expect(parseStackConfig("main:Pulumi.prod.yaml", "config:\n  catalog: c.yaml\n  aws:region: eu-west-1\n")).to.deep.equal({
      ok: true,
      file: "main:Pulumi.prod.yaml",
      config: { "ami-factory:catalog": "c.yaml", "aws:region": "eu-west-1" },
    });
    expect(parseStackConfig("main:Pulumi.prod.yaml", "config: [1\n")).to.deep.include({ ok: false });
  });
});
