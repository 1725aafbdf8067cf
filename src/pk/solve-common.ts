/**
 * Shared internals of the dose solvers (`solveDose`, `longestInterval`, `timeToThreshold`; issue 18
 * item 5): the checked fit, the draws of its Laplace posterior (drawn exactly as `forecastTroughs`
 * draws them, so that the same seed gives the same draws and a solver's probability is the one
 * `forecastTroughs` reports for the same regimen), the cap (the label's maxima, or the caller's
 * stricter or explicitly raised ones), the future regimen and the reasons every solver gives about
 * the fit.
 *
 * The fit's checks, its Laplace draws, the future schedule and the last observation are bayes.ts's
 * own (`checkFit`, `laplaceDraws`, `buildFuture`, `lastObservationDays`), so a solver and
 * `forecastTroughs` forecast from the same draws of the same checked fit.
 */
import { InputError } from "../core/errors";
import type { Estimate } from "../core/result";
import { assertCount, assertInRange, assertOneOf, optionsObject } from "../core/validate";
import { buildFuture, checkFit, drugMeasureOf, levelsText, MAX_DRAWS, type MapResult, mapObjective } from "./bayes";
import { covariatePieces, covariatesAt } from "./covariates";
import { LABEL_MAXIMA, type LabelMaximum, labelMaximumFor } from "./label-maxima";
import { cholesky } from "./optim";
import type { Regimen } from "./types";

/**
 * A cap on the suggested dose: stricter values than the label are always allowed; a looser one
 * needs a non-empty `reason`, and the result then says the suggestion may exceed the label.
 */
export interface DoseCap {
  /** Largest dose, mg/kg (at most {@link CAP_CEILING}.maxMgPerKg). */
  maxMgPerKg?: number;
  /** Largest dose, mg (at most {@link CAP_CEILING}.maxAmountMg). */
  maxAmountMg?: number;
  /** Shortest interval, days (at least {@link CAP_CEILING}.minIntervalDays, at most 730). */
  minIntervalDays?: number;
  /** Largest amount per day, dose / interval, mg/day (at most {@link CAP_CEILING}.maxMgPerDay). */
  maxMgPerDay?: number;
  /** Why the cap is raised beyond the label; required for any value looser than the label's. */
  reason?: string;
}

/**
 * The loosest cap a caller may set, whatever the reason: 20 mg/kg (the largest single infliximab
 * infusion studied: Remicade prescribing information section 12.3, pharmacokinetics of single
 * infusions of 3 to 20 mg/kg, and section 10, single doses up to 20 mg/kg given without direct toxic
 * effect; read in J&J Medical Information's summary, 2025), 2000 mg, 200 mg/day, an interval of
 * 1 day. Beyond these a "dose" is outside any studied range and the solvers refuse it.
 */
export const CAP_CEILING = { maxMgPerKg: 20, maxAmountMg: 2000, maxMgPerDay: 200, minIntervalDays: 1 } as const;

/** A cap in force: the label's maxima, tightened or (with a reason) raised by the caller. */
export interface ResolvedCap {
  label: LabelMaximum;
  maxMgPerKg?: number;
  maxAmountMg?: number;
  maxMgPerDay?: number;
  minIntervalDays: number;
  /** Whether some limit is looser than the label's. */
  raised: boolean;
  /** The sentence saying what cap applies and, when raised, why. */
  reason: string;
}

const UPPER = ["maxMgPerKg", "maxAmountMg", "maxMgPerDay"] as const;

/** Describes limits in words: "at most 10 mg/kg a dose, every 28 days at the shortest". */
export function describeLimits(l: { maxMgPerKg?: number; maxAmountMg?: number; maxMgPerDay?: number; minIntervalDays: number }): string {
  const parts: string[] = [];
  if (l.maxMgPerKg !== undefined) parts.push(`${fmt(l.maxMgPerKg)} mg/kg`);
  if (l.maxAmountMg !== undefined) parts.push(`${fmt(l.maxAmountMg)} mg`);
  const dose = parts.length ? `at most ${parts.join(" and ")} a dose, ` : "";
  const perDay = l.maxMgPerDay !== undefined ? `, at most ${fmt(l.maxMgPerDay)} mg a day` : "";
  return `${dose}every ${fmt(l.minIntervalDays)} days at the shortest${perDay}`;
}

/**
 * The cap in force for a drug and route: the label's row of {@link LABEL_MAXIMA}, each limit
 * replaced by the caller's when stricter, or when looser and `cap.reason` is given.
 * @throws InputError for a limit outside {@link CAP_CEILING}, or a looser limit without a reason.
 */
export function resolveCap(label: LabelMaximum, cap: unknown): ResolvedCap {
  const c = optionsObject(cap as DoseCap | undefined, "options.cap");
  const given = {
    maxMgPerKg: c.maxMgPerKg === undefined ? undefined : assertInRange(c.maxMgPerKg, "options.cap.maxMgPerKg", 0, CAP_CEILING.maxMgPerKg),
    maxAmountMg:
      c.maxAmountMg === undefined ? undefined : assertInRange(c.maxAmountMg, "options.cap.maxAmountMg", 0, CAP_CEILING.maxAmountMg),
    maxMgPerDay:
      c.maxMgPerDay === undefined ? undefined : assertInRange(c.maxMgPerDay, "options.cap.maxMgPerDay", 0, CAP_CEILING.maxMgPerDay),
    minIntervalDays:
      c.minIntervalDays === undefined
        ? undefined
        : assertInRange(c.minIntervalDays, "options.cap.minIntervalDays", CAP_CEILING.minIntervalDays, 730),
  };
  const looser: string[] = [];
  const out: ResolvedCap = { label, minIntervalDays: label.minIntervalDays, raised: false, reason: "" };
  for (const k of UPPER) {
    const g = given[k];
    const l = label[k];
    out[k] = g ?? l;
    if (g !== undefined && l !== undefined && g > l) looser.push(k);
  }
  if (given.minIntervalDays !== undefined) {
    out.minIntervalDays = given.minIntervalDays;
    if (given.minIntervalDays < label.minIntervalDays) looser.push("minIntervalDays");
  }
  const reason = c.reason;
  if (reason !== undefined && (typeof reason !== "string" || reason.trim() === "")) {
    throw new InputError({ field: "options.cap.reason", value: reason, expected: "a non-empty sentence saying why the cap is raised" });
  }
  const labelText = `${describeLimits(label)} (${label.citation})`;
  if (looser.length > 0) {
    if (reason === undefined) {
      throw new InputError(
        {
          field: "options.cap.reason",
          value: reason,
          expected: `a reason for raising ${looser.join(", ")} beyond the label's maximum (${describeLimits(label)})`,
        },
        "a cap looser than the label needs a reason",
      );
    }
    out.raised = true;
    out.reason = `The suggestion may exceed the labelled maximum of ${labelText} because the caller raised the cap ("${reason}"): cap used ${describeLimits(out)}.`;
  } else {
    const stricter = UPPER.some((k) => given[k] !== undefined) || given.minIntervalDays !== undefined;
    out.reason = stricter
      ? `Cap: ${describeLimits(out)}, stricter than the label's ${labelText}.`
      : `Cap: the label's maximum, ${labelText}.`;
  }
  return out;
}

/** Largest dose, in the label's dose unit (mg/kg or mg), allowed at an interval for a weight. */
export function maxDoseAt(cap: ResolvedCap, intervalDays: number, weightKg: number): number {
  const mgLimits: number[] = [];
  if (cap.maxAmountMg !== undefined) mgLimits.push(cap.maxAmountMg);
  if (cap.maxMgPerKg !== undefined) mgLimits.push(cap.maxMgPerKg * weightKg);
  if (cap.maxMgPerDay !== undefined) mgLimits.push(cap.maxMgPerDay * intervalDays);
  const mg = Math.min(...mgLimits);
  return cap.label.doseUnit === "mg/kg" ? mg / weightKg : mg;
}

/** Shortest interval allowed for a dose of `doseMg` (the cap's interval, and its mg/day limit). */
export function minIntervalFor(cap: ResolvedCap, doseMg: number): number {
  return cap.maxMgPerDay !== undefined ? Math.max(cap.minIntervalDays, doseMg / cap.maxMgPerDay) : cap.minIntervalDays;
}

/** Checks a fit as `forecastTroughs` does: bayes.ts's `checkFit`, then a positive-definite covariance of eta. */
export function checkSolverFit(fit: unknown): MapResult {
  const f = checkFit(fit);
  const k = f.parameters.length;
  if (!cholesky(Float64Array.from(f.covarianceEta.flat()), k))
    throw new InputError({ field: "fit.covarianceEta", value: f.covarianceEta, expected: "a positive-definite covariance" });
  return f;
}

export { laplaceDraws, lastObservationDays, notConvergedReasons } from "./bayes";

/** The patient's weight, kg, in force at a time. */
export function weightKgAt(fit: MapResult, tDays: number): number {
  return covariatesAt(covariatePieces(fit.covariates, fit.model.requiredCovariates), tDays).weightKg;
}

/** The label's row for the fit's drug by a route (default: the route of the last dose given). */
export function labelFor(fit: MapResult, route: unknown): LabelMaximum {
  const routes = LABEL_MAXIMA.filter((r) => r.drug === fit.model.drug).map((r) => r.route);
  const doses = fit.regimen.doses;
  if (route === undefined && doses.length === 0)
    throw new InputError({ field: "fit.regimen.doses", value: [], expected: "the doses given (the route is that of the last one)" });
  const given = route ?? doses.reduce((a, d) => (d.timeDays >= a.timeDays ? d : a)).route;
  return labelMaximumFor(fit.model.drug, assertOneOf(given, route === undefined ? "fit.regimen.doses.route" : "options.route", routes));
}

/** The number of posterior draws, 1 to {@link MAX_DRAWS}. */
export function checkDraws(value: unknown, fallback: number): number {
  return assertCount(value ?? fallback, "options.nDraws", 1, MAX_DRAWS);
}

/** A future maintenance schedule: a dose (mg/kg or mg) every `intervalDays` from `startDays`, `count` doses. */
export interface FutureDoses {
  mgPerKg?: number;
  amountMg?: number;
  intervalDays: number;
  startDays: number;
  count: number;
  route: "iv" | "sc";
}

/** The doses given before the future schedule starts, then the schedule (bayes.ts's `buildFuture`). */
export function withFuture(fit: MapResult, f: FutureDoses): Regimen {
  const c = f.mgPerKg !== undefined ? { mgPerKg: f.mgPerKg } : { amountMg: f.amountMg };
  return { ...buildFuture(fit, { ...c, intervalDays: f.intervalDays, route: f.route }, f.startDays, f.count), name: "future" };
}

/** The level predicted at `timesDays` (in the drug form the fit was made in) as a function of eta. */
export function predictorAt(fit: MapResult, regimen: Regimen, timesDays: ArrayLike<number>): (eta: Float64Array) => Float64Array {
  const obs = Array.from(timesDays, (t) => ({ timeDays: t, concentrationUgMl: 0 }));
  return mapObjective(fit.model, regimen, obs, fit.covariates, { parameters: fit.parameters, drugMeasure: fit.drugMeasure }).predict;
}

/** The smallest number of draws k with k / n >= p (the comparison `forecastTroughs` makes). */
export function requiredHits(p: number, n: number): number {
  let k = Math.ceil(p * n);
  while (k > 1 && (k - 1) / n >= p) k--;
  while (k / n < p) k++;
  return k;
}

/** Nearest-rank quantile of sorted values (as forecastTroughs). */
export function quantile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(p * (sorted.length - 1))))];
}

/** An estimate from the value at the MAP estimate and the draws' central interval. */
export function estimateFrom(atMode: number, values: Float64Array, confidence: number, method: string): Estimate {
  const sorted = Float64Array.from(values).sort();
  return {
    value: atMode,
    lower: quantile(sorted, (1 - confidence) / 2),
    upper: quantile(sorted, 1 - (1 - confidence) / 2),
    confidence,
    method,
  };
}

/** The reasons about the fit every solver gives: levels used, uncertainty, drug form (TMDD), provisional model. */
export function fitReasons(fit: MapResult, nDraws: number): string[] {
  const out = [
    `Fitted to ${levelsText(fit)} with ${fit.model.label ?? fit.model.id}; uncertainty: ${fit.method ?? "MAP"}; probabilities from ${nDraws} posterior draws.`,
  ];
  if (fit.model.structure.startsWith("tmdd")) out.push(`Levels and forecasts: ${drugMeasureOf(fit.model, fit.drugMeasure).reason}.`);
  if (fit.model.provisional) out.push(fit.model.provisional);
  return out;
}

/**
 * The smallest x in [lo, hi] where the monotone `ok` holds, to within `tol` (at most 200 halvings):
 * lo when ok(lo), hi when not ok(hi), else the upper end of the final bracket.
 */
export function smallestPassing(lo: number, hi: number, tol: number, ok: (x: number) => boolean): number {
  if (ok(lo)) return lo;
  if (!ok(hi)) return hi;
  for (let i = 0; i < 200 && hi - lo > tol; i++) {
    const mid = (lo + hi) / 2;
    if (ok(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * The largest x in [lo, hi] where the monotone (decreasing) `ok` holds, to within `tol` (at most 200
 * halvings): hi when ok(hi), null when not ok(lo), else the lower end of the final bracket.
 */
export function largestPassing(lo: number, hi: number, tol: number, ok: (x: number) => boolean): number | null {
  if (!ok(lo)) return null;
  if (ok(hi)) return hi;
  for (let i = 0; i < 200 && hi - lo > tol; i++) {
    const mid = (lo + hi) / 2;
    if (ok(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** A number printed for a reason: at most 3 significant digits, no trailing zeros. */
export function fmt(x: number): string {
  return Number(x.toPrecision(3)).toString();
}

/** A probability as a whole percentage. */
export function pct(p: number): string {
  return `${(100 * p).toFixed(0)} %`;
}
