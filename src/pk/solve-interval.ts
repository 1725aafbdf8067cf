/**
 * `longestInterval(fit, options)`: for a given maintenance dose, the longest interval whose forecast
 * trough reaches a target with a required posterior probability (issue 18 item 5), never shorter
 * than the label's shortest interval unless the caller raises the cap.
 *
 * The trough is `forecastTroughs`'s (the level just before dose `evaluateAfterDoses + 1` of the new
 * schedule), from the same draws of the fit's Laplace posterior; P(tau) = #{draws with trough >=
 * target} / n. The trough falls as the interval grows (every dose is further from the trough), so
 * P falls too: bisection on P between the shortest interval allowed and `maxIntervalDays`, to
 * `resolutionDays`; the result is the lower end of the last bracket (an interval that does reach
 * the target), and a practical suggestion rounds it down to whole weeks (whole days when whole
 * weeks would fall below the shortest interval allowed).
 *
 * Hand-written: a few lines over mapObjective's predictions (see solve-common.ts).
 */
import { InputError } from "../core/errors";
import type { Estimate, Reasoned } from "../core/result";
import {
  assertCount,
  assertInRange,
  assertNonNegative,
  assertObject,
  assertOpenUnit,
  assertPositive,
  assertWithinLimit,
} from "../core/validate";
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
  largestPassing,
  maxDoseAt,
  minIntervalFor,
  notConvergedReasons,
  pct,
  predictorAt,
  requiredHits,
  resolveCap,
  weightKgAt,
  withFuture,
} from "./solve-common";

/** Options of {@link longestInterval}. */
export interface LongestIntervalOptions {
  /** The dose, mg/kg (give this or `doseMg`). */
  doseMgPerKg?: number;
  /** The dose, mg (give this or `doseMgPerKg`). */
  doseMg?: number;
  /** Target trough, ug/mL. Required. */
  targetTroughUgMl: number;
  /** Day of the first new dose (at or after the last observation). Required. */
  startDays: number;
  /** The trough is the level just before dose `evaluateAfterDoses + 1`: 1 to 100. Default 3. */
  evaluateAfterDoses?: number;
  /** Required posterior probability of reaching the target. Default 0.8. */
  probability?: number;
  /** Posterior draws, 1 to 100,000, and draws x bisection steps at most 1,000,000. Default 1000. */
  nDraws?: number;
  /** Seed of the draws. Default 11 (as forecastTroughs). */
  seed?: number;
  /** Route of the new doses. Default: the route of the last dose given. */
  route?: "iv" | "sc";
  /** Longest interval searched, days: from the shortest allowed to 730. Default 168 (24 weeks). */
  maxIntervalDays?: number;
  /** Resolution of the bisection, days: 0.001 to 7. Default 0.1. */
  resolutionDays?: number;
  /** Central probability of the reported trough interval. Default 0.9. */
  confidence?: number;
  /** Stricter limits, or looser ones with a `reason`. Default: the label's. */
  cap?: DoseCap;
}

/** Result of {@link longestInterval}. */
export interface IntervalSolution extends Reasoned {
  /** The longest interval (to `resolutionDays`, rounded down) reaching the target; null when even the shortest allowed misses. */
  intervalDays: number | null;
  /** `intervalDays` rounded down to whole weeks (whole days where whole weeks fall below the shortest allowed); null with it. */
  suggestedIntervalDays: number | null;
  /** Whether the trough still reaches the target at `maxIntervalDays` (the longest interval is at least that). */
  atSearchLimit: boolean;
  /** Posterior probability of reaching the target at `intervalDays`, or at the shortest interval allowed when that is null; null without a converged fit. */
  probabilityAtTarget: number | null;
  /** Forecast trough at `intervalDays` (or at the shortest allowed when null): value at the MAP estimate, interval from the draws; null without a converged fit. */
  troughUgMl: Estimate | null;
  /** The longest interval at the MAP estimate alone; null when it misses even at the shortest allowed. */
  mapIntervalDays: number | null;
  /** The shortest interval allowed for this dose (the cap's, and its mg/day limit). */
  minIntervalDays: number;
  capRaised: boolean;
  method: string;
}

/**
 * The longest maintenance interval at which a given dose keeps the forecast trough at or above
 * `targetTroughUgMl` with posterior probability >= `probability`, never shorter than the cap's
 * shortest interval. See the module header for the algorithm.
 * @throws InputError for a value that is not a mapEstimate result, a dose above the cap, not
 * exactly one of `doseMgPerKg`/`doseMg`, a start before the last observation, options out of range,
 * or a cap looser than the label without a reason.
 * @example
 * const history = infliximabRegimen({ untilWeeks: 6 }); // induction at weeks 0, 2 and 6
 * const fit = mapEstimate(INFLIXIMAB_FASANMADE_2009, history, [{ timeDays: 97.9, concentrationUgMl: 1.8 }], { weightKg: 70, albuminGdl: 3.2 });
 * const s = longestInterval(fit, { doseMgPerKg: 10, targetTroughUgMl: 5, startDays: 98, nDraws: 200, seed: 1 });
 * s.intervalDays // 43.6 days
 * s.suggestedIntervalDays // 42: every 6 weeks
 */
export function longestInterval(fit: MapResult, options: LongestIntervalOptions): IntervalSolution {
  checkSolverFit(fit);
  const o = assertObject<LongestIntervalOptions>(options, "options");
  if ((o.doseMgPerKg === undefined) === (o.doseMg === undefined))
    throw new InputError({ field: "options.doseMgPerKg", value: o.doseMgPerKg, expected: "exactly one of doseMgPerKg or doseMg" });
  const target = assertPositive(o.targetTroughUgMl, "options.targetTroughUgMl");
  const start = checkStartDays(fit, o.startDays);
  const m = assertCount(o.evaluateAfterDoses ?? 3, "options.evaluateAfterDoses", 1, 100);
  const prob = assertOpenUnit(o.probability ?? 0.8, "options.probability");
  const nDraws = checkDraws(o.nDraws, 1000);
  const conf = assertOpenUnit(o.confidence ?? 0.9, "options.confidence");
  const resolution = assertInRange(o.resolutionDays ?? 0.1, "options.resolutionDays", 0.001, 7);
  const label = labelFor(fit, o.route);
  const cap = resolveCap(label, o.cap);
  const weightKg = weightKgAt(fit, start);
  const perKg = o.doseMgPerKg !== undefined;
  const dose = perKg ? assertNonNegative(o.doseMgPerKg, "options.doseMgPerKg") : assertNonNegative(o.doseMg, "options.doseMg");
  const doseMg = perKg ? dose * weightKg : dose;
  const minInterval = minIntervalFor(cap, doseMg);
  // the largest dose at the shortest interval allowed for it, in mg
  const maxMg = maxDoseAt(cap, minInterval, weightKg) * (label.doseUnit === "mg/kg" ? weightKg : 1);
  if (doseMg > maxMg * (1 + 1e-12))
    throw new InputError({
      field: perKg ? "options.doseMgPerKg" : "options.doseMg",
      value: dose,
      expected: `a dose within the cap (${fmt(label.doseUnit === "mg/kg" ? maxMg / weightKg : maxMg)} ${label.doseUnit} at most; raise options.cap with a reason to go beyond)`,
    });
  const maxInterval = assertInRange(o.maxIntervalDays ?? 168, "options.maxIntervalDays", minInterval, 730);
  checkTimeDays(start + m * maxInterval, "forecast trough time (options.startDays + evaluateAfterDoses x maxIntervalDays)");
  // bisection: ceil(log2(range / resolution)) halvings and the two ends, each nDraws simulations
  const steps = Math.ceil(Math.log2(Math.max(1, (maxInterval - minInterval) / resolution))) + 2;
  assertWithinLimit(
    nDraws * steps,
    "options.nDraws x bisection steps",
    MAX_FORECAST_SIMULATIONS,
    "use fewer draws or a coarser resolutionDays",
  );
  const thresholds: Record<string, number | string> = {
    targetTroughUgMl: target,
    probability: prob,
    evaluateAfterDoses: m,
    nDraws,
    doseMg,
    minIntervalDays: minInterval,
    maxIntervalDays: maxInterval,
    resolutionDays: resolution,
  };
  if (perKg) thresholds.doseMgPerKg = dose;
  for (const k of ["maxMgPerKg", "maxAmountMg", "maxMgPerDay"] as const) if (cap[k] !== undefined) thresholds[k] = cap[k] as number;
  const method = `bisection on the posterior probability (the trough falls as the interval grows), to ${fmt(resolution)} day, ${nDraws} Laplace posterior draws (common random numbers)`;
  if (!fit.converged) {
    return {
      intervalDays: null,
      suggestedIntervalDays: null,
      atSearchLimit: false,
      probabilityAtTarget: null,
      troughUgMl: null,
      mapIntervalDays: null,
      minIntervalDays: minInterval,
      capRaised: cap.raised,
      reasons: notConvergedReasons(fit),
      thresholds,
      method: "none",
    };
  }
  const { draws, mode } = laplaceDraws(fit, nDraws, o);
  const k = requiredHits(prob, nDraws);
  const predictorFor = (interval: number) =>
    predictorAt(
      fit,
      withFuture(fit, {
        ...(perKg ? { mgPerKg: dose } : { amountMg: dose }),
        intervalDays: interval,
        startDays: start,
        count: m,
        route: label.route,
      }),
      [start + m * interval],
    );
  const troughsAt = (interval: number) => {
    const predict = predictorFor(interval);
    const perDraw = Float64Array.from(draws, (e) => predict(e)[0]);
    return { atMode: predict(mode)[0], perDraw, hits: perDraw.reduce((h, v) => (v >= target ? h + 1 : h), 0) };
  };
  const interval = largestPassing(minInterval, maxInterval, resolution, (t) => troughsAt(t).hits >= k);
  const mapInterval = largestPassing(minInterval, maxInterval, resolution, (t) => predictorFor(t)(mode)[0] >= target);
  const at = troughsAt(interval ?? minInterval);
  const trough = estimateFrom(at.atMode, at.perDraw, conf, `Laplace posterior, ${nDraws} draws`);
  const atLimit = interval === maxInterval;
  const suggested = interval === null ? null : practicalIntervalDays(interval, minInterval);
  const doseText = perKg ? `${fmt(dose)} mg/kg (${fmt(doseMg)} mg at ${fmt(weightKg)} kg)` : `${fmt(dose)} mg`;
  const reasons: string[] = [];
  if (cap.raised) reasons.push(cap.reason);
  if (interval === null)
    reasons.push(
      `Even at the shortest interval allowed, every ${fmt(minInterval)} days, ${doseText} reaches ${fmt(target)} ug/mL with probability ${pct(at.hits / nDraws)} only (required ${pct(prob)}): no interval within the cap reaches the target; consider a larger dose, check anti-drug antibodies or consider a switch.`,
    );
  else
    reasons.push(
      `${doseText} keeps the trough before dose ${m + 1} at or above ${fmt(target)} ug/mL with probability ${pct(at.hits / nDraws)} (required ${pct(prob)}) up to an interval of ${fmt(interval)} days${atLimit ? ` (the longest searched: the longest interval is at least that)` : ""}; forecast trough there ${fmt(trough.value)} ug/mL, ${Math.round(100 * conf)} % interval ${fmt(trough.lower)}-${fmt(trough.upper)}. In practice: every ${fmt(suggested as number)} days${(suggested as number) % 7 === 0 ? ` (${(suggested as number) / 7} weeks)` : ""}.`,
    );
  reasons.push(
    mapInterval === null
      ? `At the MAP estimate alone the trough misses ${fmt(target)} ug/mL even every ${fmt(minInterval)} days.`
      : `At the MAP estimate alone the longest interval would be ${fmt(mapInterval)} days (the most likely patient, without the uncertainty of the parameters).`,
  );
  if (!cap.raised) reasons.push(cap.reason);
  reasons.push(...fitReasons(fit, nDraws));
  return {
    intervalDays: interval,
    suggestedIntervalDays: suggested,
    atSearchLimit: atLimit,
    probabilityAtTarget: at.hits / nDraws,
    troughUgMl: trough,
    mapIntervalDays: mapInterval,
    minIntervalDays: minInterval,
    capRaised: cap.raised,
    reasons,
    thresholds,
    method,
  };
}

/**
 * A practical interval: `intervalDays` rounded down to whole weeks, or to whole days where whole
 * weeks would fall below the shortest interval allowed, else as is.
 * @example
 * practicalIntervalDays(43.6, 28) // 42
 * practicalIntervalDays(12.5, 10) // 12
 * practicalIntervalDays(10.5, 10.2) // 10.5
 * @throws InputError for an interval that is not a positive number.
 */
export function practicalIntervalDays(intervalDays: number, minIntervalDays: number): number {
  assertPositive(intervalDays, "intervalDays");
  assertPositive(minIntervalDays, "minIntervalDays");
  const weeks = 7 * Math.floor(intervalDays / 7);
  if (weeks >= minIntervalDays) return weeks;
  const days = Math.floor(intervalDays);
  return days >= minIntervalDays ? days : intervalDays;
}
