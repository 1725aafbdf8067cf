/**
 * Live calculator "antigen-sink" (chapter 05, Pharmacokinetics): how a large target burden (TNF in
 * serum and inflamed tissue) consumes infliximab, i.e. target-mediated drug disposition. A patient
 * with much target clears the drug through binding and internalisation of the drug-target complex,
 * so the same dose leaves a lower free trough; at the peaks the sink is saturated and matters less.
 *
 * Calls: `infliximabRegimen` (`../../pk/regimen`: label induction 5 mg/kg at weeks 0, 2, 6, then
 * the chosen dose every `intervalWeeks` for a year from week 14); `simulate` (`../../pk/simulate`)
 * once with the chosen TMDD model, whose baseline target R0 is replaced by the patient's
 * `targetBaselineNm` (`individualParameters` in `../../pk/models`), and once with the model's linear
 * part (the same CL, V1, Q, V2 and their covariate effects, structure "linear", closed form), i.e.
 * the same patient and dose with no target; `troughTarget` (`../../refractory/tdm`) for the
 * infliximab maintenance target drawn on the figure.
 *
 * Models (structure "tmdd-qss" or "tmdd-qss-double", `../../pk/systems/tmdd-qss.ts` and
 * `tmdd-qss-double.ts`): Berends SE et al. 2019, J Pharmacokinet Pharmacodyn 46:543 (QSS, one
 * central target pool) and Ternant D et al. 2021, Pharmaceutics 13:1821 (QSS in the central and the
 * peripheral compartment; `targetBaselineNm` replaces the central baseline only). What each system
 * reports (`Simulation`, `../../pk/simulate.ts`): `concentrationUgMl` is the FREE drug (what drug-level
 * assays measure for these models), `totalUgMl` free + target-bound drug in the central
 * compartment, `freeTargetNm` the free central target, `peripheralFreeTargetNm` the free peripheral
 * target (double model only).
 *
 * Speed (Node 20, warm, measured when this file was written): one ODE integration over 70 weeks at
 * the library's default tolerance plus one closed-form profile, 4-9 ms (the first call, cold, about
 * 30 ms); a larger target burden costs more steps.
 */
import { InputError } from "../../core/errors";
import { assertInRange, assertObject, assertOneOf, optionsObject } from "../../core/validate";
import { PK_MODELS, PUBLISHED_PK_MODELS } from "../../pk/models/index";
import { DEFAULT_INFUSION_DAYS, infliximabRegimen } from "../../pk/regimen";
import { simulate } from "../../pk/simulate";
import type { CovariateName, Covariates, PkModel } from "../../pk/types";
import { axisTitle, type Figure, logAxis, type Trace } from "../../plot/figure";
import { palette, semanticColors, withBaseLayout } from "../../plot/palette";
import { troughTarget } from "../../refractory/tdm";
import type { Calculator, LiveValues, NumberInput } from "../types";

/** Weeks of maintenance after induction (from week 14); the trough is read before the last dose. */
export const ANTIGEN_SINK_MAINTENANCE_WEEKS = 52;

/** The TMDD models of the library (single or double QSS), by id, in the order of `PUBLISHED_PK_MODELS`. */
export const ANTIGEN_SINK_MODEL_IDS: readonly string[] = PUBLISHED_PK_MODELS.filter((m) => m.structure.startsWith("tmdd")).map((m) => m.id);

/** Options of {@link antigenSinkCalculator} (plain JSON). */
export interface AntigenSinkOptions {
  /** TMDD model selected at first. Default "infliximab-berends-2019-qss". */
  modelId?: string;
}

/** Parameters that make up the linear part of a model (drug disposition without target binding). */
const LINEAR_PARAMETERS = ["CL", "V1", "Q", "V2", "KA", "F"];

/**
 * The linear part of a TMDD model: the same clearance, volumes and intercompartmental clearance with
 * their covariate effects and variability, structure "linear", no target. Equal to the TMDD model
 * with every target baseline at 0 (R0 = 0 keeps the total target at 0, so no drug is bound).
 * @throws InputError for a model that is not a TMDD model.
 * @example
 * const lin = linearPartOf(PK_MODELS["infliximab-berends-2019-qss"]);
 * lin.structure // "linear"
 * Object.keys(lin.parameters) // ["CL", "V1", "Q", "V2"]
 */
export function linearPartOf(model: PkModel): PkModel {
  if (!model.structure.startsWith("tmdd")) {
    throw new InputError({
      field: "model.structure",
      value: model.structure,
      expected: "a TMDD model (tmdd-qss, tmdd-qe, tmdd-full, tmdd-qss-double)",
    });
  }
  const keep = (k: string) => LINEAR_PARAMETERS.includes(k);
  return {
    ...model,
    id: `${model.id}-linear-part`,
    label: `${model.label}, linear part (no target)`,
    structure: "linear",
    parameters: Object.fromEntries(Object.entries(model.parameters).filter(([k]) => keep(k))),
    covariateEffects: model.covariateEffects.filter((e) => keep(e.parameter)),
    iiv: Object.fromEntries(Object.entries(model.iiv).filter(([k]) => keep(k))),
    iivCorrelations: model.iivCorrelations?.filter((c) => keep(c.between[0]) && keep(c.between[1])),
  };
}

function readNumber(values: LiveValues, input: NumberInput): number {
  return assertInRange(values[input.name], input.name, input.min, input.max);
}

const fmt = (x: number) => Number(x.toPrecision(3)).toString();

/**
 * The "antigen-sink" live calculator: free and total infliximab trough, free target at trough, and
 * the trough the same dose would give with no target (the model's linear part), for a chosen target
 * burden.
 *
 * Inputs: `modelId` (Berends 2019 QSS or Ternant 2021 double QSS), `targetBaselineNm` (baseline
 * central target, nM, log slider 0.001-100; the models' own baselines are 0.00038 nM of serum TNF in
 * Berends 2019 and 3.3 nM in Ternant 2021), `doseMgPerKg` (maintenance), `weightKg`,
 * `intervalWeeks`. Albumin, which Berends 2019 requires, is held at the model's reference (3.8 g/dL);
 * no antibodies.
 *
 * Outputs (at the trough, just before the last maintenance dose, week 14 + 52 rounded down to the
 * interval): `freeTroughUgMl` (free drug), `totalTroughUgMl` (free + bound, central),
 * `troughLinearUgMl` (no target), `troughRatioToLinear` = free trough / no-target trough,
 * `freeTargetNm` (free central target), `freeTargetFraction` = freeTargetNm / targetBaselineNm,
 * `peripheralFreeTargetNm` (null for a model without a peripheral target), `troughWeek`.
 *
 * QSS algebra (Gibiansky L et al. 2008, J Pharmacokinet Pharmacodyn 35:573): free drug
 * C = ½[(Ctot − Rtot − KSS) + √((Ctot − Rtot − KSS)² + 4 KSS Ctot)], free target Rtot − (Ctot − C).
 * @throws InputError for options that are not plain JSON of the documented form.
 * @example
 * const calc = antigenSinkCalculator();
 * const values = Object.fromEntries(calc.inputs.map((i) => [i.name, i.value]));
 * const r = calc.compute(values); // Berends 2019, 1 nM of target, 5 mg/kg every 8 weeks, 70 kg
 * r.outputs.troughLinearUgMl // 0.949 ug/mL with no target
 * r.outputs.freeTroughUgMl // 0.296 ug/mL: two thirds lost to the sink
 * r.outputs.troughRatioToLinear // 0.311
 * calc.compute({ ...values, targetBaselineNm: 0.001 }).outputs.freeTroughUgMl // 0.948: almost no sink
 * calc.compute({ ...values, targetBaselineNm: 0 }); // throws InputError
 */
export function antigenSinkCalculator(options?: AntigenSinkOptions): Calculator {
  const o = optionsObject(options);
  const initialModel = assertOneOf(o.modelId ?? "infliximab-berends-2019-qss", "options.modelId", ANTIGEN_SINK_MODEL_IDS);
  const target: NumberInput = {
    kind: "number",
    name: "targetBaselineNm",
    label: "Target burden (baseline TNF)",
    unit: "nM",
    help: "Baseline central target. Serum TNF is picomolar; a large inflamed-tissue burden acts as nanomolar.",
    min: 0.001,
    max: 100,
    step: 0.001,
    value: 1,
    log: true,
  };
  const dose: NumberInput = {
    kind: "number",
    name: "doseMgPerKg",
    label: "Maintenance dose",
    unit: "mg/kg",
    help: "Infliximab IV; induction is 5 mg/kg at weeks 0, 2 and 6.",
    min: 1,
    max: 20,
    step: 0.5,
    value: 5,
  };
  const weight: NumberInput = { kind: "number", name: "weightKg", label: "Body weight", unit: "kg", min: 10, max: 200, step: 1, value: 70 };
  const interval: NumberInput = {
    kind: "number",
    name: "intervalWeeks",
    label: "Maintenance interval",
    unit: "weeks",
    min: 2,
    max: 16,
    step: 1,
    value: 8,
  };
  return {
    name: "antigen-sink",
    title: "The antigen sink: target burden against the free infliximab trough",
    chapter: "05 Pharmacokinetics",
    description:
      "Raise the target burden from picomolar to tens of nanomolar: the free trough falls far below the trough the same dose gives without target, while the peaks barely move. Then try a higher dose or a shorter interval.",
    inputs: [
      {
        kind: "select",
        name: "modelId",
        label: "TMDD model",
        options: ANTIGEN_SINK_MODEL_IDS.map((id) => ({ value: id, label: PK_MODELS[id].label })),
        value: initialModel,
      },
      target,
      dose,
      weight,
      interval,
    ],
    outputs: [
      { name: "freeTroughUgMl", label: "Free drug trough", unit: "µg/mL" },
      { name: "totalTroughUgMl", label: "Total drug trough (free + bound)", unit: "µg/mL" },
      { name: "troughLinearUgMl", label: "Trough with no target", unit: "µg/mL" },
      { name: "troughRatioToLinear", label: "Free trough as a share of the no-target trough", percent: true },
      { name: "freeTargetNm", label: "Free target at trough", unit: "nM" },
      { name: "freeTargetFraction", label: "Free target, share of baseline", percent: true },
      { name: "peripheralFreeTargetNm", label: "Free peripheral target at trough", unit: "nM" },
      { name: "troughWeek", label: "Trough read at week", unit: "weeks" },
    ],
    compute(values: LiveValues) {
      const v = assertObject<LiveValues>(values, "values");
      const model = PK_MODELS[assertOneOf(v.modelId, "modelId", ANTIGEN_SINK_MODEL_IDS)];
      const targetBaselineNm = readNumber(v, target);
      const doseMgPerKg = readNumber(v, dose);
      const weightKg = readNumber(v, weight);
      const intervalWeeks = readNumber(v, interval);
      const notes: string[] = [];

      const covariates: Covariates = { weightKg, targetBaselineNm };
      for (const r of model.requiredCovariates) {
        if (covariates[r] !== undefined) continue;
        const ref = model.covariateEffects.find((e) => e.covariate === r && e.form === "power" && e.reference !== undefined)?.reference;
        if (ref === undefined) throw new InputError({ field: "modelId", value: model.id, expected: `a model that needs no ${r}` });
        (covariates as unknown as Record<CovariateName, number>)[r] = ref;
        notes.push(`${r} held at the model's reference value ${fmt(ref)} (effect 1).`);
      }
      const regimen = infliximabRegimen({
        mgPerKg: doseMgPerKg,
        inductionMgPerKg: 5,
        intervalWeeks,
        untilWeeks: 14 + ANTIGEN_SINK_MAINTENANCE_WEEKS,
      });
      const troughDay = Math.max(...regimen.doses.map((d) => d.timeDays));
      // daily grid to one interval after the last dose, plus every infusion end (peaks)
      const grid = new Set<number>();
      const end = Math.floor(troughDay + intervalWeeks * 7);
      for (let t = 0; t <= end; t++) grid.add(t);
      for (const d of regimen.doses) grid.add(d.timeDays + DEFAULT_INFUSION_DAYS);
      const times = Float64Array.from([...grid].sort((a, b) => a - b));
      const j = times.indexOf(troughDay);

      const sim = simulate(model, regimen, covariates, { timesDays: times });
      const lin = simulate(linearPartOf(model), regimen, covariates, { timesDays: times });
      const free = sim.concentrationUgMl[j];
      const linear = lin.concentrationUgMl[j];
      const hasPeripheral = model.structure === "tmdd-qss-double";
      const outputs = {
        freeTroughUgMl: free,
        totalTroughUgMl: sim.totalUgMl[j],
        troughLinearUgMl: linear,
        troughRatioToLinear: free / linear,
        freeTargetNm: sim.freeTargetNm[j],
        freeTargetFraction: sim.freeTargetNm[j] / targetBaselineNm,
        peripheralFreeTargetNm: hasPeripheral ? sim.peripheralFreeTargetNm[j] : null,
        troughWeek: troughDay / 7,
      };
      const aim = troughTarget("infliximab");
      notes.unshift(
        `${model.label}: ${model.citation}.`,
        `Induction 5 mg/kg IV at weeks 0, 2 and 6, then ${doseMgPerKg} mg/kg every ${intervalWeeks} weeks from week 14; typical patient (no random effects); the trough is the level just before the dose at week ${fmt(outputs.troughWeek)}.`,
        `Free trough ${fmt(free)} µg/mL against ${fmt(linear)} µg/mL with no target (${fmt(100 * outputs.troughRatioToLinear)} %); free target at trough ${fmt(outputs.freeTargetNm)} nM (${fmt(100 * outputs.freeTargetFraction)} % of baseline).`,
        `Total adds the drug bound to target in the central compartment; which of the two a measured level is depends on the assay (a drug-sensitive ELISA reads free drug, an assay that dissociates the complex reads total)${model.measuredDrug ? `: this model's source measured ${model.measuredDrug.form} drug` : ""}.`,
      );
      if (hasPeripheral) {
        notes.push(
          `The peripheral target stays at the model's baseline ${fmt(model.parameters.R0P.value)} nM (the slider moves the central one). Its complexes are cleared slowly (${model.parameters.KINTP.value}/day) and hold drug that returns between doses, so with little central target the free trough can exceed the no-target trough; the library flags this model's peripheral target behaviour as unverified.`,
        );
      }

      const x = Array.from(times, (t) => t / 7);
      const data: Trace[] = [
        {
          type: "scatter",
          mode: "lines",
          x,
          y: Array.from(lin.concentrationUgMl),
          line: { color: semanticColors.indeterminate, width: 1.5, dash: "dash" },
          name: "drug, no target",
        },
        {
          type: "scatter",
          mode: "lines",
          x,
          y: Array.from(sim.totalUgMl),
          line: { color: semanticColors.model, width: 1, dash: "dot" },
          name: "total drug",
        },
        {
          type: "scatter",
          mode: "lines",
          x,
          y: Array.from(sim.concentrationUgMl),
          line: { color: semanticColors.model, width: 2 },
          name: "free drug",
        },
        {
          type: "scatter",
          mode: "lines",
          x: [0, x[x.length - 1]],
          y: [aim.targetUgMl, aim.targetUgMl],
          line: { color: semanticColors.threshold, width: 1, dash: "dash" },
          name: `trough target ${fmt(aim.targetUgMl)} µg/mL`,
          hoverinfo: "skip",
        },
        {
          type: "scatter",
          mode: "lines",
          x,
          y: Array.from(sim.freeTargetNm),
          yaxis: "y2",
          line: { color: palette.vermillion, width: 1.5 },
          name: "free target (central)",
        },
      ];
      if (hasPeripheral) {
        data.push({
          type: "scatter",
          mode: "lines",
          x,
          y: Array.from(sim.peripheralFreeTargetNm),
          yaxis: "y2",
          line: { color: palette.purple, width: 1.5, dash: "dashdot" },
          name: "free target (peripheral)",
        });
      }
      const figure: Figure = {
        data,
        layout: withBaseLayout({
          title: { text: `Antigen sink: ${fmt(targetBaselineNm)} nM of target, ${doseMgPerKg} mg/kg every ${intervalWeeks} weeks` },
          xaxis: { title: axisTitle("Time since the first dose", "weeks") },
          yaxis: {
            title: axisTitle("Infliximab concentration (log scale)", "µg/mL"),
            ...logAxis(lin.concentrationUgMl, sim.totalUgMl, sim.concentrationUgMl, [aim.targetUgMl]),
          },
          yaxis2: {
            title: { ...axisTitle("Free target", "nM"), standoff: 12 },
            overlaying: "y",
            side: "right",
            rangemode: "tozero",
            // its own round ticks, not the values at the left axis's gridlines (plotly's "sync" for overlaying axes)
            tickmode: "auto",
            showgrid: false,
            automargin: true,
          },
          legend: { orientation: "h", y: -0.2 },
          margin: { l: 64, r: 64, t: 48, b: 56 },
          height: 420,
          uirevision: "antigen-sink",
        }),
      };
      return { outputs, figure, notes };
    },
  };
}
