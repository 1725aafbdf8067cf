// The built command and the files it touches (issue 14, items 1 and 2): an output path that is an input
// (or the other output) is refused before anything is written, outputs replace their target through a
// temporary file and a rename, and only regular files are read, at most --max-file-mb. Runs
// `node dist/cli/main.js` (needs `npm run build`), each call killed after 20 s so that a hang on a FIFO
// or /dev/zero fails the test instead of stalling the run.
import { spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOSTILE_DIR } from "../fixtures/cli/hostile";

const BIN = join(__dirname, "..", "..", "dist", "cli", "main.js");
const posix = process.platform !== "win32";

let dir: string;
let cohort: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "ibd-cli-files-"));
  cohort = join(dir, "cohort");
  cpSync(HOSTILE_DIR, cohort, { recursive: true });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: "utf8", timeout: 20_000 });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** Every file of the cohort folder with its bytes, to show that nothing was replaced. */
function snapshot(): Record<string, string> {
  return Object.fromEntries(readdirSync(cohort).map((n) => [n, readFileSync(join(cohort, n), "latin1")]));
}

describe("report refuses an output that is an input or the other output (item 1)", () => {
  const cases: [string, string[], string][] = [
    [
      "--out on a CSV of the input folder",
      ["--out", "cohort/labs.csv"],
      '--out "cohort/labs.csv" is the input file "cohort/labs.csv": refusing to overwrite an input',
    ],
    [
      "--json-out on a CSV of the input folder",
      ["--json-out", "cohort/patients.csv"],
      '--json-out "cohort/patients.csv" is the input file "cohort/patients.csv"',
    ],
    ["--out spelled through ..", ["--out", "cohort/../cohort/visits.csv"], 'is the input file "cohort/visits.csv"'],
    [
      "--out and --json-out on the same file",
      ["--out", "r.html", "--json-out", "./r.html"],
      '--json-out "./r.html" and --out "r.html" are the same file',
    ],
  ];
  for (const [what, flags, message] of cases) {
    it(`exits 2 for ${what}, naming both paths, and writes nothing`, () => {
      const before = snapshot();
      const r = cli(["report", "cohort", ...flags, "--quiet", "--pk-patients", "0"]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(message);
      expect(snapshot()).toEqual(before);
      expect(existsSync(join(dir, "r.html"))).toBe(false);
    });
  }

  it("refuses an output that reaches an input through a symlink, a symlinked folder or a hard link, and a CSV the report does not load", () => {
    writeFileSync(join(cohort, "notes.csv"), "free text\n");
    const before = snapshot();
    const outs = ["cohort/notes.csv"];
    if (posix) {
      symlinkSync(join(cohort, "labs.csv"), join(dir, "link.html"));
      symlinkSync(cohort, join(dir, "alias"));
      linkSync(join(cohort, "treatments.csv"), join(dir, "hard.json"));
      outs.push("link.html", "alias/endoscopy.csv", "hard.json");
    }
    for (const out of outs) {
      const r = cli(["report", "cohort", "--json-out", out, "--quiet", "--pk-patients", "0"]);
      expect(r.code, out).toBe(2);
      expect(r.stderr).toMatch(/is the input file "cohort\/(notes|labs|endoscopy|treatments)\.csv": refusing to overwrite an input/);
    }
    expect(snapshot()).toEqual(before);
    rmSync(join(cohort, "notes.csv"));
  });

  it("replaces an existing output through a temporary file and a rename, leaving no temporary file", () => {
    const out = join(dir, "out");
    mkdirSync(out);
    writeFileSync(join(out, "r.html"), "old report");
    writeFileSync(join(out, "r.json"), "old json");
    // a second name for the old files: a plain write truncates and rewrites that same file, a rename does not
    linkSync(join(out, "r.html"), join(dir, "old.html"));
    linkSync(join(out, "r.json"), join(dir, "old.json"));
    const r = cli(["report", "cohort", "--out", "out/r.html", "--json-out", "out/r.json", "--quiet", "--pk-patients", "0"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(readFileSync(join(out, "r.html"), "utf8").startsWith("<!doctype html>")).toBe(true);
    expect(JSON.parse(readFileSync(join(out, "r.json"), "utf8")).sections).toHaveLength(6);
    // (first 100 characters: a failure shows the start of the page, not all of plotly)
    expect(readFileSync(join(dir, "old.html"), "utf8").slice(0, 100)).toBe("old report");
    expect(readFileSync(join(dir, "old.json"), "utf8").slice(0, 100)).toBe("old json");
    expect(readdirSync(out).sort()).toEqual(["r.html", "r.json"]);
  });
});

describe.runIf(posix)("only regular files are read, none larger than --max-file-mb (item 2)", () => {
  it("refuses /dev/zero, /dev/urandom, a labs.csv that is a symlink to /dev/zero and FIFOs with no writer, with exit 2", () => {
    const zdir = join(dir, "zero");
    mkdirSync(zdir);
    symlinkSync("/dev/zero", join(zdir, "labs.csv"));
    const fdir = join(dir, "fifo");
    mkdirSync(fdir);
    expect(spawnSync("mkfifo", [join(fdir, "labs.csv")]).status).toBe(0);
    expect(spawnSync("mkfifo", [join(dir, "pipe.csv")]).status).toBe(0);
    const cases: [string[], string][] = [
      // FIFOs first: before this fix they block (no memory), /dev/zero grows by gigabytes until killed
      [["validate", "fifo"], 'cannot read "fifo/labs.csv": it is a FIFO (named pipe), not a regular file'],
      [["validate", "pipe.csv", "--table", "labs"], 'cannot read "pipe.csv": it is a FIFO (named pipe), not a regular file'],
      [["report", "fifo", "--json"], 'cannot read "fifo/labs.csv": it is a FIFO (named pipe), not a regular file'],
      [["validate", "/dev/zero", "--table", "labs"], 'cannot read "/dev/zero": it is a character device, not a regular file'],
      [["validate", "/dev/urandom", "--table", "labs"], 'cannot read "/dev/urandom": it is a character device, not a regular file'],
      [["validate", "zero"], 'cannot read "zero/labs.csv": it is a character device (through a symlink), not a regular file'],
      [["validate", "zero/labs.csv"], 'cannot read "zero/labs.csv": it is a character device (through a symlink), not a regular file'],
    ];
    for (const [args, message] of cases) {
      const r = cli(args);
      expect(r.signal, `${args.join(" ")}: killed after 20 s`).toBeNull();
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toContain(message);
    }
  });

  it("--max-file-mb refuses a larger file with exit 2 and the limit in the message; the default reads it", () => {
    const labs = join(cohort, "labs.csv");
    const size = readFileSync(labs).length;
    expect(size).toBeGreaterThan(1024);
    const small = cli(["validate", "cohort/labs.csv", "--max-file-mb", "0.0009765625"]); // 1 KiB
    expect(small.code).toBe(2);
    expect(small.stderr).toContain(
      `the file has ${size} bytes, more than the limit, got "cohort/labs.csv", expected a file of at most 1024 bytes`,
    );
    expect(cli(["validate", "cohort/labs.csv"]).code).toBe(1); // one planted bad row, read in full
    for (const bad of ["0", "-1", "abc", "3000"]) {
      const r = cli(["validate", "cohort/labs.csv", "--max-file-mb", bad]);
      expect(r.code, bad).toBe(2);
      expect(r.stderr).toContain("--max-file-mb must be a number of MiB greater than 0 and at most 2048");
    }
  });
});
