/**
 * `mimicGate(records)`: the src/mimics workup as the mimic verdict of {@link treatmentHistories},
 * built from patient records (src/records `PatientRecord`, from `patientRecords`) only.
 */
import { InputError } from "../core/errors";
import { type FlareContext, mimicsExcluded as mimicsWorkup } from "../mimics/workup";
import { byDate, checkRecords } from "../records/check";
import type { InfectionTest, PatientRecord } from "../records/types";
import { dayNumber } from "./dates";
import type { TreatmentHistory } from "./types";

/** Options of {@link mimicGate} (and of its cohort wrapper `mimicGateFromCohort`). */
export interface MimicGateOptions {
  /** The records hold no adherence record; set true to assume adherence was confirmed (weeks on therapy from the latest advanced therapy). Default: false (adherence unknown, so the src/mimics step stays pending). */
  assumeAdherenceConfirmed?: boolean;
  /** The records hold no record of NSAID use; set true to assume the patient takes none. Default: false (NSAID use unknown, so the src/mimics NSAID step stays pending). */
  assumeNoNsaids?: boolean;
}

/**
 * Mimic gate from src/mimics: builds a {@link FlareContext} per patient from
 * the record's infection tests (latest result of each test: C. difficile NAAT
 * and toxin, bacterial stool culture, ova/cysts/parasites, CMV
 * immunohistochemistry, SeHCAT retention, glucose breath test; an indeterminate
 * latest result counts as not done), ileal resection,
 * immunosuppression (an advanced therapy or systemic steroids in the history, or a thiopurine at
 * baseline), the disease, and the current advanced therapy (its drug, so that
 * weeks on therapy are judged against that drug's induction length from
 * src/drugs), and asks `mimicsExcluded` (src/mimics/workup.ts). A patient with
 * no record is judged on the history alone (no tests, no resection, no thiopurine).
 * Pass the result as `treatmentHistories(records, { mimicsExcluded: gate })`.
 *
 * The records hold no adherence or NSAID use: by default both steps
 * stay pending (so no patient passes the gate); the two `assume…` options
 * state the assumption instead. They also hold no abscess signs or imaging,
 * no dysplasia biopsies, no normal-mucosa-with-diarrhoea finding and no travel,
 * so the abscess, malignancy and microscopic-colitis steps are not indicated
 * here and ova/cysts/parasites are asked for on immunosuppression alone; the
 * Montreal behaviour (B3, penetrating) and the diagnosis date are in the
 * records but are not turned into those flags.
 *
 * @throws InputError when `records` is not an array of patient records or an option is malformed.
 * @example
 * const records = patientRecords(loadCohort("data/uc"));
 * const gate = mimicGate(records, { assumeAdherenceConfirmed: true, assumeNoNsaids: true });
 * treatmentHistories(records, { mimicsExcluded: gate })[0].mimicsExcluded // true (per src/mimics)
 */
export function mimicGate(
  records: readonly PatientRecord[],
  options: MimicGateOptions = {},
): (patientId: string, history: TreatmentHistory) => { excluded: boolean; note?: string } {
  checkRecords(records, ["infectionTests"]);
  if (typeof options !== "object" || options === null)
    throw new InputError({ field: "options", value: options, expected: "an options object" });
  for (const k of ["assumeAdherenceConfirmed", "assumeNoNsaids"] as const)
    if (options[k] !== undefined && typeof options[k] !== "boolean")
      throw new InputError({ field: `options.${k}`, value: options[k], expected: "true, false or absent" });
  const byId = new Map<string, { ileal: boolean; imm: boolean; tests: InfectionTest[] }>();
  for (const rec of records)
    byId.set(rec.patientId, {
      ileal: rec.ilealResection === true,
      imm: rec.immunomodulator === true,
      tests: byDate(rec.infectionTests, (t) => t.date),
    });
  return (patientId, history) => {
    const f = byId.get(patientId);
    const tests = f?.tests ?? [];
    const latest = (test: string) => {
      for (let i = tests.length - 1; i >= 0; i--) if (tests[i].test === test) return tests[i];
      return undefined;
    };
    const outcome = (test: string) => {
      const r = latest(test)?.result;
      return r === "positive" || r === "negative" ? r : undefined;
    };
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
        sehcatRetentionPct: latest("sehcat")?.sehcatRetentionPct ?? undefined,
        glucoseBreathTest: outcome("glucose_breath_test"),
      },
    };
    const verdict = mimicsWorkup(context);
    return { excluded: verdict.excluded, note: verdict.excluded ? undefined : verdict.reasons.join(" ") };
  };
}
