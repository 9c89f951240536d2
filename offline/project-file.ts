/**
 * What the Pulumi CLI refuses in a project file (`Pulumi.yaml`) before any program runs. Every
 * command (`preview`, `up`, `refresh`, `destroy`) loads the project first and stops on these, and
 * nothing offline reads the file otherwise: the mock runtime takes its settings from
 * `setAllConfig`. The rules are those of pulumi/pulumi `sdk/go/common/workspace/project.go`,
 * `Project.Validate` (called by `LoadProjectBytes` in loaders.go), with its messages; the engine
 * stops at the first, this check reports them all.
 *
 * The one rule that matters most here: a setting of another package (`aws:region` in project
 * `ami-factory`) has no type schema in the project file, so it may declare neither `type` nor
 * `default`, and must give a `value`.
 */
import { parse } from "yaml";

/** A setting as the project file declares it; the shorthand `key: value` means `{ value }`. */
interface Items {
  type?: unknown;
  items?: Items;
}

interface Declared {
  type?: unknown;
  items?: Items;
  default?: unknown;
  value?: unknown;
}

/** Whether `value` is of the declared type, as `ValidateConfigValue` decides it. */
function ofType(type: unknown, items: Items | undefined, value: unknown): boolean {
  switch (type) {
    case "string":
      return typeof value === "string";
    case "integer":
      return (typeof value === "number" && Number.isInteger(value)) || (typeof value === "string" && /^[+-]?\d+$/.test(value));
    case "boolean":
      return typeof value === "boolean" || value === "true" || value === "false";
    default:
      return Array.isArray(value) && items !== undefined && value.every((v) => ofType(items.type, items.items, v));
  }
}

function declared(raw: unknown): Declared {
  return raw !== null && typeof raw === "object" && !Array.isArray(raw) ? raw : { value: raw };
}

/** Every problem the CLI would stop on in the project file's text, in the CLI's words. */
export function projectFileProblems(text: string): string[] {
  const project = (parse(text) ?? {}) as { name?: unknown; runtime?: unknown; config?: Record<string, unknown> };
  const problems: string[] = [];
  if (typeof project.name !== "string" || project.name === "") problems.push("project is missing a 'name' attribute");
  const runtime =
    typeof project.runtime === "object" && project.runtime !== null
      ? (project.runtime as { name?: unknown }).name
      : project.runtime;
  if (typeof runtime !== "string" || runtime === "") problems.push("project is missing a 'runtime' attribute");
  const name = typeof project.name === "string" ? project.name : "";
  for (const [key, raw] of Object.entries(project.config ?? {})) {
    const setting = declared(raw);
    if (setting.default !== undefined && setting.value !== undefined) {
      problems.push(`project config '${key}' cannot have both a 'default' and 'value' attribute`);
      continue;
    }
    const typed = setting.type !== undefined && setting.type !== "";
    if (!key.includes(":") || key.startsWith(`${name}:`)) {
      if (typed && setting.type === "array" && setting.items === undefined) {
        problems.push(
          `The configuration key '${key}' declares an array but does not specify the underlying type via the 'items' attribute`,
        );
      } else if (typed && setting.default !== undefined && !ofType(setting.type, setting.items, setting.default)) {
        problems.push(
          `The default value specified for configuration key '${key}' is not of the expected type '${String(setting.type)}'`,
        );
      }
    } else if (typed) {
      problems.push(`Configuration key '${key}' is not namespaced by the project and should not define a type`);
    } else if (setting.default !== undefined) {
      problems.push(
        `Configuration key '${key}' is not namespaced by the project and should not define a default value. ` +
          "Did you mean to use the 'value' attribute instead of 'default'?",
      );
    } else if (setting.value === undefined) {
      problems.push(`Configuration key '${key}' is namespaced and must provide an attribute 'value'`);
    }
  }
  return problems;
}
