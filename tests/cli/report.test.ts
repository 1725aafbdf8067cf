// `ibd-lab report`: argument handling, exit codes, the --json shape, graceful degradation when tables are
// missing, the progress line, and two cross-checks of the typed-column code against an independent path
// through tableRecords (src/cohort) and the chapter modules (icc, classifyDiscordance).
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadInputs, resolveInputs } from "../../src/cli/load";
import { buildReport } from "../../src/cli/report";
import { loadCohort } from "../../src/cohort/load";
import { tableRecords } from "../../src/cohort/records";
import { classifyDiscordance } from "../../src/discordance/classify";
import { icc } from "../../src/measurement/icc";
import { patientRecords } from "../../src/records/build";
import { discordanceVisits } from "../../src/records/visits";
import { HOSTILE_DIR } from "../fixtures/cli/hostile";
import { run } from "./helpers";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "ibd-cli-report-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Section = {
  id: string;
  title: string;
  available: boolean;
  notes: string[];
  tables: { caption: string; columns: string[]; rows: Record<string, unknown>[] }[];
  figures: { title: string; traces: number }[];
  details: { heading: string; items: string[] }[];
};

describe("ibd-lab report: arguments and output", () => {
  it("exits 2 when there is nothing to write", async () => {
    const r = await run(["report", "data/uc"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("ibd-lab: error: nothing to write: give --out <file.html>, --json or --json-out <file>");
  });

  it("exits 2 when the output cannot be written", async () => {
    const r = await run(["report", HOSTILE_DIR, "--out", "data/uc/patients.csv/report.html", "--quiet"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/ibd-lab: error: cannot write "data\/uc\/patients\.csv\/report\.html": /);
  });

  it("exits 2 for a bad --pk-patients", async () => {
    const r = await run(["report", HOSTILE_DIR, "--json", "--pk-patients", "two"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--pk-patients must be a whole number >= 0, got "two"');
  });

  it("--json prints every section in a fixed shape", async () => {
    const r = await run(["report", HOSTILE_DIR, "--json", "--pk-patients", "2"]);
    expect(r.code).toBe(0);
    const rep = JSON.parse(r.stdout);
    expect(Object.keys(rep).sort()).toEqual(["disclaimer", "generatedAt", "inputs", "patients", "sections", "summary", "title"]);
    expect(rep.disclaimer).toMatch(/not clinical advice/);
    expect(rep.inputs[0]).toEqual({ table: "patients", file: join(HOSTILE_DIR, "patients.csv") });
    const sections: Section[] = rep.sections;
    expect(sections.map((s) => s.id)).toEqual(["cohort", "discordance", "refractory", "tdm", "reliability", "pk"]);
    for (const s of sections) {
      const keys = ["available", "details", "figures", "id", "notes", "tables", "title"];
      expect(Object.keys(s).sort()).toEqual(s.id === "pk" ? [...keys.slice(0, 3), "fits", ...keys.slice(3)] : keys);
      expect(s.available).toBe(true);
      for (const t of s.tables) for (const row of t.rows) expect(Object.keys(row)).toEqual(t.columns);
    }
    const files = sections[0].tables[0];
    for (const row of files.rows) expect(row["rows read"]).toBe((row.accepted as number) + (row.rejected as number));
    const pk = sections[5] as Section & { fits: Record<string, unknown>[] };
    expect(pk.fits).toHaveLength(2);
    expect(pk.details).toHaveLength(2);
    expect(pk.notes[0]).toMatch(/^Research and teaching use only/);
    for (const f of pk.fits)
      expect(Object.keys(f)).toEqual([
        "patientId",
        "drug",
        "disease",
        "modelId",
        "administrationsUsed",
        "levelsUsed",
        "levelsCensored",
        "converged",
        "etas",
        "nextDoseDays",
        "recommended",
      ]);
    // each fit says which model and which doses, from the registry and administrations.csv, not an assumed schedule
    for (const d of pk.details) {
      expect(d.items[0]).toMatch(/^Model: .* \((infliximab|adalimumab|vedolizumab|ustekinumab)-[a-z0-9-]+\)\./);
      expect(d.items[1]).toMatch(/^Doses: the \d+ administration\(s\) of \w+ in administrations\.csv/);
    }
    expect(pk.figures).toEqual([{ title: "Forecast trough by option (90 % interval)", traces: 2 }]);
  });

  it("--json-out writes the JSON to a file and --out the HTML, with plotly inlined once", async () => {
    const out = join(dir, "sub", "r.html");
    const json = join(dir, "sub", "r.json");
    const r = await run(["report", HOSTILE_DIR, "--out", out, "--json-out", json, "--quiet"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("");
    expect(JSON.parse(readFileSync(json, "utf8")).sections).toHaveLength(6);
    const html = readFileSync(out, "utf8");
    expect(html.split("* plotly.js v").length - 1).toBe(1);
    expect(html.startsWith("<!doctype html>")).toBe(true);
  });

  it("says which sections are not available when tables are missing, and still writes the page", async () => {
    const sub = join(dir, "partial");
    mkdirSync(sub, { recursive: true });
    copyFileSync(join(HOSTILE_DIR, "patients.csv"), join(sub, "patients.csv"));
    copyFileSync(join(HOSTILE_DIR, "visits.csv"), join(sub, "visits.csv"));
    const out = join(sub, "report.html");
    const r = await run(["report", sub, "--out", out, "--json", "--quiet"]);
    expect(r.code).toBe(0);
    const s: Record<string, Section> = Object.fromEntries(JSON.parse(r.stdout).sections.map((x: Section) => [x.id, x]));
    expect(s.discordance.available).toBe(false);
    expect(s.discordance.notes[0]).toContain("Needs endoscopy.csv or labs.csv");
    expect(s.tdm.available).toBe(false);
    expect(s.tdm.notes[0]).toContain("Needs drug_levels.csv");
    expect(s.pk.available).toBe(false);
    expect(s.reliability.available).toBe(true);
    expect(s.reliability.tables[0].rows.map((x) => x.measure)).toEqual(["hbi (two readings)", "pro2 (two readings)"]);
    expect(s.refractory.notes[0]).toContain("No treatments.csv");
    expect(s.cohort.notes.join(" ")).toContain(
      "Tables not given: labs, drug_levels, administrations, treatments, endoscopy, gene_expression, strictures, infection_tests.",
    );
    const html = readFileSync(out, "utf8");
    expect(html.split("<b>Not available.</b>").length - 1).toBe(3);
  });

  it("draws a progress line on a TTY, and none with --quiet or without a TTY", async () => {
    const json = join(dir, "p.json");
    const tty = await run(["report", HOSTILE_DIR, "--json-out", json], { tty: true });
    expect(tty.code).toBe(0);
    // 9 files + 6 report steps
    expect(tty.stderr).toContain("\r[");
    expect(tty.stderr).toContain("1/15 loading patients");
    expect(tty.stderr).toContain("15/15 PK forecasts");
    const quiet = await run(["report", HOSTILE_DIR, "--json-out", json, "--quiet"], { tty: true });
    expect(quiet.stderr).toBe("");
    const pipe = await run(["report", HOSTILE_DIR, "--json-out", json]);
    expect(pipe.stderr.includes("\r")).toBe(false);
    expect(pipe.stderr).toContain("note: 1 row(s) were rejected while loading");
  });

  it("combines several cohort folders and refuses patients files that share ids", async () => {
    const r = await run(["report", "data/uc", "data/cd", "--json", "--pk-patients", "0", "--quiet"]);
    expect(r.code).toBe(0);
    const rep = JSON.parse(r.stdout);
    expect(rep.sections[2].notes[0]).toMatch(/^800 patients classified/);
    const twice = await run(["report", "data/uc", "data/uc/patients.csv", "--json"]);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('file "data/uc/patients.csv" given twice');
    const sub = join(dir, "copy");
    mkdirSync(sub, { recursive: true });
    copyFileSync("data/uc/patients.csv", join(sub, "patients.csv"));
    const clash = await run(["report", "data/uc", sub, "--json"]);
    expect(clash.code).toBe(2);
    expect(clash.stderr).toContain('patient id "UC001" appears in more than one patients file');
  });
});

describe("report numbers against an independent path", () => {
  const loaded = loadInputs(resolveInputs(["data/cd"]));
  const cd = loadCohort("data/cd");

  it("ICC of SES-CD readers equals icc() on long ratings built from tableRecords", () => {
    const report = buildReport(loaded, { pkPatients: 0 });
    const rel = report.sections.find((s) => s.id === "reliability");
    const row = rel?.tables[0].rows.find((r) => r.measure === "ses_cd (two readers)");
    const endo = tableRecords(cd.data.endoscopy!).filter((r) => r.instrument === "ses_cd");
    const ref = icc(endo.map((r) => ({ subject: `${r.patient_id}-${r.week}`, rater: r.reader as number, value: r.score as number })));
    expect(row?.ICC2).toBeCloseTo(ref.ICC2.value, 3);
    expect(row?.["subject-visits"]).toBe(ref.subjects);
    // Khanna 2016 (Gut) inter-reader ICC 0.83: the generator targets it
    expect(Math.abs((row?.ICC2 as number) - 0.83)).toBeLessThan(0.08);
  });

  it("discordance visits from the patient records give the same quadrant counts as records built from tableRecords", () => {
    const byKey = new Map<string, Record<string, unknown>>();
    const get = (p: unknown, w: unknown) => {
      const k = `${p}|${w}`;
      if (!byKey.has(k)) byKey.set(k, { patientId: p, week: w });
      return byKey.get(k)!;
    };
    for (const r of tableRecords(cd.data.visits!))
      if (r.reading === 1) get(r.patient_id, r.week)[r.instrument === "hbi" ? "hbi" : "pro2Cd"] = r.score;
    for (const r of tableRecords(cd.data.endoscopy!)) if (r.reader === 1) get(r.patient_id, r.week).sesCd = r.score;
    for (const r of tableRecords(cd.data.labs!)) {
      const v = get(r.patient_id, r.week);
      if (r.calprotectin_ug_g !== null) v.calprotectinUgG = r.calprotectin_ug_g;
      if (r.crp_mg_l !== null) v.crpMgL = r.crp_mg_l;
    }
    const ref = classifyDiscordance([...byKey.values()] as never[], { endoscopyPriority: ["sesCd", "mayoEndoscopic", "uceis"] });
    const ours = classifyDiscordance(discordanceVisits(patientRecords(loaded)), {
      endoscopyPriority: ["sesCd", "mayoEndoscopic", "uceis"],
    });
    expect(ours.n).toBe(ref.n);
    expect(ours.counts).toEqual(ref.counts);
  });

  it("every section is available for the CD sample cohort", () => {
    const report = buildReport(loaded, { pkPatients: 1 });
    expect(report.sections.every((s) => s.available)).toBe(true);
  });
});
