/**
 * The catalog has one schema (catalog/schema/schema.ts, zod) and two derived files: the JSON Schema that
 * editors load and the reference in docs/. These tests keep the derived files current and check
 * that a standard JSON Schema validator (ajv) and zod agree on real and broken catalogs.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import { parse } from "yaml";
import type { z } from "zod";
import { CatalogSchema } from "../../catalog/schema/schema";
import { generatedFiles, REFERENCE_FILE, SCHEMA_FILE } from "../../schema/generate";
import { catalogJsonSchema, refinementsOutsideJsonSchema, type JsonSchema } from "../../schema/json-schema";
import { MINIMAL_CATALOG } from "../../schema/reference";

const ROOT = resolve(__dirname, "..", "..");
const EXAMPLE_FILE = "config/catalog.yaml";

function read(file: string): string {
  return readFileSync(join(ROOT, file), "utf8");
}

function committedSchema(): JsonSchema {
  return JSON.parse(read(SCHEMA_FILE)) as JsonSchema;
}

/** ajv compiles the committed file: that is what editors and CI see, not what generate would write. */
let compiled: ValidateFunction | undefined;
function validator(): ValidateFunction {
  compiled ??= new Ajv({ allErrors: true, strict: true }).compile(committedSchema());
  return compiled;
}

/** A JSON pointer to the value an ajv error is about, the missing or unknown key included. */
function ajvPointer(error: ErrorObject): string {
  const params = error.params as { missingProperty?: string; additionalProperty?: string };
  const key = params.missingProperty ?? params.additionalProperty;
  return key === undefined ? error.instancePath : `${error.instancePath}/${key}`;
}

/** The same pointer for a zod issue. */
function zodPointer(issue: z.core.$ZodIssue): string {
  const path = issue.code === "unrecognized_keys" ? [...issue.path, issue.keys[0]] : issue.path;
  return path.map((segment) => `/${String(segment)}`).join("");
}

/**
 * Catalog fixtures that are meant to be valid: YAML files under tests/ whose name or folder says
 * "valid" (and not "invalid") and that have a top-level `images` list.
 */
function validFixtures(): string[] {
  const testsDir = join(ROOT, "tests");
  return readdirSync(testsDir, { recursive: true, encoding: "utf8" })
    .filter((file) => /\.ya?ml$/.test(file))
    .filter((file) => {
      const words = file.split(sep).flatMap((segment) => segment.toLowerCase().split(/[^a-z]+/));
      return words.includes("valid") && !words.includes("invalid");
    })
    .map((file) => relative(ROOT, join(testsDir, file)))
    .filter((file) => {
      const data: unknown = parse(read(file));
      return typeof data === "object" && data !== null && "images" in data;
    })
    .sort();
}

describe("catalog JSON Schema", () => {
  describe("generated files", () => {
    for (const { file, text } of generatedFiles()) {
      it(`${file} is what schema/generate.ts writes from catalog/schema/schema.ts`, () => {
        let committed = "";
        try {
          committed = read(file);
        } catch {
          assert.fail(`${file} is missing; run \`npm run schema\` and commit it`);
        }
        assert.equal(
          committed,
          text,
          `${file} is out of date with catalog/schema/schema.ts; run \`npm run schema\` and commit it`,
        );
      });
    }

    it("generates the same bytes twice", () => {
      assert.deepEqual(generatedFiles(), generatedFiles());
    });

    it("is a draft-07 schema with an id and a title that ajv compiles in strict mode", () => {
      const schema = committedSchema();
      assert.equal(schema.$schema, "http://json-schema.org/draft-07/schema#");
      assert.equal(schema.$id, "urn:ami-factory:catalog");
      assert.equal(schema.title, "ami-factory catalog");
      const ajv = new Ajv({ strict: true });
      assert.equal(ajv.validateSchema(schema), true, JSON.stringify(ajv.errors));
      assert.doesNotThrow(() => ajv.compile(schema));
    });

    it("carries every zod check: no .refine() that the JSON Schema cannot express", () => {
      assert.deepEqual(
        refinementsOutsideJsonSchema(),
        [],
        "a .refine() in catalog/schema/schema.ts is invisible to the JSON Schema; express it with .regex() or z.enum()",
      );
    });

    it("is the schema the example catalog's modeline points at", () => {
      const firstLine = read(EXAMPLE_FILE).split("\n")[0];
      const match = /^# yaml-language-server: \$schema=(\S+)$/.exec(firstLine);
      assert.ok(match, `${EXAMPLE_FILE} must start with the yaml-language-server modeline, found: ${firstLine}`);
      assert.equal(relative(ROOT, resolve(ROOT, "config", match[1])), SCHEMA_FILE);
    });
  });

  describe("the reference", () => {
    /** Every field path in the schema, `images[].rootVolume.sizeGiB` style. */
    function fieldPaths(schema: JsonSchema, path: string, out: string[]): string[] {
      for (const form of schema.anyOf ?? [schema]) {
        for (const [key, child] of Object.entries(form.properties ?? {})) {
          const childPath = path === "" ? key : `${path}.${key}`;
          out.push(childPath);
          fieldPaths(child, childPath, out);
        }
        if (form.items) fieldPaths(form.items, `${path}[]`, out);
        if (typeof form.additionalProperties === "object") fieldPaths(form.additionalProperties, `${path}.<name>`, out);
      }
      return out;
    }

    it("lists every field with its path, and `defaults` fields as the image fields they default", () => {
      const reference = read(REFERENCE_FILE);
      const missing = fieldPaths(catalogJsonSchema(), "", [])
        .map((path) => path.replace(/^defaults\./, "images[]."))
        .filter((path) => !reference.includes(`| \`${path}\``));
      assert.deepEqual(missing, []);
    });

    it("has a section per object", () => {
      const headings = read(REFERENCE_FILE)
        .split("\n")
        .filter((line) => line.startsWith("## "));
      for (const heading of [
        "## Top level",
        "## `accounts.<name>`",
        "## `defaults`",
        "## `images[]`",
        "## `images[].components[]`",
        "## `images[].schedule`",
        "## `images[].rootVolume`",
        "## `images[].lifecycle`",
        "## `images[].releases.<name>`",
      ]) {
        assert.ok(headings.includes(heading), `missing section ${heading}; found ${headings.join(", ")}`);
      }
    });

    it("shows allowed values and defaults", () => {
      const reference = read(REFERENCE_FILE);
      assert.match(reference, /\| `images\[\]\.arch` \| string \| `x86_64`, `arm64` \|/);
      assert.match(reference, /\| `buildRegion` \| string \| an AWS region .*Default us-east-1\. \|/);
      assert.match(reference, /`images\[\]\.testTimeoutMinutes` \| integer \| 60 to 1440 \|.*Default 720\./);
    });
  });

  describe("valid catalogs", () => {
    const catalogs = [EXAMPLE_FILE, ...validFixtures()];

    for (const file of catalogs) {
      it(`${file} is valid for ajv and for zod`, () => {
        const data: unknown = parse(read(file));
        const validate = validator();
        assert.equal(validate(data), true, JSON.stringify(validate.errors, null, 2));
        const zod = CatalogSchema.safeParse(data);
        assert.equal(zod.success, true, zod.error?.message);
      });
    }

    it("the reference's minimal catalog is valid for ajv and for zod", () => {
      const data: unknown = parse(MINIMAL_CATALOG);
      const validate = validator();
      assert.equal(validate(data), true, JSON.stringify(validate.errors, null, 2));
      assert.equal(CatalogSchema.safeParse(data).success, true);
    });
  });

  describe("invalid catalogs are rejected by both ajv and zod, at the same place", () => {
    const REMOVE = Symbol("remove");

    /** The example catalog with the value at a JSON pointer replaced (or removed). */
    function exampleWith(pointer: string, value: unknown): unknown {
      const catalog: unknown = parse(read(EXAMPLE_FILE));
      const keys = pointer.split("/").slice(1);
      const last = keys.pop();
      let parent = catalog;
      for (const key of keys) parent = (parent as Record<string, unknown>)[key];
      assert.ok(typeof parent === "object" && parent !== null && last !== undefined, `${pointer} is not in ${EXAMPLE_FILE}`);
      if (value === REMOVE) delete (parent as Record<string, unknown>)[last];
      else (parent as Record<string, unknown>)[last] = value;
      return catalog;
    }

    /**
     * One change to the example catalog per case: the value set at a pointer, where both
     * validators must report the problem (the pointer itself unless said) and zod's message.
     */
    const cases: { name: string; pointer: string; value: unknown; at?: string; message: RegExp }[] = [
      { name: "an unknown top-level field", pointer: "/imagez", value: [], message: /imagez/ },
      {
        name: "a 32-bit architecture",
        pointer: "/images/0/arch",
        value: "i386",
        message: /^"i386" is not a 64-bit architecture; use x86_64 or arm64$/,
      },
      {
        name: "an unknown region in an image",
        pointer: "/images/1/regions",
        value: ["us-east-1", "mars-1"],
        at: "/images/1/regions/1",
        message: /^"mars-1" is not a known AWS region; use one of: af-south-1, /,
      },
      {
        name: "an unknown build region",
        pointer: "/buildRegion",
        value: "mars-1",
        message: /^"mars-1" is not a known AWS region/,
      },
      {
        name: "an unknown operating system",
        pointer: "/images/2/os",
        value: "windows-xp",
        message: /^"windows-xp" is not a supported operating system/,
      },
      {
        name: "an account id YAML read as a number",
        pointer: "/accounts/staging",
        value: 12345678901,
        message: /an account is a quoted 12-digit id/,
      },
      { name: "no images", pointer: "/images", value: [], message: /the catalog has no images; add at least one/ },
      { name: "an image without a name", pointer: "/images/3/name", value: REMOVE, message: /is not an image name/ },
      {
        name: "an image name with a space",
        pointer: "/images/0/name",
        value: "al2023 base",
        message: /^"al2023 base" is not an image name/,
      },
      { name: "an unknown field in an image", pointer: "/images/0/amiName", value: "x", message: /amiName/ },
      {
        name: "a component that mixes an ARN and inline commands",
        pointer: "/images/0/components/0/build",
        value: ["echo hi"],
        message: /build/,
      },
      {
        name: "an instance-store root volume",
        pointer: "/images/1/rootVolume/type",
        value: "instance-store",
        message: /^"instance-store" is not an EBS volume type for a root volume; use gp3, gp2, io1 or io2$/,
      },
      { name: "keeping more builds than allowed", pointer: "/defaults/lifecycle/keepAtLeast", value: 11, message: /10/ },
      {
        name: "a schedule flag that is not a boolean",
        pointer: "/defaults/schedule/onlyWhenChanged",
        value: "yes",
        message: /boolean/,
      },
      { name: "a release without an AMI", pointer: "/images/0/releases/stable/ami", value: REMOVE, message: /string/ },
    ];

    for (const { name, pointer, value, at = pointer, message } of cases) {
      it(name, () => {
        const catalog = exampleWith(pointer, value);

        const validate = validator();
        assert.equal(validate(catalog), false, `ajv accepted ${name}`);
        const ajvAt = (validate.errors ?? []).map(ajvPointer);
        assert.ok(ajvAt.includes(at), `ajv reported ${JSON.stringify(ajvAt)}, not ${at}`);

        const zod = CatalogSchema.safeParse(catalog);
        assert.equal(zod.success, false, `zod accepted ${name}`);
        const issue = zod.error?.issues.find((i) => zodPointer(i) === at);
        assert.ok(issue, `zod reported ${JSON.stringify(zod.error?.issues.map(zodPointer))}, not ${at}`);
        assert.match(issue.message, message);
      });
    }
  });
});
