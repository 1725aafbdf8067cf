/**
 * `solveDose(fit, options)`: the smallest maintenance dose whose forecast trough reaches a target
 * with a required posterior probability (issue 18 item 5, "dosing beyond a menu"), never above the
 * labelled maximum unless the caller raises the cap.
 *
 * The forecast trough is `forecastTroughs`'s: the level just before dose `evaluateAfterDoses + 1` of
 * the new schedule, from the same draws of the fit's Laplace posterior (same seed, same draws; every
 * dose tried uses the same draws, common random numbers). P(D) = #{draws with trough(D) >= target} / n.
 *
 * - Linear model: the trough is affine in the dose, trough_i(D) = a_i + b_i D (a_i from the doses
 *   already given, b_i the trough of a unit dose), so each draw's dose is exact,
 *   D_i = max(0, (target - a_i) / b_i), and the smallest D with P(D) >= p is the k-th smallest D_i,
 *   k the least integer with k / n >= p.
 * - Nonlinear model (Michaelis-Menten, TMDD): the trough increases with the dose, so P(D) does too;
 *   bisection on P between 0 and the cap, to `doseToleranceFraction` of the cap.
 *
 * Hand-written: a few lines over mapObjective's predictions; no package solves for a dose on a
 * user's posterior.
 */
import { InputError } from "../core/errors";
import type { Estimate, Reasoned } from "../core/result";
import { assertCount, assertInRange, assertObject, assertOpenUnit, assertPositive, assertWithinLimit } from "../core/validate";
import { checkStartDays, MAX_FORECAST_SIMULATIONS, type MapResult } from "./bayes";
import { checkTimeDays } from "./check";
import {
  checkDraws,
  checkSolverFit,
  type DoseCap,
  estimateFrom,
  fitReasons,
  fmt,
  labelFor,
  laplaceDraws,
  maxDoseAt,
  notConvergedReasons,
  pct,
  predictorAt,
  requiredHits,
  resolveCap,
  smallestPassing,
  weightKgAt,
  withFuture,
} from "./solve-common";

/** Options of {@link solveDose}. */
export interface SolveDoseOptions {
  /** Target trough, ug/mL. Required. */
  targetTroughUgMl: number;
  /** Day of the first new dose (at or after the last observation). Required. */
  startDays: number;
  /** Interval of the new schedule, days (not shorter than the cap's shortest interval). Required. */
  intervalDays: number;
  /** The trough is the level just before dose `evaluateAfterDoses + 1`: 1 to 100. Default 3. */
  evaluateAfterDoses?: number;
  /** Required posterior probability of reaching the target. Default 0.8. */
  probability?: number;
  /** Posterior draws, 1 to 100,000, and draws x bisection steps (nonlinear models) at most 1,000,000. Default 1000. */
  nDraws?: number;
  /** Seed of the draws. Default 11 (as forecastTroughs). */
  seed?: number;
  /** Route of the new doses. Default: the route of the last dose given. */
  route?: "iv" | "sc";
  /** Central probability of the reported trough interval. Default 0.9. */
  confidence?: number;
  /** Bisection tolerance (nonlinear models), as a fraction of the largest dose allowed: 1e-6 to 0.1. Default 0.001. */
  doseToleranceFraction?: number;
  /** Stricter limits, or looser ones with a `reason`. Default: the label's ({@link LABEL_MAXIMA}). */
  cap?: DoseCap;
}

/** Result of {@link solveDose}. */
export interface DoseSolution extends Reasoned {
  /** The unit the dose is solved in: "mg/kg" for a weight-dosed drug (infliximab IV), else "mg". */
  doseUnit: "mg/kg" | "mg";
  /** The dose, mg/kg (weight-dosed drugs; null for flat-dosed ones, or without a dose). */
  doseMgPerKg: number | null;
  /** The dose, mg (for a weight-dosed drug, mg/kg times the weight at `startDays`); null without a dose. */
  doseMg: number | null;
  /** Whether the dose reaches the target with the required probability (false: the cap, which does not). */
  reachesTarget: boolean;
  /** Posterior probability that the trough at the dose reaches the target; null without a dose. */
  probabilityAtTarget: number | null;
  /** Forecast trough at the dose: value at the MAP estimate, interval from the draws; null without a dose. */
  troughUgMl: Estimate | null;
  /** Day of the forecast trough. */
  troughDays: number | null;
  /** The dose whose trough reaches the target at the MAP estimate alone, mg/kg (weight-dosed drugs); null for flat-dosed ones, above the cap or without a fit. */
  mapDoseMgPerKg: number | null;
  /** The same dose in mg (mg/kg times the weight for a weight-dosed drug); null above the cap or without a fit. */
  mapDoseMg: number | null;
  /** Whether the caller raised the cap beyond the label. */
  capRaised: boolean;
  method: string;
}

/**
 * The smallest maintenance dose, given every `intervalDays` from `startDays`, whose forecast trough
 * reaches `targetTroughUgMl` with posterior probability >= `probability`; at most the cap (the label's
 * maximum unless `options.cap` raises it with a reason). Where even the cap falls short, the result is
 * the cap with `reachesTarget: false` and the probability there. See the module header for the
 * algorithm (exact for a linear model, bisection on the probability for a nonlinear one).
 * @throws InputError for a value that is not a mapEstimate result, a start before the last
 * observation, an interval shorter than the cap allows, options out of range, or a cap looser than
 * the label without a reason.
 * @example
 * const history = infliximabRegimen({ untilWeeks: 6 }); // induction at weeks 0, 2 and 6
 * const fit = mapEstimate(INFLIXIMAB_FASANMADE_2009, history, [{ timeDays: 97.9, concentrationUgMl: 1.8 }], { weightKg: 70, albuminGdl: 3.2 });
 * const s = solveDose(fit, { targetTroughUgMl: 5, startDays: 98, intervalDays: 42, nDraws: 200, seed: 1 });
 * s.doseMgPerKg // 8.89 mg/kg every 6 weeks
 * s.probabilityAtTarget // 0.8
 * s.mapDoseMgPerKg // 7.73 mg/kg: the dose at the MAP estimate alone
 */
export function solveDose(fit: MapResult, options: SolveDoseOptions): DoseSolution {
  checkSolverFit(fit);
  const o = assertObject<SolveDoseOptions>(options, "options");
  const target = assertPositive(o.targetTroughUgMl, "options.targetTroughUgMl");
  const start = checkStartDays(fit, o.startDays);
  const interval = checkTimeDays(assertPositive(o.intervalDays, "options.intervalDays"), "options.intervalDays");
  const m = assertCount(o.evaluateAfterDoses ?? 3, "options.evaluateAfterDoses", 1, 100);
  const prob = assertOpenUnit(o.probability ?? 0.8, "options.probability");
  const nDraws = checkDraws(o.nDraws, 1000);
  const conf = assertOpenUnit(o.confidence ?? 0.9, "options.confidence");
  const tolFraction = assertInRange(o.doseToleranceFraction ?? 0.001, "options.doseToleranceFraction", 1e-6, 0.1);
  // nonlinear models: ceil(log2(1 / tolerance)) halvings and the two ends, each nDraws simulations
  const steps = Math.ceil(Math.log2(1 / tolFraction)) + 2;
  if (fit.model.structure !== "linear")
    assertWithinLimit(
      nDraws * steps,
      "options.nDraws x bisection steps",
      MAX_FORECAST_SIMULATIONS,
      "use fewer draws or a larger doseToleranceFraction",
    );
  const label = labelFor(fit, o.route);
  const cap = resolveCap(label, o.cap);
  if (interval < cap.minIntervalDays)
    throw new InputError({
      field: "options.intervalDays",
      value: interval,
      expected: `an interval of at least ${fmt(cap.minIntervalDays)} days (the cap's shortest; raise options.cap.minIntervalDays with a reason to go shorter)`,
    });
  const tTrough = checkTimeDays(start + m * interval, "forecast trough time (options.startDays + evaluateAfterDoses x intervalDays)");
  const weightKg = weightKgAt(fit, start);
  const maxDose = maxDoseAt(cap, interval, weightKg);
  const unit = label.doseUnit;
  const thresholds: Record<string, number | string> = {
    targetTroughUgMl: target,
    probability: prob,
    intervalDays: interval,
    evaluateAfterDoses: m,
    nDraws,
    doseUnit: unit,
    [unit === "mg/kg" ? "maxDoseMgPerKg" : "maxDoseMg"]: maxDose,
    minIntervalDays: cap.minIntervalDays,
  };
  for (const k of ["maxMgPerKg", "maxAmountMg", "maxMgPerDay"] as const) if (cap[k] !== undefined) thresholds[k] = cap[k] as number;
  const none = {
    doseUnit: unit,
    doseMgPerKg: null,
    doseMg: null,
    troughUgMl: null,
    troughDays: null,
    mapDoseMgPerKg: null,
    mapDoseMg: null,
    capRaised: cap.raised,
  };
  if (!fit.converged)
    return { ...none, reachesTarget: false, probabilityAtTarget: null, reasons: notConvergedReasons(fit), thresholds, method: "none" };

  const { draws, mode } = laplaceDraws(fit, nDraws, o);
  const route = label.route;
  const regimenFor = (dose: number) =>
    withFuture(fit, {
      ...(unit === "mg/kg" ? { mgPerKg: dose } : { amountMg: dose }),
      intervalDays: interval,
      startDays: start,
      count: m,
      route,
    });
  /** Troughs at a dose: at the MAP estimate and per draw. */
  const troughsAt = (dose: number) => {
    const predict = predictorAt(fit, regimenFor(dose), [tTrough]);
    const atMode = predict(mode)[0];
    return { atMode, perDraw: Float64Array.from(draws, (e) => predict(e)[0]) };
  };
  const hitsOf = (perDraw: Float64Array) => perDraw.reduce((h, v) => (v >= target ? h + 1 : h), 0);
  const k = requiredHits(prob, nDraws);
  let dose: number;
  let mapDose: number | null;
  let method: string;
  let needed: Float64Array | undefined;
  if (fit.model.structure === "linear") {
    // trough = a + b x dose, per draw: two evaluations solve every dose exactly
    const t0 = troughsAt(0);
    const t1 = troughsAt(1);
    needed = Float64Array.from(t0.perDraw, (a, i) => doseFor(a, t1.perDraw[i] - a, target));
    const sorted = Float64Array.from(needed).sort();
    dose = Math.min(sorted[k - 1], maxDose);
    const mapNeeded = doseFor(t0.atMode, t1.atMode - t0.atMode, target);
    mapDose = mapNeeded <= maxDose ? mapNeeded : null;
    method = `exact: the trough of a linear model is affine in the dose, each of ${nDraws} Laplace posterior draws solved for its dose, then the smallest dose reaching the target in ${pct(prob)} of them`;
  } else {
    const tol = tolFraction * maxDose;
    dose = smallestPassing(0, maxDose, tol, (d) => hitsOf(troughsAt(d).perDraw) >= k);
    mapDose = mapReaches(maxDose, (d) => predictorAt(fit, regimenFor(d), [tTrough])(mode)[0] >= target, tol);
    method = `bisection on the posterior probability (the trough increases with the dose), to ${fmt(tol)} ${unit}, ${nDraws} Laplace posterior draws (common random numbers)`;
  }
  const at = troughsAt(dose);
  // linear: count the draws' exact doses (no rounding of a + b D at the k-th draw's own dose)
  const hits = needed ? needed.reduce((h, d) => (d <= dose ? h + 1 : h), 0) : hitsOf(at.perDraw);
  const reachesTarget = hits >= k;
  const doseMg = unit === "mg/kg" ? dose * weightKg : dose;
  const trough = estimateFrom(at.atMode, at.perDraw, conf, `Laplace posterior, ${nDraws} draws`);
  const doseText = unit === "mg/kg" ? `${fmt(dose)} mg/kg (${fmt(doseMg)} mg at ${fmt(weightKg)} kg)` : `${fmt(dose)} mg`;
  const reasons: string[] = [];
  if (cap.raised) reasons.push(cap.reason);
  reasons.push(
    reachesTarget
      ? `${doseText} every ${fmt(interval)} days from day ${fmt(start)} is the smallest dose whose trough before dose ${m + 1} reaches ${fmt(target)} ug/mL with probability ${pct(hits / nDraws)} (required ${pct(prob)}); forecast trough ${fmt(trough.value)} ug/mL, ${Math.round(100 * conf)} % interval ${fmt(trough.lower)}-${fmt(trough.upper)}.`
      : `Even the largest dose allowed, ${doseText} every ${fmt(interval)} days, reaches ${fmt(target)} ug/mL with probability ${pct(hits / nDraws)} only (required ${pct(prob)}): the result is the cap, not a dose that reaches the target; do not escalate beyond the cap without a reason, check anti-drug antibodies and consider a shorter interval or a switch.`,
  );
  reasons.push(
    mapDose === null
      ? `At the MAP estimate alone the trough stays below ${fmt(target)} ug/mL even at the cap (${fmt(maxDose)} ${unit}).`
      : `At the MAP estimate alone, ${fmt(mapDose)} ${unit} would reach ${fmt(target)} ug/mL (the most likely patient; the dose above covers the uncertainty of the patient's parameters to the required probability).`,
  );
  if (!cap.raised) reasons.push(cap.reason);
  reasons.push(...fitReasons(fit, nDraws));
  return {
    doseUnit: unit,
    doseMgPerKg: unit === "mg/kg" ? dose : null,
    doseMg,
    reachesTarget,
    probabilityAtTarget: hits / nDraws,
    troughUgMl: trough,
    troughDays: tTrough,
    mapDoseMgPerKg: unit === "mg/kg" ? mapDose : null,
    mapDoseMg: mapDose === null ? null : unit === "mg/kg" ? mapDose * weightKg : mapDose,
    capRaised: cap.raised,
    reasons,
    thresholds,
    method,
  };
}

/** The dose of one draw: 0 when the doses given already reach the target, (target - a) / b otherwise. */
function doseFor(a: number, b: number, target: number): number {
  if (a >= target) return 0;
  // b > 0 (a dose adds to the trough), or 0 when the trough underflows: then Infinity, never NaN (target - a > 0)
  return (target - a) / b;
}

/** The MAP estimate's dose by bisection, or null when even the cap does not reach the target. */
function mapReaches(maxDose: number, ok: (d: number) => boolean, tol: number): number | null {
  if (!ok(maxDose)) return null;
  return smallestPassing(0, maxDose, tol, ok);
}
