/**
 * Bytes to text, strictly: a catalog that is not UTF-8 is refused at the first bad byte rather
 * than read with replacement characters that would end up in names and tags.
 */
import { isUtf8 } from "node:buffer";

export type Decoded =
  | { ok: true; text: string }
  | { ok: false; line: number; column: number; message: string };

export function decodeUtf8(content: string | Buffer): Decoded {
  if (typeof content === "string") return { ok: true, text: stripBom(content) };
  if (isUtf8(content)) return { ok: true, text: stripBom(content.toString("utf8")) };
  const offset = firstInvalidByte(content);
  const lineStart = content.lastIndexOf(0x0a, offset - 1) + 1;
  let line = 1;
  for (let i = 0; i < lineStart; i += 1) if (content[i] === 0x0a) line += 1;
  const column = content.subarray(lineStart, offset).toString("utf8").length + 1;
  const byte = content[offset] ?? 0;
  return {
    ok: false,
    line,
    column,
    message: `the file is not UTF-8: byte 0x${byte.toString(16).padStart(2, "0")} is not part of a UTF-8 character; save the file as UTF-8`,
  };
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Offset of the first byte that does not belong to a well-formed UTF-8 sequence. */
function firstInvalidByte(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let length: number;
    let min: number;
    if (b < 0x80) {
      i += 1;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      length = 2;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      length = 3;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4;
      min = 0x10000;
    } else {
      return i;
    }
    let codePoint = b & (0xff >> (length + 1));
    for (let k = 1; k < length; k += 1) {
      const next = bytes[i + k];
      if (next === undefined || (next & 0xc0) !== 0x80) return i;
      codePoint = (codePoint << 6) | (next & 0x3f);
    }
    if (codePoint < min || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return i;
    i += length;
  }
  return bytes.length;
}
