/**
 * Bytes to text, strictly: a catalog that is not UTF-8 is refused at the first bad byte rather
 * than read with replacement characters that would end up in names and tags.
 */
import { isUtf8 } from "node:buffer";

export type Decoded = { ok: true; text: string } | { ok: false; line: number; column: number; message: string };

export function decodeUtf8(content: string | Buffer): Decoded {
  if (typeof content === "string") return { ok: true, text: stripBom(content) };
  if (isUtf8(content)) return { ok: true, text: stripBom(content.toString("utf8")) };
  const utf16 = utf16Bom(content);
  if (utf16) return { ok: false, line: 1, column: 1, message: `the file is ${utf16}, not UTF-8; save it as UTF-8` };
  const offset = firstInvalidByte(content);
  // (lastIndexOf with a negative offset would search from the end of the buffer.)
  const lineStart = offset === 0 ? 0 : content.lastIndexOf(0x0a, offset - 1) + 1;
  let line = 1;
  for (let i = 0; i < lineStart; i += 1) if (content[i] === 0x0a) line += 1;
  const column = content.subarray(lineStart, offset).toString("utf8").length + 1;
  const byte = content[offset] ?? 0;
  return {
    ok: false,
    line,
    column,
    message: `the file is not UTF-8: byte 0x${byte.toString(16).padStart(2, "0")}${latin1(byte)} is not part of a UTF-8 character; save the file as UTF-8`,
  };
}

/** What the byte reads as in Latin-1 (and Windows-1252), the usual encoding of a file that is not UTF-8. */
function latin1(byte: number): string {
  return byte >= 0xa1 && byte !== 0xad ? ` ("${String.fromCharCode(byte)}" in Latin-1)` : "";
}

/** Editors on Windows may save as UTF-16, which starts with a byte order mark. */
function utf16Bom(bytes: Buffer): string | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "UTF-16 (little-endian)";
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "UTF-16 (big-endian)";
  return undefined;
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Offset of the first byte that does not belong to a well-formed UTF-8 sequence. */
function firstInvalidByte(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
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
