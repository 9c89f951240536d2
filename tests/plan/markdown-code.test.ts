/** Code spans and fences that hold any text (plan/markdown-code.ts), where the plan shows code. */
import { expect } from "chai";
import { codeSpan, fenceFor } from "../../plan/markdown-code";
import { comment } from "../../plan/pr-comment";

describe("markdown code", () => {
  it("a code span opens with more backticks than any run inside, padded where the text needs it", () => {
    expect(codeSpan('tags["_cost_centre_"]')).to.equal('`tags["_cost_centre_"]`');
    expect(codeSpan("a`b")).to.equal("``a`b``");
    expect(codeSpan("``x")).to.equal("``` ``x ```");
    expect(codeSpan(" a ")).to.equal("`  a  `");
  });

  it("a fence is three backticks, or more than any run in the text", () => {
    expect(fenceFor("plain")).to.equal("```");
    expect(fenceFor("a\n```\nb")).to.equal("````");
    expect(fenceFor("``````")).to.equal("```````");
  });

  it("a failed stack's errors in the comment stay inside their fence, whatever backticks they hold", () => {
    const errors = "error: the catalog does not parse\n```\n# not a heading of the comment";
    const text = comment([{ stack: "dev", status: 2, errors }]);
    expect(text).to.contain(`failed (exit 2)\n\n\`\`\`\`\n${errors}\n\`\`\`\`\n`);
  });
});
