/**
 * docs/consumers.md: every snippet names a parameter the example catalog publishes, parses, and
 * passes the checker this machine has for it (tsc against @pulumi/aws for TypeScript,
 * CloudFormation's resource specification for CloudFormation, tests/support/cloudformation.ts).
 * Terraform has no checker here.
 */
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { parse } from "yaml";
import { ofType, ROOT, run, T } from "../support/program";
import { templateProblems } from "../support/cloudformation";

const DOC = fs.readFileSync(path.join(ROOT, "docs", "consumers.md"), "utf8");

/** Every use of something its declaration marks `@deprecated`, as the TypeScript language service reports them. */
function deprecatedUses(files: readonly string[]): string[] {
  const options: ts.CompilerOptions = {
    strict: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    types: ["node"],
  };
  const host: ts.LanguageServiceHost = {
    getCompilationSettings: () => options,
    getScriptFileNames: () => [...files],
    getScriptVersion: () => "1",
    getScriptSnapshot: (file) => (fs.existsSync(file) ? ts.ScriptSnapshot.fromString(fs.readFileSync(file, "utf8")) : undefined),
    getCurrentDirectory: () => ROOT,
    getDefaultLibFileName: ts.getDefaultLibFilePath,
    fileExists: (file) => ts.sys.fileExists(file),
    readFile: (file) => ts.sys.readFile(file),
    readDirectory: (dir, extensions, exclude, include, depth) => ts.sys.readDirectory(dir, extensions, exclude, include, depth),
    directoryExists: (dir) => ts.sys.directoryExists(dir),
    getDirectories: (dir) => ts.sys.getDirectories(dir),
  };
  const service = ts.createLanguageService(host);
  return files.flatMap((file) =>
    service
      .getSuggestionDiagnostics(file)
      .filter((d) => d.reportsDeprecated)
      .map((d) => `${path.basename(file)}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`),
  );
}

/** Fenced blocks as `[language, text]`. */
function blocks(language: string): string[] {
  return [...DOC.matchAll(/^```(\w+)\n([\s\S]*?)^```$/gm)].filter((m) => m[1] === language).map((m) => m[2]);
}

describe("docs/consumers.md snippets", () => {
  it("names only SSM parameters the example catalog publishes", async () => {
    const published = new Set(ofType(await run(), T.parameter).map((p) => p.inputs.name));
    // Parameter names stand after a space, a colon or a quote (not the stack name acme/ami-factory/prod).
    const named = [...DOC.matchAll(/(?<=[\s:"])\/ami-factory\/[a-z0-9/_-]+/g)].map((m) => m[0]);
    expect(named.length, "one per way of consuming at least").to.be.at.least(7);
    for (const name of named) expect(published, name).to.include(name);
  });

  it("has one snippet per way of consuming an image", () => {
    const has = (pattern: RegExp) => expect(DOC, String(pattern)).to.match(pattern);
    has(/"ImageId": "resolve:ssm:/);
    has(/AWS::AutoScaling::AutoScalingGroup/);
    has(/AWS::EKS::Nodegroup/);
    has(/kind: EC2NodeClass/);
    has(/AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>/);
    has(/new pulumi\.StackReference/);
    has(/data "aws_ssm_parameter"/);
  });

  it("parses every JSON and YAML snippet", () => {
    for (const json of blocks("json")) expect(() => JSON.parse(json)).to.not.throw();
    const yamls = blocks("yaml");
    expect(yamls.length).to.equal(4);
    for (const yaml of yamls) expect(parse(yaml)).to.be.an("object");
  });

  it("has CloudFormation snippets valid against CloudFormation's resource specification", function () {
    this.timeout(30_000);
    const templates = blocks("yaml").filter((y) => y.includes("AWSTemplateFormatVersion"));
    expect(templates).to.have.length(3);
    for (const template of templates) expect(templateProblems(parse(template))).to.deep.equal([]);
  });

  it("has TypeScript snippets that type-check against @pulumi/aws and use nothing it marks deprecated", function () {
    this.timeout(180_000);
    const dir = fs.mkdtempSync(path.join(ROOT, "tests", "docs", ".snippets-"));
    try {
      const files = blocks("ts").map((code, i) => {
        const file = path.join(dir, `snippet-${i}.ts`);
        // Each snippet is a program of its own: a module, so their names do not clash.
        fs.writeFileSync(file, `${code.includes("import ") ? "" : 'import * as aws from "@pulumi/aws";\n'}${code}\nexport {};\n`);
        return file;
      });
      expect(files.length).to.be.greaterThan(0);
      const tsc = path.join(ROOT, "node_modules", ".bin", "tsc");
      const args = [
        "--noEmit",
        "--strict",
        "--skipLibCheck",
        "--target",
        "ES2022",
        "--module",
        "commonjs",
        "--moduleResolution",
        "node",
        "--types",
        "node",
        ...files,
      ];
      const result = spawnSync(tsc, args, { encoding: "utf8", cwd: ROOT });
      expect(result.status, result.stdout).to.equal(0);
      // What tsc accepts but marks deprecated (an output @pulumi/aws renamed) goes in a later major version.
      expect(deprecatedUses(files)).to.deep.equal([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
