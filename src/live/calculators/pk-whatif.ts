/**
 * Live calculator "pk-whatif" (chapter 05, Pharmacokinetics): what a maintenance dose and interval
 * give one patient under any published population PK model of the library, and how the patient's
 * weight, albumin, CRP and anti-drug antibodies move the trough.
 *
 * For the chosen model it builds the drug's labelled induction followed by a year of maintenance at
 * the chosen dose and interval (`infliximabRegimen` for infliximab in mg/kg, `repeatedRegimen` with
 * the induction as loading doses otherwise; `../../pk/regimen`), then:
 * - the typical patient (no random effects): `simulate` (`../../pk/simulate`): closed form for
 *   linear models, Dormand-Prince/RODAS4 for Michaelis-Menten and TMDD models;
 * - seeded virtual patients: `simulatePopulation` and `predictionBands` (`../../pk/population`),
 *   giving the 5th, 50th and 95th percentiles over time and the share of troughs at or above target;
 * - the maintenance trough target of the drug: `troughTarget` (`../../refractory/tdm`), AGA 2017 by
 *   default (infliximab 5, adalimumab 7.5 ug/mL), Papamichael 2019 Table 1 where AGA sets none
 *   (vedolizumab 12, ustekinumab 1 ug/mL).
 *
 * The trough read is the concentration just before the last maintenance dose of the horizon
 * (induction, then maintenance doses every `intervalWeeks` for 52 weeks), i.e. after at least a
 * year of maintenance: at steady state for these antibodies (half-lives of two to four weeks).
 *
 * Speed (Node 20, warm, median of repeated calls on a busy 2-core machine when this file was
 * written): linear models with 500 virtual patients on a 2-day grid 10-20 ms (200 patients: 5-7
 * ms); the ODE models cost far more per patient (about 0.5 ms for vedolizumab, 1.5-3 ms for the TMDD
 * models, at rtol 1e-6), so they use 50 virtual patients by default (`odePatients`): about 33 ms
 * for vedolizumab and 90 ms for the Berends 2019 and Ternant 2021 TMDD models.
 */
import { InputError } from "../../core/errors";
import { assertCount, assertInRange, assertInteger, assertObject, assertOneOf, optionsObject } from "../../core/validate";
import { PK_MODELS } from "../../pk/models/index";
import { predictionBands, simulatePopulation } from "../../pk/population";
import { DEFAULT_INFUSION_DAYS, infliximabRegimen, repeatedRegimen } from "../../pk/regimen";
import { simulate } from "../../pk/simulate";
import type { CovariateName, Covariates, DoseEvent, PkModel, Regimen } from "../../pk/types";
import { axisTitle, type Figure, referenceLine, type Trace } from "../../plot/figure";
import { palette, semanticColors, withBaseLayout } from "../../plot/palette";
import { type TdmTargetPreset, troughTarget } from "../../refractory/tdm";
import type { Calculator, LiveInput, LiveValues, NumberInput, SelectInput } from "../types";

/** Weeks of maintenance simulated after induction; the trough is read before the last dose. */
export const PK_WHATIF_MAINTENANCE_WEEKS = 52;
/** Spacing of the output grid, days (dose starts and infusion ends are added to it). */
export const PK_WHATIF_GRID_DAYS = 2;
/** ODE relative tolerance of the nonlinear models here (the library's default is 1e-8): 3-digit outputs need far less, and it is 2-3 times faster. */
export const PK_WHATIF_ODE_RTOL = 1e-6;

/** The dose unit of the `dose` input. */
export type DoseUnit = "mg/kg" | "mg";

/** How each drug is given: labelled induction, maintenance route and first maintenance week, default maintenance. */
interface DrugSchedule {
  route: "iv" | "sc";
  maintenanceStartWeeks: number;
  /** Induction (loading) doses for a patient of this weight. */
  induction(weightKg: number): DoseEvent[];
  inductionText: string;
  dose: number;
  unit: DoseUnit;
  intervalWeeks: number;
}

const ivMgPerKg = (week: number, mgPerKg: number): DoseEvent => ({ timeDays: week * 7, mgPerKg, route: "iv" });
const flat = (week: number, amountMg: number, route: "iv" | "sc"): DoseEvent => ({ timeDays: week * 7, amountMg, route });

/**
 * Ustekinumab IV induction by weight (Stelara prescribing information, section 2.2): 260 mg up to
 * 55 kg, 390 mg above 55 up to 85 kg, 520 mg above 85 kg (about 6 mg/kg).
 */
function ustekinumabInductionMg(weightKg: number): number {
  return weightKg <= 55 ? 260 : weightKg <= 85 ? 390 : 520;
}

/**
 * Labelled schedules (prescribing information of each drug): infliximab (Remicade, sections
 * 2.1-2.2) 5 mg/kg IV at weeks 0, 2, 6, then every 8 weeks; vedolizumab (Entyvio, section 2.1)
 * 300 mg IV at weeks 0, 2, 6, then every 8 weeks; adalimumab (Humira, Crohn's disease and UC)
 * 160 mg SC at week 0, 80 mg at week 2, then 40 mg every other week from week 4; ustekinumab
 * (Stelara, section 2.2) one weight-tiered IV dose, then 90 mg SC every 8 weeks from week 8.
 */
const SCHEDULES: Readonly<Record<PkModel["drug"], DrugSchedule>> = {
  infliximab: {
    route: "iv",
    maintenanceStartWeeks: 14,
    induction: () => [0, 2, 6].map((w) => ivMgPerKg(w, 5)),
    inductionText: "5 mg/kg IV at weeks 0, 2 and 6",
    dose: 5,
    unit: "mg/kg",
    intervalWeeks: 8,
  },
  vedolizumab: {
    route: "iv",
    maintenanceStartWeeks: 14,
    induction: () => [0, 2, 6].map((w) => flat(w, 300, "iv")),
    inductionText: "300 mg IV at weeks 0, 2 and 6",
    dose: 300,
    unit: "mg",
    intervalWeeks: 8,
  },
  adalimumab: {
    route: "sc",
    maintenanceStartWeeks: 4,
    induction: () => [flat(0, 160, "sc"), flat(2, 80, "sc")],
    inductionText: "160 mg SC at week 0 and 80 mg at week 2",
    dose: 40,
    unit: "mg",
    intervalWeeks: 2,
  },
  ustekinumab: {
    route: "sc",
    maintenanceStartWeeks: 8,
    induction: (w) => [flat(0, ustekinumabInductionMg(w), "iv")],
    inductionText: "one IV dose by weight at week 0 (260 mg up to 55 kg, 390 mg up to 85 kg, 520 mg above)",
    dose: 90,
    unit: "mg",
    intervalWeeks: 8,
  },
};

/** Largest dose accepted, by unit: 20 mg/kg (the largest infliximab dose studied, Remicade PI 12.3) or 1000 mg. */
const MAX_DOSE: Readonly<Record<DoseUnit, number>> = { "mg/kg": 20, mg: 1000 };

/** Options of {@link pkWhatifCalculator} (plain JSON). */
export interface PkWhatifOptions {
  /** Model selected at first (an id of `PK_MODELS`); also sets the initial dose and interval. Default "infliximab-fasanmade-2009". */
  modelId?: string;
  /** Seed of the virtual patients (an integer). Default 1. */
  seed?: number;
  /** Virtual patients for a linear (closed-form) model, 1-5000. Default 500. */
  patients?: number;
  /** Virtual patients for a nonlinear (ODE) model, 1-1000. Default 50 (each integrates an ODE). */
  odePatients?: number;
  /** Source of the trough target (see `troughTarget`). Default "aga-2017". */
  targetPreset?: TdmTargetPreset;
}

/** The regimen the calculator simulates: the drug's labelled induction, then 52 weeks of maintenance. */
export interface WhatifRegimenInput {
  model: PkModel;
  weightKg: number;
  dose: number;
  doseUnit: DoseUnit;
  intervalWeeks: number;
}

/**
 * The regimen of the calculator: the drug's labelled induction, then maintenance doses every
 * `intervalWeeks` from the drug's first maintenance week for {@link PK_WHATIF_MAINTENANCE_WEEKS}
 * weeks (count = floor(52 / interval) + 1). Infliximab in mg/kg uses `infliximabRegimen`; every other
 * case `repeatedRegimen` with the induction as loading doses.
 * @example
 * const r = whatifRegimen({ model: PK_MODELS["vedolizumab-rosario-2015"], weightKg: 70, dose: 300, doseUnit: "mg", intervalWeeks: 8 });
 * r.doses.map((d) => d.timeDays / 7) // [0, 2, 6, 14, 22, 30, 38, 46, 54, 62]
 */
export function whatifRegimen(input: WhatifRegimenInput): Regimen {
  const { model, weightKg, dose, doseUnit, intervalWeeks } = input;
  const s = SCHEDULES[model.drug];
  const count = Math.floor((PK_WHATIF_MAINTENANCE_WEEKS + 1e-9) / intervalWeeks) + 1;
  if (model.drug === "infliximab" && doseUnit === "mg/kg") {
    return infliximabRegimen({
      mgPerKg: dose,
      inductionMgPerKg: 5,
      intervalWeeks,
      untilWeeks: s.maintenanceStartWeeks + PK_WHATIF_MAINTENANCE_WEEKS,
    });
  }
  return repeatedRegimen({
    route: s.route,
    ...(doseUnit === "mg/kg" ? { mgPerKg: dose } : { amountMg: dose }),
    intervalDays: intervalWeeks * 7,
    count,
    startDays: s.maintenanceStartWeeks * 7,
    loading: s.induction(weightKg),
  });
}

/**
 * Output times: every {@link PK_WHATIF_GRID_DAYS} days from 0 to one interval after the last dose,
 * plus every dose start and infusion end (so peaks are not cut), sorted and without duplicates.
 */
function whatifTimes(regimen: Regimen, intervalDays: number, stepDays = PK_WHATIF_GRID_DAYS): Float64Array {
  const last = Math.max(...regimen.doses.map((d) => d.timeDays));
  const set = new Set<number>();
  const n = Math.floor((last + intervalDays) / stepDays + 1e-9);
  for (let i = 0; i <= n; i++) set.add(i * stepDays);
  for (const d of regimen.doses) {
    set.add(d.timeDays);
    if (d.route === "iv") set.add(d.timeDays + (d.infusionDays ?? DEFAULT_INFUSION_DAYS));
  }
  return Float64Array.from([...set].sort((a, b) => a - b));
}

// the published models, then the provisional ones (their labels and notes say so)
const modelOptions = (): SelectInput["options"] => Object.values(PK_MODELS).map((m) => ({ value: m.id, label: m.label }));

function checkOptions(options: PkWhatifOptions | undefined): Required<PkWhatifOptions> {
  const o = optionsObject(options);
  const modelId = assertOneOf(o.modelId ?? "infliximab-fasanmade-2009", "options.modelId", Object.keys(PK_MODELS));
  const seed = assertInteger(o.seed ?? 1, "options.seed", -(2 ** 31));
  const patients = assertCount(o.patients ?? 500, "options.patients", 1, 5000);
  const odePatients = assertCount(o.odePatients ?? 50, "options.odePatients", 1, 1000);
  const targetPreset = assertOneOf(o.targetPreset ?? "aga-2017", "options.targetPreset", ["aga-2017", "papamichael-2019"] as const);
  return { modelId, seed, patients, odePatients, targetPreset };
}

function readNumber(values: LiveValues, input: NumberInput): number {
  return assertInRange(values[input.name], input.name, input.min, input.max);
}

function readBoolean(values: LiveValues, name: string): boolean {
  const v = values[name];
  if (typeof v !== "boolean") throw new InputError({ field: name, value: v, expected: "true or false" });
  return v;
}

/** The reference value of a power effect on `name` in the model (the value at which the effect is 1), if any. */
function referenceOf(model: PkModel, name: CovariateName): number | undefined {
  return model.covariateEffects.find((e) => e.covariate === name && e.form === "power" && e.reference !== undefined)?.reference;
}

const fmt = (x: number) => Number(x.toPrecision(3)).toString();

/**
 * The "pk-whatif" live calculator: the trough of a maintenance regimen under any published
 * population PK model, for the typical patient and across seeded virtual patients, against the
 * drug's maintenance trough target.
 *
 * Inputs: `modelId` (select), `weightKg`, `albuminGdl`, `crpMgL`, `ada` (checkbox), `dose` with
 * `doseUnit` ("mg/kg" or "mg", per administration; the route is the drug's labelled maintenance
 * route: IV for infliximab and vedolizumab, SC for adalimumab and ustekinumab) and `intervalWeeks`.
 * Covariates a model does not use are ignored (a note says which); the `ada` flag is ignored by the
 * models that refuse it (Song 2025 takes antibodies as a level; Ternant 2021 has no antibody effect);
 * a covariate a model requires and the form lacks (Song 2025's BMI) is set at the model's
 * reference value.
 *
 * Outputs: `troughUgMl` (typical patient: the level just before the last maintenance dose),
 * `troughMedianUgMl`, `troughP05UgMl`, `troughP95UgMl` (R type-7 percentiles of the virtual
 * patients, `predictionBands`), `probabilityAboveTarget` (share of virtual patients with trough >=
 * target), `targetUgMl` (`troughTarget(drug)`), `troughWeek` (when the trough is read).
 * References: the models' own (see each model file); Feuerstein JD et al. 2017, Gastroenterology
 * 153:827 and Papamichael K et al. 2019, Curr Opin Gastroenterol 35:302 for the targets.
 * @throws InputError for options that are not plain JSON of the documented form.
 * @example
 * const calc = pkWhatifCalculator({ modelId: "infliximab-fasanmade-2009" });
 * const values = Object.fromEntries(calc.inputs.map((i) => [i.name, i.value]));
 * const r = calc.compute(values); // the defaults: 70 kg, albumin 4 g/dL, 5 mg/kg every 8 weeks
 * r.outputs.targetUgMl // 5: AGA 2017 maintenance target for infliximab
 * r.outputs.troughWeek // 62: before the last dose of a year of maintenance
 * r.outputs.troughUgMl // 1.97 ug/mL, typical patient
 * calc.compute({ ...values, albuminGdl: 3 }).outputs.troughUgMl // 0.331: low albumin, faster clearance
 * calc.compute({ ...values, weightKg: -1 }); // throws InputError
 */
export function pkWhatifCalculator(options?: PkWhatifOptions): Calculator {
  const opts = checkOptions(options);
  const initial = SCHEDULES[PK_MODELS[opts.modelId].drug];
  const weight: NumberInput = {
    kind: "number",
    name: "weightKg",
    label: "Body weight",
    unit: "kg",
    min: 10,
    max: 200,
    step: 1,
    value: 70,
  };
  const albumin: NumberInput = {
    kind: "number",
    name: "albuminGdl",
    label: "Serum albumin",
    unit: "g/dL",
    help: "Low albumin marks protein loss and faster antibody clearance (g/dL; 35 g/L = 3.5 g/dL).",
    min: 1.5,
    max: 5.5,
    step: 0.1,
    value: 4,
  };
  const crp: NumberInput = {
    kind: "number",
    name: "crpMgL",
    label: "C-reactive protein",
    unit: "mg/L",
    help: "Enters clearance only in Song 2025.",
    min: 0,
    max: 300,
    step: 0.5,
    value: 5,
  };
  const dose: NumberInput = {
    kind: "number",
    name: "dose",
    label: "Maintenance dose",
    unit: "per dose unit",
    help: "Per administration; IV for infliximab and vedolizumab, SC for adalimumab and ustekinumab.",
    min: 0.5,
    max: 1000,
    step: 0.5,
    value: initial.dose,
    log: true,
  };
  const interval: NumberInput = {
    kind: "number",
    name: "intervalWeeks",
    label: "Maintenance interval",
    unit: "weeks",
    min: 1,
    max: 16,
    step: 1,
    value: initial.intervalWeeks,
  };
  const inputs: LiveInput[] = [
    { kind: "select", name: "modelId", label: "Population PK model", options: modelOptions(), value: opts.modelId },
    weight,
    albumin,
    crp,
    { kind: "checkbox", name: "ada", label: "Anti-drug antibodies present", value: false },
    dose,
    {
      kind: "select",
      name: "doseUnit",
      label: "Dose unit",
      options: [
        { value: "mg/kg", label: "mg/kg" },
        { value: "mg", label: "mg (flat)" },
      ],
      value: initial.unit,
    },
    interval,
  ];
  return {
    name: "pk-whatif",
    title: "What if: dose, interval and the patient's covariates",
    chapter: "05 Pharmacokinetics",
    description:
      "Pick a published model, then lower the albumin, tick antibodies or stretch the interval: the typical trough, the 5-95 % band of virtual patients and the share reaching the target move together.",
    inputs,
    outputs: [
      { name: "troughUgMl", label: "Trough, typical patient", unit: "µg/mL" },
      { name: "troughMedianUgMl", label: "Median trough, virtual patients", unit: "µg/mL" },
      { name: "troughP05UgMl", label: "5th percentile trough", unit: "µg/mL" },
      { name: "troughP95UgMl", label: "95th percentile trough", unit: "µg/mL" },
      { name: "probabilityAboveTarget", label: "Virtual patients at or above target", percent: true },
      { name: "targetUgMl", label: "Maintenance trough target", unit: "µg/mL" },
      { name: "troughWeek", label: "Trough read at week", unit: "weeks" },
    ],
    compute(values: LiveValues) {
      const v = assertObject<LiveValues>(values, "values");
      const model = PK_MODELS[assertOneOf(v.modelId, "modelId", Object.keys(PK_MODELS))];
      const weightKg = readNumber(v, weight);
      const albuminGdl = readNumber(v, albumin);
      const crpMgL = readNumber(v, crp);
      const ada = readBoolean(v, "ada");
      const doseUnit = assertOneOf(v.doseUnit, "doseUnit", ["mg/kg", "mg"] as const);
      const doseValue = readNumber(v, dose);
      if (doseValue > MAX_DOSE[doseUnit]) {
        throw new InputError({ field: "dose", value: doseValue, expected: `a dose of at most ${MAX_DOSE[doseUnit]} ${doseUnit}` });
      }
      const intervalWeeks = readNumber(v, interval);
      const notes: string[] = [];

      // covariates: those of the form the model can take, and the model's reference for any it requires beyond them
      const used = new Set<CovariateName>([...model.requiredCovariates, ...model.covariateEffects.map((e) => e.covariate)]);
      const covariates: Covariates = { weightKg, albuminGdl, crpMgL };
      const refused = model.refusedCovariates?.ada;
      if (refused === undefined) covariates.ada = ada;
      else if (ada) notes.push(`Antibodies ignored: ${refused}.`);
      for (const r of model.requiredCovariates) {
        if (covariates[r] !== undefined || r === "ada" || r === "female" || r === "immunomodulator" || r === "ulcerativeColitis") continue;
        const ref = referenceOf(model, r);
        if (ref === undefined) {
          throw new InputError({
            field: "modelId",
            value: model.id,
            expected: `a model whose required covariates this form provides (${r})`,
          });
        }
        (covariates as unknown as Record<string, number>)[r] = ref;
        notes.push(`${r} is not on this form; it is set at the model's reference value ${ref} (effect 1).`);
      }
      const unused = (["albuminGdl", "crpMgL", ...(refused === undefined ? ["ada"] : [])] as CovariateName[]).filter((c) => !used.has(c));
      if (unused.length) notes.push(`Not used by this model: ${unused.join(", ")}.`);

      const schedule = SCHEDULES[model.drug];
      const regimen = whatifRegimen({ model, weightKg, dose: doseValue, doseUnit, intervalWeeks });
      const intervalDays = intervalWeeks * 7;
      const times = whatifTimes(regimen, intervalDays);
      const troughDay = Math.max(...regimen.doses.map((d) => d.timeDays));
      const j = times.indexOf(troughDay);
      const ode = model.structure !== "linear";
      const tol = ode ? { rtol: PK_WHATIF_ODE_RTOL } : {};
      const n = ode ? opts.odePatients : opts.patients;

      const typical = simulate(model, regimen, covariates, { timesDays: times, ...tol });
      const pop = simulatePopulation(model, regimen, covariates, { n, timesDays: times, seed: opts.seed, ...tol });
      const bands = predictionBands(pop, [0.05, 0.5, 0.95]);
      const target = troughTarget(model.drug, "maintenance", { targetPreset: opts.targetPreset });
      const T = times.length;
      let hits = 0;
      for (let i = 0; i < n; i++) if (pop.concentrationUgMl[i * T + j] >= target.targetUgMl) hits++;
      const outputs = {
        troughUgMl: typical.concentrationUgMl[j],
        troughMedianUgMl: bands.quantilesUgMl[1][j],
        troughP05UgMl: bands.quantilesUgMl[0][j],
        troughP95UgMl: bands.quantilesUgMl[2][j],
        probabilityAboveTarget: hits / n,
        targetUgMl: target.targetUgMl,
        troughWeek: troughDay / 7,
      };

      const unitText = doseUnit === "mg/kg" ? `${doseValue} mg/kg` : `${doseValue} mg`;
      const drugName = model.drug[0].toUpperCase() + model.drug.slice(1);
      notes.unshift(
        `${model.label}: ${model.citation}.`,
        `Induction ${schedule.inductionText}; then ${unitText} ${schedule.route.toUpperCase()} every ${intervalWeeks} weeks from week ${schedule.maintenanceStartWeeks}; the trough is the level just before the dose at week ${fmt(outputs.troughWeek)}.`,
        `Typical patient ${fmt(outputs.troughUgMl)} µg/mL; ${n} virtual patients (seed ${opts.seed}${ode ? `, ODE rtol ${PK_WHATIF_ODE_RTOL}` : ""}): 5-95 % ${fmt(outputs.troughP05UgMl)}-${fmt(outputs.troughP95UgMl)} µg/mL, ${fmt(100 * outputs.probabilityAboveTarget)} % at or above ${fmt(target.targetUgMl)} µg/mL (${target.source}).`,
      );
      if (ode && n < 200)
        notes.push(`${n} virtual patients keep this ODE model responsive; the percentiles are rough Monte Carlo estimates.`);
      if (model.provisional) notes.unshift(model.provisional);
      if (model.disagreement) notes.push(model.disagreement);
      const unverified = Object.values(model.parameters).filter((p) => p.unverified).length;
      if (unverified) notes.push(`${unverified} of this model's parameters are marked unverified in the library (see its model file).`);

      const x = Array.from(times, (t) => t / 7);
      const color = semanticColors.model;
      const data: Trace[] = [
        {
          type: "scatter",
          mode: "lines",
          x,
          y: Array.from(bands.quantilesUgMl[2]),
          line: { width: 0, color },
          showlegend: false,
          hoverinfo: "skip",
        },
        {
          type: "scatter",
          mode: "lines",
          x,
          y: Array.from(bands.quantilesUgMl[0]),
          line: { width: 0, color },
          fill: "tonexty",
          fillcolor: `${color}33`,
          name: `5-95 % of ${n} virtual patients`,
        },
        {
          type: "scatter",
          mode: "lines",
          x,
          y: Array.from(bands.quantilesUgMl[1]),
          line: { color, width: 1, dash: "dot" },
          name: "median",
        },
        { type: "scatter", mode: "lines", x, y: Array.from(typical.concentrationUgMl), line: { color, width: 2 }, name: "typical patient" },
        {
          type: "scatter",
          mode: "markers",
          x: [outputs.troughWeek],
          y: [outputs.troughUgMl],
          marker: { color: palette.vermillion, size: 9 },
          name: "trough read",
        },
      ];
      const figure: Figure = {
        data,
        layout: withBaseLayout({
          title: { text: `${drugName}: ${unitText} every ${intervalWeeks} weeks (${model.label})` },
          xaxis: { title: axisTitle("Time since the first dose", "weeks") },
          yaxis: { title: axisTitle(`${drugName} concentration`, "µg/mL"), rangemode: "tozero" },
          shapes: [referenceLine("y", target.targetUgMl, { color: semanticColors.threshold })],
          annotations: [
            {
              xref: "paper",
              x: 1,
              xanchor: "right",
              yref: "y",
              y: target.targetUgMl,
              yanchor: "bottom",
              text: `target ${fmt(target.targetUgMl)} µg/mL`,
              showarrow: false,
            },
          ],
          legend: { orientation: "h", y: -0.2 },
          height: 420,
          uirevision: "pk-whatif",
        }),
      };
      return { outputs, figure, notes };
    },
  };
}
