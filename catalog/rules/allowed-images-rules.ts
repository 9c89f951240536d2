/** Allowed AMIs can only be managed where the factory acts: in an account with a role. */
import { asMap, type Rule } from "./rule-context";

const allowedImagesNeedsRole: Rule = (ctx) => {
  for (const [name, entry] of Object.entries(ctx.accounts)) {
    const map = asMap(entry);
    const mode = map?.allowedImages;
    if (mode !== "enforce" && mode !== "audit") continue;
    if (typeof map?.role === "string") continue;
    ctx.report(
      ["accounts", name, "allowedImages"],
      `allowedImages ${mode} needs a role the factory can assume in the account: add \`role\` to accounts.${name}, or leave its Allowed AMIs to the account (docs/consumers.md lists the criteria to add)`,
    );
  }
};

export const ALLOWED_IMAGES_RULES: readonly Rule[] = [allowedImagesNeedsRole];
