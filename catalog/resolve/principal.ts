/**
 * Who an account entry shares with: a 12-digit account, an organization or an OU. The key is
 * what identifies the principal in resource names and counts (the id, `o-...`, `ou-...`).
 */
import type { Principal } from "./model";
import { ACCOUNT_ID, ORG_ARN, OU_ARN } from "../schema/schema";

export function parsePrincipal(text: string): Principal | undefined {
  if (ACCOUNT_ID.test(text)) return { kind: "account", id: text, key: text };
  if (ORG_ARN.test(text)) return { kind: "organization", arn: text, key: text.slice(text.lastIndexOf("/") + 1) };
  if (OU_ARN.test(text)) return { kind: "ou", arn: text, key: text.slice(text.lastIndexOf("/") + 1) };
  return undefined;
}

/** The id or ARN of an `accounts` entry as the catalog writes it: a string or `{ id, role }`. */
export function principalText(entry: unknown): string | undefined {
  if (typeof entry === "string") return entry;
  if (entry !== null && typeof entry === "object" && typeof (entry as { id?: unknown }).id === "string") {
    return (entry as { id: string }).id;
  }
  return undefined;
}
