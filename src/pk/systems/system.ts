/**
 * The interface every ODE system of a model structure implements, for the integrators in
 * `../ode.ts`, and the signature of a system builder (one per {@link ModelStructure}, looked up
 * in the table of `../systems.ts`).
 */
import { InputError } from "../../core/errors";
import type { Rhs } from "../ode";
import type { IndividualParameters, ModelStructure } from "../types";

/** A system with its mutable input rate and state-to-output maps. */
export interface PkSystem {
  dim: number;
  rhs: Rhs;
  /** Analytic Jacobian when available (QSS/QE TMDD). */
  jacobian?: (y: Float64Array, jac: Float64Array) => void;
  /** Current zero-order input into the central compartment, mg/day. */
  rateMgDay: number;
  /** Adds an SC dose (mg) to the depot of state y (applies F). */
  addDepot(y: Float64Array, amountMg: number): void;
  /** Free concentration, ug/mL. */
  freeUgMl(y: Float64Array): number;
  /** Total concentration (free + bound), ug/mL; equals free for non-TMDD models. */
  totalUgMl(y: Float64Array): number;
  /** Total (TMDD) or free target, nM; 0 for non-TMDD models. */
  targetNm(y: Float64Array): number;
  /** Free (unbound) central target, nM (TMDD models; absent otherwise). */
  freeTargetNm?(y: Float64Array): number;
  /** Free peripheral target, nM (double-target TMDD; absent otherwise). */
  peripheralFreeTargetNm?(y: Float64Array): number;
  /** Eliminated amount, mg (linear/MM models); 0 otherwise. */
  eliminatedMg(y: Float64Array): number;
  /** Pre-dose state (zero drug, target at baseline). */
  initialState(): Float64Array;
  /** Replaces the parameters (piecewise covariates), keeping the state. */
  setParameters(p: IndividualParameters): void;
}

/** Options of a {@link SystemBuilder}. */
export interface SystemOptions {
  /**
   * Include the absorption (depot) compartment at state index 0. With `false` (IV-only regimens)
   * every other state index shifts down by one. Default: true.
   */
  depot?: boolean;
}

/**
 * Builds the ODE system of one model structure from individual parameters and the drug's
 * molecular weight (kDa, for the mg <-> nmol conversion of TMDD systems).
 */
export type SystemBuilder = (p0: IndividualParameters, molecularWeightKDa: number, options: SystemOptions) => PkSystem;

/** Builders by structure: every {@link ModelStructure} has exactly one. */
export type SystemTable = Readonly<Record<ModelStructure, SystemBuilder>>;

/** The error for an SC dose given to a system built without a depot. */
export function noDepotError(): InputError {
  return new InputError({ field: "regimen", value: "sc", expected: "an IV-only regimen for a system built without a depot" });
}
