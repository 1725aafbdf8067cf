/**
 * patientRecords: the one join of the cohort tables (issue 13). Every accepted row of every table lands in
 * exactly one record (so the load report still accounts for every row), values keep their units and
 * censoring, and rows of unknown patients are refused rather than dropped.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadCohort } from "../../src/cohort/load";
import { tableRecords } from "../../src/cohort/records";
import { InputError } from "../../src/core/errors";
import { patientRecords } from "../../src/records/build";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function cohortDir(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), "ibd-records-"));
  dirs.push(d);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
  return d;
}

const PATIENTS =
  "patient_id,disease,sex,age_years,weight_kg,height_cm,baseline_date,immunomodulator,first_biologic\nP1,CD,F,30,60,165,2024-01-01,1,infliximab\nP2,UC,M,40,80,,2024-02-01,0,adalimumab\n";

describe("patientRecords on a small cohort", () => {
  const dir = cohortDir({
    "patients.csv": PATIENTS,
    "administrations.csv":
      "patient_id,admin_date,week,drug,dose_mg,route,infusion_hours\nP1,2024-01-15,2,infliximab,300,IV,\nP1,2024-01-01,0,infliximab,300,IV,2.5\nP2,2024-02-01,0,adalimumab,160,SC,\n",
    "drug_levels.csv":
      "patient_id,sample_date,week,drug,trough_ug_ml,lloq_ug_ml,ada_assay,ada_u_ml,ada_threshold_u_ml,ada_result\nP1,2024-03-11,10,infliximab,<0.4,0.4,hmsa,12,3.1,positive\nP1,2024-01-15,2,infliximab,18.2,0.4,hmsa,0.2,3.1,negative\n",
    "labs.csv": "patient_id,sample_date,week,albumin_g_dl,crp_mg_l,calprotectin_ug_g\nP1,2024-01-01,0,3.1,12,800\nP1,2024-03-11,10,,3,\n",
  });
  const cohort = loadCohort(dir);
  const recs = patientRecords(cohort);

  it("keeps patients in file order with their attributes, null for missing", () => {
    expect(recs.map((r) => r.patientId)).toEqual(["P1", "P2"]);
    expect(recs[0]).toMatchObject({
      disease: "CD",
      sex: "F",
      weightKg: 60,
      heightCm: 165,
      immunomodulator: true,
      baselineDate: "2024-01-01",
    });
    expect(recs[1].heightCm).toBeNull();
    expect(recs[1].immunomodulator).toBe(false);
  });

  it("sorts administrations by date and keeps a missing infusion time as null", () => {
    expect(recs[0].administrations).toEqual([
      { date: "2024-01-01", drug: "infliximab", doseMg: 300, route: "IV", infusionHours: 2.5 },
      { date: "2024-01-15", drug: "infliximab", doseMg: 300, route: "IV", infusionHours: null },
    ]);
    expect(recs[1].administrations[0]).toEqual({ date: "2024-02-01", drug: "adalimumab", doseMg: 160, route: "SC", infusionHours: null });
  });

  it("keeps a censored level as censored with its limit, never as a number", () => {
    const [measured, below] = recs[0].drugLevels;
    expect(measured).toMatchObject({ date: "2024-01-15", valueUgMl: 18.2, censored: null, limitUgMl: null, lloqUgMl: 0.4 });
    expect(below).toMatchObject({ date: "2024-03-11", valueUgMl: null, censored: "below", limitUgMl: 0.4 });
    expect(below.ada).toEqual({ assay: "hmsa", levelUMl: 12, thresholdUMl: 3.1, result: "positive" });
  });

  it("builds dated covariate series from the labs, skipping missing values", () => {
    expect(recs[0].covariates.albuminGdl).toEqual([{ date: "2024-01-01", value: 3.1 }]);
    expect(recs[0].covariates.crpMgL).toEqual([
      { date: "2024-01-01", value: 12 },
      { date: "2024-03-11", value: 3 },
    ]);
    expect(recs[0].covariates.weightKg).toEqual([{ date: "2024-01-01", value: 60 }]);
    expect(recs[1].labs).toEqual([]);
  });

  it("refuses rows of a patient not in patients.csv (possible only without the patient check)", () => {
    const d = cohortDir({
      "patients.csv": PATIENTS,
      "labs.csv": "patient_id,sample_date,week,albumin_g_dl\nP9,2024-01-01,0,3.1\n",
    });
    const loose = loadCohort(d, { checkPatients: false });
    expect(() => patientRecords(loose)).toThrow(InputError);
    expect(() => patientRecords(loose)).toThrow(/labs\.patient_id.*P9/s);
  });

  it("refuses what is not a loaded cohort", () => {
    expect(() => patientRecords(null as never)).toThrow(InputError);
    expect(() => patientRecords({ data: {} } as never)).toThrow(/patients/);
    expect(() => patientRecords({ data: { patients: { nRows: 1 } } } as never)).toThrow(InputError);
  });
});

describe("patientRecords on the sample cohorts", () => {
  for (const name of ["uc", "cd"] as const) {
    it(`${name}: every accepted row of every table is in exactly one record`, () => {
      const cohort = loadCohort(`data/${name}`);
      const recs = patientRecords(cohort);
      expect(recs.length).toBe(cohort.report.patients?.rowsAccepted);
      const field = {
        visits: "symptoms",
        endoscopy: "endoscopy",
        labs: "labs",
        drug_levels: "drugLevels",
        administrations: "administrations",
        treatments: "treatments",
        strictures: "strictures",
        infection_tests: "infectionTests",
        gene_expression: "geneExpression",
      } as const;
      for (const [table, key] of Object.entries(field)) {
        const accepted = cohort.report[table as keyof typeof field]?.rowsAccepted ?? 0;
        const inRecords = recs.reduce((k, r) => k + r[key].length, 0);
        expect(inRecords, table).toBe(accepted);
      }
    });
  }

  it("record values equal tableRecords' values for the same rows (an independent path)", () => {
    const cohort = loadCohort("data/cd");
    const recs = patientRecords(cohort);
    const byId = new Map(recs.map((r) => [r.patientId, r]));
    for (const row of tableRecords(cohort.data.labs!).slice(0, 200)) {
      const s = byId.get(row.patient_id as string)!.labs.find((l) => l.date === row.sample_date)!;
      expect([s.crpMgL, s.albuminGdl, s.calprotectinUgG]).toEqual([row.crp_mg_l, row.albumin_g_dl, row.calprotectin_ug_g]);
    }
  });
});
