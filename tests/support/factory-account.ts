/**
 * A factory account id for tests that evaluate policies: offline, the caller identity is
 * unknown until deployment, and IAM evaluation needs a real 12-digit id.
 */
import type { CallAnswer } from "../../offline/wire";

export const FACTORY_ACCOUNT = "999988887777";

/** Answers the caller-identity lookup with FACTORY_ACCOUNT; other calls fall back to the defaults. */
export const factoryIdentity: CallAnswer = (token) =>
  token === "aws:index/getCallerIdentity:getCallerIdentity"
    ? {
        accountId: FACTORY_ACCOUNT,
        arn: `arn:aws:iam::${FACTORY_ACCOUNT}:role/deployer`,
        userId: "AROAEXAMPLE",
        id: FACTORY_ACCOUNT,
      }
    : undefined;

/** The ARN the factory's key in a region would have (key ids are made by KMS; any one serves). */
export function keyArn(region: string, account = FACTORY_ACCOUNT): string {
  return `arn:aws:kms:${region}:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
}
