// src/core/files.ts (issue 14, items 1 and 2): reading only regular files with a byte cap, atomic writes
// through a temporary file and rename, and telling whether two spellings name the same file.
// Devices and FIFOs are only touched in a child process with a time limit, so a regression is a failed
// test and not a hung run (opening a FIFO with no writer blocks; /dev/zero never ends).
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors";
import { readRegularFile, resolveTarget, sameFile, writeFileAtomic } from "../../src/core/files";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "ibd-files-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const posix = process.platform !== "win32";

/** Runs readRegularFile on `path` in a child process (src through tsx), killed after 15 s. */
function readInChild(path: string): { status: number | null; signal: NodeJS.Signals | null; out: string } {
  const script = `
    const { readRegularFile } = require(${JSON.stringify(join(__dirname, "..", "..", "src", "core", "files.ts"))});
    try { readRegularFile(${JSON.stringify(path)}); console.log("READ"); }
    catch (e) { console.log(e.constructor.name + ": " + e.message); }`;
  const r = spawnSync(process.execPath, ["--import", "tsx", "-e", script], { encoding: "utf8", timeout: 15_000 });
  return { status: r.status, signal: r.signal, out: r.stdout.trim() };
}

describe("readRegularFile", () => {
  it("reads a regular file, also through a symlink", () => {
    const f = join(dir, "a.csv");
    writeFileSync(f, "x,y\n1,2\n");
    expect(readRegularFile(f).toString()).toBe("x,y\n1,2\n");
    if (posix) {
      symlinkSync(f, join(dir, "link.csv"));
      expect(readRegularFile(join(dir, "link.csv")).toString()).toBe("x,y\n1,2\n");
    }
  });

  it("refuses a file larger than maxBytes before reading it, and accepts one of exactly maxBytes", () => {
    const f = join(dir, "big.csv");
    writeFileSync(f, "0123456789");
    expect(readRegularFile(f, { maxBytes: 10 }).length).toBe(10);
    expect(() => readRegularFile(f, { maxBytes: 9 })).toThrow(InputError);
    expect(() => readRegularFile(f, { maxBytes: 9 })).toThrow(/10 bytes, more than the limit.*at most 9 bytes/);
    for (const bad of [0, -1, Number.NaN, 1.5, Number.POSITIVE_INFINITY, 2 ** 31]) {
      expect(() => readRegularFile(f, { maxBytes: bad })).toThrow(/maxBytes/);
    }
  });

  it("refuses a folder and a missing file with an InputError naming the path", () => {
    expect(() => readRegularFile(dir)).toThrow(InputError);
    expect(() => readRegularFile(dir)).toThrow(/a folder.*expected a regular file/);
    expect(() => readRegularFile(join(dir, "nope.csv"))).toThrow(/no such file/);
  });

  it.runIf(posix)("refuses /dev/zero, /dev/urandom, a symlink to /dev/zero and a FIFO without hanging", () => {
    symlinkSync("/dev/zero", join(dir, "zero.csv"));
    const fifo = join(dir, "fifo.csv");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    for (const [path, kind] of [
      [fifo, "a FIFO (named pipe)"],
      ["/dev/zero", "a character device"],
      ["/dev/urandom", "a character device"],
      [join(dir, "zero.csv"), "a character device (through a symlink)"],
    ]) {
      const r = readInChild(path);
      expect(r.signal, `${path}: killed (hung or grew without bound)`).toBeNull();
      expect(r.out).toContain(`InputError: path: ${kind}, got ${JSON.stringify(path)}, expected a regular file`);
    }
  });
});

describe("sameFile and resolveTarget", () => {
  it("sees through relative spellings, symlinks (also to a folder, for a file not yet created) and hard links", () => {
    const sub = join(dir, "same");
    mkdirSync(sub);
    const f = join(sub, "labs.csv");
    writeFileSync(f, "a\n");
    expect(sameFile(f, join(sub, ".", "..", "same", "labs.csv"))).toBe(true);
    expect(sameFile(f, join(sub, "other.csv"))).toBe(false);
    expect(sameFile(join(sub, "new1.html"), join(sub, "new1.html"))).toBe(true);
    expect(sameFile(join(sub, "new1.html"), join(sub, "new2.html"))).toBe(false);
    if (posix) {
      symlinkSync(f, join(dir, "ln.html"));
      expect(sameFile(join(dir, "ln.html"), f)).toBe(true);
      symlinkSync(sub, join(dir, "dirlink"));
      expect(sameFile(join(dir, "dirlink", "labs.csv"), f)).toBe(true);
      expect(resolveTarget(join(dir, "dirlink", "not-yet.html"))).toBe(join(resolveTarget(sub), "not-yet.html"));
      symlinkSync(join(sub, "dangling-target.html"), join(dir, "dangling.html"));
      expect(sameFile(join(dir, "dangling.html"), join(sub, "dangling-target.html"))).toBe(true);
      linkSync(f, join(dir, "hard.html"));
      expect(sameFile(join(dir, "hard.html"), f)).toBe(true);
    }
  });
});

describe("writeFileAtomic", () => {
  it("replaces the target through a new file (a hard link to the old one keeps the old text) and leaves no temporary file", () => {
    const sub = join(dir, "atomic");
    mkdirSync(sub);
    const out = join(sub, "r.html");
    writeFileSync(out, "old");
    if (posix) chmodSync(out, 0o640);
    const keep = join(dir, "old-copy.html");
    linkSync(out, keep);
    writeFileAtomic(out, "new text");
    expect(readFileSync(out, "utf8")).toBe("new text");
    // a plain writeFileSync truncates and rewrites the same inode: the other link would show "new text"
    expect(readFileSync(keep, "utf8")).toBe("old");
    if (posix) expect(statSync(out).mode & 0o777).toBe(0o640);
    expect(readdirSync(sub)).toEqual(["r.html"]);
  });

  it.runIf(posix)("writes through a symlink to its target, which stays a symlink", () => {
    const target = join(dir, "target.html");
    writeFileSync(target, "old");
    const link = join(dir, "via-link.html");
    symlinkSync(target, link);
    writeFileAtomic(link, "new");
    expect(readFileSync(target, "utf8")).toBe("new");
    expect(readFileSync(link, "utf8")).toBe("new");
  });

  it("leaves the old file and no temporary file when the rename fails", () => {
    const sub = join(dir, "fail");
    mkdirSync(join(sub, "r.html"), { recursive: true }); // a folder where the file should go: rename fails
    expect(() => writeFileAtomic(join(sub, "r.html"), "x")).toThrow();
    expect(readdirSync(sub)).toEqual(["r.html"]);
    expect(statSync(join(sub, "r.html")).isDirectory()).toBe(true);
  });
});
