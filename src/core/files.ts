/**
 * Safe file access for loaders and commands (CONTRIBUTING.md, "Files"): read
 * only regular files, and never more than a stated number of bytes; write
 * through a temporary file beside the target and rename it; tell whether two
 * paths name the same file (following symlinks, also for files that do not
 * exist yet).
 *
 * Hand-written: Node's `fs` has every primitive but no "read a regular file,
 * capped" or "write atomically" call (`readFileSync` on /dev/zero or a FIFO
 * reads forever or blocks; `writeFileSync` truncates the target first), and the
 * packages that write atomically (write-file-atomic) bring their own signal
 * handling and async queue for what is twenty lines here.
 *
 * Internal to the loaders and the command line: not re-exported from src/index.ts (a public
 * `writeFileAtomic` would let any caller, and the hostile-input test that calls every export with
 * arbitrary strings, write files), so nothing here is part of the `from "ibd-lab"` API.
 */
import { randomBytes } from "node:crypto";
import {
  closeSync,
  constants,
  fstatSync,
  fsyncSync,
  lstatSync,
  openSync,
  readlinkSync,
  readSync,
  realpathSync,
  renameSync,
  type Stats,
  statSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { basename, dirname, isAbsolute, join, resolve } from "node:path";
import { InputError } from "./errors";

/**
 * Largest file the loaders read: 2 GiB - 1 byte (2,147,483,647). The CSV parser
 * keeps byte offsets in 32-bit integers, so this is also the highest `maxFileBytes` accepted.
 */
export const MAX_FILE_BYTES = 2 ** 31 - 1;

/** What a path is, in words, for error messages ("a folder", "a FIFO (named pipe)", ...). */
export function describeFileKind(st: Stats): string {
  if (st.isFile()) return "a regular file";
  if (st.isDirectory()) return "a folder";
  if (st.isFIFO()) return "a FIFO (named pipe)";
  if (st.isCharacterDevice()) return "a character device";
  if (st.isBlockDevice()) return "a block device";
  if (st.isSocket()) return "a socket";
  return "not a regular file";
}

/** Options of {@link readRegularFile}. */
export interface ReadRegularFileOptions {
  /** Most bytes read; a larger file is refused before it is read. Default: {@link MAX_FILE_BYTES} (2 GiB - 1). */
  maxBytes?: number;
  /** Name of the argument in error messages. Default: "path". */
  field?: string;
  /** How to raise the limit, for the error message. Default: "raise maxBytes to read it". */
  limitHint?: string;
}

/**
 * Checks that `path` (after following symlinks) is a regular file, without opening it:
 * a FIFO with no writer would block the open, a device would be read forever.
 * @throws InputError naming the path and what it is instead (missing, a folder, a FIFO, a device, ...).
 */
export function assertRegularFile(path: string, field = "path"): Stats {
  if (typeof path !== "string" || path === "") throw new InputError({ field, value: path, expected: "a file path (a non-empty string)" });
  let st: Stats;
  try {
    st = statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EACCES" ? "permission denied" : (e as Error).message;
    throw new InputError({ field, value: path, expected: "a readable regular file" }, why);
  }
  if (!st.isFile()) {
    throw new InputError(
      { field, value: path, expected: "a regular file (not a folder, device, FIFO or socket)" },
      `${describeFileKind(st)}${isSymlink(path) ? " (through a symlink)" : ""}`,
    );
  }
  return st;
}

function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** Checks a byte limit option: a whole number in [1, MAX_FILE_BYTES]. */
export function checkMaxBytes(value: unknown, field: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > MAX_FILE_BYTES) {
    throw new InputError({ field, value, expected: `a whole number of bytes in [1, ${MAX_FILE_BYTES}]` });
  }
  return value;
}

/**
 * Reads a whole regular file into a Buffer, refusing anything else and anything larger than `maxBytes`.
 * The path is checked with stat before it is opened (a FIFO is never opened); the open is non-blocking and
 * the opened file is checked again (fstat), so a file swapped for a FIFO or device in between is refused too;
 * at most `maxBytes + 1` bytes are ever read, even from a file that grows while it is read.
 *
 * @throws InputError naming the path: missing or unreadable, not a regular file, or larger than `maxBytes`.
 * @example
 * const buf = readRegularFile("data/uc/labs.csv", { maxBytes: 100 * 1024 * 1024 });
 */
export function readRegularFile(path: string, options: ReadRegularFileOptions = {}): Buffer {
  const field = options.field ?? "path";
  const maxBytes = options.maxBytes === undefined ? MAX_FILE_BYTES : checkMaxBytes(options.maxBytes, "maxBytes");
  const tooBig = (size: number | string) =>
    new InputError(
      { field, value: path, expected: `a file of at most ${maxBytes} bytes (${options.limitHint ?? "raise maxBytes to read it"})` },
      `the file has ${size} bytes, more than the limit`,
    );
  const st0 = assertRegularFile(path, field);
  if (st0.size > maxBytes) throw tooBig(st0.size);
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    throw new InputError({ field, value: path, expected: "a readable regular file" }, (e as Error).message);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) {
      throw new InputError({ field, value: path, expected: "a regular file (not a folder, device, FIFO or socket)" }, describeFileKind(st));
    }
    if (st.size > maxBytes) throw tooBig(st.size);
    // One read of the stated size plus one byte to see the end (files in /proc state size 0: grow as needed).
    let buf = Buffer.allocUnsafe(Math.min(Math.max(st.size + 1, 65536), maxBytes + 1));
    let n = 0;
    for (;;) {
      if (n === buf.length) {
        if (n > maxBytes) throw tooBig(`more than ${maxBytes}`);
        const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, maxBytes + 1));
        buf.copy(bigger, 0, 0, n);
        buf = bigger;
      }
      let got: number;
      try {
        got = readSync(fd, buf, n, buf.length - n, null);
      } catch (e) {
        throw new InputError({ field, value: path, expected: "a readable regular file" }, (e as Error).message);
      }
      if (got === 0) break;
      n += got;
    }
    if (n > maxBytes) throw tooBig(`more than ${maxBytes}`);
    return n === buf.length ? buf : buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/**
 * The absolute path `path` names once every symlink is followed, also when the file (or some of
 * its folders) does not exist yet: the longest existing prefix is resolved with realpath, dangling
 * symlinks are followed by hand, and the rest is appended.
 * @example resolveTarget("out/new.html") // "/home/me/project/out/new.html"
 */
export function resolveTarget(path: string): string {
  let p = resolve(path);
  for (let hops = 0; hops < 40; hops++) {
    try {
      return realpathSync.native(p);
    } catch {
      // fall through: p does not exist (or is a dangling symlink)
    }
    let link: string | undefined;
    try {
      if (lstatSync(p).isSymbolicLink()) link = readlinkSync(p);
    } catch {
      link = undefined;
    }
    if (link !== undefined) {
      p = isAbsolute(link) ? link : resolve(dirname(p), link);
      continue;
    }
    const parent = dirname(p);
    if (parent === p) return p;
    return join(resolveTarget(parent), basename(p));
  }
  return p; // a symlink loop: name it as given
}

/** Identity of an existing file (device and inode), or undefined. Hard links share it. */
function fileId(path: string): string | undefined {
  try {
    const st = statSync(path, { bigint: true });
    return `${st.dev}:${st.ino}`;
  } catch {
    return undefined;
  }
}

// read when called, not at load: the browser bundle loads this module (through the records layer) where `process` does not exist
const caseInsensitive = (): boolean => process.platform === "darwin" || process.platform === "win32";

/**
 * Whether two paths name the same file: the same target after following symlinks (see
 * {@link resolveTarget}; compared without case on macOS and Windows), or the same device and inode (hard links).
 */
export function sameFile(a: string, b: string): boolean {
  const ra = resolveTarget(a);
  const rb = resolveTarget(b);
  if (ra === rb || (caseInsensitive() && ra.toLowerCase() === rb.toLowerCase())) return true;
  const ia = fileId(ra);
  return ia !== undefined && ia === fileId(rb);
}

/**
 * Writes `content` to `path` atomically: into a new temporary file in the same folder as the
 * target (after following symlinks), flushed to disk, then renamed over the target. An interrupt or
 * a full disk leaves the old file (or none) and at worst a `.name.*.tmp` file beside it, never a
 * truncated target. An existing target keeps its permission bits.
 * @throws the underlying system error (after removing the temporary file).
 * @example writeFileAtomic("out/report.html", html)
 */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  const target = resolveTarget(path);
  const dir = dirname(target);
  const tmp = join(dir, `.${basename(target)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
  let mode: number | undefined;
  try {
    const st = statSync(target);
    if (st.isFile()) mode = st.mode & 0o7777;
  } catch {
    mode = undefined;
  }
  const fd = openSync(tmp, "wx", mode ?? 0o666);
  let renamed = false;
  try {
    try {
      const data = typeof content === "string" ? Buffer.from(content, "utf8") : content;
      let off = 0;
      while (off < data.length) off += writeSync(fd, data, off, data.length - off);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, target);
    renamed = true;
  } finally {
    if (!renamed) {
      try {
        unlinkSync(tmp);
      } catch {
        // already gone
      }
    }
  }
  try {
    // make the rename itself durable (not supported on every platform: best effort)
    const dfd = openSync(dir, "r");
    try {
      fsyncSync(dfd);
    } finally {
      closeSync(dfd);
    }
  } catch {
    // ignore
  }
}
