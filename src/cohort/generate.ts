/**
 * Seeded synthetic IBD cohorts (the sample data in data/uc and data/cd).
 *
 * The model is a latent "mucosal inflammatory burden" b(t) in [0, 1] per patient
 * (0 = healed mucosa, 1 = the most severe disease), simulated day by day over 54
 * weeks after the start of a first biologic, coupled to a one-compartment
 * pharmacokinetic model of that biologic. Every observed instrument (symptom
 * scores, endoscopy scores read by two readers, CRP, albumin, calprotectin on two
 * consecutive days, trough levels, ADA, pathway gene expression, strictures,
 * tests for mimics) is a noisy function of b(t), of the patient's hidden traits
 * and of the drug level. The full model, its parameters and their sources are in
 * data/README.md ("Generating model"); the short version:
 *
 * - PK: amount in central compartment A, depot D (SC drugs); daily exact step
 *   with piecewise-constant clearance CL(t) = CL_typ * exp(eta) * (ALB(t)/ALB_ref)^theta_alb
 *   * f_ADA(t) * (1 + k_sink * b(t)). Infliximab: CL 0.407 L/d, V = V1 + V2 = 7.42 L,
 *   (ALB/4.1)^-1.54, IIV CL 37.7 % (Fasanmade 2009, Eur J Clin Pharmacol 65:1211; covariate form as
 *   transcribed in nlmixr2lib, unverified against Table 3); ADA multiplies CL by 2.15 (Berends 2019,
 *   J Pharmacokinet Pharmacodyn 46:543). Adalimumab: CL/F 0.42 L/d, V/F 13.5 L, ka 0.15 /d, ADA
 *   multiplies CL by 5.5 (Ternant 2015 as tabulated by Marquez-Megias 2021, PMC8398570). Vedolizumab:
 *   CL 0.159 (UC) / 0.155 (CD) L/d, V = Vc + Vp = 4.84 L, (ALB/4)^-1.18, (WT/70)^0.362, ADA x1.12
 *   (Rosario 2015, Aliment Pharmacol Ther 42:188; the Michaelis-Menten arm is left out). The sink term
 *   k_sink = 0.3 is OUR assumption standing for target-mediated clearance (chapter: "pharmacodynamic sink").
 * - Doses: the simulation is driven by the administrations the generator writes (administrations.csv):
 *   IV doses go into the central compartment, SC doses (adalimumab; SC infliximab CT-P13 and SC
 *   vedolizumab) into an absorption depot with first-order ka and bioavailability F (see
 *   {@link SC_INFLIXIMAB} and {@link SC_VEDOLIZUMAB}). The label schedules are varied from a separate
 *   seeded stream (dose intensification after a low trough or loss of response, late and missed
 *   doses, SC maintenance), so a patient whose dosing is not varied keeps every value identical.
 * - Levels are written as a lab writes them: below the LLOQ (0.4 ug/mL) as `<0.4`, above the upper
 *   limit (45 ug/mL) as `>45`, never as 0; every level row carries `lloq_ug_ml`.
 * - PD: b relaxes (time constant 21 days) towards b0 * (1 - s * C^2/(C^2 + EC50^2)), where s is the
 *   patient's sensitivity to the drug's mechanism (high when the disease is TNF-driven, low when it is
 *   IL-23/Th17-driven) and EC50 is an assumption near the published maintenance trough targets
 *   (Papamichael 2019, Curr Opin Gastroenterol, Table 1).
 *
 * Randomness only through {@link createRng} (src/core/random.ts), one forked stream per patient, so
 * the files are byte-identical on every machine. Numbers are written with fixed decimals.
 */
import { dayNumber, isoDate } from "../core/dates";
import { InputError } from "../core/errors";
import { createRng, type Rng } from "../core/random";
/** Which disease a cohort has. */
import type { Disease } from "../drugs/types";
import { COHORT_TABLE_NAMES, type CohortTableName } from "./schema";

export type { Disease };

/** Options of {@link generateCohort}. */
export interface GenerateCohortOptions {
  /** Number of patients. Default: 400. */
  n?: number;
  /** Seed of the generator. Default: 20261125 for UC, 20261126 for CD. */
  seed?: number;
  /**
   * Vary the label dosing (intensification, late and missed doses, SC maintenance; see data/README.md).
   * `false` gives every patient the label schedule and changes nothing else: the counterfactual of the
   * variation, patient by patient. Default: true.
   */
  dosingVariation?: boolean;
}

/** The ten tables of one cohort as CSV text, keyed by file name (e.g. `"labs.csv"`). */
export type CohortCsvFiles = Record<CohortTableName, string>;

/** Named teaching patients and what each one shows; ids are stable across runs. */
export const TEACHING_PATIENTS: Record<Disease, Record<string, { caseName: string; description: string }>> = {
  UC: {
    UC001: {
      caseName: "patient_a_symptoms_without_inflammation",
      description:
        "Patient A: symptoms without inflammation (week 30: stool frequency subscore 3, calprotectin 38 ug/g; Mayo endoscopic 0 at week 54; IBS overlap)",
    },
    UC002: {
      caseName: "slr_ada_low_trough",
      description: "Secondary loss of response with anti-drug antibodies and a low infliximab trough (week 54)",
    },
    UC003: {
      caseName: "pnr_adequate_trough",
      description: "Primary non-response with an adequate trough (12 ug/mL at week 14) and no ADA: IL-23/Th17-driven disease",
    },
    UC004: {
      caseName: "acute_severe_uc_iv_steroids",
      description: "Acute severe UC on IV methylprednisolone, no response after 5 days, infliximab rescue",
    },
    UC005: { caseName: "cdiff_mimic", description: "Flare that is a mimic: C. difficile NAAT and toxin positive at baseline" },
    UC006: {
      caseName: "steroid_dependent",
      description: "Steroid-dependent: three prednisone courses, relapse each time on tapering below 10 mg/day",
    },
    UC007: { caseName: "cmv_steroid_refractory", description: "Steroid-refractory UC with CMV in tissue (immunohistochemistry positive)" },
  },
  CD: {
    CD001: {
      caseName: "patient_a_symptoms_without_inflammation",
      description:
        "Patient A: symptoms without inflammation after ileal resection (week 30: HBI 11, calprotectin 42 ug/g; SES-CD 0 at weeks 14 and 54; SeHCAT 3 %: bile acid diarrhoea)",
    },
    CD002: {
      caseName: "patient_b_silent_inflammation",
      description: "Patient B: silent inflammation (week 54: HBI 2, SES-CD 12 by reader 1 and 11 by reader 2, calprotectin 910 ug/g)",
    },
    CD003: {
      caseName: "slr_ada_low_trough",
      description: "Secondary loss of response with anti-drug antibodies and a low infliximab trough (week 54)",
    },
    CD004: {
      caseName: "pnr_adequate_trough",
      description: "Primary non-response with an adequate trough (12 ug/mL at week 14) and no ADA: IL-23/Th17-driven disease",
    },
    CD005: {
      caseName: "fibrotic_stricture_normal_markers",
      description: "Fibrostenotic ileal stricture with normal CRP and calprotectin (obstructive symptoms are mechanical)",
    },
    CD006: { caseName: "steroid_refractory", description: "Steroid-refractory: prednisone 40 mg/day for about 3 weeks without response" },
  },
};

// ---------------------------------------------------------------- helpers

/** Visit weeks (symptoms, labs); 54 is a dosing week for every q2w/q8w schedule. */
const VISIT_WEEKS = [0, 14, 30, 54];
const LEVEL_WEEKS = [2, 6, 14, 30, 54];
const ENDO_WEEKS = [0, 14, 54];

const iso = (day: number): string => isoDate(day);
const dayOf = (date: string): number => dayNumber(date, "date");
function fx(x: number, d: number): string {
  const s = x.toFixed(d);
  return /^-0(\.0+)?$/.test(s) ? s.slice(1) : s;
}
function clip(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}
function pick<T>(rng: Rng, items: readonly T[], weights?: readonly number[]): T {
  if (!weights) return items[rng.int(items.length)];
  const total = weights.reduce((a, b) => a + b, 0);
  let u = rng.uniform() * total;
  for (let i = 0; i < items.length; i++) {
    u -= weights[i];
    if (u < 0) return items[i];
  }
  return items[items.length - 1];
}
function quote(v: string | number): string {
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
function csv(header: string[], rows: (string | number)[][]): string {
  const out = [header.join(",")];
  for (const r of rows) out.push(r.map(quote).join(","));
  return `${out.join("\n")}\n`;
}

// ---------------------------------------------------------------- drugs

/** First-order absorption of an SC form of a drug that is otherwise given IV. */
interface ScForm {
  /** Absorption rate constant (1/day). */
  kaPerDay: number;
  /** Bioavailability of the SC dose (fraction of the dose that reaches the central compartment). */
  bioavailability: number;
}

/**
 * SC infliximab (CT-P13 120 mg): ka 0.273 /day and F 79.1 % (Hanzel J et al. 2021, Aliment Pharmacol
 * Ther 54:1309, "Population pharmacokinetics of subcutaneous infliximab CT-P13 in Crohn's disease and
 * ulcerative colitis", abstract: typical ka 0.273/d, bioavailability 79.1 %). Song 2025 (Gut Liver
 * 19:376; `INFLIXIMAB_SONG_2025` in src/pk/models.ts) reports F 66.7 % at BMI 22.5 and a slower ka; we
 * take Hanzel's values because they come from rich sampling after SC dosing.
 */
const SC_INFLIXIMAB: Readonly<ScForm> = { kaPerDay: 0.273, bioavailability: 0.791 };

/**
 * SC vedolizumab (108 mg): F 0.75, the absolute bioavailability of a single 108 mg SC dose relative to
 * IV given in the Entyvio SC label (EU SmPC section 5.2; US prescribing information 12.3, "approximately
 * 75 %"). ka 0.35 /day is OUR assumption: no published ka was at hand, and 0.35 /day with the linear
 * clearance and volume used here (Rosario 2015) puts the peak about 7 days after an SC dose, the median
 * tmax the label reports.
 */
const SC_VEDOLIZUMAB: Readonly<ScForm> = { kaPerDay: 0.35, bioavailability: 0.75 };

interface DrugModel {
  name: "infliximab" | "adalimumab" | "vedolizumab";
  clLDay: number;
  vL: number;
  /** SC absorption rate (1/day) of a drug given only SC, with apparent CL/F and V/F (F = 1); undefined = IV. */
  kaPerDay?: number;
  /** SC form of an IV drug (SC maintenance), with its own ka and F. */
  scForm?: Readonly<ScForm>;
  albExp: number;
  albRefGdl: number;
  wtExpV: number;
  wtRefKg: number;
  adaFactor: number;
  etaClSd: number;
  ec50UgMl: number;
}

/** Fasanmade 2009 (CL, V1+V2, ALB exponent, IIV); ADA factor 2.15 from Berends 2019. */
const INFLIXIMAB: DrugModel = {
  name: "infliximab",
  clLDay: 0.407,
  vL: 3.29 + 4.13,
  albExp: -1.54,
  albRefGdl: 4.1,
  wtExpV: 0.538,
  wtRefKg: 77,
  adaFactor: 2.15,
  etaClSd: Math.sqrt(Math.log(1 + 0.377 ** 2)),
  ec50UgMl: 2,
  scForm: SC_INFLIXIMAB,
};
/** Ternant 2015 via Marquez-Megias 2021 (apparent CL/F, V/F, ka, ADA 1 + 4.5, IIV 65 %). No albumin effect in that model. */
const ADALIMUMAB: DrugModel = {
  name: "adalimumab",
  clLDay: 0.42,
  vL: 13.5,
  kaPerDay: 0.15,
  albExp: 0,
  albRefGdl: 4,
  wtExpV: 0,
  wtRefKg: 70,
  adaFactor: 5.5,
  etaClSd: Math.sqrt(Math.log(1 + 0.65 ** 2)),
  ec50UgMl: 5,
};
/** Rosario 2015 (linear CL, Vc + Vp, ALB and WT effects, ADA 1.12, IIV CL 34.6 %). */
function vedolizumab(disease: Disease): DrugModel {
  return {
    name: "vedolizumab",
    clLDay: disease === "UC" ? 0.159 : 0.155,
    vL: 3.19 + 1.65,
    albExp: -1.18,
    albRefGdl: 4,
    wtExpV: 0.467,
    wtRefKg: 70,
    adaFactor: 1.12,
    etaClSd: Math.sqrt(Math.log(1 + 0.346 ** 2)),
    ec50UgMl: 12,
    scForm: SC_VEDOLIZUMAB,
  };
}

// ---------------------------------------------------------------- dosing

/** Last day of follow-up (week 54); the week-54 dose is given after the week-54 trough is drawn. */
const LAST_DAY = 54 * 7;
/** Day of the week-14 visit: the primary non-response decision (before that day's dose). */
const PNR_DECISION_DAY = 14 * 7;
/** Day the first biologic is stopped and ustekinumab starts after a primary non-response (week 16). */
const PNR_SWITCH_DAY = 16 * 7;

/** One dose of a biologic actually given (a row of administrations.csv). */
interface Admin {
  day: number;
  doseMg: number;
  route: "IV" | "SC";
}

/** A planned dose: day relative to baseline and amount. */
interface PlannedDose {
  day: number;
  doseMg: number;
}

/** One phase of the first biologic's regimen: one row of treatments.csv and its planned doses. */
interface Segment {
  phase: "induction" | "maintenance";
  route: "IV" | "SC";
  /** Dose per administration as treatments.csv writes it (induction: the first dose). */
  doseMg: number;
  schedule: string;
  doses: PlannedDose[];
  /** Planned interval between maintenance doses (days); 0 for induction. */
  intervalDays: number;
  /** This segment is a dose intensification of the one before. */
  intensified: boolean;
}

/** The first biologic's regimen of one patient, with the deviations from it. */
interface DosingPlan {
  segments: Segment[];
  /** A dose given late: its planned day and the delay (days). */
  late: { day: number; delayDays: number } | null;
  /** Planned day of a dose that was not given. */
  missedDay: number | null;
  /** Day of the first SC maintenance dose of an IV drug (Infinity = none). */
  scDay: number;
  /** Day of the first intensified dose (Infinity = none). */
  intensifiedDay: number;
  /** The infusion unit does not record infusion durations (infusion_hours left empty). */
  blankInfusion: boolean;
}

/** Doses every `intervalDays` from `start` up to week 54. */
function every(start: number, intervalDays: number, doseMg: number): PlannedDose[] {
  const out: PlannedDose[] = [];
  for (let d = start; d <= LAST_DAY; d += intervalDays) out.push({ day: d, doseMg });
  return out;
}

/** Infliximab 5 mg/kg, rounded to 10 mg. */
function infliximab5(weightKg: number): number {
  return Math.round((5 * weightKg) / 10) * 10;
}
/** Infliximab 10 mg/kg, rounded DOWN to 10 mg so that the dose never exceeds 10 mg/kg of the recorded weight. */
function infliximab10(weightKg: number): number {
  return Math.floor((10 * weightKg) / 10) * 10;
}

/**
 * The label regimen of the first 54 weeks, optionally with SC maintenance:
 * - infliximab 5 mg/kg IV weeks 0, 2, 6, then every 8 weeks; or SC maintenance 120 mg every 2 weeks
 *   from week 10 after the three IV induction doses (CT-P13 SC as in the US Zymfentra label, section
 *   2.2: maintenance "starting at week 10" after IV induction; the EU Remsima SC posology has differed);
 * - vedolizumab 300 mg IV weeks 0, 2, 6, then every 8 weeks; or 108 mg SC every 2 weeks from week 6
 *   after two IV doses (Entyvio SC label; the VISIBLE 1 design, NCT02611830, as described by Rosario et
 *   al., ECCO 2019 abstract P529);
 * - adalimumab 160 mg SC week 0, 80 mg week 2, then 40 mg every 2 weeks from week 4.
 */
function labelSegments(drug: DrugModel["name"], weightKg: number, sc: boolean): Segment[] {
  const seg = (
    phase: Segment["phase"],
    route: Segment["route"],
    schedule: string,
    doses: PlannedDose[],
    intervalDays: number,
  ): Segment => ({ phase, route, doseMg: doses[0].doseMg, schedule, doses, intervalDays, intensified: false });
  if (drug === "infliximab") {
    const d5 = infliximab5(weightKg);
    const induction = seg(
      "induction",
      "IV",
      "weeks 0, 2, 6",
      [0, 14, 42].map((day) => ({ day, doseMg: d5 })),
      0,
    );
    if (sc) return [induction, seg("maintenance", "SC", "every 2 weeks (SC)", every(70, 14, 120), 14)];
    return [induction, seg("maintenance", "IV", "every 8 weeks", every(98, 56, d5), 56)];
  }
  if (drug === "vedolizumab") {
    if (sc)
      return [
        seg(
          "induction",
          "IV",
          "weeks 0, 2",
          [0, 14].map((day) => ({ day, doseMg: 300 })),
          0,
        ),
        seg("maintenance", "SC", "every 2 weeks (SC)", every(42, 14, 108), 14),
      ];
    return [
      seg(
        "induction",
        "IV",
        "weeks 0, 2, 6",
        [0, 14, 42].map((day) => ({ day, doseMg: 300 })),
        0,
      ),
      seg("maintenance", "IV", "every 8 weeks", every(98, 56, 300), 56),
    ];
  }
  return [
    seg(
      "induction",
      "SC",
      "160 mg week 0, 80 mg week 2",
      [
        { day: 0, doseMg: 160 },
        { day: 14, doseMg: 80 },
      ],
      0,
    ),
    seg("maintenance", "SC", "every 2 weeks", every(28, 14, 40), 14),
  ];
}

/** How a regimen is intensified: infliximab 10 mg/kg every 8 weeks or 5 mg/kg every 4 weeks, adalimumab 40 mg weekly, vedolizumab 300 mg every 4 weeks. */
type Intensification = "ifx_10mgkg" | "ifx_q4w" | "ada_weekly" | "vdz_q4w";

/** The maintenance segment cut the day before `day`, followed by the intensified regimen from `day`. */
function intensify(plan: DosingPlan, day: number, kind: Intensification, weightKg: number): DosingPlan {
  const segments = plan.segments.slice(0, -1);
  const current = plan.segments[plan.segments.length - 1];
  segments.push({ ...current, doses: current.doses.filter((x) => x.day < day) });
  const [doseMg, intervalDays, schedule] =
    kind === "ifx_10mgkg"
      ? [infliximab10(weightKg), 56, "every 8 weeks"]
      : kind === "ifx_q4w"
        ? [infliximab5(weightKg), 28, "every 4 weeks"]
        : kind === "ada_weekly"
          ? [40, 7, "every week"]
          : [300, 28, "every 4 weeks"];
  segments.push({
    phase: "maintenance",
    route: current.route,
    doseMg,
    schedule,
    doses: every(day, intervalDays, doseMg),
    intervalDays,
    intensified: true,
  });
  // A late or missed dose on the new grid stays only where the interval is unchanged (10 mg/kg every 8 weeks).
  const keep = (d: number) => d < day || intervalDays === current.intervalDays;
  return {
    ...plan,
    segments,
    late: plan.late && keep(plan.late.day) ? plan.late : null,
    missedDay: plan.missedDay !== null && keep(plan.missedDay) ? plan.missedDay : null,
    intensifiedDay: day,
  };
}

/** The doses actually given: planned doses before the stop day, the missed one left out, the late one moved. */
function administered(plan: DosingPlan, stopDay: number): Admin[] {
  const out: Admin[] = [];
  for (const seg of plan.segments) {
    for (const x of seg.doses) {
      if (x.day >= stopDay || x.day === plan.missedDay) continue;
      const day = plan.late && plan.late.day === x.day ? x.day + plan.late.delayDays : x.day;
      out.push({ day, doseMg: x.doseMg, route: seg.route });
    }
  }
  return out.sort((a, b) => a.day - b.day);
}

/** Level days (weeks 2, 6, 14, 30, 54): their doses are never late or missed (the sample is drawn at the dosing visit). */
const LEVEL_DAYS = new Set([2, 6, 14, 30, 54].map((w) => w * 7));

/** Maintenance doses after week 14 that may be given late or missed: not on a level day, not weekly. */
function deviationCandidates(plan: DosingPlan): { day: number; route: "IV" | "SC" }[] {
  const out: { day: number; route: "IV" | "SC" }[] = [];
  for (const seg of plan.segments) {
    if (seg.phase !== "maintenance" || seg.intervalDays < 14) continue;
    for (const x of seg.doses) if (x.day > PNR_DECISION_DAY && !LEVEL_DAYS.has(x.day)) out.push({ day: x.day, route: seg.route });
  }
  return out;
}

/**
 * Dosing variation of one patient, drawn from the patient's own fork of the separate dosing stream
 * (always the same ten draws, whatever is used), so that the main stream, and hence every value of a
 * patient whose dosing is not varied, stays as it was before the variation existed.
 */
interface DosingDraws {
  zHeight: number;
  uSc: number;
  uLate: number;
  uLateWhich: number;
  uLateDelay: number;
  uMissed: number;
  uMissedWhich: number;
  uIntensify: number;
  uIntensifyKind: number;
  uBlankInfusion: number;
}

function drawDosing(rng: Rng): DosingDraws {
  return {
    zHeight: rng.normal(),
    uSc: rng.uniform(),
    uLate: rng.uniform(),
    uLateWhich: rng.uniform(),
    uLateDelay: rng.uniform(),
    uMissed: rng.uniform(),
    uMissedWhich: rng.uniform(),
    uIntensify: rng.uniform(),
    uIntensifyKind: rng.uniform(),
    uBlankInfusion: rng.uniform(),
  };
}

/**
 * Probabilities of the dosing variation (all *assumptions*, chosen so each kind appears in every
 * cohort): SC maintenance for 12 % of infliximab and 20 % of vedolizumab patients; one late
 * maintenance dose for 12 % of patients (IV 3-14 days late; SC 3-7 days, so that a late injection
 * still comes before the next one, which stays on the calendar); one missed maintenance dose for
 * 6 %; intensification for 50 % of the patients who reach a trigger (a trough below the target or a
 * loss of response at a dosing visit of weeks 22-38); infusion durations not recorded for 15 % of
 * patients (their infusion unit does not record them).
 */
const DOSING_P = {
  scInfliximab: 0.12,
  scVedolizumab: 0.2,
  late: 0.12,
  missed: 0.06,
  intensifyWhenTriggered: 0.5,
  blankInfusion: 0.15,
} as const;

/**
 * Trough targets that trigger an intensification at a maintenance visit (ug/mL): infliximab 3,
 * adalimumab 5, vedolizumab 12 (near the maintenance thresholds tabulated by Papamichael 2019, Curr Opin
 * Gastroenterol, Table 1; the exact cut-offs are our assumption).
 */
const TROUGH_TARGET_UG_ML: Record<DrugModel["name"], number> = { infliximab: 3, adalimumab: 5, vedolizumab: 12 };

/** The label plan with the patient's SC switch, late dose and missed dose (no intensification yet). */
function basePlan(p: Patient, u: DosingDraws, vary: boolean): DosingPlan {
  const drug = p.drug.name;
  const scP = drug === "infliximab" ? DOSING_P.scInfliximab : drug === "vedolizumab" ? DOSING_P.scVedolizumab : 0;
  const sc = vary && u.uSc < scP;
  const segments = labelSegments(drug, p.weightKg, sc);
  const plan: DosingPlan = {
    segments,
    late: null,
    missedDay: null,
    scDay: sc ? segments[1].doses[0].day : Number.POSITIVE_INFINITY,
    intensifiedDay: Number.POSITIVE_INFINITY,
    blankInfusion: u.uBlankInfusion < DOSING_P.blankInfusion,
  };
  if (!vary) return plan;
  const candidates = deviationCandidates(plan);
  if (candidates.length > 0 && u.uLate < DOSING_P.late) {
    const c = candidates[Math.floor(u.uLateWhich * candidates.length)];
    const delayDays = c.route === "IV" ? 3 + Math.floor(u.uLateDelay * 12) : 3 + Math.floor(u.uLateDelay * 5);
    plan.late = { day: c.day, delayDays };
  }
  const rest = candidates.filter((c) => c.day !== plan.late?.day);
  if (rest.length > 0 && u.uMissed < DOSING_P.missed) plan.missedDay = rest[Math.floor(u.uMissedWhich * rest.length)].day;
  return plan;
}

/**
 * Reactive dose intensification: at the first dosing visit of weeks 22-38 (given on time) where the
 * simulated trough before the dose is below the drug's target, or the burden has risen since week 14
 * (loss of response: b > 0.3 and at least 0.1 above its week-14 value), the dose is intensified with
 * probability {@link DOSING_P}.intensifyWhenTriggered. Only IV infliximab, IV vedolizumab and adalimumab
 * are intensified (SC infliximab and vedolizumab are not).
 */
function intensification(p: Patient, plan: DosingPlan, u: DosingDraws): { day: number; kind: Intensification } | null {
  if (plan.scDay < Number.POSITIVE_INFINITY) return null;
  const maint = plan.segments[plan.segments.length - 1];
  const b14 = p.b[PNR_DECISION_DAY];
  for (const x of maint.doses) {
    if (x.day < 22 * 7 || x.day > 38 * 7 || x.day === plan.missedDay || x.day === plan.late?.day) continue;
    const low = p.conc[x.day] < TROUGH_TARGET_UG_ML[p.drug.name];
    const lor = p.b[x.day] > 0.3 && p.b[x.day] > b14 + 0.1;
    if (!low && !lor) continue;
    if (u.uIntensify >= DOSING_P.intensifyWhenTriggered) return null;
    const kind: Intensification =
      p.drug.name === "infliximab"
        ? u.uIntensifyKind < 0.5
          ? "ifx_10mgkg"
          : "ifx_q4w"
        : p.drug.name === "adalimumab"
          ? "ada_weekly"
          : "vdz_q4w";
    return { day: x.day, kind };
  }
  return null;
}

/**
 * Height (cm) by sex, normal around 176 cm (M) and 163 cm (F) with sd 7 (*assumption*, near the means of
 * European adults), correlated 0.45 with the patient's weight z-score so that BMI stays plausible;
 * clipped to 145-205 cm.
 */
function heightCm(p: Patient, z: number): number {
  const zWeight = (p.weightKg - (p.sex === "F" ? 66 : 79)) / 13;
  const r = 0.45;
  return clip((p.sex === "F" ? 163 : 176) + 7 * (r * zWeight + Math.sqrt(1 - r * r) * z), 145, 205);
}

// ---------------------------------------------------------------- patient

interface Patient {
  id: string;
  disease: Disease;
  sex: "F" | "M";
  ageYears: number;
  weightKg: number;
  diagnosisDay: number;
  baselineDay: number;
  extent: string;
  behavior: string;
  ilealResection: number;
  smoker: string;
  immunomodulator: number;
  drug: DrugModel;
  pathway: "tnf" | "il23";
  sensitivity: number;
  b0: number;
  adaOnsetDay: number; // Infinity = never
  escapeDay: number; // mechanistic loss of response; Infinity = never
  ibs: number;
  bam: number;
  sibo: number;
  crpOffset: number;
  albBaseGdl: number;
  symptomPropensity: number;
  steroidStatus: "naive" | "responsive" | "dependent" | "refractory" | "iv_refractory";
  cdiff: "none" | "colonised" | "toxin";
  cmv: number;
  stricture: "none" | "inflammatory" | "fibrotic" | "mixed";
  teaching: string;
  etaCl: number;
  etaV: number;
  /** Drawn from the dosing stream (see {@link heightCm}). */
  heightCm: number;
  // filled by simulation
  b: Float64Array;
  conc: Float64Array;
  albumin: Float64Array;
}

interface Tables {
  patients: (string | number)[][];
  visits: (string | number)[][];
  labs: (string | number)[][];
  drug_levels: (string | number)[][];
  administrations: (string | number)[][];
  treatments: (string | number)[][];
  endoscopy: (string | number)[][];
  gene_expression: (string | number)[][];
  strictures: (string | number)[][];
  infection_tests: (string | number)[][];
}

const HEADERS: Record<keyof Tables, string[]> = {
  patients: [
    "patient_id",
    "disease",
    "sex",
    "age_years",
    "weight_kg",
    "height_cm",
    "diagnosis_date",
    "baseline_date",
    "extent",
    "behavior",
    "ileal_resection",
    "smoker",
    "immunomodulator",
    "first_biologic",
    "teaching_case",
    "sim_pathway",
    "sim_ibs_overlap",
    "sim_bile_acid_diarrhea",
    "sim_ada",
    "sim_response",
  ],
  visits: ["patient_id", "visit_date", "week", "instrument", "reading", "score"],
  labs: ["patient_id", "sample_date", "week", "crp_mg_l", "albumin_g_dl", "hemoglobin_g_dl", "calprotectin_ug_g", "calprotectin_day2_ug_g"],
  drug_levels: [
    "patient_id",
    "sample_date",
    "week",
    "drug",
    "trough_ug_ml",
    "lloq_ug_ml",
    "ada_assay",
    "ada_u_ml",
    "ada_threshold_u_ml",
    "ada_result",
  ],
  administrations: ["patient_id", "admin_date", "week", "drug", "dose_mg", "route", "infusion_hours"],
  treatments: [
    "patient_id",
    "drug",
    "drug_class",
    "start_date",
    "stop_date",
    "route",
    "dose_mg",
    "schedule",
    "phase",
    "lowest_dose_mg",
    "stop_reason",
  ],
  endoscopy: ["patient_id", "procedure_date", "week", "instrument", "reader", "score"],
  gene_expression: ["patient_id", "biopsy_date", "week", "gene", "pathway", "log2_expression"],
  strictures: [
    "patient_id",
    "assessment_date",
    "week",
    "location",
    "modality",
    "type",
    "length_mm",
    "min_diameter_mm",
    "prestenotic_dilation_mm",
  ],
  infection_tests: ["patient_id", "test_date", "test", "result", "sehcat_retention_pct", "breath_h2_rise_ppm"],
};

/**
 * Mucosal genes by pathway with a loading on TNF-driven and IL-23/Th17 activity.
 * TNF-driven set: TNF, TNFRSF1A, TNFRSF1B, IL1B, IL6, OSM (OSM and its receptor mark anti-TNF failure:
 * West et al. 2017, Nat Med 23:579). IL-23/Th17 set: IL23A, IL12B, IL17A, IL17F, IL22, RORC, IL23R
 * (the IL-23/Th17 axis as reviewed by Neurath 2014, Nat Rev Immunol 14:329). ACTB and GAPDH are
 * housekeeping controls. Loadings are our assumptions.
 */
const GENES: { gene: string; pathway: string; tnf: number; il23: number }[] = [
  { gene: "TNF", pathway: "tnf", tnf: 1.0, il23: 0.1 },
  { gene: "TNFRSF1A", pathway: "tnf", tnf: 0.6, il23: 0.05 },
  { gene: "TNFRSF1B", pathway: "tnf", tnf: 0.9, il23: 0.1 },
  { gene: "IL1B", pathway: "tnf", tnf: 1.1, il23: 0.2 },
  { gene: "IL6", pathway: "tnf", tnf: 1.2, il23: 0.2 },
  { gene: "OSM", pathway: "tnf", tnf: 1.0, il23: 0.5 },
  { gene: "IL23A", pathway: "il23_th17", tnf: 0.15, il23: 1.0 },
  { gene: "IL12B", pathway: "il23_th17", tnf: 0.1, il23: 0.8 },
  { gene: "IL17A", pathway: "il23_th17", tnf: 0.1, il23: 1.2 },
  { gene: "IL17F", pathway: "il23_th17", tnf: 0.1, il23: 1.0 },
  { gene: "IL22", pathway: "il23_th17", tnf: 0.15, il23: 1.1 },
  { gene: "RORC", pathway: "il23_th17", tnf: 0.05, il23: 0.7 },
  { gene: "IL23R", pathway: "il23_th17", tnf: 0.05, il23: 0.8 },
  { gene: "ACTB", pathway: "housekeeping", tnf: 0, il23: 0 },
  { gene: "GAPDH", pathway: "housekeeping", tnf: 0, il23: 0 },
];

const FIRST_BASELINE_DAY = dayOf("2019-01-07");

function makePatient(rng: Rng, disease: Disease, index: number): Patient {
  const id = `${disease}${String(index).padStart(3, "0")}`;
  const sex = rng.bernoulli(0.5) ? "F" : "M";
  const ageYears = Math.round(clip(rng.lognormal(Math.log(36), 0.35), 17, 85));
  const weightKg = clip(rng.normal(sex === "F" ? 66 : 79, 13), 38, 150);
  const baselineDay = FIRST_BASELINE_DAY + rng.int(5 * 365);
  const diagnosisDay = baselineDay - Math.round(clip(rng.lognormal(Math.log(4 * 365), 0.8), 120, (ageYears - 12) * 365));
  const extent = disease === "UC" ? pick(rng, ["E1", "E2", "E3"], [0.15, 0.4, 0.45]) : pick(rng, ["L1", "L2", "L3"], [0.35, 0.25, 0.4]);
  const strictureDraw = rng.uniform();
  let behavior = "";
  let stricture: Patient["stricture"] = "none";
  if (disease === "CD") {
    behavior = pick(rng, ["B1", "B2", "B3"], [0.6, 0.25, 0.15]);
    if (behavior === "B2" || (behavior === "B3" && strictureDraw < 0.4))
      stricture = pick(rng, ["inflammatory", "fibrotic", "mixed"], [0.3, 0.35, 0.35]);
  } else if (strictureDraw < 0.02) {
    stricture = "fibrotic";
  }
  const ilealResection = disease === "CD" && extent !== "L2" && rng.bernoulli(0.22) ? 1 : 0;
  const smoker = pick(rng, ["never", "former", "current"], disease === "CD" ? [0.5, 0.25, 0.25] : [0.55, 0.38, 0.07]);
  const immunomodulator = rng.bernoulli(0.4) ? 1 : 0;
  const drug = pick(rng, [INFLIXIMAB, ADALIMUMAB, vedolizumab(disease)], disease === "UC" ? [0.6, 0.22, 0.18] : [0.6, 0.3, 0.1]);
  const pathway = rng.bernoulli(0.8) ? "tnf" : "il23";
  const sensitivity =
    drug.name === "vedolizumab"
      ? clip(rng.normal(0.75, 0.15), 0.2, 1)
      : pathway === "tnf"
        ? clip(rng.normal(0.92, 0.06), 0.6, 1)
        : clip(rng.normal(0.35, 0.12), 0.05, 0.6);
  const b0 = clip(rng.normal(0.62, 0.15), 0.3, 1);
  // ADA: SONIC (Colombel 2010, NEJM 362:1383) reported 14.6 % on infliximab alone and 0.9 % with azathioprine
  // at week 30; we enrich to 25 % / 5 % (adalimumab 15 % / 4 %, vedolizumab 4 %) so the cohort has enough SLR cases.
  const pAda =
    drug.name === "vedolizumab" ? 0.04 : drug.name === "infliximab" ? (immunomodulator ? 0.05 : 0.25) : immunomodulator ? 0.04 : 0.15;
  const adaOnsetDay = rng.bernoulli(pAda) ? Math.round(rng.uniform() * 250 + 60) : Number.POSITIVE_INFINITY;
  const escapeDay =
    pathway === "tnf" && drug.name !== "vedolizumab" && rng.bernoulli(0.08)
      ? Math.round(150 + rng.uniform() * 150)
      : Number.POSITIVE_INFINITY;
  // IBS-type symptoms in remission: 39 % (Halpin & Ford 2012), 32.5 % (Fairbrass 2020); we use 33 %.
  const ibs = rng.bernoulli(0.33) ? 1 : 0;
  // Bile acid malabsorption in CD: 90 % after ileal resection (SeHCAT < 5 %); 28 % without resection in
  // tested (symptomatic) patients, for which we use 15 % of the whole unresected cohort. UC: 3 %.
  const bam = rng.bernoulli(disease === "CD" ? (ilealResection ? 0.9 : 0.15) : 0.03) ? 1 : 0;
  const sibo = rng.bernoulli(disease === "CD" ? (ilealResection ? 0.25 : 0.08) : 0.04) ? 1 : 0;
  const crpOffset = rng.normal(0, 0.6);
  const albBaseGdl = rng.normal(4.35, 0.25);
  const symptomPropensity = rng.normal(0, 1);
  let steroidStatus: Patient["steroidStatus"] = pick(
    rng,
    ["naive", "responsive", "dependent", "refractory"] as const,
    disease === "UC" ? [0.08, 0.4, 0.35, 0.17] : [0.15, 0.4, 0.3, 0.15],
  );
  if (disease === "UC" && rng.bernoulli(0.08)) steroidStatus = "iv_refractory";
  const cdiffU = rng.uniform();
  const cdiff = cdiffU < 0.03 ? "toxin" : cdiffU < 0.08 ? "colonised" : "none";
  const cmv = (steroidStatus === "refractory" || steroidStatus === "iv_refractory") && rng.bernoulli(0.2) ? 1 : 0;
  const etaCl = rng.normal(0, drug.etaClSd);
  const etaV = rng.normal(0, 0.2);
  return {
    id,
    disease,
    sex,
    ageYears,
    weightKg,
    diagnosisDay,
    baselineDay,
    extent,
    behavior,
    ilealResection,
    smoker,
    immunomodulator,
    drug,
    pathway,
    sensitivity,
    b0,
    adaOnsetDay,
    escapeDay,
    ibs,
    bam,
    sibo,
    crpOffset,
    albBaseGdl,
    symptomPropensity,
    steroidStatus,
    cdiff,
    cmv,
    stricture,
    teaching: "",
    etaCl,
    etaV,
    heightCm: Number.NaN,
    b: new Float64Array(0),
    conc: new Float64Array(0),
    albumin: new Float64Array(0),
  };
}

/** Sets the hidden traits of the named teaching patients (their observed values follow from the model, plus the pins in `pinTeaching`). */
function shapeTeaching(p: Patient): void {
  const t = TEACHING_PATIENTS[p.disease][p.id];
  if (!t) return;
  p.teaching = t.caseName;
  const tnfResponder = () => {
    p.pathway = "tnf";
    p.sensitivity = 0.97;
    p.adaOnsetDay = Number.POSITIVE_INFINITY;
    p.escapeDay = Number.POSITIVE_INFINITY;
    p.drug = INFLIXIMAB;
    p.etaCl = 0;
    p.immunomodulator = 1;
  };
  switch (p.id) {
    case "UC001":
    case "CD001":
      tnfResponder();
      p.ibs = 1;
      p.symptomPropensity = 1.5;
      p.cdiff = "none";
      p.sibo = 0;
      if (p.disease === "CD") {
        p.ilealResection = 1;
        p.extent = "L1";
        p.bam = 1;
        p.stricture = "none";
        p.behavior = "B1";
      }
      break;
    case "CD002":
      tnfResponder();
      p.sensitivity = 0.55;
      p.b0 = 0.8;
      p.ibs = 0;
      p.bam = 0;
      p.symptomPropensity = -2;
      break;
    case "UC002":
    case "CD003":
      tnfResponder();
      p.immunomodulator = 0;
      p.adaOnsetDay = 150;
      p.b0 = 0.7;
      break;
    case "UC003":
    case "CD004":
      tnfResponder();
      p.pathway = "il23";
      p.sensitivity = 0.1;
      p.b0 = 0.8;
      p.etaCl = -0.5;
      break;
    case "UC004":
      tnfResponder();
      p.b0 = 0.97;
      p.albBaseGdl = 4.0;
      p.crpOffset = 0.8;
      p.steroidStatus = "iv_refractory";
      p.cmv = 0;
      p.cdiff = "none";
      p.extent = "E3";
      break;
    case "UC005":
      p.cdiff = "toxin";
      break;
    case "UC006":
      p.steroidStatus = "dependent";
      break;
    case "UC007":
      p.steroidStatus = "refractory";
      p.cmv = 1;
      break;
    case "CD005":
      tnfResponder();
      p.b0 = 0.35;
      p.stricture = "fibrotic";
      p.behavior = "B2";
      p.extent = "L1";
      p.crpOffset = -0.3;
      break;
    case "CD006":
      p.steroidStatus = "refractory";
      break;
  }
}

/** The day-by-day noise of one patient's simulation (albumin, burden), drawn once so the course can be re-simulated with other doses. */
interface SimNoise {
  albumin: Float64Array;
  burden: Float64Array;
}

/** Draws the noise in the order the simulation always used (albumin, then burden, day by day). */
function drawNoise(rng: Rng): SimNoise {
  const albumin = new Float64Array(LAST_DAY + 1);
  const burden = new Float64Array(LAST_DAY + 1);
  for (let d = 0; d <= LAST_DAY; d++) {
    albumin[d] = rng.normal();
    burden[d] = rng.normal();
  }
  return { albumin, burden };
}

/**
 * Day-by-day PK + inflammation simulation over 0..378 days (54 weeks), driven by the administrations
 * `admins` of the first biologic: an IV dose enters the central compartment, an SC dose the absorption
 * depot (times F for an SC form of an IV drug). A dose on day d is given after that day's trough is
 * recorded. Returns the day the first biologic stops (week 16 after a primary non-response at week 14,
 * else Infinity); doses on or after it are not given.
 */
function simulate(p: Patient, noise: SimNoise, admins: readonly Admin[]): number {
  const nDays = LAST_DAY + 1;
  const b = new Float64Array(nDays);
  const conc = new Float64Array(nDays);
  const albumin = new Float64Array(nDays);
  const drug = p.drug;
  const v = drug.vL * (p.weightKg / drug.wtRefKg) ** drug.wtExpV * Math.exp(p.etaV);
  const alpha = 1 - Math.exp(-1 / 21);
  // SC doses of an IV drug use its SC form; a drug given only SC (adalimumab) has apparent parameters (F = 1).
  const hasDepot = drug.kaPerDay !== undefined || admins.some((a) => a.route === "SC");
  const ka = drug.kaPerDay ?? drug.scForm?.kaPerDay ?? 0;
  const f = drug.kaPerDay !== undefined ? 1 : (drug.scForm?.bioavailability ?? 1);
  if (hasDepot && !(ka > 0)) throw new Error(`no SC absorption model for ${drug.name}`);
  const eka = Math.exp(-ka);
  let central = 0;
  let depot = 0;
  let bb = p.b0;
  let next = 0;
  let stopDay = Number.POSITIVE_INFINITY;
  for (let d = 0; d < nDays; d++) {
    // record the trough state (before today's dose)
    const alb = clip(p.albBaseGdl - 1.3 * bb + 0.05 * noise.albumin[d], 1.5, 5.5);
    albumin[d] = alb;
    conc[d] = central / v;
    b[d] = bb;
    if (d === PNR_DECISION_DAY && stopDay === Number.POSITIVE_INFINITY && bb > 0.6 * p.b0 && bb > 0.25) stopDay = PNR_SWITCH_DAY;
    for (; next < admins.length && admins[next].day === d; next++) {
      if (d >= stopDay) continue;
      if (admins[next].route === "SC") depot += admins[next].doseMg * f;
      else central += admins[next].doseMg;
    }
    const ada = d >= p.adaOnsetDay ? drug.adaFactor : 1;
    const cl = drug.clLDay * Math.exp(p.etaCl) * (alb / drug.albRefGdl) ** drug.albExp * ada * (1 + 0.3 * bb);
    const k = cl / v;
    const ek = Math.exp(-k);
    if (hasDepot) {
      // Exact one-day step of first-order absorption; (e^-k - e^-ka)/(ka - k) -> e^-k as ka -> k.
      central = Math.abs(ka - k) > 1e-9 ? central * ek + (depot * ka * (ek - eka)) / (ka - k) : central * ek + depot * ka * ek;
      depot *= eka;
    } else {
      central *= ek;
    }
    const c = central / v;
    const e = (c * c) / (c * c + drug.ec50UgMl * drug.ec50UgMl);
    let s = d >= p.escapeDay ? p.sensitivity * 0.2 : p.sensitivity;
    let target = p.b0 * (1 - s * e);
    if (d >= stopDay) {
      // second-line drug after primary non-response (ustekinumab): works on IL-23-driven disease.
      s = p.pathway === "il23" ? 0.85 : 0.5;
      target = p.b0 * (1 - s * Math.min(1, (d - stopDay) / 56));
    }
    bb += (target - bb) * alpha;
    bb = clip(bb + 0.004 * noise.burden[d], 0, 1);
  }
  p.b = b;
  p.conc = conc;
  p.albumin = albumin;
  return stopDay;
}

/** What an objective read-out says at week 14 and week 54 (for `sim_response` and stop reasons). */
function responseClass(p: Patient, stopDay: number): string {
  const b14 = p.b[98];
  const b54 = p.b[378];
  if (stopDay < Number.POSITIVE_INFINITY) return "primary_non_response";
  if (b14 > 0.6 * p.b0 && b14 > 0.25) return "primary_non_response";
  if (b54 > 0.3 && b54 > 1.5 * Math.max(b14, 0.05)) return "secondary_loss_of_response";
  return "sustained_response";
}

/**
 * Generates one synthetic cohort as CSV text per table, the doses actually given included
 * (`administrations.csv`, which drives the simulated levels). The model and its sources: data/README.md,
 * "Generating model".
 *
 * @example
 * const files = generateCohort("CD", { n: 50, seed: 1 });
 * Object.keys(files); // ["patients.csv", "visits.csv", "labs.csv", "drug_levels.csv", ...]
 * files["labs.csv"].split("\n")[0]; // "patient_id,sample_date,week,crp_mg_l,albumin_g_dl,hemoglobin_g_dl,calprotectin_ug_g,calprotectin_day2_ug_g"
 * files["administrations.csv"].split("\n")[1]; // "CD001,2020-03-05,0,infliximab,400,IV,2"
 * // the same seed gives the same bytes
 * generateCohort("CD", { n: 50, seed: 1 })["labs.csv"] === files["labs.csv"]; // true
 */
export function generateCohort(disease: Disease, options: GenerateCohortOptions = {}): Record<string, string> {
  if (disease !== "UC" && disease !== "CD") throw new InputError({ field: "disease", value: disease, expected: '"UC" or "CD"' });
  const n = options.n ?? 400;
  if (!Number.isInteger(n) || n < 1 || n > 999) throw new InputError({ field: "n", value: n, expected: "an integer in [1, 999]" });
  const seed = options.seed ?? (disease === "UC" ? 20261125 : 20261126);
  const rng = createRng(seed);
  // Stool microbiology (bacterial culture, ova/cysts/parasites) was added later from its own stream, so
  // that adding it left every value drawn from the main stream, and hence every other row, unchanged.
  const stool = createRng(seed + STOOL_STREAM_OFFSET);
  // Dosing variation and heights were added later too, from a third stream: one fork per patient (one
  // draw of this stream per patient, whatever the patient uses), so a patient whose dosing is not varied
  // keeps every value of the main stream and hence every row of every other table.
  const dosing = createRng(seed + DOSING_STREAM_OFFSET);
  const vary = options.dosingVariation ?? true;
  const t: Tables = {
    patients: [],
    visits: [],
    labs: [],
    drug_levels: [],
    administrations: [],
    treatments: [],
    endoscopy: [],
    gene_expression: [],
    strictures: [],
    infection_tests: [],
  };
  for (let i = 1; i <= n; i++) {
    const prng = rng.fork();
    const p = makePatient(prng, disease, i);
    shapeTeaching(p);
    const noise = drawNoise(prng.fork());
    const draws = drawDosing(dosing.fork());
    p.heightCm = heightCm(p, draws.zHeight);
    // Teaching patients keep the label schedule, so their stories and pinned values stay as told.
    let plan = basePlan(p, draws, vary && p.teaching === "");
    let stopDay = simulate(p, noise, administered(plan, Number.POSITIVE_INFINITY));
    if (vary && p.teaching === "" && stopDay === Number.POSITIVE_INFINITY) {
      // Decided on the course so far (the simulation up to the visit does not depend on later doses), then re-simulated.
      const step = intensification(p, plan, draws);
      if (step) {
        plan = intensify(plan, step.day, step.kind, p.weightKg);
        stopDay = simulate(p, noise, administered(plan, Number.POSITIVE_INFINITY));
      }
    }
    emitPatient(p, prng, t, stopDay, stool, plan);
  }
  pinTeaching(t, disease);
  const out: Record<string, string> = {};
  for (const name of COHORT_TABLE_NAMES) out[`${name}.csv`] = csv(HEADERS[name], t[name]);
  return out;
}

/** Offset of the stool-microbiology stream's seed from the cohort seed (any constant that is not another cohort's seed). */
const STOOL_STREAM_OFFSET = 1_000_003;
/** Offset of the dosing-variation stream's seed (dose deviations, SC switches, intensification draws, heights). */
const DOSING_STREAM_OFFSET = 2_000_029;

/**
 * Lower limit of quantification of the drug-level assays (ug/mL): 0.4 for infliximab, adalimumab and
 * vedolizumab alike (*assumption*: a typical ELISA LLOQ; one value keeps the censoring easy to read).
 */
const LLOQ_UG_ML = 0.4;
/** Upper limit of quantification (ug/mL): a level above it is written `>45` (*assumption*: a typical top calibrator after the lab's standard dilution). */
const ULOQ_UG_ML = 45;

/** A measured level as the lab writes it: `<0.4` below the LLOQ, `>45` above the upper limit, else one decimal. */
function labLevel(c: number): string {
  if (c < LLOQ_UG_ML) return `<${LLOQ_UG_ML}`;
  if (c > ULOQ_UG_ML) return `>${ULOQ_UG_ML}`;
  return fx(c, 1);
}

function emitPatient(p: Patient, rng: Rng, t: Tables, stopDay: number, stool: Rng, plan: DosingPlan): void {
  const day0 = p.baselineDay;
  const response = responseClass(p, stopDay);
  const hasAda = p.adaOnsetDay <= 378 ? 1 : 0;
  t.patients.push([
    p.id,
    p.disease,
    p.sex,
    p.ageYears,
    fx(p.weightKg, 1),
    fx(p.heightCm, 0),
    iso(p.diagnosisDay),
    iso(day0),
    p.extent,
    p.behavior,
    p.disease === "CD" ? p.ilealResection : "",
    p.smoker,
    p.immunomodulator,
    p.drug.name,
    p.teaching,
    p.pathway,
    p.ibs,
    p.bam,
    hasAda,
    response,
  ]);

  // ---- treatments: steroid history before baseline, immunomodulator, 5-ASA, biologic courses
  let cursor = day0 - 30 - rng.int(60);
  const steroidRows: (string | number)[][] = [];
  const nCourses =
    p.steroidStatus === "naive"
      ? 0
      : p.steroidStatus === "dependent"
        ? 2 + rng.int(2)
        : p.steroidStatus === "iv_refractory"
          ? 1
          : 1 + rng.int(2);
  const teachUc006 = p.id === "UC006";
  for (let c = 0; c < (teachUc006 ? 3 : nCourses); c++) {
    const last = c === (teachUc006 ? 2 : nCourses - 1);
    if (p.steroidStatus === "iv_refractory" && last) {
      // IV methylprednisolone 60 mg/day for 3-5 days just before rescue therapy (chapter definition of IV steroid-refractory).
      const days = p.id === "UC004" ? 5 : 3 + rng.int(3);
      steroidRows.push([
        "methylprednisolone",
        "corticosteroid",
        iso(day0 - days),
        iso(day0 - 1),
        "IV",
        60,
        "daily",
        "rescue",
        60,
        "no_response",
      ]);
      continue;
    }
    const refractory = p.steroidStatus === "refractory" && last;
    const dependent = p.steroidStatus === "dependent" || teachUc006;
    const len = refractory ? 14 + rng.int(8) : dependent ? 42 + rng.int(40) : 56 + rng.int(28);
    const stop = cursor;
    const start = stop - len;
    const lowest = refractory ? 40 : dependent ? pick(rng, [7.5, 5]) : 0;
    const reason = refractory
      ? "no_response"
      : dependent
        ? rng.bernoulli(0.7)
          ? "relapse_on_taper"
          : "relapse_after_stop"
        : "taper_complete";
    steroidRows.push(["prednisone", "corticosteroid", iso(start), iso(stop), "oral", 40, "daily, tapered", "course", lowest, reason]);
    cursor = start - (dependent ? 20 + rng.int(60) : 200 + rng.int(400));
  }
  steroidRows.sort((a, b) => String(a[2]).localeCompare(String(b[2])));
  for (const r of steroidRows) t.treatments.push([p.id, ...r]);
  if (p.disease === "UC") {
    t.treatments.push([p.id, "mesalamine", "5-ASA", iso(p.diagnosisDay + 7), "", "oral", 4000, "daily", "maintenance", "", ""]);
  }
  if (p.immunomodulator) {
    const aza = Math.round((2.5 * p.weightKg) / 25) * 25;
    t.treatments.push([
      p.id,
      "azathioprine",
      "immunomodulator",
      iso(day0 - 60 - rng.int(300)),
      "",
      "oral",
      aza,
      "daily",
      "maintenance",
      "",
      "",
    ]);
  }
  // ---- the first biologic: treatments rows per regimen segment, one administration row per dose given
  const drugClass = p.drug.name === "vedolizumab" ? "anti-integrin" : "anti-TNF";
  const pnr = stopDay < Number.POSITIVE_INFINITY;
  const slr = response === "secondary_loss_of_response";
  const given = (seg: Segment) => seg.doses.filter((x) => x.day < stopDay);
  const segments = plan.segments.filter((seg) => given(seg).length > 0);
  segments.forEach((seg, k) => {
    const doses = given(seg);
    const nextSeg = segments[k + 1];
    const last = nextSeg === undefined;
    let stop: string;
    let reason = "";
    if (nextSeg?.intensified) {
      // Intensified: the current maintenance row ends the day before the first intensified dose.
      stop = iso(day0 + nextSeg.doses[0].day - 1);
      reason = "dose_intensified";
    } else if (!last || seg.phase === "induction") {
      stop = iso(day0 + doses[doses.length - 1].day);
    } else if (pnr) {
      stop = iso(day0 + doses[doses.length - 1].day);
      reason = "primary_non_response";
    } else {
      stop = slr ? iso(day0 + LAST_DAY) : "";
      reason = slr ? "secondary_loss_of_response" : "";
    }
    t.treatments.push([
      p.id,
      p.drug.name,
      drugClass,
      iso(day0 + seg.doses[0].day),
      stop,
      seg.route,
      seg.doseMg,
      seg.schedule,
      seg.phase,
      "",
      reason,
    ]);
  });
  // Infusion durations: infliximab 2 h (label minimum), vedolizumab 30 min (label), ustekinumab 1 h (label
  // minimum); empty where the unit does not record them (the loader's default then applies).
  const hours = (h: number) => (plan.blankInfusion ? "" : h);
  const ivHours = p.drug.name === "vedolizumab" ? 0.5 : 2;
  for (const a of administered(plan, stopDay)) {
    t.administrations.push([
      p.id,
      iso(day0 + a.day),
      Math.floor(a.day / 7),
      p.drug.name,
      a.doseMg,
      a.route,
      a.route === "IV" ? hours(ivHours) : "",
    ]);
  }
  if (pnr) {
    // Ustekinumab after a primary non-response: one weight-based IV dose, then 90 mg SC every 8 weeks from 8 weeks later.
    const ust = Math.round(p.weightKg <= 55 ? 260 : p.weightKg <= 85 ? 390 : 520);
    t.treatments.push([
      p.id,
      "ustekinumab",
      "anti-IL-12/23",
      iso(day0 + stopDay),
      iso(day0 + stopDay),
      "IV",
      ust,
      "single weight-based dose",
      "induction",
      "",
      "",
    ]);
    t.treatments.push([
      p.id,
      "ustekinumab",
      "anti-IL-12/23",
      iso(day0 + stopDay + 56),
      "",
      "SC",
      90,
      "every 8 weeks",
      "maintenance",
      "",
      "",
    ]);
    t.administrations.push([p.id, iso(day0 + stopDay), Math.floor(stopDay / 7), "ustekinumab", ust, "IV", hours(1)]);
    for (let d = stopDay + 56; d <= LAST_DAY; d += 56)
      t.administrations.push([p.id, iso(day0 + d), Math.floor(d / 7), "ustekinumab", 90, "SC", ""]);
  }

  // ---- visits, labs
  const cd = p.disease === "CD";
  for (const w of VISIT_WEEKS) {
    const d = w * 7;
    const bb = p.b[d];
    const date = iso(day0 + d);
    const visitNoise = rng.normal(0, 1);
    const mimicBoost = w === 0 && p.cdiff === "toxin" ? 1 : 0;
    if (cd) {
      const hbiLatent = 1 + 9 * bb + 1.8 * p.symptomPropensity + 4 * p.ibs + 3 * p.bam + 2.6 * visitNoise + 3 * mimicBoost;
      const sfLatent = 1 + 4 * bb + 1.0 * p.symptomPropensity + 2 * p.ibs + 3 * p.bam + 1.2 * visitNoise;
      const apLatent = 0.3 + 1.0 * bb + 0.35 * p.symptomPropensity + 0.8 * p.ibs + 0.3 * visitNoise;
      for (const reading of [1, 2]) {
        const hbi = Math.round(clip(hbiLatent + rng.normal(0, 1.2), 0, 40));
        t.visits.push([p.id, date, w, "hbi", reading, hbi]);
      }
      for (const reading of [1, 2]) {
        const sf = Math.max(0, sfLatent + rng.normal(0, 0.6));
        const ap = clip(apLatent + rng.normal(0, 0.25), 0, 3);
        t.visits.push([p.id, date, w, "pro2", reading, fx(2 * sf + 5 * ap, 1)]);
      }
    } else {
      const sfLatent = -0.6 + 2.8 * bb + 0.45 * p.symptomPropensity + 1.1 * p.ibs + 0.9 * p.bam + 0.5 * visitNoise + mimicBoost;
      const rbLatent = -0.75 + 3.3 * bb + 0.2 * p.symptomPropensity + 0.35 * rng.normal();
      for (const reading of [1, 2]) {
        t.visits.push([p.id, date, w, "mayo_stool_frequency", reading, Math.round(clip(sfLatent + rng.normal(0, 0.3), 0, 3))]);
      }
      for (const reading of [1, 2]) {
        t.visits.push([p.id, date, w, "mayo_rectal_bleeding", reading, Math.round(clip(rbLatent + rng.normal(0, 0.25), 0, 3))]);
      }
    }
    const crp = clip(Math.exp(Math.log(1.5) + (cd ? 3.1 : 2.3) * bb + p.crpOffset + rng.normal(0, 0.4) + (mimicBoost ? 1 : 0)), 0.3, 300);
    const hb = clip((p.sex === "M" ? 14.6 : 13.2) - 2.2 * bb + rng.normal(0, 0.7), 6, 18.5);
    const fcpMean = Math.log(35) + (cd ? 3.6 : 3.9) * bb + rng.normal(0, 0.35) + (mimicBoost ? 1 : 0);
    const fcp1 = clip(Math.exp(fcpMean + rng.normal(0, 0.38)), 10, 6000);
    const fcp2 = clip(Math.exp(fcpMean + rng.normal(0, 0.38)), 10, 6000);
    t.labs.push([p.id, date, w, fx(crp, 1), fx(p.albumin[d], 2), fx(hb, 1), Math.round(fcp1), Math.round(fcp2)]);
  }

  // ---- drug levels (first biologic, until it is stopped)
  const tolerant = rng.bernoulli(0.5) || p.teaching !== "";
  for (const w of LEVEL_WEEKS) {
    const d = w * 7;
    if (d > stopDay || (stopDay < Number.POSITIVE_INFINITY && w > 14)) continue;
    // Measured level; written as the lab writes it (censored below the LLOQ and above the upper limit).
    const c = p.conc[d] * Math.exp(rng.normal(0, 0.15)) + rng.normal(0, 0.2);
    const adaTrue =
      d >= p.adaOnsetDay ? Math.exp(Math.log(20) + 0.012 * (d - p.adaOnsetDay) + rng.normal(0, 0.5)) : rng.lognormal(Math.log(1), 0.5);
    const assay = tolerant ? "drug_tolerant_hmsa" : "drug_sensitive_elisa";
    const threshold = tolerant ? 3.1 : 10;
    const measured = tolerant ? adaTrue / 3 : adaTrue * 1.5;
    let result: string;
    let ada = "";
    if (!tolerant && c > 1) {
      result = "inconclusive"; // drug in the sample masks ADA in a drug-sensitive assay
    } else {
      ada = fx(measured, 1);
      result = measured >= threshold ? "positive" : "negative";
    }
    t.drug_levels.push([p.id, iso(day0 + d), w, p.drug.name, labLevel(c), LLOQ_UG_ML, assay, ada, threshold, result]);
  }

  // ---- endoscopy (two readers), gene expression at the same procedure
  for (const w of ENDO_WEEKS) {
    const d = w * 7;
    const bb = p.b[d];
    const date = iso(day0 + d);
    if (cd) {
      // Khanna 2016 (Gut): SES-CD inter-reader SEM 3.07.
      // Reader error grows with the amount of disease to see (ulcer-free mucosa is rarely misread); its
      // average over the cohort is near Khanna's SEM.
      const trueSes = Math.max(0, 24 * bb - 1 + rng.normal(0, 1));
      const sd = 0.6 + 3.2 * Math.min(1, trueSes / 14);
      for (const reader of [1, 2])
        t.endoscopy.push([p.id, date, w, "ses_cd", reader, Math.round(clip(trueSes + rng.normal(0, sd), 0, 56))]);
    } else {
      const trueMayo = 3.5 * bb - 0.1 + rng.normal(0, 0.3);
      const trueUceis = 8.2 * bb - 0.3 + rng.normal(0, 0.5);
      for (const reader of [1, 2])
        t.endoscopy.push([p.id, date, w, "mayo_endoscopic", reader, Math.round(clip(trueMayo + rng.normal(0, 0.35), 0, 3))]);
      for (const reader of [1, 2])
        t.endoscopy.push([p.id, date, w, "uceis", reader, Math.round(clip(trueUceis + rng.normal(0, 0.8), 0, 8))]);
    }
    if (w === 0 || w === 14 || (w === 54 && p.b[d] > 0.3)) {
      const tnfAct = bb * (p.pathway === "tnf" ? 1 : 0.45);
      const escaped = d >= p.escapeDay ? 1 : 0;
      const il23Act = bb * (p.pathway === "il23" || escaped ? 1.1 : 0.35);
      const bio = rng.normal(0, 0.3);
      for (const g of GENES) {
        const v =
          4 * (g.tnf * tnfAct + g.il23 * il23Act) + (g.pathway === "housekeeping" ? rng.normal(0, 0.15) : bio + rng.normal(0, 0.45));
        t.gene_expression.push([p.id, date, w, g.gene, g.pathway, fx(v, 2)]);
      }
    }
  }

  // ---- strictures
  if (p.stricture !== "none") {
    const location = cd
      ? p.extent === "L2"
        ? "colon"
        : pick(rng, ["terminal_ileum", "ileocaecal", "anastomosis"], [0.6, 0.3, p.ilealResection ? 0.3 : 0])
      : "sigmoid";
    const lengthMm = clip(rng.lognormal(Math.log(30), 0.5), 8, 150);
    const fibrous = p.stricture === "fibrotic" ? 1 : p.stricture === "mixed" ? 0.5 : 0.1;
    const fixedNarrowing = 4 + 6 * rng.uniform();
    for (const w of [0, 54]) {
      const bb = p.b[w * 7];
      const swelling = (1 - fibrous) * 8 * bb;
      const minDia = clip(fixedNarrowing + (1 - fibrous) * 8 * (1 - bb) * 0.5 - swelling * 0.3 + rng.normal(0, 0.5), 2, 20);
      const dil = minDia < 10 ? clip(22 + (10 - minDia) * 2.5 + rng.normal(0, 3), 15, 60) : clip(rng.normal(20, 2), 12, 30);
      t.strictures.push([
        p.id,
        iso(day0 + w * 7 - 3),
        w,
        location,
        "mri_enterography",
        p.stricture,
        fx(lengthMm + rng.normal(0, 2), 0),
        fx(minDia, 1),
        fx(dil, 0),
      ]);
    }
  }

  // ---- infection and mimic tests
  const naatPos = p.cdiff !== "none";
  t.infection_tests.push([p.id, iso(day0 - 7), "cdiff_naat", naatPos ? "positive" : "negative", "", ""]);
  if (naatPos) t.infection_tests.push([p.id, iso(day0 - 7), "cdiff_toxin", p.cdiff === "toxin" ? "positive" : "negative", "", ""]);
  // Bacterial stool culture and ova, cysts and parasites on the same sample (every patient is on a biologic,
  // which the mimic workup counts as immunosuppression). Positive 3 % and 1 % (*assumption*), drawn from the
  // separate `stool` stream (two draws per patient, always) and independent of the simulated course;
  // the teaching patients are negative, so their stories stay as told.
  const culturePos = stool.bernoulli(0.03);
  const ovaParasitesPos = stool.bernoulli(0.01);
  const teaching = p.teaching !== "";
  t.infection_tests.push([p.id, iso(day0 - 7), "stool_culture", culturePos && !teaching ? "positive" : "negative", "", ""]);
  t.infection_tests.push([p.id, iso(day0 - 7), "stool_ova_parasites", ovaParasitesPos && !teaching ? "positive" : "negative", "", ""]);
  if (p.steroidStatus === "refractory" || p.steroidStatus === "iv_refractory") {
    if (p.disease === "UC" || rng.bernoulli(0.3))
      t.infection_tests.push([p.id, iso(day0 - 5), "cmv_ihc", p.cmv ? "positive" : "negative", "", ""]);
  }
  // Symptoms without inflammation at week 30 trigger the work-up for bile acid diarrhoea and SIBO.
  const b30 = p.b[210];
  const symptomatic = p.ibs || p.bam || p.sibo;
  if ((b30 < 0.2 && symptomatic) || (cd && p.ilealResection)) {
    if (cd || p.bam) {
      // SeHCAT 7-day retention < 5 %: severe bile acid malabsorption; 5-15 % mild/moderate.
      const ret = p.bam ? clip(rng.lognormal(Math.log(4), 0.4), 0.5, 14) : clip(rng.lognormal(Math.log(28), 0.35), 10, 60);
      t.infection_tests.push([p.id, iso(day0 + 217), "sehcat", ret < 15 ? "positive" : "negative", fx(ret, 1), ""]);
    }
    // Glucose hydrogen breath test: positive with a rise >= 20 ppm within 90 min (Rezaie 2017, Am J Gastroenterol 112:775).
    const rise = p.sibo ? clip(rng.normal(35, 10), 20, 90) : clip(rng.lognormal(Math.log(6), 0.6), 0, 19);
    t.infection_tests.push([p.id, iso(day0 + 224), "glucose_breath_test", rise >= 20 ? "positive" : "negative", "", fx(rise, 0)]);
  }
}

type Setter = (table: keyof Tables, match: (r: (string | number)[]) => boolean, col: string, value: string | number) => void;
function pinLevel(set: Setter, id: string, week: number, trough: string, ada: string, result: string): void {
  const m = (r: (string | number)[]) => r[0] === id && r[2] === week;
  set("drug_levels", m, "trough_ug_ml", trough);
  set("drug_levels", m, "ada_assay", "drug_tolerant_hmsa");
  set("drug_levels", m, "ada_u_ml", ada);
  set("drug_levels", m, "ada_threshold_u_ml", 3.1);
  set("drug_levels", m, "ada_result", result);
}

/** Pins the headline numbers of the teaching patients so the notebooks can quote them exactly. */
function pinTeaching(t: Tables, disease: Disease): void {
  const set: Setter = (table, match, col, value) => {
    const ci = HEADERS[table].indexOf(col);
    let hit = 0;
    for (const r of t[table]) {
      if (match(r)) {
        r[ci] = value;
        hit++;
      }
    }
    if (hit === 0) throw new Error(`teaching pin found no row in ${table} for ${col}`);
  };
  const at = (id: string, week: number) => (r: (string | number)[]) => r[0] === id && r[2] === week;
  const atI = (id: string, week: number, instr: string) => (r: (string | number)[]) => r[0] === id && r[2] === week && r[3] === instr;
  if (disease === "UC") {
    set("visits", atI("UC001", 30, "mayo_stool_frequency"), "score", 3);
    set("visits", atI("UC001", 30, "mayo_rectal_bleeding"), "score", 0);
    set("endoscopy", atI("UC001", 14, "mayo_endoscopic"), "score", 1);
    set("endoscopy", atI("UC001", 54, "mayo_endoscopic"), "score", 0);
    set("labs", at("UC001", 30), "calprotectin_ug_g", 38);
    set("labs", at("UC001", 30), "calprotectin_day2_ug_g", 45);
    pinLevel(set, "UC002", 54, "0.4", "48.0", "positive");
    pinLevel(set, "UC003", 14, "12.0", "0.4", "negative");
    set("visits", atI("UC004", 0, "mayo_stool_frequency"), "score", 3);
    set("visits", atI("UC004", 0, "mayo_rectal_bleeding"), "score", 3);
    set("labs", at("UC004", 0), "crp_mg_l", "96.0");
    set("labs", at("UC004", 0), "albumin_g_dl", "2.60");
  } else {
    set("visits", atI("CD001", 30, "hbi"), "score", 11);
    set("endoscopy", atI("CD001", 14, "ses_cd"), "score", 0);
    set("endoscopy", atI("CD001", 54, "ses_cd"), "score", 0);
    set("labs", at("CD001", 30), "calprotectin_ug_g", 42);
    set("labs", at("CD001", 30), "calprotectin_day2_ug_g", 51);
    set("infection_tests", (r) => r[0] === "CD001" && r[2] === "sehcat", "sehcat_retention_pct", "3.0");
    set("visits", atI("CD002", 54, "hbi"), "score", 2);
    set("visits", atI("CD002", 54, "pro2"), "score", "6.0");
    set("endoscopy", (r) => r[0] === "CD002" && r[2] === 54 && r[4] === 1, "score", 12);
    set("endoscopy", (r) => r[0] === "CD002" && r[2] === 54 && r[4] === 2, "score", 11);
    set("labs", at("CD002", 54), "calprotectin_ug_g", 910);
    set("labs", at("CD002", 54), "calprotectin_day2_ug_g", 780);
    pinLevel(set, "CD003", 54, "0.6", "36.0", "positive");
    pinLevel(set, "CD004", 14, "12.0", "0.5", "negative");
    set("labs", (r) => r[0] === "CD005", "crp_mg_l", "1.8");
    set("labs", (r) => r[0] === "CD005", "calprotectin_ug_g", 64);
    set("labs", (r) => r[0] === "CD005", "calprotectin_day2_ug_g", 71);
    set("strictures", (r) => r[0] === "CD005", "length_mm", "45");
    set("strictures", (r) => r[0] === "CD005", "min_diameter_mm", "5.0");
    set("strictures", (r) => r[0] === "CD005", "prestenotic_dilation_mm", "35");
  }
}
