/**
 * Thin adapters from the sample-cohort tables (src/cohort `loadCohort`,
 * schema in data/README.md) to {@link TreatmentHistory}. Typed structurally
 * (columns by name), so this module depends only on the documented table
 * contract, not on the loader's internals.
 *
 * Assumptions, each stated where used:
 * - Steroid courses recorded as "daily, tapered" (start dose, lowest dose)
 *   are expanded to a taper: the start dose for the first 14 days (or the
 *   whole course if shorter), then 5 mg steps spread evenly to the lowest dose
 *   (a typical prednisolone 40 mg taper, e.g. BSG 2019, Lamb et al. Gut 68:s1).
 * - `stop_reason` becomes `recordedOutcome`; a relapse after stopping is dated
 *   at the next treatment start (the next steroid course or advanced therapy).
 * - Advanced-therapy rows of the same drug less than 70 days apart are one course.
 * - Endoscopy: the mean of the readers' scores (Mayo endoscopic subscore for
 *   UC, SES-CD for CD); symptoms: HBI (remission <= 4; Best 2006) for CD and
 *   the Mayo stool + bleeding subscores (remission: stool <= 1 and bleeding 0)
 *   for UC, averaged over repeated readings.
 * - Mimics excluded (infections): a C. difficile test on record without a
 *   positive toxin, and no positive CMV immunohistochemistry. Positive SeHCAT or
 *   breath tests explain symptoms, not inflammation, and are quoted in `mimicNote`.
 * - Discordance quadrant (simple built-in rule; src/discordance's
 *   classifyDiscordance is the full, reliability-aware version and may be
 *   passed in through `options.discordance`): at the latest symptom score with
 *   an objective assessment within 14 days.
 * - Strictures: the table has no symptom column; obstructive symptoms are
 *   proxied by pre-stenotic dilatation >= 30 mm (the > 3 cm criterion of the
 *   CONSTRICT consensus, Rieder 2018 Gastroenterology 155:1170, *unverified* page).
 */
import { assertLoadedTable } from "../cohort/records";
import { InputError } from "../core/errors";
import { assertObject, optionsObject } from "../core/validate";
import { classifyDiscordance, type VisitRecord } from "../discordance/classify";
import { DRUG_CLASS } from "../drugs/classes";
import { type FlareContext, mimicsExcluded as mimicsGate } from "../mimics/workup";
import { dayNumber, isoDate } from "./dates";
import { geneReference, IL23_TH17_GENE_SET, pathwayScore, TNF_GENE_SET } from "./pathway";
import type {
  AdvancedDrug,
  AdvancedTherapyCourse,
  DiscordanceQuadrant,
  DrugLevel,
  ObjectiveAssessment,
  SteroidCourse,
  SteroidDrug,
  StrictureFinding,
  SymptomScore,
  TreatmentHistory,
} from "./types";

type Column = Float64Array | ArrayLike<string | null>;
/** The part of a loaded cohort the adapter reads: tables of named columns. */
export interface CohortTablesLike {
  data: Partial<Record<string, { nRows: number; columns: Record<string, Column> } | undefined>>;
}

/** Options of {@link historiesFromCohort}. */
export interface HistoryAdapterOptions {
  /** Assessment date for every patient. Default: each patient's latest recorded date. */
  asOf?: string;
  /** Override the mimic verdict (e.g. {@link mimicGateFromCohort}, which runs src/mimics). Default: the built-in infection rule. */
  mimicsExcluded?: (patientId: string, history: TreatmentHistory) => boolean | { excluded: boolean; note?: string } | undefined;
  /** Override the discordance quadrant. Default: {@link discordanceFromModule} (classifyDiscordance from src/discordance at the latest paired visit). */
  discordance?: (patientId: string, history: TreatmentHistory) => { date: string; quadrant: DiscordanceQuadrant } | undefined;
}

/** Checks the shape of a loaded cohort (`{ data: { patients, ... } }`) for untyped callers. */
function checkCohort(c: unknown): CohortTablesLike {
  if (c === null || typeof c !== "object" || (c as CohortTablesLike).data === null || typeof (c as CohortTablesLike).data !== "object")
    throw new InputError({ field: "cohort", value: c, expected: "a loaded cohort ({ data: { patients, ... } }, from loadCohort)" });
  for (const [name, t] of Object.entries((c as CohortTablesLike).data)) if (t !== undefined) assertLoadedTable(t, `cohort.data.${name}`);
  return c as CohortTablesLike;
}

function table(c: CohortTablesLike, name: string, required = false) {
  const t = Object.hasOwn(c.data, name) ? c.data[name] : undefined;
  if (!t && required) throw new InputError({ field: `cohort.data.${name}`, value: undefined, expected: `the ${name} table` });
  return t;
}
function col(t: { columns: Record<string, Column> } | undefined, name: string): Column | undefined {
  return t?.columns[name];
}
const num = (c: Column | undefined, i: number): number | undefined => {
  const v = c?.[i];
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
};
const str = (c: Column | undefined, i: number): string | undefined => {
  const v = c?.[i];
  return typeof v === "string" && v !== "" ? v : undefined;
};
const date = (c: Column | undefined, i: number): string | undefined => {
  const v = num(c, i);
  return v === undefined ? undefined : isoDate(v);
};

/** Rows of a table grouped by patient. */
function byPatient(t: { nRows: number; columns: Record<string, Column> } | undefined): Map<string, number[]> {
  const m = new Map<string, number[]>();
  if (!t) return m;
  const ids = t.columns.patient_id;
  for (let i = 0; i < t.nRows; i++) {
    const id = str(ids, i);
    if (!id) continue;
    const list = m.get(id) ?? [];
    list.push(i);
    m.set(id, list);
  }
  return m;
}

const STEROIDS: readonly SteroidDrug[] = ["prednisone", "prednisolone", "methylprednisolone", "hydrocortisone", "budesonide"];

/**
 * Expands a tapered steroid course to constant-dose segments: the start dose
 * for min(14, length) days, then 5 mg steps evenly spread down to the lowest dose.
 * @example taperSegments("prednisone", 40, 7.5, "2025-01-01", "2025-03-01", "oral").length // 8 (40, 35 ... 10, then 7.5)
 */
export function taperSegments(
  drug: SteroidDrug,
  startDoseMg: number,
  lowestDoseMg: number,
  startDate: string,
  endDate: string,
  route: SteroidCourse["route"],
): SteroidCourse[] {
  const s = dayNumber(startDate, "startDate");
  const e = dayNumber(endDate, "endDate");
  if (e < s) throw new InputError({ field: "endDate", value: endDate, expected: `on or after ${startDate}` });
  const doses: number[] = [startDoseMg];
  for (let d = startDoseMg - 5; d > lowestDoseMg; d -= 5) doses.push(d);
  if (lowestDoseMg > 0 && lowestDoseMg < startDoseMg) doses.push(lowestDoseMg);
  const total = e - s + 1;
  const hold = Math.min(14, total);
  const rest = total - hold;
  const steps = doses.length - 1;
  const segs: SteroidCourse[] = [];
  let cur = s;
  for (let k = 0; k < doses.length; k++) {
    const len = k === 0 ? hold : Math.floor((k * rest) / steps) - Math.floor(((k - 1) * rest) / steps);
    if (len <= 0) continue;
    segs.push({ drug, doseMgPerDay: doses[k], route, startDate: isoDate(cur), endDate: isoDate(cur + len - 1) });
    cur += len;
  }
  if (segs.length) segs[segs.length - 1].endDate = endDate;
  return segs;
}

/**
 * Builds one {@link TreatmentHistory} per patient of a loaded cohort.
 * @example const { data } = loadCohort("data/uc"); historiesFromCohort({ data })[0].patientId // "UC001"
 */
export function historiesFromCohort(cohort: CohortTablesLike, options: HistoryAdapterOptions = {}): TreatmentHistory[] {
  checkCohort(cohort);
  optionsObject(options);
  for (const k of ["mimicsExcluded", "discordance"] as const)
    if (options[k] !== undefined && typeof options[k] !== "function")
      throw new InputError({ field: `options.${k}`, value: options[k], expected: "a function (patientId, history) => ..." });
  if (options.asOf !== undefined) dayNumber(options.asOf, "options.asOf");
  const patients = table(cohort, "patients", true);
  const tr = table(cohort, "treatments");
  const en = table(cohort, "endoscopy");
  const lb = table(cohort, "labs");
  const vi = table(cohort, "visits");
  const dl = table(cohort, "drug_levels");
  const it = table(cohort, "infection_tests");
  const st = table(cohort, "strictures");
  const trP = byPatient(tr);
  const enP = byPatient(en);
  const lbP = byPatient(lb);
  const viP = byPatient(vi);
  const dlP = byPatient(dl);
  const itP = byPatient(it);
  const stP = byPatient(st);
  const out: TreatmentHistory[] = [];
  const pts = patients as { nRows: number; columns: Record<string, Column> };
  for (let p = 0; p < pts.nRows; p++) {
    const id = str(pts.columns.patient_id, p);
    if (!id) continue;
    const disease = str(pts.columns.disease, p) === "CD" ? "CD" : "UC";
    let latest = -Infinity;
    const seen = (d: string | undefined) => {
      if (d) latest = Math.max(latest, dayNumber(d, "date"));
      return d;
    };

    // Treatments.
    const rows = (trP.get(id) ?? []).map((i) => ({
      drug: str(col(tr, "drug"), i) ?? "",
      start: seen(date(col(tr, "start_date"), i)) as string,
      stop: seen(date(col(tr, "stop_date"), i)),
      route: (str(col(tr, "route"), i) ?? "").toLowerCase(),
      dose: num(col(tr, "dose_mg"), i),
      lowest: num(col(tr, "lowest_dose_mg"), i),
      schedule: str(col(tr, "schedule"), i) ?? "",
      reason: str(col(tr, "stop_reason"), i),
    }));
    rows.sort((a, b) => a.start.localeCompare(b.start));
    const advancedStarts = rows.filter((r) => r.drug in DRUG_CLASS).map((r) => r.start);
    const steroidRows = rows.filter((r) => (STEROIDS as readonly string[]).includes(r.drug));
    const steroids: SteroidCourse[] = [];
    steroidRows.forEach((r, k) => {
      const drug = r.drug as SteroidDrug;
      const route: SteroidCourse["route"] = r.route === "iv" ? "iv" : r.route === "rectal" ? "rectal" : "oral";
      const end = r.stop ?? r.start;
      const segs =
        /taper/i.test(r.schedule) && r.lowest !== undefined && r.dose !== undefined
          ? taperSegments(drug, r.dose, r.lowest, r.start, end, route)
          : [{ drug, doseMgPerDay: r.dose ?? 0, route, startDate: r.start, endDate: r.stop }];
      const outcome =
        r.reason === "no_response"
          ? "no-response"
          : r.reason === "relapse_on_taper"
            ? "relapse-on-taper"
            : r.reason === "relapse_after_stop"
              ? "relapse-after-stop"
              : r.reason === "taper_complete"
                ? "taper-complete"
                : undefined;
      if (outcome) {
        const last = segs[segs.length - 1];
        last.recordedOutcome = outcome;
        if (outcome === "relapse-after-stop") {
          const next = [...steroidRows.slice(k + 1).map((x) => x.start), ...advancedStarts].filter((d) => d > end).sort()[0];
          if (next) last.outcomeDate = next;
        }
      }
      steroids.push(...segs.filter((x) => x.doseMgPerDay > 0));
    });

    const advancedTherapies: AdvancedTherapyCourse[] = [];
    for (const r of rows.filter((x) => x.drug in DRUG_CLASS)) {
      const prev = advancedTherapies[advancedTherapies.length - 1];
      if (prev && prev.drug === r.drug && prev.endDate !== undefined && dayNumber(r.start, "start") - dayNumber(prev.endDate, "end") < 70) {
        prev.endDate = r.stop;
        continue;
      }
      advancedTherapies.push({ drug: r.drug as AdvancedDrug, startDate: r.start, endDate: r.stop, doseMg: r.dose });
    }

    // Objective assessments: endoscopy (mean of readers) and labs, merged by date.
    const byDate = new Map<string, ObjectiveAssessment>();
    const get = (d: string) => {
      const a = byDate.get(d) ?? { date: d };
      byDate.set(d, a);
      return a;
    };
    const wantInstr = disease === "CD" ? "ses_cd" : "mayo_endoscopic";
    const endoAcc = new Map<string, number[]>();
    for (const i of enP.get(id) ?? []) {
      if (str(col(en, "instrument"), i) !== wantInstr) continue;
      const d = seen(date(col(en, "procedure_date"), i)) as string;
      const v = num(col(en, "score"), i);
      if (v === undefined) continue;
      endoAcc.set(d, [...(endoAcc.get(d) ?? []), v]);
    }
    for (const [d, vs] of endoAcc)
      get(d).endoscopy = { instrument: disease === "CD" ? "SES-CD" : "Mayo", score: vs.reduce((a, b) => a + b, 0) / vs.length };
    for (const i of lbP.get(id) ?? []) {
      const d = seen(date(col(lb, "sample_date"), i)) as string;
      const fc = num(col(lb, "calprotectin_ug_g"), i);
      const crp = num(col(lb, "crp_mg_l"), i);
      if (fc !== undefined) get(d).calprotectinUgG = fc;
      if (crp !== undefined) get(d).crpMgL = crp;
    }
    const assessments = [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date));

    // Symptoms.
    const symAcc = new Map<string, { hbi: number[]; sf: number[]; rb: number[] }>();
    for (const i of viP.get(id) ?? []) {
      const d = seen(date(col(vi, "visit_date"), i)) as string;
      const ins = str(col(vi, "instrument"), i);
      const v = num(col(vi, "score"), i);
      if (v === undefined) continue;
      const acc = symAcc.get(d) ?? { hbi: [], sf: [], rb: [] };
      if (ins === "hbi") acc.hbi.push(v);
      if (ins === "mayo_stool_frequency") acc.sf.push(v);
      if (ins === "mayo_rectal_bleeding") acc.rb.push(v);
      symAcc.set(d, acc);
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const symptoms: SymptomScore[] = [];
    for (const [d, a] of [...symAcc].sort((x, y) => x[0].localeCompare(y[0]))) {
      if (disease === "CD" && a.hbi.length) symptoms.push({ date: d, instrument: "HBI", value: mean(a.hbi), remission: mean(a.hbi) <= 4 });
      if (disease === "UC" && a.sf.length && a.rb.length) {
        const sf = mean(a.sf);
        const rb = mean(a.rb);
        symptoms.push({ date: d, instrument: "Mayo stool + bleeding", value: sf + rb, remission: sf <= 1 && rb === 0 });
      }
    }

    // Drug levels.
    const drugLevels: DrugLevel[] = [];
    for (const i of dlP.get(id) ?? []) {
      const drug = str(col(dl, "drug"), i);
      const lvl = num(col(dl, "trough_ug_ml"), i);
      const d = seen(date(col(dl, "sample_date"), i));
      if (!drug || !(drug in DRUG_CLASS) || lvl === undefined || !d) continue;
      const titre = num(col(dl, "ada_u_ml"), i);
      const thr = num(col(dl, "ada_threshold_u_ml"), i);
      const res = str(col(dl, "ada_result"), i);
      const ada =
        titre !== undefined && thr !== undefined && thr > 0
          ? { titre, highThreshold: thr, unit: `U/mL (${str(col(dl, "ada_assay"), i) ?? "assay"})` }
          : res === "positive" || res === "negative"
            ? { positive: res === "positive" }
            : undefined;
      drugLevels.push({ date: d, drug: drug as AdvancedDrug, levelUgMl: lvl, timing: "trough", ada });
    }

    // Mimics (infections).
    const tests = (itP.get(id) ?? []).map((i) => ({
      test: str(col(it, "test"), i),
      result: str(col(it, "result"), i),
      date: seen(date(col(it, "test_date"), i)),
    }));
    const cdiffTested = tests.some((t) => t.test === "cdiff_naat" || t.test === "cdiff_toxin");
    const toxinPos = tests.some((t) => t.test === "cdiff_toxin" && t.result === "positive");
    const naatPosNoToxin =
      tests.some((t) => t.test === "cdiff_naat" && t.result === "positive") && !tests.some((t) => t.test === "cdiff_toxin");
    const cmvPos = tests.some((t) => t.test === "cmv_ihc" && t.result === "positive");
    const notes: string[] = [];
    if (!cdiffTested) notes.push("no C. difficile test on record");
    if (toxinPos) notes.push("C. difficile toxin positive");
    if (naatPosNoToxin) notes.push("C. difficile NAAT positive without a toxin test");
    if (cmvPos) notes.push("CMV positive on immunohistochemistry");
    if (tests.some((t) => t.test === "sehcat" && t.result === "positive")) notes.push("SeHCAT positive (bile acid diarrhoea)");
    if (tests.some((t) => t.test === "glucose_breath_test" && t.result === "positive")) notes.push("glucose breath test positive (SIBO)");
    const infectionExcluded = cdiffTested && !toxinPos && !naatPosNoToxin && !cmvPos;

    // Strictures.
    const strictures: StrictureFinding[] = (stP.get(id) ?? []).map((i) => {
      const dil = num(col(st, "prestenotic_dilation_mm"), i);
      const type = str(col(st, "type"), i);
      return {
        date: seen(date(col(st, "assessment_date"), i)) as string,
        nature: type === "fibrotic" || type === "mixed" ? type : "inflammatory",
        obstructiveSymptoms: dil !== undefined && dil >= 30,
        luminalDiameterMm: num(col(st, "min_diameter_mm"), i),
        prestenoticDilatation: dil !== undefined && dil >= 30,
      };
    });

    const asOf = options.asOf ?? (Number.isFinite(latest) ? isoDate(latest) : (date(pts.columns.baseline_date, p) ?? "1970-01-01"));
    const weightKg = num(pts.columns.weight_kg, p);
    const h: TreatmentHistory = {
      patientId: id,
      asOf,
      disease,
      ...(weightKg !== undefined ? { weightKg } : {}),
      steroids,
      advancedTherapies,
      assessments: assessments.filter((a) => a.date <= asOf),
      symptoms: symptoms.filter((s) => s.date <= asOf),
      drugLevels: drugLevels.filter((l) => l.date <= asOf),
      strictures: strictures.filter((s) => s.date <= asOf),
      mimicsExcluded: infectionExcluded,
      mimicNote: notes.length ? notes.join("; ") : undefined,
    };
    if (options.mimicsExcluded) {
      const m = options.mimicsExcluded(id, h);
      if (typeof m === "object" && m !== null) {
        h.mimicsExcluded = m.excluded;
        h.mimicNote = m.note;
      } else h.mimicsExcluded = m;
    }
    h.discordance = (options.discordance ?? discordanceFromModule)(id, h);
    out.push(h);
  }
  return out;
}

/** Baseline pathway scores per patient: the first biopsy, z-scored against all patients' first biopsies. */
export function pathwayScoresFromCohort(cohort: CohortTablesLike): Map<string, { date: string; tnf: number; il23: number }> {
  checkCohort(cohort);
  const ge = table(cohort, "gene_expression");
  const first = new Map<string, { day: number; expr: Record<string, number> }>();
  if (!ge) return new Map();
  for (let i = 0; i < ge.nRows; i++) {
    const id = str(ge.columns.patient_id, i);
    const day = num(ge.columns.biopsy_date, i);
    const gene = str(ge.columns.gene, i);
    const v = num(ge.columns.log2_expression, i);
    if (!id || day === undefined || !gene || v === undefined) continue;
    const cur = first.get(id);
    if (!cur || day < cur.day) first.set(id, { day, expr: { [gene]: v } });
    else if (day === cur.day) cur.expr[gene] = v;
  }
  const ref = geneReference([...first.values()].map((x) => x.expr));
  const out = new Map<string, { date: string; tnf: number; il23: number }>();
  for (const [id, { day, expr }] of first) {
    try {
      out.set(id, {
        date: isoDate(day),
        tnf: pathwayScore(expr, ref, TNF_GENE_SET).score,
        il23: pathwayScore(expr, ref, IL23_TH17_GENE_SET).score,
      });
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
    }
  }
  return out;
}

/**
 * Mimic gate from src/mimics: builds a {@link FlareContext} per patient from
 * the cohort's infection tests (latest result of each test: C. difficile NAAT
 * and toxin, bacterial stool culture, ova/cysts/parasites, CMV
 * immunohistochemistry, SeHCAT, glucose breath test), ileal resection,
 * immunosuppression (an advanced therapy, systemic steroids or a thiopurine at
 * baseline), the disease, and the current advanced therapy (its drug, so that
 * weeks on therapy are judged against that drug's induction length from
 * src/drugs), and asks `mimicsExcluded` (src/mimics/workup.ts).
 * Pass the result as `historiesFromCohort(cohort, { mimicsExcluded: gate })`.
 *
 * The tables hold no record of adherence or NSAID use: by default both steps
 * stay pending (so no patient passes the gate); the two `assume…` options
 * state the assumption instead. They also record no abscess signs or imaging,
 * no dysplasia biopsies, no normal-mucosa-with-diarrhoea finding and no travel,
 * so the abscess, malignancy and microscopic-colitis steps are not indicated
 * here and ova/cysts/parasites are asked for on immunosuppression alone; the
 * Montreal behaviour (B3, penetrating) and the diagnosis date are in the
 * tables but are not turned into those flags.
 */
export function mimicGateFromCohort(
  cohort: CohortTablesLike,
  options: {
    /** The tables hold no adherence record; set true to assume adherence was confirmed (weeks on therapy from the latest advanced therapy). Default: false (adherence unknown, so the src/mimics step stays pending). */
    assumeAdherenceConfirmed?: boolean;
    /** The tables hold no record of NSAID use; set true to assume the patient takes none. Default: false (NSAID use unknown, so the src/mimics NSAID step stays pending). */
    assumeNoNsaids?: boolean;
  } = {},
): (patientId: string, history: TreatmentHistory) => { excluded: boolean; note?: string } {
  checkCohort(cohort);
  if (typeof options !== "object" || options === null)
    throw new InputError({ field: "options", value: options, expected: "an options object" });
  for (const k of ["assumeAdherenceConfirmed", "assumeNoNsaids"] as const)
    if (options[k] !== undefined && typeof options[k] !== "boolean")
      throw new InputError({ field: `options.${k}`, value: options[k], expected: "true, false or absent" });
  const pts = table(cohort, "patients", true) as { nRows: number; columns: Record<string, Column> };
  const it = table(cohort, "infection_tests");
  const itP = byPatient(it);
  const flags = new Map<string, { ileal: boolean; imm: boolean }>();
  for (let p = 0; p < pts.nRows; p++) {
    const id = str(pts.columns.patient_id, p);
    if (id) flags.set(id, { ileal: num(pts.columns.ileal_resection, p) === 1, imm: num(pts.columns.immunomodulator, p) === 1 });
  }
  return (patientId, history) => {
    const rows = (itP.get(patientId) ?? []).map((i) => ({
      test: str(col(it, "test"), i),
      result: str(col(it, "result"), i),
      day: num(col(it, "test_date"), i) ?? 0,
      sehcat: num(col(it, "sehcat_retention_pct"), i),
    }));
    rows.sort((a, b) => a.day - b.day);
    const latest = (test: string) => [...rows].reverse().find((r) => r.test === test);
    const outcome = (test: string) => {
      const r = latest(test)?.result;
      return r === "positive" || r === "negative" ? r : undefined;
    };
    const f = flags.get(patientId);
    const therapies = [...(history.advancedTherapies ?? [])].sort((a, b) => a.startDate.localeCompare(b.startDate));
    const current = therapies[therapies.length - 1];
    const weeksOnTherapy = current ? (dayNumber(history.asOf, "asOf") - dayNumber(current.startDate, "startDate")) / 7 : undefined;
    const context: FlareContext = {
      adherence: options.assumeAdherenceConfirmed ? "confirmed" : "unknown",
      weeksOnTherapy,
      drug: current?.drug,
      disease: history.disease,
      nsaidUse: options.assumeNoNsaids ? false : undefined,
      immunosuppressed:
        (history.advancedTherapies ?? []).length > 0 ||
        (history.steroids ?? []).some((c) => c.route !== "rectal" && c.drug !== "budesonide") ||
        f?.imm === true,
      ilealResection: f?.ileal === true,
      results: {
        cdiffNaat: outcome("cdiff_naat"),
        cdiffToxin: outcome("cdiff_toxin"),
        stoolCulture: outcome("stool_culture"),
        stoolOvaParasites: outcome("stool_ova_parasites"),
        cmvTissueIhc: outcome("cmv_ihc"),
        sehcatRetentionPct: latest("sehcat")?.sehcat,
        glucoseBreathTest: outcome("glucose_breath_test"),
      },
    };
    const verdict = mimicsGate(context);
    return { excluded: verdict.excluded, note: verdict.excluded ? undefined : verdict.reasons.join(" ") };
  };
}

/**
 * Discordance quadrant from src/discordance: the latest symptom score with an
 * objective assessment within 14 days, as a VisitRecord (PRO2-UC = Mayo stool +
 * bleeding subscores; HBI for CD; Mayo endoscopic / SES-CD; calprotectin; CRP)
 * classified by `classifyDiscordance`.
 */
export function discordanceFromModule(
  _patientId: string,
  h: TreatmentHistory,
): { date: string; quadrant: DiscordanceQuadrant } | undefined {
  assertObject(h, "history");
  for (const k of ["assessments", "symptoms"] as const)
    if (h[k] !== undefined && !Array.isArray(h[k]))
      throw new InputError({ field: `history.${k}`, value: h[k], expected: "an array or absent" });
  for (const [i, s] of (h.symptoms ?? []).entries()) assertObject(s, `history.symptoms[${i}]`);
  for (const [i, a] of (h.assessments ?? []).entries()) assertObject(a, `history.assessments[${i}]`);
  const objective = (h.assessments ?? []).map((a) => ({ day: dayNumber(a.date, "date"), a }));
  const sym = [...(h.symptoms ?? [])].sort((a, b) => b.date.localeCompare(a.date));
  for (const s of sym) {
    const d = dayNumber(s.date, "date");
    const near = objective.filter((x) => Math.abs(x.day - d) <= 14).sort((a, b) => Math.abs(a.day - d) - Math.abs(b.day - d))[0];
    if (!near) continue;
    const record: VisitRecord = { patientId: h.patientId, visitDate: s.date };
    if (s.instrument === "HBI") record.hbi = s.value;
    else if (s.instrument === "Mayo stool + bleeding") record.pro2Uc = s.value;
    else continue;
    const e = near.a.endoscopy;
    if (e?.instrument === "Mayo") record.mayoEndoscopic = Math.round(e.score);
    if (e?.instrument === "SES-CD") record.sesCd = Math.round(e.score);
    if (e?.instrument === "UCEIS") record.uceis = Math.round(e.score);
    if (near.a.calprotectinUgG !== undefined) record.calprotectinUgG = near.a.calprotectinUgG;
    if (near.a.crpMgL !== undefined) record.crpMgL = near.a.crpMgL;
    const call = classifyDiscordance(record);
    return { date: s.date, quadrant: call.quadrant };
  }
  return undefined;
}
