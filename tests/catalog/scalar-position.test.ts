/** Where a line and column inside a catalog value are in the file. */
import { expect } from "chai";
import { LineCounter, parseDocument } from "yaml";
import { SourceLocator } from "../../catalog/read/locate";
import { positionInValue } from "../../catalog/read/scalar-position";

function at(text: string, line: number, column: number) {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  return positionInValue(new SourceLocator(doc, lineCounter, text), ["run", 0], line, column);
}

describe("positionInValue", () => {
  it("a plain value: the column within it", () => {
    expect(at("run:\n  - echo $x\n", 1, 6)).to.deep.equal({ line: 2, column: 10 });
  });

  it("a quoted value without escapes: past the quote", () => {
    expect(at("run: ['echo $x']\n", 1, 6)).to.deep.equal({ line: 1, column: 13 });
  });

  it("a quoted value with escapes: where it starts", () => {
    expect(at('run: ["echo \\"$x\\""]\n', 1, 7)).to.deep.equal({ line: 1, column: 7 });
  });

  it("a literal block: the line and column within it", () => {
    expect(at("run:\n  - |\n    a\n      b $x\n", 2, 5)).to.deep.equal({ line: 4, column: 9 });
  });

  it("a folded block: where it starts", () => {
    expect(at("run:\n  - >\n    a\n    b $x\n", 1, 5)).to.deep.equal({ line: 2, column: 5 });
  });
});
