/**
 * `npm run consumer-role -- [--stack NAME] [--factory-account ID] [--format text|json]`: the role
 * the factory needs in each consumer account, from the stack's catalog: its trust policy, its
 * permission policy, the permissions boundary of the distribution role (with `copyTo`), and a
 * CloudFormation StackSet template that rolls them out to every account of OUs. Exit 0, 1 on an
 * invalid catalog, 2 on a usage error.
 */
import { resolve } from "node:path";
import { consumerRole, stackSetTemplate } from "../catalog/expand/consumer-role";
import { CROSS_ACCOUNT_ROLE_NAME } from "../catalog/render/access-policies";
import { expand } from "../catalog/expand/expand";
import { formatProblem, loadCatalogFile } from "../catalog/load";
import { DEFAULT_STACK } from "../catalog/tables/stack-settings";
import { catalogOf, readStackConfig } from "../plan/stack-config";
import { readCommandLine } from "./command-line";
import { runAsProcess, type Streams } from "./entry";
import { ACCOUNT_ID } from "../contract/aws-limits";

const USAGE = "usage: npm run consumer-role -- [--stack NAME] [--factory-account ID] [--format text|json]";
/** Where the factory account id goes when it is not given: the StackSet template asks for it. */
const UNKNOWN_ACCOUNT = "FACTORY_ACCOUNT_ID";

function boundarySection(boundary: { policyName: string; policy: unknown }): [string, unknown] {
  const title = `Permissions boundary of ${CROSS_ACCOUNT_ROLE_NAME}: the policy ${boundary.policyName} in each copyTo account (the StackSet creates it)`;
  return [title, boundary.policy];
}

export function main(argv: readonly string[], io: Streams, cwd = process.cwd()): number {
  // Every `--` is dropped, not only npm's leading one, as consumer-role always has.
  const line = readCommandLine(
    argv.filter((arg) => arg !== "--"),
    { stack: "string", "factory-account": "string", format: "string" },
    { help: true },
  );
  if (line.kind === "help") {
    io.out(USAGE);
    return 0;
  }
  if (line.kind !== "arguments") {
    io.err(`consumer-role: ${line.kind === "unknown" ? `unknown argument ${line.arg}` : line.message}`);
    io.err(USAGE);
    return 2;
  }
  const options = { stack: DEFAULT_STACK, "factory-account": UNKNOWN_ACCOUNT, format: "text", ...line.values };
  if (options.format !== "text" && options.format !== "json") {
    io.err(`consumer-role: --format is text or json, not ${options.format}`);
    return 2;
  }
  if (options["factory-account"] !== UNKNOWN_ACCOUNT && !ACCOUNT_ID.test(options["factory-account"])) {
    io.err(`consumer-role: --factory-account is a 12-digit account id, not ${options["factory-account"]}`);
    return 2;
  }
  const stack = readStackConfig(cwd, options.stack);
  if (!stack.ok) {
    io.err(`consumer-role: ${stack.message}`);
    return 2;
  }
  const file = resolve(cwd, catalogOf(stack.config));
  const loaded = loadCatalogFile(file);
  if (!loaded.ok) {
    for (const problem of loaded.problems) io.out(formatProblem(problem));
    return 1;
  }
  const plan = expand(loaded.catalog);
  const role = consumerRole(plan, options["factory-account"]);
  const template = stackSetTemplate(plan);
  if (options.format === "json") {
    io.out(JSON.stringify({ ...role, stackSetTemplate: template }, null, 2));
    return 0;
  }
  io.out(`Role ${role.roleName} in each consumer account of stack ${options.stack}`);
  if (role.otherRoleNames.length > 0) {
    io.out(`(the catalog also names roles ${role.otherRoleNames.join(", ")}: the StackSet makes ${role.roleName} only)`);
  }
  const sections: Array<[string, unknown]> = [
    ["Trust policy", role.trustPolicy],
    ["Permission policy", role.permissionPolicy],
    ...(role.distributionBoundary ? [boundarySection(role.distributionBoundary)] : []),
    ["StackSet template (CloudFormation; deploy in the management account or a delegated administrator)", template],
  ];
  for (const [title, value] of sections) io.out(`\n${title}:\n${JSON.stringify(value, null, 2)}`);
  return 0;
}

if (require.main === module) runAsProcess("consumer-role", main, { lines: true, failureCode: 2 });
