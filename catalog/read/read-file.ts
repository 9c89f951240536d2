/**
 * Reading a catalog file's bytes without trusting what the path names: only a regular file is
 * read, its size is checked before a byte is read, and no read can block (a FIFO without a
 * writer, a terminal) or run forever (`/dev/zero`, `/dev/urandom`).
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from "node:fs";

/**
 * The largest catalog read. The largest catalog of the tests (tests/reliability/generated.ts)
 * fits well within it; a catalog needing more would be far past what one stack holds (see
 * stack-size.ts) long before this.
 */
export const MAX_CATALOG_BYTES = 8 * 1024 * 1024;

export type ReadResult = { ok: true; content: Buffer } | { ok: false; message: string };

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return "a directory";
  if (stats.isFIFO()) return "a FIFO (named pipe)";
  if (stats.isCharacterDevice()) return "a character device";
  if (stats.isBlockDevice()) return "a block device";
  if (stats.isSocket()) return "a socket";
  return "not a regular file";
}

/** `8 MB`, `12.3 MB`. */
function megabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
}

export function readCatalogBytes(path: string): ReadResult {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO for reading must not wait for a writer.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : (error as Error).message;
    return { ok: false, message: `cannot read the catalog: ${reason}` };
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) {
      return {
        ok: false,
        message: `cannot read the catalog: it is ${kindOf(stats)}, not a regular file; give the path of a YAML file`,
      };
    }
    if (stats.size > MAX_CATALOG_BYTES) return { ok: false, message: tooLarge(stats.size) };
    // Room for one byte more than the file had: reading it means the file grew while it was read.
    const buffer = Buffer.alloc(stats.size + 1);
    let length = 0;
    for (let read = -1; read !== 0 && length < buffer.length; length += read) {
      read = readSync(fd, buffer, length, buffer.length - length, null);
    }
    if (length > stats.size) return { ok: false, message: "cannot read the catalog: it changed while it was read; try again" };
    return { ok: true, content: buffer.subarray(0, length) };
  } catch (error) {
    return { ok: false, message: `cannot read the catalog: ${(error as Error).message}` };
  } finally {
    closeSync(fd);
  }
}

function tooLarge(bytes: number): string {
  return (
    `the catalog is ${megabytes(bytes)}; ` +
    `a catalog may have at most ${megabytes(MAX_CATALOG_BYTES)}: split it into stacks by image family ` +
    "(docs/operations.md, Splitting a large catalog)"
  );
}
