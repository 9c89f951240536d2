/**
 * Each catalog name's message, and the AMI id's, states the lengths its pattern takes: the shortest and the longest
 * name of the allowed characters pass, one shorter and one longer fail.
 */
import { expect } from "chai";
import {
  AMI_ID,
  AMI_ID_RULE,
  ACCOUNT_NAME,
  ACCOUNT_NAME_RULE,
  CHANNEL_NAME,
  CHANNEL_NAME_RULE,
  COMPONENT_NAME,
  COMPONENT_NAME_RULE,
  FACTORY_NAME,
  FACTORY_NAME_RULE,
  IMAGE_NAME,
  IMAGE_NAME_RULE,
} from "../../catalog/schema/schema";

/** The lengths a rule's words state: `3 to 100`, or `up to 63` (from 1). */
function statedLengths(rule: string): { min: number; max: number } {
  const range = /(\d+) to (\d+)/.exec(rule);
  if (range) return { min: Number(range[1]), max: Number(range[2]) };
  const upTo = /up to (\d+)/.exec(rule);
  if (upTo) return { min: 1, max: Number(upTo[1]) };
  throw new Error(`no lengths in ${rule}`);
}

const NAMES = [
  { what: "image", pattern: IMAGE_NAME, rule: IMAGE_NAME_RULE },
  { what: "channel", pattern: CHANNEL_NAME, rule: CHANNEL_NAME_RULE },
  { what: "factory", pattern: FACTORY_NAME, rule: FACTORY_NAME_RULE },
  { what: "component", pattern: COMPONENT_NAME, rule: COMPONENT_NAME_RULE },
  { what: "account", pattern: ACCOUNT_NAME, rule: ACCOUNT_NAME_RULE },
];

describe("catalog name messages", () => {
  for (const { what, pattern, rule } of NAMES) {
    it(`states the lengths the ${what} name's pattern takes (${rule})`, () => {
      const { min, max } = statedLengths(rule);
      const name = (length: number) => "a".repeat(length);
      expect(pattern.test(name(min)), `${min} characters`).to.equal(true);
      expect(pattern.test(name(max)), `${max} characters`).to.equal(true);
      if (min > 1) expect(pattern.test(name(min - 1)), `${min - 1} characters`).to.equal(false);
      expect(pattern.test(name(max + 1)), `${max + 1} characters`).to.equal(false);
    });
  }

  it(`states the AMI ids the pattern takes (${AMI_ID_RULE})`, () => {
    const [, first, second] = /(\d+) or (\d+) lowercase hex digits/.exec(AMI_ID_RULE) ?? [];
    const [, example] = /like (ami-\S+)$/.exec(AMI_ID_RULE) ?? [];
    const id = (digits: number) => `ami-${"a".repeat(digits)}`;
    for (const digits of [Number(first), Number(second)]) expect(AMI_ID.test(id(digits)), `${digits} digits`).to.equal(true);
    for (const digits of [Number(first) - 1, Number(first) + 1, Number(second) + 1])
      expect(AMI_ID.test(id(digits)), `${digits} digits`).to.equal(false);
    expect(AMI_ID.test(example), example).to.equal(true);
  });
});
