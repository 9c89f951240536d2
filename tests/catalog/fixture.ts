/**
 * One small valid catalog for the loader's tests. Each test changes one thing in it (`edit`)
 * and asserts the problems as `validate` prints them: file, line, column, path and message.
 * Line numbers in the tests refer to this text; keep it stable.
 */
import { formatProblem, loadCatalogText } from "../../catalog/load";
import type { Catalog } from "../../catalog/resolve/model";

export const FILE = "c.yaml";

export const FIXTURE = `factory: ami-factory
tags:
  owner: platform
accounts:
  prod: "111122223333"
  stage:
    id: "444455556666"
    role: arn:aws:iam::444455556666:role/publisher
  eng-ou: arn:aws:organizations::111122223333:ou/o-a1b2c3d4e5/ou-ab12-cdef3456
defaults:
  regions: [us-east-1, eu-west-1]
  accounts: [prod, stage]
  tags:
    managed-by: ami-factory
images:
  - name: web
    os: amazon-linux-2023
    arch: x86_64
    releases:
      stable:
        ami: latest
        accounts: [prod]
  - name: win
    os: windows-2022
    arch: x86_64
`;

/** The fixture with `from` (which must occur exactly once) replaced by `to`. */
export function edit(from: string, to: string, text: string = FIXTURE): string {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`edit: ${JSON.stringify(from)} must occur exactly once`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

/** The problems of a catalog text, formatted as `validate` prints them; empty when it is valid. */
export function problemsOf(text: string | Buffer): string[] {
  const result = loadCatalogText(text, FILE);
  return result.ok ? [] : result.problems.map(formatProblem);
}

/** The resolved catalog of a text that must be valid. */
export function catalogOf(text: string): Catalog {
  const result = loadCatalogText(text, FILE);
  if (!result.ok) throw new Error(`expected a valid catalog:\n${result.problems.map(formatProblem).join("\n")}`);
  return result.catalog;
}
