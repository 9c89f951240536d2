import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { ROOT } from "../support/program";

const COMPONENTS = path.join(ROOT, "components");

/** `file Interface.prop` of every optional property of an exported `...Args` interface without a `@default` tag. */
function undocumentedDefaults(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const missing: string[] = [];
  for (const statement of source.statements) {
    if (!ts.isInterfaceDeclaration(statement) || !statement.name.text.endsWith("Args")) continue;
    for (const member of statement.members) {
      if (!ts.isPropertySignature(member) || !member.questionToken) continue;
      const tags = ts.getJSDocTags(member).map((tag) => tag.tagName.text);
      if (!tags.includes("default")) missing.push(`${file} ${statement.name.text}.${member.name.getText(source)}`);
    }
  }
  return missing;
}

describe("the components' props", () => {
  it("document the default of every optional prop with @default", () => {
    const files = fs.readdirSync(COMPONENTS).filter((f) => f.endsWith(".ts"));
    expect(files.flatMap((f) => undocumentedDefaults(f, fs.readFileSync(path.join(COMPONENTS, f), "utf8")))).to.deep.equal([]);
  });

  it("are read by the check: an optional prop without @default is reported", () => {
    const text =
      "export interface DemoArgs {\n  /** Told. @default 3 */\n  told?: number;\n  /** Not told. */\n  untold?: number;\n  required: string;\n}\n";
    expect(undocumentedDefaults("demo.ts", text)).to.deep.equal(["demo.ts DemoArgs.untold"]);
  });
});
