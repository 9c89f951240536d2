/** Pulumi.yaml as the Pulumi CLI loads it before every command (offline/project-file.ts). */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { projectFileProblems } from "../../offline/project-file";
import { CATALOG_SETTING, DEFAULT_CATALOG, PROJECT } from "../../catalog/tables/stack-settings";

const ROOT = path.resolve(__dirname, "..", "..");
const PROJECT_FILE = fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8");

function project(config: string): string {
  return `name: test\nruntime: nodejs\nconfig:\n${config}`;
}

describe("the project file (Pulumi.yaml)", () => {
  it("loads in the Pulumi CLI: no setting breaks a rule of Project.Validate", () => {
    expect(projectFileProblems(PROJECT_FILE)).to.deep.equal([]);
  });

  it("names the project and the catalog's default as the code does", () => {
    const file = parse(PROJECT_FILE) as { name: string; config: Record<string, { default?: unknown }> };
    expect(file.name).to.equal(PROJECT);
    expect(file.config[`${PROJECT}:${CATALOG_SETTING}`]?.default).to.equal(DEFAULT_CATALOG);
  });

  describe("the CLI's rules, in its words (pulumi/pulumi project_test.go's cases)", () => {
    const cases: [string, string, string[]][] = [
      [
        "another package's setting with a type",
        "  aws:region:\n    type: string\n    value:\n      region: us-west-1\n",
        ["Configuration key 'aws:region' is not namespaced by the project and should not define a type"],
      ],
      [
        "another package's setting with a default",
        "  aws:region:\n    default: us-west-1\n",
        [
          "Configuration key 'aws:region' is not namespaced by the project and should not define a default value. Did you mean to use the 'value' attribute instead of 'default'?",
        ],
      ],
      [
        "another package's setting without a value",
        "  aws:region:\n    description: the region\n",
        ["Configuration key 'aws:region' is namespaced and must provide an attribute 'value'"],
      ],
      [
        "a default and a value",
        "  instanceSize:\n    type: string\n    default: t3.micro\n    value: t4.large\n",
        ["project config 'instanceSize' cannot have both a 'default' and 'value' attribute"],
      ],
      [
        "an array without items",
        "  instanceSize:\n    type: array\n    default: [t3.micro, t4.large]\n",
        [
          "The configuration key 'instanceSize' declares an array but does not specify the underlying type via the 'items' attribute",
        ],
      ],
      [
        "a default of another type",
        "  test:count:\n    type: integer\n    default: many\n",
        ["The default value specified for configuration key 'test:count' is not of the expected type 'integer'"],
      ],
    ];
    for (const [what, config, problems] of cases) {
      it(`refuses ${what}`, () => expect(projectFileProblems(project(config))).to.deep.equal(problems));
    }

    it("accepts another package's setting given as a value, in full or as shorthand, and typed defaults of the project's own", () => {
      const config =
        "  aws:region:\n    description: the region\n    value: us-east-1\n  aws:profile: default\n" +
        "  count:\n    type: integer\n    default: 3\n  test:on:\n    type: boolean\n    default: 'true'\n" +
        "  names:\n    type: array\n    items:\n      type: string\n    default: [a, b]\n";
      expect(projectFileProblems(project(config))).to.deep.equal([]);
    });

    it("refuses a project without a name or a runtime", () => {
      expect(projectFileProblems("description: x\n")).to.deep.equal([
        "project is missing a 'name' attribute",
        "project is missing a 'runtime' attribute",
      ]);
    });
  });
});
