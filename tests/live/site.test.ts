// writeLiveSite / liveSiteHtml (npm run live): the page holds one section per chapter with every
// calculator in it, the files land beside it, a second run replaces its own files, and a folder
// holding someone else's index.html, ibd-lab.js or plotly.min.js is refused and left untouched.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors";
import { CALCULATOR_NAMES, calculator } from "../../src/live/calculators/index";
import { liveSiteHtml, writeLiveSite } from "../../src/live/site";

const temps: string[] = [];
const temp = (): string => {
  const d = mkdtempSync(join(tmpdir(), "ibd-live-site-"));
  temps.push(d);
  return d;
};
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

describe("liveSiteHtml", () => {
  const html = liveSiteHtml();
  it("has one section per chapter in chapter order, holding its calculators in the order of CALCULATOR_NAMES", () => {
    const chapters = [...new Set(CALCULATOR_NAMES.map((n) => calculator(n).chapter))].sort();
    expect(chapters).toEqual(["02 Treat to target", "03 Discordance", "04 Mimics", "05 Pharmacokinetics", "07 Stricture flow"]);
    const sections = [...html.matchAll(/<section id="[^"]+" aria-label="([^"]+)">/g)].map((m) => m[1]);
    expect(sections).toEqual(chapters);
    const mounted = [...html.matchAll(/data-ibd-live="([^"]+)"/g)].map((m) => m[1]);
    expect(mounted).toEqual(chapters.flatMap((c) => CALCULATOR_NAMES.filter((n) => calculator(n).chapter === c)));
  });
  it("loads its scripts from files beside it, keeps scenarios in the hash and uses projector type", () => {
    expect(html).toContain('<script src="plotly.min.js"></script><script src="ibd-lab.js"></script>');
    expect(html).not.toMatch(/https?:\/\//);
    const specs = [...html.matchAll(/IbdLab\.live\.mount\(e,(\{.*?\})\);\}/g)].map((m) => JSON.parse(m[1]));
    expect(specs.map((s) => s.name)).toEqual([...html.matchAll(/data-ibd-live="([^"]+)"/g)].map((m) => m[1]));
    expect(specs.every((s) => s.hash === true && s.fontSize === 18)).toBe(true);
  });
});

describe("writeLiveSite", () => {
  it("writes index.html, ibd-lab.js and plotly.min.js, and replaces its own files on a second run", () => {
    const dir = join(temp(), "live");
    const index = writeLiveSite(dir);
    // the same page but for the calculators' element ids, which are unique per call
    const ids = (h: string) => h.replace(/ibd-live-[a-z0-9]+-\d+/g, "ID");
    expect(ids(readFileSync(index, "utf8"))).toBe(ids(liveSiteHtml()));
    expect(readFileSync(join(dir, "ibd-lab.js"), "utf8")).toContain("window.IbdLab=IbdLab");
    expect(readFileSync(join(dir, "plotly.min.js"), "utf8")).toContain("plotly.js");
    expect(writeLiveSite(dir)).toBe(index);
  });

  for (const name of ["index.html", "ibd-lab.js", "plotly.min.js"]) {
    it(`refuses a folder holding a ${name} it did not write, and leaves that file as it was`, () => {
      const dir = temp();
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, name), "my own lecture page");
      expect(() => writeLiveSite(dir)).toThrowError(InputError);
      expect(() => writeLiveSite(dir)).toThrowError(new RegExp(`${name.replace(".", "\\.")} was not written by npm run live`));
      expect(readFileSync(join(dir, name), "utf8")).toBe("my own lecture page");
      for (const other of ["index.html", "ibd-lab.js", "plotly.min.js"].filter((o) => o !== name)) {
        expect(existsSync(join(dir, other))).toBe(false);
      }
    });
  }

  it("names the field for a folder that is not a path (untyped callers)", () => {
    for (const bad of [undefined, 3, "", "  "]) {
      expect(() => writeLiveSite(bad as unknown as string)).toThrowError(/dir: got .*expected the path of a folder/);
    }
  });
});
