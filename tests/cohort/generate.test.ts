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
    // A median needs only the order: a level below the LLOQ ranks below every measured one (0), above the ULOQ above all.
    const ranked = (r: Row) =>
      r.trough_censored === "below" ? 0 : r.trough_censored === "above" ? Number.POSITIVE_INFINITY : (r.trough_ug_ml as number);
    const pos = d.filter((r) => r.ada_result === "positive").map(ranked);
    const neg = d.filter((r) => r.ada_result !== "positive").map(ranked);
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

// ---------------------------------------------------------------- dosing (issue 13)

const LEVEL_DAYS = [14, 30, 54].map((w) => w * 7);

interface Cohort {
  name: "UC" | "CD";
  c: typeof uc;
}
const cohorts: Cohort[] = [
  { name: "UC", c: uc },
  { name: "CD", c: cd },
];

function groupBy<T>(list: T[], key: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of list) {
    const k = key(x);
    const g = m.get(k);
    if (g) g.push(x);
    else m.set(k, [x]);
  }
  return m;
}

/** One patient's first biologic: doses (days since baseline), treatment rows, and what the generator truth says. */
interface Course {
  id: string;
  drug: string;
  weightKg: number;
  pnr: boolean;
  doses: { day: number; week: number; doseMg: number; route: string; hours: number }[];
  rows: { start: number; stop: number; route: string; doseMg: number; schedule: string; phase: string; reason: string | null }[];
  ustekinumab: { day: number; doseMg: number; route: string }[];
}

function courses(c: typeof uc): Course[] {
  const adm = groupBy(rows(c, "administrations"), (r) => r.patient_id as string);
  const tr = groupBy(rows(c, "treatments"), (r) => r.patient_id as string);
  return rows(c, "patients").map((p) => {
    const id = p.patient_id as string;
    const day0 = p.baseline_date as number;
    const drug = p.first_biologic as string;
    const a = adm.get(id) ?? [];
    const mine = (r: Row) => r.drug === drug;
    return {
      id,
      drug,
      weightKg: p.weight_kg as number,
      pnr: p.sim_response === "primary_non_response",
      doses: a
        .filter(mine)
        .map((r) => ({
          day: (r.admin_date as number) - day0,
          week: r.week as number,
          doseMg: r.dose_mg as number,
          route: r.route as string,
          hours: r.infusion_hours as number,
        }))
        .sort((x, y) => x.day - y.day),
      rows: (tr.get(id) ?? [])
        .filter(mine)
        .map((r) => ({
          start: (r.start_date as number) - day0,
          stop: Number.isNaN(r.stop_date as number) ? 54 * 7 : (r.stop_date as number) - day0,
          route: r.route as string,
          doseMg: r.dose_mg as number,
          schedule: r.schedule as string,
          phase: r.phase as string,
          reason: r.stop_reason as string | null,
        }))
        .sort((x, y) => x.start - y.start),
      ustekinumab: a
        .filter((r) => r.drug === "ustekinumab")
        .map((r) => ({ day: (r.admin_date as number) - day0, doseMg: r.dose_mg as number, route: r.route as string }))
        .sort((x, y) => x.day - y.day),
    };
  });
}

/** Planned dose days of a treatments row, from its schedule in words (weeks 0, 2, 6 / every N weeks / every week). */
function plannedDays(row: Course["rows"][number]): number[] {
  if (row.phase === "induction") {
    if (row.schedule === "weeks 0, 2, 6") return [0, 14, 42];
    if (row.schedule === "weeks 0, 2" || row.schedule === "160 mg week 0, 80 mg week 2") return [0, 14];
    throw new Error(`unexpected induction schedule ${row.schedule}`);
  }
  const m = /^every (?:(\d+) )?weeks?( \(SC\))?$/.exec(row.schedule);
  if (!m) throw new Error(`unexpected maintenance schedule ${row.schedule}`);
  const step = 7 * Number(m[1] ?? 1);
  const out: number[] = [];
  for (let d = row.start; d <= row.stop; d += step) out.push(d);
  return out;
}

/**
 * Matches the doses of each treatments row against its planned days: on time, late (given 3-14 days
 * after a planned day that has no dose; SC at most 7) or missed (a planned day with no dose at all).
 */
function deviations(course: Course): { late: number[]; missed: number[]; unexplained: string[] } {
  const late: number[] = [];
  const missed: number[] = [];
  const unexplained: string[] = [];
  const covered = new Set<number>();
  for (const row of course.rows) {
    const plan = plannedDays(row);
    const given = course.doses.filter((d) => d.day >= row.start && d.day <= row.stop);
    for (const g of given) covered.add(g.day);
    const givenDays = new Set(given.map((g) => g.day));
    const open = plan.filter((d) => !givenDays.has(d));
    const maxLate = row.route === "SC" ? 7 : 14;
    for (const g of given.filter((x) => !plan.includes(x.day))) {
      const ix = open.findIndex((d) => g.day - d >= 3 && g.day - d <= maxLate);
      if (ix < 0) unexplained.push(`${course.id}: dose on day ${g.day} is off the schedule "${row.schedule}"`);
      else late.push(open.splice(ix, 1)[0]);
    }
    missed.push(...open);
    for (const g of given) {
      if (g.route !== row.route) unexplained.push(`${course.id}: day ${g.day} route ${g.route}, row ${row.route}`);
      const inductionDose = row.schedule.startsWith("160 mg") ? (g.day === 0 ? 160 : 80) : row.doseMg;
      if (g.doseMg !== inductionDose) unexplained.push(`${course.id}: day ${g.day} dose ${g.doseMg}, row ${row.doseMg}`);
    }
  }
  for (const d of course.doses)
    if (!covered.has(d.day)) unexplained.push(`${course.id}: dose on day ${d.day} outside every treatments row`);
  return { late, missed, unexplained };
}

/** Kinds of intensification seen in the doses: infliximab 10 mg/kg or every 4 weeks, adalimumab weekly, vedolizumab every 4 weeks. */
function intensification(course: Course): string | null {
  const ivMaint = course.doses.filter((d) => d.day >= 98 && d.route === "IV");
  const interval = (k: number) => ivMaint[k + 1].day - ivMaint[k].day;
  if (course.drug === "infliximab") {
    if (ivMaint.some((d) => d.doseMg > 7.5 * course.weightKg)) return "infliximab 10 mg/kg";
    for (let k = 0; k + 1 < ivMaint.length; k++) if (interval(k) === 28) return "infliximab every 4 weeks";
  }
  if (course.drug === "vedolizumab")
    for (let k = 0; k + 1 < ivMaint.length; k++) if (interval(k) === 28) return "vedolizumab every 4 weeks";
  if (course.drug === "adalimumab") {
    const m = course.doses.filter((d) => d.day >= 98);
    for (let k = 0; k + 2 < m.length; k++)
      if (m[k + 1].day - m[k].day === 7 && m[k + 2].day - m[k + 1].day === 7) return "adalimumab weekly";
  }
  return null;
}

describe("administrations.csv: the doses given", () => {
  for (const { name, c } of cohorts) {
    const list = courses(c);

    it(`${name}: every level is drawn on a dosing day of its drug, after at least one earlier dose`, () => {
      const adm = groupBy(rows(c, "administrations"), (r) => `${r.patient_id}|${r.drug}`);
      const levels = rows(c, "drug_levels");
      expect(levels.length).toBeGreaterThan(1500);
      for (const l of levels) {
        const days = (adm.get(`${l.patient_id}|${l.drug}`) ?? []).map((r) => r.admin_date as number);
        const when = `${l.patient_id} ${l.drug} week ${l.week}`;
        expect(
          days.some((d) => d < (l.sample_date as number)),
          when,
        ).toBe(true);
        expect(days, when).toContain(l.sample_date as number);
      }
    });

    it(`${name}: week is whole weeks since baseline, and IV rows only carry an infusion duration`, () => {
      const base = new Map(rows(c, "patients").map((p) => [p.patient_id as string, p.baseline_date as number]));
      const adm = rows(c, "administrations");
      for (const r of adm) {
        expect(r.week).toBe(Math.floor(((r.admin_date as number) - base.get(r.patient_id as string)!) / 7));
        if (r.route === "SC") expect(r.infusion_hours, `${r.patient_id} ${r.admin_date}`).toBeNaN();
      }
      const iv = adm.filter((r) => r.route === "IV");
      const blank = iv.filter((r) => Number.isNaN(r.infusion_hours as number)).length;
      expect(blank).toBeGreaterThan(0);
      expect(blank).toBeLessThan(iv.length / 3);
      const hours = (drug: string) =>
        new Set(iv.filter((r) => r.drug === drug && !Number.isNaN(r.infusion_hours as number)).map((r) => r.infusion_hours));
      expect([...hours("infliximab")]).toEqual([2]);
      expect([...hours("ustekinumab")]).toEqual([1]);
      if (name === "UC") expect([...hours("vedolizumab")]).toEqual([0.5]);
    });

    it(`${name}: schedules follow the label rules`, () => {
      for (const k of list) {
        const d = k.doses;
        expect(d.length, k.id).toBeGreaterThan(3);
        // induction: week 0 and week 2, IV except adalimumab (160 mg then 80 mg SC)
        expect([d[0].day, d[1].day], k.id).toEqual([0, 14]);
        if (k.drug === "adalimumab") expect(d.slice(0, 2).map((x) => `${x.doseMg} ${x.route}`)).toEqual(["160 SC", "80 SC"]);
        else expect([d[0].route, d[1].route], k.id).toEqual(["IV", "IV"]);
        for (let i = 1; i < d.length; i++) {
          const gap = d[i].day - d[i - 1].day;
          expect(gap, `${k.id} day ${d[i].day}`).toBeGreaterThanOrEqual(7); // weekly adalimumab, or an SC dose 7 days late
          expect(gap, `${k.id} day ${d[i].day}`).toBeLessThanOrEqual(112 + 14); // at most one missed 8-weekly dose, then one 14 days late
          // no infliximab infusion closer than 4 weeks to the one before in maintenance
          if (k.drug === "infliximab" && d[i].route === "IV" && d[i - 1].route === "IV" && d[i - 1].day >= 98)
            expect(gap, `${k.id} day ${d[i].day}`).toBeGreaterThanOrEqual(28);
        }
        for (const x of d) {
          const what = `${k.id} day ${x.day}`;
          if (k.drug === "infliximab" && x.route === "IV") {
            expect(x.doseMg, what).toBeLessThanOrEqual(10 * k.weightKg); // never above 10 mg/kg
            expect(x.doseMg, what).toBeGreaterThanOrEqual(5 * k.weightKg - 5); // 5 mg/kg rounded to 10 mg, or more
          }
          if (k.drug === "infliximab" && x.route === "SC") expect(x.doseMg, what).toBe(120);
          if (k.drug === "vedolizumab") expect(x.doseMg, what).toBe(x.route === "IV" ? 300 : 108);
          if (k.drug === "adalimumab" && x.day > 14) expect(x.doseMg, what).toBe(40);
        }
        if (k.pnr) {
          // stopped after week 14, ustekinumab 260/390/520 mg IV at week 16, then 90 mg SC every 8 weeks
          expect(d[d.length - 1].day, k.id).toBeLessThan(112);
          expect(
            k.ustekinumab.map((u) => u.day),
            k.id,
          ).toEqual([112, 168, 224, 280, 336]);
          expect([260, 390, 520]).toContain(k.ustekinumab[0].doseMg);
          expect(k.ustekinumab.slice(1).every((u) => u.doseMg === 90 && u.route === "SC")).toBe(true);
        } else {
          expect(d[d.length - 1].day, k.id).toBe(378); // on drug until the week-54 dose
          expect(k.ustekinumab, k.id).toEqual([]);
        }
      }
    });

    it(`${name}: treatments.csv agrees with administrations.csv, late and missed doses aside`, () => {
      let late = 0;
      let missed = 0;
      for (const k of list) {
        const dev = deviations(k);
        expect(dev.unexplained).toEqual([]);
        expect(dev.late.length, k.id).toBeLessThanOrEqual(1);
        expect(dev.missed.length, k.id).toBeLessThanOrEqual(1);
        for (const day of [...dev.late, ...dev.missed]) {
          expect(day, k.id).toBeGreaterThan(98); // maintenance after week 14
          expect(LEVEL_DAYS, k.id).not.toContain(day); // the level visits are kept
        }
        late += dev.late.length;
        missed += dev.missed.length;
        // rows follow one another: an intensified regimen starts the day after the row it replaces
        for (let i = 1; i < k.rows.length; i++) {
          expect(k.rows[i].start, k.id).toBeGreaterThan(k.rows[i - 1].stop);
          if (k.rows[i - 1].reason === "dose_intensified") expect(k.rows[i].start, k.id).toBe(k.rows[i - 1].stop + 1);
        }
        expect(k.rows.filter((r) => r.phase === "induction").length, k.id).toBe(1);
      }
      expect(late).toBeGreaterThanOrEqual(5);
      expect(missed).toBeGreaterThanOrEqual(3);
    });

    it(`${name}: some patients are intensified (every kind), late, missed, or on SC maintenance`, () => {
      const kinds = new Map<string, number>();
      let sc = 0;
      let lateOrMissed = 0;
      for (const k of list) {
        const kind = intensification(k);
        const recorded = k.rows.some((r) => r.reason === "dose_intensified");
        expect(kind !== null, `${k.id}: intensified in the doses = recorded in treatments.csv`).toBe(recorded);
        if (kind) kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
        if (k.drug !== "adalimumab" && k.doses.some((d) => d.route === "SC")) {
          sc++;
          // SC maintenance: infliximab from week 10 after IV weeks 0, 2, 6; vedolizumab from week 6 after IV weeks 0, 2
          const firstSc = k.doses.find((d) => d.route === "SC")!;
          expect(firstSc.day, k.id).toBe(k.drug === "infliximab" ? 70 : 42);
          expect(k.doses.filter((d) => d.route === "IV").length, k.id).toBe(k.drug === "infliximab" ? 3 : 2);
        }
        const dev = deviations(k);
        if (dev.late.length + dev.missed.length > 0) lateOrMissed++;
      }
      expect([...kinds.keys()].sort()).toEqual([
        "adalimumab weekly",
        "infliximab 10 mg/kg",
        "infliximab every 4 weeks",
        "vedolizumab every 4 weeks",
      ]);
      const intensified = [...kinds.values()].reduce((a, b) => a + b, 0);
      expect(intensified).toBeGreaterThanOrEqual(20);
      expect(intensified).toBeLessThan(0.35 * list.filter((k) => !k.pnr).length);
      expect(sc).toBeGreaterThanOrEqual(10);
      expect(lateOrMissed).toBeGreaterThanOrEqual(10);
      // teaching patients keep the label schedule
      for (const id of Object.keys(TEACHING_PATIENTS[name])) {
        const k = list.find((x) => x.id === id)!;
        expect(intensification(k), id).toBeNull();
        expect(deviations(k).late.concat(deviations(k).missed), id).toEqual([]);
        expect(
          k.doses.filter((d) => d.route === "SC" && k.drug !== "adalimumab"),
          id,
        ).toEqual([]);
      }
    });
  }
});

describe("levels follow the doses", () => {
  it("SC maintenance keeps troughs higher than IV every 8 weeks (CT-P13 SC label: median 20.1 ug/mL at week 22)", () => {
    // Pooled over both cohorts; IV patients without ADA, so the comparison is about the route.
    const value = (r: Row) => (r.trough_censored === "below" ? 0 : r.trough_censored === "above" ? 45 : (r.trough_ug_ml as number));
    const median = (x: number[]) => [...x].sort((a, b) => a - b)[Math.floor(x.length / 2)];
    for (const [drug, floor] of [
      ["infliximab", 8],
      ["vedolizumab", 15],
    ] as const) {
      const sc: number[] = [];
      const iv: number[] = [];
      for (const c of [uc, cd]) {
        const onSc = new Set(
          rows(c, "administrations")
            .filter((r) => r.drug === drug && r.route === "SC")
            .map((r) => r.patient_id),
        );
        const noAda = new Set(
          rows(c, "patients")
            .filter((r) => r.sim_ada === 0)
            .map((r) => r.patient_id),
        );
        for (const r of rows(c, "drug_levels")) {
          if (r.drug !== drug || (r.week !== 30 && r.week !== 54)) continue;
          if (onSc.has(r.patient_id)) sc.push(value(r));
          else if (noAda.has(r.patient_id)) iv.push(value(r));
        }
      }
      expect(sc.length, drug).toBeGreaterThan(20);
      expect(median(sc), drug).toBeGreaterThan(floor);
      expect(median(sc), drug).toBeGreaterThan(median(iv));
    }
  });
});

describe("drug levels as a lab writes them", () => {
  for (const d of ["uc", "cd"] as const) {
    const text = readFileSync(join(dataDir, d, "drug_levels.csv"), "utf8")
      .trimEnd()
      .split("\n");
    const head = text[0].split(",");
    const cells = text.slice(1).map((l) => l.split(","));
    const trough = cells.map((r) => r[head.indexOf("trough_ug_ml")]);
    const lloq = cells.map((r) => r[head.indexOf("lloq_ug_ml")]);

    it(`${d}: no trough is written as 0; below the LLOQ is <0.4, above the upper limit >45, with lloq_ug_ml 0.4 on every row`, () => {
      expect(trough.filter((v) => /^[-+]?0*(\.0*)?$/.test(v))).toEqual([]);
      expect(new Set(lloq)).toEqual(new Set(["0.4"]));
      const censored = trough.filter((v) => /^[<>]/.test(v));
      expect(new Set(censored)).toEqual(new Set(["<0.4", ">45"]));
      expect(trough.filter((v) => v === "<0.4").length).toBeGreaterThan(20);
      for (const v of trough.filter((x) => !/^[<>]/.test(x))) {
        expect(v).toMatch(/^\d+\.\d$/);
        expect(Number(v)).toBeGreaterThanOrEqual(0.4);
        expect(Number(v)).toBeLessThanOrEqual(45);
      }
    });
  }

  it("reach the loader as censored values with their limits, never as numbers", () => {
    for (const c of [uc, cd]) {
      const l = rows(c, "drug_levels");
      const below = l.filter((r) => r.trough_censored === "below");
      const above = l.filter((r) => r.trough_censored === "above");
      expect(below.length).toBeGreaterThan(20);
      expect(above.length).toBeGreaterThan(5);
      for (const r of below) expect([r.trough_ug_ml, r.trough_limit_ug_ml, r.lloq_ug_ml]).toEqual([Number.NaN, 0.4, 0.4]);
      for (const r of above) expect([r.trough_ug_ml, r.trough_limit_ug_ml]).toEqual([Number.NaN, 45]);
    }
  });

  it("keep the teaching patients' pinned levels", () => {
    // UC002 week 54: 0.4 ug/mL (at the LLOQ, so quantified), ADA positive; CD003 week 54: 0.6
    const at = (c: typeof uc, id: string, w: number) => rows(c, "drug_levels").find((r) => r.patient_id === id && r.week === w)!;
    expect([at(uc, "UC002", 54).trough_ug_ml, at(uc, "UC002", 54).ada_result]).toEqual([0.4, "positive"]);
    expect([at(cd, "CD003", 54).trough_ug_ml, at(cd, "CD003", 54).ada_result]).toEqual([0.6, "positive"]);
  });
});

describe("patients.height_cm", () => {
  it("is filled, by sex, with a plausible body-mass index", () => {
    for (const c of [uc, cd]) {
      const p = rows(c, "patients");
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      const f = p.filter((r) => r.sex === "F").map((r) => r.height_cm as number);
      const m = p.filter((r) => r.sex === "M").map((r) => r.height_cm as number);
      expect(mean(f)).toBeGreaterThan(160);
      expect(mean(f)).toBeLessThan(166);
      expect(mean(m)).toBeGreaterThan(173);
      expect(mean(m)).toBeLessThan(179);
      for (const r of p) {
        const bmi = (r.weight_kg as number) / ((r.height_cm as number) / 100) ** 2;
        expect(bmi, r.patient_id as string).toBeGreaterThan(12);
        expect(bmi, r.patient_id as string).toBeLessThan(45);
      }
    }
  });
});

/** Rows of a generated CSV text by patient id (the generator quotes no field of these tables but schedules). */
function byPatient(csvText: string): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const line of csvText.trimEnd().split("\n").slice(1)) {
    const id = line.slice(0, line.indexOf(","));
    const g = m.get(id);
    if (g) g.push(line);
    else m.set(id, [line]);
  }
  return m;
}

describe("the dosing variation against its counterfactual (the same cohort on the label schedules)", () => {
  for (const d of ["UC", "CD"] as const) {
    const actual = generateCohort(d, { n: 400 });
    const label = generateCohort(d, { n: 400, dosingVariation: false });
    const admA = byPatient(actual["administrations.csv"]);
    const admL = byPatient(label["administrations.csv"]);
    const varied = new Set([...admA.keys()].filter((id) => admA.get(id)!.join("\n") !== admL.get(id)!.join("\n")));

    it(`${d}: leaves every row of every patient whose doses are not varied as it is`, () => {
      expect(varied.size).toBeGreaterThan(50);
      expect(varied.size).toBeLessThan(250);
      for (const table of COHORT_TABLE_NAMES) {
        const a = byPatient(actual[`${table}.csv`]);
        const l = byPatient(label[`${table}.csv`]);
        for (const id of new Set([...a.keys(), ...l.keys()])) {
          if (!varied.has(id)) expect(a.get(id), `${table} ${id}`).toEqual(l.get(id));
        }
      }
      // and the label run is itself the label schedule: nothing intensified
      expect(label["treatments.csv"]).not.toContain("dose_intensified");
    });

    it(`${d}: raises the week-54 level of every intensified patient above the label-schedule level`, () => {
      // With the same patient, noise and doses up to the intensification, more drug can only raise the
      // concentration: clearance is linear in the amount, and the lower burden lowers it further.
      const level = (files: Record<string, string>, id: string): number => {
        const row = byPatient(files["drug_levels.csv"])
          .get(id)!
          .map((l) => l.split(","))
          .find((r) => r[2] === "54")!;
        const v = row[4];
        return v.startsWith("<") ? 0 : v.startsWith(">") ? Number.POSITIVE_INFINITY : Number(v);
      };
      const intensified = new Map<string, string>();
      for (const line of actual["treatments.csv"].split("\n")) {
        if (line.endsWith(",dose_intensified")) {
          const cells = line.split(",");
          intensified.set(cells[0], cells[cells.length - 7]); // stop_date of the replaced row
        }
      }
      expect(intensified.size).toBeGreaterThan(20);
      let higher = 0;
      let compared = 0;
      for (const [id, stop] of intensified) {
        const upTo = (lines: string[]) => lines.filter((l) => l.split(",")[1] <= stop).join("\n");
        if (upTo(admA.get(id)!) !== upTo(admL.get(id)!)) continue; // a late or missed dose before the change
        compared++;
        const a = level(actual, id);
        const l = level(label, id);
        expect(a, id).toBeGreaterThanOrEqual(l);
        if (a > l) higher++;
      }
      expect(compared).toBeGreaterThan(15);
      expect(higher / compared).toBeGreaterThan(0.8);
    });
  }

  it("is deterministic and separate: the same seed gives the same doses, another seed other doses", () => {
    const a = generateCohort("CD", { n: 80, seed: 7 });
    expect(generateCohort("CD", { n: 80, seed: 7 })).toEqual(a);
    expect(generateCohort("CD", { n: 80, seed: 8 })["administrations.csv"]).not.toEqual(a["administrations.csv"]);
  });
});
