/**
 * Functions on the published population PK models: individual parameters from covariates and
 * random effects ({@link individualParameters}), variability and residual error, and TMDD
 * re-expressions ({@link tmddVariant}). The models themselves are data, one per file in
 * `models/` with their citations (see `models/index.ts`, `PK_MODELS`); they are re-exported
 * here so that `from "./models"` keeps working.
 *
 * Units: CL, Q in L/day; V in L; albumin in g/dL; KSS/KD/R0 in nM.
 */
import { InputError } from "../core/errors";
import { pexp, ppow } from "../core/portable-math";
import { assertFinite, finiteOrThrow, optionsObject } from "../core/validate";
import { checkModel } from "./check";
import { validateCovariates } from "./covariates";
import type { CovariateName, Covariates, IndividualParameters, PkModel } from "./types";

export {
  ADALIMUMAB_TERNANT_2015,
  INFLIXIMAB_BERENDS_2019_QSS,
  INFLIXIMAB_FASANMADE_2009,
  INFLIXIMAB_FASANMADE_2011,
  INFLIXIMAB_SONG_2025,
  INFLIXIMAB_TERNANT_2021_DOUBLE,
  PK_MODELS,
  TNF_MW_KDA,
  USTEKINUMAB_XU_2022,
  VEDOLIZUMAB_ROSARIO_2015,
} from "./models/index";

/**
 * A TMDD model re-expressed with another approximation (Mager & Jusko 2001;
 * Gibiansky 2008): `tmdd-qe` uses KD = KSS (rapid binding, no internalisation
 * during binding); `tmdd-full` adds explicit binding with kon (1/nM/day) and
 * koff = KSS*kon - kint, which tends to the QSS model as kon grows (and becomes
 * stiff). For teaching and solver checks.
 * @example tmddVariant(INFLIXIMAB_BERENDS_2019_QSS, "tmdd-full", { konPerNmDay: 50 }).parameters.KON.value // 50
 */
export function tmddVariant(
  model: PkModel,
  structure: "tmdd-qe" | "tmdd-full" | "tmdd-qss",
  options: { konPerNmDay?: number } = {},
): PkModel {
  if (!["tmdd-qss", "tmdd-qe", "tmdd-full"].includes(model.structure))
    throw new InputError({
      field: "model.structure",
      value: model.structure,
      expected: "a single-target TMDD model (tmdd-qss, tmdd-qe or tmdd-full)",
    });
  const p = { ...model.parameters };
  if (structure === "tmdd-qe") p.KD = { ...p.KSS, description: "dissociation constant (QE: KD taken equal to KSS)" };
  if (structure === "tmdd-full") {
    const kon = options.konPerNmDay ?? 50;
    p.KON = { value: kon, unit: "1/nM/day", description: "association rate (chosen)", citation: "chosen for the full Mager-Jusko form" };
  }
  return { ...model, id: `${model.id}-${structure}`, structure, parameters: p, label: `${model.label} [${structure}]` };
}

function flag(c: Covariates, name: keyof Covariates): number {
  return c[name] === true ? 1 : 0;
}

/**
 * Largest random effect accepted, |eta| <= 10: exp(10) multiplies a parameter by 22,000, more than
 * 10 standard deviations for every published IIV here (omega <= 1.1); anything larger is a
 * mistake (e.g. a CV typed as a percentage), not a patient.
 */
export const MAX_ABS_ETA = 10;

/**
 * Individual parameters: typical values times covariate effects times
 * exp(eta) for each random effect given.
 *
 *   P_i = P_typ * prod(effects(covariates)) * exp(eta_P)
 *
 * A `power` effect whose covariate is absent (and not required) is 1, i.e. the
 * patient sits at the reference value.
 * @param etas random effects (log scale) keyed by the model's random effects (the keys of
 * `model.iiv`), each a finite number with |eta| <= {@link MAX_ABS_ETA}. Default: none (typical patient).
 * @throws InputError for a malformed model or covariates, or an eta that is not a finite number or
 * not one of the model's random effects.
 * @example individualParameters(INFLIXIMAB_FASANMADE_2009, { weightKg: 77, albuminGdl: 4.1 }).CL // 0.407
 */
export function individualParameters(model: PkModel, covariates: Covariates, etas?: Record<string, number>): IndividualParameters {
  const m = checkModel(model);
  const e = optionsObject(etas, "etas");
  for (const k of Object.keys(e)) {
    if (!Object.hasOwn(m.iiv, k)) {
      throw new InputError({
        field: `etas.${k}`,
        value: e[k],
        expected: `a random effect of this model: one of ${Object.keys(m.iiv).join(", ")}`,
      });
    }
    const v = assertFinite(e[k], `etas.${k}`);
    if (Math.abs(v) > MAX_ABS_ETA) {
      throw new InputError({ field: `etas.${k}`, value: v, expected: `a random effect (log scale) within ±${MAX_ABS_ETA}` });
    }
  }
  return typicalTimesEtas(m, covariates, e);
}

/** {@link individualParameters} on a checked model and checked etas (the solvers' inner loop). */
function typicalTimesEtas(model: PkModel, covariates: Covariates, etas: Record<string, number>): IndividualParameters {
  const c = validateCovariates(covariates, model.requiredCovariates);
  for (const [name, reason] of Object.entries(model.refusedCovariates ?? {})) {
    const v = c[name as CovariateName];
    if (v !== undefined && v !== false) throw new InputError({ field: `covariates.${name}`, value: v, expected: reason });
  }
  const out: IndividualParameters = {};
  for (const [k, spec] of Object.entries(model.parameters)) out[k] = spec.value;
  for (const e of model.covariateEffects) {
    if (!Object.hasOwn(out, e.parameter)) continue;
    let f = 1;
    if (e.when !== undefined && (c[e.when.covariate] === true) !== e.when.is) continue;
    if (e.form === "multiplier") f = e.coefficient;
    else if (e.form === "power") {
      const v = c[e.covariate];
      // the same bits in a page as in Node (src/core/portable-math.ts)
      if (typeof v === "number") f = ppow(Math.max(v, e.minimum ?? 0) / (e.reference ?? 1), e.coefficient);
    } else if (e.form === "factor") {
      f = e.coefficient ** flag(c, e.covariate);
    } else {
      f = 1 + e.coefficient * flag(c, e.covariate);
    }
    out[e.parameter] *= f;
  }
  // a patient's target burden replaces the typical R0; a random effect on R0 then varies around it
  if (model.structure.startsWith("tmdd") && c.targetBaselineNm !== undefined) out.R0 = c.targetBaselineNm;
  for (const [k, eta] of Object.entries(etas)) out[k] *= pexp(eta);
  for (const [k, v] of Object.entries(out)) {
    finiteOrThrow(v, `individual ${k}`);
    if (v < 0 || (v === 0 && (k === "CL" || k === "V1" || k === "V2"))) {
      throw new InputError(
        { field: `individual ${k}`, value: v, expected: k === "CL" || k === "V1" || k === "V2" ? "a parameter > 0" : "a parameter >= 0" },
        "a covariate effect made the parameter negative (check the covariates and the model's coefficients)",
      );
    }
  }
  return out;
}

// omega^2 = ln(1 + CV^2) and etaVariance (omega^2 as each source defines it) live beside the omega block (pk/omega.ts); re-exported here where they always were
export { omegaSquared } from "./omega-matrix";

/** Residual standard deviation (ug/mL) at a predicted concentration: sqrt((prop*C)^2 + add^2). */
export function residualSdUgMl(model: PkModel, predictedUgMl: number): number {
  const r = model.residual;
  return Math.sqrt((r.proportional * predictedUgMl) ** 2 + r.additiveUgMl ** 2);
}
