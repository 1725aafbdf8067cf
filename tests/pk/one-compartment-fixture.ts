/**
 * A one-compartment test model (CL 0.4 L/day, V 4 L, no covariate effects) with 400 mg given as
 * 2-hour infusions at weeks 0, 2, 6, 14 and 22, and its exact closed-form solution written out here,
 * independent of the library's solvers: the reference of the forecast-evaluation and
 * predictive-performance tests.
 */
import { INFLIXIMAB_FASANMADE_2009 } from "../../src/pk/models";
import type { Regimen } from "../../src/pk/regimen";
import type { PkModel } from "../../src/pk/types";

export const CL = 0.4;
export const V = 4;
export const T = 2 / 24;
export const AMOUNT = 400;
export const DOSE_DAYS = [0, 14, 42, 98, 154];

/** The model: Fasanmade 2009's metadata, one compartment, no covariate effects. */
export function oneCompartment(): PkModel {
  const base = INFLIXIMAB_FASANMADE_2009;
  return {
    ...base,
    id: "one-compartment-test",
    label: "One compartment (test)",
    compartments: 1,
    parameters: { CL: { ...base.parameters.CL, value: CL }, V1: { ...base.parameters.V1, value: V } },
    covariateEffects: [],
    iiv: { CL: { cv: 0.4, citation: "test" }, V1: { cv: 0.2, citation: "test" } },
    requiredCovariates: [],
  };
}

/** 400 mg as 2-hour infusions on DOSE_DAYS. */
export function regimen(): Regimen {
  return {
    name: "400 mg at weeks 0, 2, 6, 14, 22",
    doses: DOSE_DAYS.map((t) => ({ timeDays: t, amountMg: AMOUNT, route: "iv", infusionDays: T })),
  };
}

/** Repeated 2-hour infusions into one compartment, closed form (levels drawn after each infusion's end). */
export function hand(t: number, cl: number, v = V): number {
  const k = cl / v;
  const rate = AMOUNT / T;
  let c = 0;
  for (const d of DOSE_DAYS) if (d + T <= t) c += (rate / cl) * (1 - Math.exp(-k * T)) * Math.exp(-k * (t - d - T));
  return c;
}
