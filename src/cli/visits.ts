/**
 * Patient-visit records for src/discordance built from the typed columns of a
 * loaded cohort (visits, endoscopy, labs), one record per patient and week:
 * first reading/reader in `hbi`, `sesCd`, ..., the second in `hbiRepeat`, ...
 * (the same shape as notebook 03). Works on whichever of the three tables exist.
 */
import type { CohortTable } from "../cohort/read";
import type { VisitRecord } from "../discordance/classify";
import type { LoadedInputs } from "./load";

export type VisitRow = VisitRecord & Record<string, number | string | null | undefined> & { week: number };

const SYMPTOM: Record<string, string> = { hbi: "hbi", pro2: "pro2Cd", mayo_stool_frequency: "sf", mayo_rectal_bleeding: "rb" };
const ENDO: Record<string, string> = { ses_cd: "sesCd", mayo_endoscopic: "mayoEndoscopic", uceis: "uceis" };

function f64(t: CohortTable, name: string): Float64Array | undefined {
  const c = t.columns[name];
  return c instanceof Float64Array ? c : undefined;
}
function txt(t: CohortTable, name: string): (string | null)[] | undefined {
  const c = t.columns[name];
  return Array.isArray(c) ? c : undefined;
}

/** One record per (patient, week) found in visits, endoscopy or labs. */
export function visitRecords(loaded: Pick<LoadedInputs, "data">): VisitRow[] {
  const rows = new Map<string, VisitRow>();
  const get = (p: string, w: number): VisitRow => {
    const k = `${p}\u0000${w}`;
    let r = rows.get(k);
    if (!r) {
      r = { patientId: p, week: w } as VisitRow;
      rows.set(k, r);
    }
    return r;
  };
  const vi = loaded.data.visits;
  if (vi) {
    const pid = txt(vi, "patient_id");
    const week = f64(vi, "week");
    const inst = txt(vi, "instrument");
    const reading = f64(vi, "reading");
    const score = f64(vi, "score");
    if (pid && week && inst && reading && score) {
      for (let i = 0; i < vi.nRows; i++) {
        const name = SYMPTOM[inst[i] ?? ""];
        const p = pid[i];
        if (!name || !p || !Number.isFinite(week[i]) || !Number.isFinite(score[i])) continue;
        if (reading[i] !== 1 && reading[i] !== 2) continue;
        get(p, week[i])[name + (reading[i] === 1 ? "" : "Repeat")] = score[i];
      }
    }
  }
  const en = loaded.data.endoscopy;
  if (en) {
    const pid = txt(en, "patient_id");
    const week = f64(en, "week");
    const inst = txt(en, "instrument");
    const reader = f64(en, "reader");
    const score = f64(en, "score");
    if (pid && week && inst && reader && score) {
      for (let i = 0; i < en.nRows; i++) {
        const name = ENDO[inst[i] ?? ""];
        const p = pid[i];
        if (!name || !p || !Number.isFinite(week[i]) || !Number.isFinite(score[i])) continue;
        if (reader[i] !== 1 && reader[i] !== 2) continue;
        get(p, week[i])[name + (reader[i] === 1 ? "" : "Repeat")] = score[i];
      }
    }
  }
  const lb = loaded.data.labs;
  if (lb) {
    const pid = txt(lb, "patient_id");
    const week = f64(lb, "week");
    const fc1 = f64(lb, "calprotectin_ug_g");
    const fc2 = f64(lb, "calprotectin_day2_ug_g");
    const crp = f64(lb, "crp_mg_l");
    if (pid && week) {
      for (let i = 0; i < lb.nRows; i++) {
        const p = pid[i];
        if (!p || !Number.isFinite(week[i])) continue;
        const r = get(p, week[i]);
        if (fc1 && Number.isFinite(fc1[i])) r.calprotectinUgG = fc1[i];
        if (fc2 && Number.isFinite(fc2[i])) r.calprotectinUgGRepeat = fc2[i];
        if (crp && Number.isFinite(crp[i])) r.crpMgL = crp[i];
      }
    }
  }
  const out = [...rows.values()];
  for (const r of out) {
    if (typeof r.sf === "number" && typeof r.rb === "number") r.pro2Uc = r.sf + r.rb;
    if (typeof r.sfRepeat === "number" && typeof r.rbRepeat === "number") r.pro2UcRepeat = r.sfRepeat + r.rbRepeat;
  }
  return out;
}
