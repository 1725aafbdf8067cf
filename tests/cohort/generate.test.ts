/**
 * The seeded sample cohorts: deterministic, equal to the committed files, loadable
 * without a single reject, and showing the published patterns they were built to
 * show (data/README.md, "Generating model"; sources in ../shared/domain-facts.md).
 */
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { GENERATED_FILES } from "../../scripts/data/index";
import { COHORT_TABLE_NAMES, generateCohort, loadCohort, TEACHING_PATIENTS } from "../../src/cohort/index";

const dataDir = join(__dirname, "..", "..", "data");

describe("determinism", () => {
  it("generates identical text twice in memory", () => {
    for (const d of ["UC", "CD"] as const) {
      const a = generateCohort(d, { n: 60, seed: 99 });
      const b = generateCohort(d, { n: 60, seed: 99 });
      expect(a).toEqual(b);
      const c = generateCohort(d, { n: 60, seed: 100 });
      expect(c["labs.csv"]).not.toEqual(a["labs.csv"]);
    }
  });

  it("matches the committed data/ files byte for byte (run `npm run data` after changing a generator)", () => {
    const names = Object.keys(GENERATED_FILES);
    expect(names).toContain("tour.csv");
    for (const t of COHORT_TABLE_NAMES) {
      expect(names).toContain(`uc/${t}.csv`);
      expect(names).toContain(`cd/${t}.csv`);
    }
    for (const [name, make] of Object.entries(GENERATED_FILES)) {
      expect(make(), name).toBe(readFileSync(join(dataDir, name), "utf8"));
    }
  });

  it("keeps data/ under 5 MB", () => {
    let total = 0;
    for (const name of Object.keys(GENERATED_FILES)) total += statSync(join(dataDir, name)).size;
    expect(total).toBeLessThan(5 * 1024 * 1024);
  });
});

const uc = loadCohort(join(dataDir, "uc"));
const cd = loadCohort(join(dataDir, "cd"));

describe("sample cohorts load cleanly", () => {
  it("loads every table of both cohorts with no reject and no warning", () => {
    for (const c of [uc, cd]) {
      expect(c.missing).toEqual([]);
      for (const [table, report] of Object.entries(c.report)) {
        expect(report!.rejected, table).toEqual([]);
        expect(report!.warnings, table).toEqual([]);
        expect(report!.rowsRead).toBeGreaterThan(0);
      }
      expect(c.data.patients!.nRows).toBe(400);
    }
  });
});

type Row = Record<string, string | number | null>;
function rows(c: typeof uc, table: keyof typeof uc.data): Row[] {
  const t = c.data[table]!;
  const out: Row[] = [];
  for (let i = 0; i < t.nRows; i++) {
    const r: Row = {};
    for (const [k, col] of Object.entries(t.columns)) r[k] = col[i] as number | string | null;
    out.push(r);
  }
  return out;
}
function pearson(x: number[], y: number[]): number {
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}
/** score of (patient, week, instrument, reader/reading) */
function scores(list: Row[], readerCol: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of list) m.set(`${r.patient_id}|${r.week}|${r.instrument}|${r[readerCol]}`, r.score as number);
  return m;
}

describe("published patterns (windows around the cited values)", () => {
  it("SES-CD inter-reader agreement is near Khanna 2016 (ICC 0.83)", () => {
    const e = rows(cd, "endoscopy");
    const r1 = e.filter((r) => r.reader === 1).map((r) => r.score as number);
    const r2 = e.filter((r) => r.reader === 2).map((r) => r.score as number);
    const r = pearson(r1, r2);
    expect(r).toBeGreaterThan(0.75);
    expect(r).toBeLessThan(0.9);
  });

  it("symptoms correlate only weakly with SES-CD (pooled trials: r 0.33 CDAI, 0.36 PRO2)", () => {
    const e = scores(rows(cd, "endoscopy"), "reader");
    const v = scores(rows(cd, "visits"), "reading");
    const ses: number[] = [];
    const pro2: number[] = [];
    for (const [k, s] of e) {
      const [p, w, , reader] = k.split("|");
      if (reader !== "1") continue;
      const x = v.get(`${p}|${w}|pro2|1`);
      if (x === undefined) continue;
      ses.push(s);
      pro2.push(x);
    }
    const r = pearson(ses, pro2);
    expect(ses.length).toBeGreaterThan(800);
    expect(r).toBeGreaterThan(0.2);
    expect(r).toBeLessThan(0.5);
  });

  it("UC clinical remission hides endoscopic activity (Mayo endoscopic > 0 in ~45 %, > 1 in ~13 %)", () => {
    const e = scores(rows(uc, "endoscopy"), "reader");
    const v = scores(rows(uc, "visits"), "reading");
    let remission = 0;
    let above0 = 0;
    let above1 = 0;
    for (const [k, mayo] of e) {
      const [p, w, instr, reader] = k.split("|");
      if (instr !== "mayo_endoscopic" || reader !== "1") continue;
      const sf = v.get(`${p}|${w}|mayo_stool_frequency|1`);
      const rb = v.get(`${p}|${w}|mayo_rectal_bleeding|1`);
      if (sf === undefined || rb === undefined || sf > 1 || rb > 0) continue;
      remission++;
      if (mayo > 0) above0++;
      if (mayo > 1) above1++;
    }
    expect(remission).toBeGreaterThan(200);
    expect(above0 / remission).toBeGreaterThan(0.3);
    expect(above0 / remission).toBeLessThan(0.65);
    expect(above1 / remission).toBeGreaterThan(0.04);
    expect(above1 / remission).toBeLessThan(0.25);
  });

  it("calprotectin on two consecutive days agrees about as well as published (log ICC 0.84)", () => {
    const l = rows(cd, "labs");
    const r = pearson(
      l.map((x) => Math.log(x.calprotectin_ug_g as number)),
      l.map((x) => Math.log(x.calprotectin_day2_ug_g as number)),
    );
    expect(r).toBeGreaterThan(0.75);
    expect(r).toBeLessThan(0.95);
  });

  it("ADA lower infliximab troughs (Berends 2019: ADA multiplies clearance by 2.15)", () => {
    const d = rows(uc, "drug_levels").filter((r) => r.drug === "infliximab" && r.week === 54);
    const pos = d.filter((r) => r.ada_result === "positive").map((r) => r.trough_ug_ml as number);
    const neg = d.filter((r) => r.ada_result !== "positive").map((r) => r.trough_ug_ml as number);
    const median = (x: number[]) => [...x].sort((a, b) => a - b)[Math.floor(x.length / 2)];
    expect(pos.length).toBeGreaterThan(5);
    expect(median(pos)).toBeLessThan(median(neg) / 2);
  });
});

describe("teaching patients", () => {
  it("are listed with their case names in patients.csv", () => {
    for (const [c, d] of [
      [uc, "UC"],
      [cd, "CD"],
    ] as const) {
      const p = rows(c, "patients");
      for (const [id, t] of Object.entries(TEACHING_PATIENTS[d])) {
        expect(p.find((r) => r.patient_id === id)?.teaching_case).toBe(t.caseName);
      }
    }
  });

  it("CD002 is the chapter's Patient B: HBI 2 with SES-CD 12 at week 54", () => {
    const v = rows(cd, "visits").filter((r) => r.patient_id === "CD002" && r.week === 54 && r.instrument === "hbi");
    const e = rows(cd, "endoscopy").filter((r) => r.patient_id === "CD002" && r.week === 54 && r.reader === 1);
    expect(v.map((r) => r.score)).toEqual([2, 2]);
    expect(e[0].score).toBe(12);
  });

  it("UC003 and CD004 have a trough of 12 ug/mL at week 14 without ADA; UC002 and CD003 have ADA and a low trough at week 54", () => {
    for (const [c, pnr, slr] of [
      [uc, "UC003", "UC002"],
      [cd, "CD004", "CD003"],
    ] as const) {
      const d = rows(c, "drug_levels");
      const a = d.find((r) => r.patient_id === pnr && r.week === 14)!;
      expect(a.trough_ug_ml).toBe(12);
      expect(a.ada_result).toBe("negative");
      const b = d.find((r) => r.patient_id === slr && r.week === 54)!;
      expect(b.trough_ug_ml as number).toBeLessThan(1);
      expect(b.ada_result).toBe("positive");
    }
  });

  it("CD005 has a tight stricture with normal CRP and calprotectin", () => {
    const s = rows(cd, "strictures").filter((r) => r.patient_id === "CD005");
    expect(s.length).toBe(2);
    expect(s[0].min_diameter_mm).toBe(5);
    const l = rows(cd, "labs").filter((r) => r.patient_id === "CD005");
    for (const r of l) {
      expect(r.crp_mg_l as number).toBeLessThan(5);
      expect(r.calprotectin_ug_g as number).toBeLessThan(100);
    }
  });

  it("UC004 had IV methylprednisolone without response before infliximab", () => {
    const t = rows(uc, "treatments").filter((r) => r.patient_id === "UC004" && r.drug === "methylprednisolone");
    expect(t).toHaveLength(1);
    expect(t[0].route).toBe("IV");
    expect(t[0].stop_reason).toBe("no_response");
  });
});
