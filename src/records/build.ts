/**
 * `patientRecords(cohort)`: the one join of the cohort tables. Every other way from a user's
 * tables to an answer (PK subjects, treatment histories, discordance visits, repeated readings
 * for reliability) is a function of these records, so the tables are read in one place, by
 * column name and type as the schema (src/cohort/schema.ts) defines them.
 */
import type { CohortLoadAll } from "../cohort/load";
import { assertLoadedTable } from "../cohort/records";
import type { CohortTableName } from "../cohort/schema";
import { isoDate } from "../core/dates";
import { InputError } from "../core/errors";
import type {
  AdaReading,
  Administration,
  Dated,
  DrugLevelRecord,
  GeneExpression,
  InfectionTest,
  LabSample,
  PatientRecord,
  ScoreReading,
  StrictureAssessment,
  TreatmentCourse,
} from "./types";

type Column = Float64Array | (string | null)[];
interface TableLike {
  nRows: number;
  columns: Record<string, Column>;
}

/** A cell reader over one table: number (NaN/absent -> null), text ("" -> null), date (ISO or null). */
function reader(t: TableLike) {
  const numCol = (name: string) => {
    const c = t.columns[name];
    return c instanceof Float64Array ? c : undefined;
  };
  const txtCol = (name: string) => {
    const c = t.columns[name];
    return Array.isArray(c) ? c : undefined;
  };
  return {
    num(name: string, i: number): number | null {
      const v = numCol(name)?.[i];
      return v === undefined || Number.isNaN(v) ? null : v;
    },
    text(name: string, i: number): string | null {
      const v = txtCol(name)?.[i];
      return v === undefined || v === null || v === "" ? null : v;
    },
    date(name: string, i: number): string | null {
      const v = numCol(name)?.[i];
      return v === undefined || Number.isNaN(v) ? null : isoDate(v);
    },
  };
}

/** Row indices of a table grouped by patient id. */
function rowsByPatient(t: TableLike | undefined): Map<string, number[]> {
  const out = new Map<string, number[]>();
  if (!t) return out;
  const ids = t.columns.patient_id;
  if (!Array.isArray(ids)) return out;
  for (let i = 0; i < t.nRows; i++) {
    const id = ids[i];
    if (id === null) continue;
    const list = out.get(id);
    if (list) list.push(i);
    else out.set(id, [i]);
  }
  return out;
}

const byDate = <T extends { date: string }>(a: T, b: T) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0);

/** Options of {@link patientRecords}. */
export interface PatientRecordsOptions {
  /**
   * What to do with rows of other tables whose patient is not in patients.csv (possible only when the cohort was
   * loaded with `checkPatients: false`): "error" throws an InputError naming the table and patient. Default: "error".
   */
  orphans?: "error";
}

/**
 * One typed record per patient of a loaded cohort (`loadCohort(dir)`), in the order of patients.csv: the
 * patient's covariate timeline (weight, albumin, CRP, calprotectin, each dated), administrations, drug levels
 * with censoring and anti-drug antibodies, treatment courses, symptom and endoscopy readings (every reading
 * and reader kept, for reliability), labs, strictures, infection tests and gene expression. The load report of
 * `loadCohort` still accounts for every row: records are built only from accepted rows.
 *
 * @throws InputError when the cohort has no patients table, a table is not a loaded table, or a row belongs
 *   to a patient not in patients.csv.
 * @example
 * const cd = loadCohort("data/cd");
 * const records = patientRecords(cd);
 * records[0].patientId; // "CD001"
 * records[0].administrations[0]; // { date: "2023-10-15", drug: "infliximab", doseMg: 450, route: "IV", infusionHours: 2 }
 */
export function patientRecords(cohort: Pick<CohortLoadAll, "data">, options?: PatientRecordsOptions): PatientRecord[] {
  if (cohort === null || typeof cohort !== "object" || cohort.data === null || typeof cohort.data !== "object")
    throw new InputError({ field: "cohort", value: cohort, expected: "a loaded cohort ({ data, report }, from loadCohort)" });
  if (options !== undefined && (options === null || typeof options !== "object"))
    throw new InputError({ field: "options", value: options, expected: "an options object" });
  if (options?.orphans !== undefined && options.orphans !== "error")
    throw new InputError({ field: "options.orphans", value: options.orphans, expected: '"error"' });
  const data = cohort.data as Partial<Record<CohortTableName, TableLike>>;
  for (const [name, t] of Object.entries(data)) if (t !== undefined) assertLoadedTable(t, `cohort.data.${name}`);
  const pt = data.patients;
  if (!pt) throw new InputError({ field: "cohort.data.patients", value: undefined, expected: "the patients table (patients.csv)" });
  const tables = [
    "visits",
    "labs",
    "drug_levels",
    "administrations",
    "treatments",
    "endoscopy",
    "gene_expression",
    "strictures",
    "infection_tests",
  ] as const;
  const groups = Object.fromEntries(tables.map((n) => [n, rowsByPatient(data[n])])) as Record<
    (typeof tables)[number],
    Map<string, number[]>
  >;
  const P = reader(pt);
  const known = new Set<string>();
  const out: PatientRecord[] = [];
  for (let i = 0; i < pt.nRows; i++) {
    const id = P.text("patient_id", i);
    if (id === null) continue;
    known.add(id);
    const rec = emptyRecord(id, P, i);
    const rows = (n: (typeof tables)[number]) => groups[n].get(id) ?? [];
    if (data.labs) {
      const L = reader(data.labs);
      for (const r of rows("labs")) {
        const date = L.date("sample_date", r);
        if (date === null) continue;
        const s: LabSample = {
          date,
          week: L.num("week", r),
          crpMgL: L.num("crp_mg_l", r),
          albuminGdl: L.num("albumin_g_dl", r),
          hemoglobinGdl: L.num("hemoglobin_g_dl", r),
          calprotectinUgG: L.num("calprotectin_ug_g", r),
          calprotectinDay2UgG: L.num("calprotectin_day2_ug_g", r),
        };
        rec.labs.push(s);
      }
      rec.labs.sort(byDate);
      const series = (pick: (s: LabSample) => number | null): Dated[] =>
        rec.labs.flatMap((s) => {
          const v = pick(s);
          return v === null ? [] : [{ date: s.date, value: v }];
        });
      rec.covariates.albuminGdl = series((s) => s.albuminGdl);
      rec.covariates.crpMgL = series((s) => s.crpMgL);
      rec.covariates.calprotectinUgG = series((s) => s.calprotectinUgG);
    }
    if (data.administrations) {
      const A = reader(data.administrations);
      for (const r of rows("administrations")) {
        const date = A.date("admin_date", r);
        const drug = A.text("drug", r);
        const doseMg = A.num("dose_mg", r);
        const route = A.text("route", r);
        if (date === null || drug === null || doseMg === null || (route !== "IV" && route !== "SC")) continue;
        const a: Administration = { date, drug, doseMg, route, infusionHours: route === "IV" ? A.num("infusion_hours", r) : null };
        rec.administrations.push(a);
      }
      rec.administrations.sort(byDate);
    }
    if (data.drug_levels) {
      const D = reader(data.drug_levels);
      for (const r of rows("drug_levels")) {
        const date = D.date("sample_date", r);
        const drug = D.text("drug", r);
        if (date === null || drug === null) continue;
        const censored = D.text("trough_censored", r) as DrugLevelRecord["censored"];
        const ada: AdaReading = {
          assay: D.text("ada_assay", r),
          levelUMl: D.num("ada_u_ml", r),
          thresholdUMl: D.num("ada_threshold_u_ml", r),
          result: D.text("ada_result", r) as AdaReading["result"],
        };
        const valueUgMl = censored ? null : D.num("trough_ug_ml", r);
        if (!censored && valueUgMl === null) continue;
        rec.drugLevels.push({
          date,
          drug,
          valueUgMl,
          censored: censored ?? null,
          limitUgMl: censored ? D.num("trough_limit_ug_ml", r) : null,
          lloqUgMl: D.num("lloq_ug_ml", r),
          ada,
        });
      }
      rec.drugLevels.sort(byDate);
    }
    if (data.treatments) {
      const T = reader(data.treatments);
      for (const r of rows("treatments")) {
        const startDate = T.date("start_date", r);
        const drug = T.text("drug", r);
        if (startDate === null || drug === null) continue;
        const c: TreatmentCourse = {
          drug,
          drugClass: T.text("drug_class", r),
          startDate,
          stopDate: T.date("stop_date", r),
          route: T.text("route", r),
          doseMg: T.num("dose_mg", r),
          schedule: T.text("schedule", r),
          phase: T.text("phase", r),
          lowestDoseMg: T.num("lowest_dose_mg", r),
          stopReason: T.text("stop_reason", r),
        };
        rec.treatments.push(c);
      }
      rec.treatments.sort((a, b) => (a.startDate < b.startDate ? -1 : a.startDate > b.startDate ? 1 : 0));
    }
    const scores = (t: TableLike | undefined, list: number[], dateCol: string, readingCol: string, into: ScoreReading[]) => {
      if (!t) return;
      const S = reader(t);
      for (const r of list) {
        const date = S.date(dateCol, r);
        const instrument = S.text("instrument", r);
        const reading = S.num(readingCol, r);
        const score = S.num("score", r);
        if (date === null || instrument === null || reading === null || score === null) continue;
        into.push({ date, week: S.num("week", r), instrument, reading, score });
      }
      into.sort((a, b) => byDate(a, b) || (a.instrument < b.instrument ? -1 : a.instrument > b.instrument ? 1 : a.reading - b.reading));
    };
    scores(data.visits, rows("visits"), "visit_date", "reading", rec.symptoms);
    scores(data.endoscopy, rows("endoscopy"), "procedure_date", "reader", rec.endoscopy);
    if (data.strictures) {
      const S = reader(data.strictures);
      for (const r of rows("strictures")) {
        const date = S.date("assessment_date", r);
        const location = S.text("location", r);
        const lengthMm = S.num("length_mm", r);
        const minDiameterMm = S.num("min_diameter_mm", r);
        if (date === null || location === null || lengthMm === null || minDiameterMm === null) continue;
        const s: StrictureAssessment = {
          date,
          week: S.num("week", r),
          location,
          modality: S.text("modality", r),
          type: S.text("type", r),
          lengthMm,
          minDiameterMm,
          prestenoticDilationMm: S.num("prestenotic_dilation_mm", r),
        };
        rec.strictures.push(s);
      }
      rec.strictures.sort(byDate);
    }
    if (data.infection_tests) {
      const I = reader(data.infection_tests);
      for (const r of rows("infection_tests")) {
        const date = I.date("test_date", r);
        const test = I.text("test", r);
        const result = I.text("result", r);
        if (date === null || test === null || result === null) continue;
        const x: InfectionTest = {
          date,
          test,
          result: result as InfectionTest["result"],
          sehcatRetentionPct: I.num("sehcat_retention_pct", r),
          breathH2RisePpm: I.num("breath_h2_rise_ppm", r),
        };
        rec.infectionTests.push(x);
      }
      rec.infectionTests.sort(byDate);
    }
    if (data.gene_expression) {
      const G = reader(data.gene_expression);
      for (const r of rows("gene_expression")) {
        const date = G.date("biopsy_date", r);
        const gene = G.text("gene", r);
        const v = G.num("log2_expression", r);
        if (date === null || gene === null || v === null) continue;
        const g: GeneExpression = { date, week: G.num("week", r), gene, pathway: G.text("pathway", r), log2Expression: v };
        rec.geneExpression.push(g);
      }
      rec.geneExpression.sort(byDate);
    }
    out.push(rec);
  }
  for (const n of tables) {
    for (const [id, list] of groups[n]) {
      if (!known.has(id))
        throw new InputError(
          { field: `${n}.patient_id`, row: list[0] + 1, value: id, expected: "a patient of patients.csv" },
          "a row belongs to no patient (load the cohort with checkPatients, the default, to reject such rows)",
        );
    }
  }
  return out;
}

function emptyRecord(id: string, P: ReturnType<typeof reader>, i: number): PatientRecord {
  const disease = P.text("disease", i);
  const flag = (name: string) => {
    const v = P.num(name, i);
    return v === null ? null : v === 1;
  };
  const weightKg = P.num("weight_kg", i);
  const baselineDate = P.date("baseline_date", i);
  return {
    patientId: id,
    disease: disease === "UC" || disease === "CD" ? disease : "IBDU",
    sex: (P.text("sex", i) as "F" | "M" | null) ?? null,
    ageYears: P.num("age_years", i),
    weightKg,
    heightCm: P.num("height_cm", i),
    diagnosisDate: P.date("diagnosis_date", i),
    baselineDate,
    extent: P.text("extent", i),
    behavior: P.text("behavior", i),
    ilealResection: flag("ileal_resection"),
    smoker: P.text("smoker", i),
    immunomodulator: flag("immunomodulator"),
    firstBiologic: P.text("first_biologic", i),
    teachingCase: P.text("teaching_case", i),
    covariates: {
      weightKg: weightKg !== null && baselineDate !== null ? [{ date: baselineDate, value: weightKg }] : [],
      albuminGdl: [],
      crpMgL: [],
      calprotectinUgG: [],
    },
    labs: [],
    administrations: [],
    drugLevels: [],
    treatments: [],
    symptoms: [],
    endoscopy: [],
    strictures: [],
    infectionTests: [],
    geneExpression: [],
  };
}
