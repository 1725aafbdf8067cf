/**
 * `timeToThreshold(fit, options)`: from a day on, with the doses already given (and optionally a
 * future schedule), when does the drug level first fall to a threshold (issue 18 item 5)? Per draw of
 * the fit's Laplace posterior (drawn as `forecastTroughs` draws them), the first crossing
 *
 *   t* = min { t >= fromDays : C(t) <= threshold },   within [fromDays, fromDays + horizonDays],
 *
 * is found on a grid (step h = horizonDays / N, N = min(ceil(horizonDays / 0.5), 800), plus every
 * dose time in the window, where the level is at its trough), then refined on 32 points inside the
 * bracketing step and interpolated linearly there: to within h / 32 (0.016 day for the default
 * horizon). The result gives t* at the MAP estimate, the posterior median and central interval of
 * t*, and the day by which the level has fallen to the threshold with probability >= `probability`
 * (the k-th smallest t*, k / n >= p). A level already at or below the threshold at `fromDays` gives
 * t* = fromDays; one that stays above through the horizon is counted as such, never as Infinity.
 *
 * Hand-written: a grid and a bracket over mapObjective's predictions (see solve-common.ts).
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
  optionsObject,
} from "../core/validate";
import { checkStartDays, type MapResult } from "./bayes";
import { checkTimeDays } from "./check";
import {
  checkSolverFit,
  fitReasons,
  fmt,
  labelFor,
  laplaceDraws,
  lastObservationDays,
  notConvergedReasons,
  pct,
  predictorAt,
  quantile,
  requiredHits,
  withFuture,
} from "./solve-common";
import type { Regimen } from "./types";

/** A future maintenance schedule for {@link timeToThreshold}. */
export interface FutureSchedule {
  /** Dose, mg/kg (give this or `doseMg`). */
  doseMgPerKg?: number;
  /** Dose, mg (give this or `doseMgPerKg`). */
  doseMg?: number;
  /** Interval, days. */
  intervalDays: number;
  /** Day of the first future dose (at or after the last observation); doses recorded from that day on are replaced. */
  startDays: number;
  /** Number of future doses, 1 to 100. */
  count: number;
  /** Route. Default: the route of the last dose given. */
  route?: "iv" | "sc";
}

/** Options of {@link timeToThreshold}. */
export interface TimeToThresholdOptions {
  /** The level, ug/mL, whose first crossing is sought (> 0). Required. */
  thresholdUgMl: number;
  /**
   * Day the search starts (at or after the first dose). Default: the last observation. A dose given
   * on `fromDays` comes after the level read there (its trough): to ask how long a dose keeps the level
   * up, start just after it (e.g. the dose day + 1).
   */
  fromDays?: number;
  /** Future doses. Default: none beyond those in the fit's regimen. */
  future?: FutureSchedule;
  /** Days searched after `fromDays`: 1 to 3650. Default 365. */
  horizonDays?: number;
  /** Probability for `byDays`. Default 0.8. */
  probability?: number;
  /** Central probability of the interval of the crossing time. Default 0.9. */
  confidence?: number;
  /** Posterior draws, 1 to 20,000. Default 1000. */
  nDraws?: number;
  /** Seed of the draws. Default 11 (as forecastTroughs). */
  seed?: number;
}

/** Result of {@link timeToThreshold}. Days are on the regimen's time axis. */
export interface ThresholdTime extends Reasoned {
  /** At the MAP estimate: already at or below the threshold at `fromDays`, falls to it within the horizon, or not within the horizon; null without a converged fit. */
  status: "already-below" | "falls" | "not-within-horizon" | null;
  /** Day the level falls to the threshold at the MAP estimate (`fromDays` when already below); null when not within the horizon. */
  mapTimeDays: number | null;
  /** Posterior median (value) and central interval of the crossing day; null when one of them lies beyond the horizon. */
  timeDays: Estimate | null;
  /** The day by which the level has fallen to the threshold with probability >= `probability`; null when beyond the horizon. */
  byDays: number | null;
  /** Fraction of draws already at or below the threshold at `fromDays`. */
  probabilityBelowAtStart: number | null;
  /** Fraction of draws whose level falls to the threshold by the end of the horizon. */
  probabilityByHorizon: number | null;
  /** Last day searched, `fromDays + horizonDays`. */
  horizonEndDays: number;
  method: string;
}

/** Most posterior draws of one call (each draw is a simulation over the horizon plus one refinement). */
export const MAX_THRESHOLD_DRAWS = 20_000;
const FINE = 32;

/**
 * When the drug level first falls to `thresholdUgMl`, from `fromDays` on, under the doses given
 * (and an optional future schedule), with its posterior uncertainty; see the module header for the
 * algorithm and what is reported where the level is already below or stays above.
 * @throws InputError for a value that is not a mapEstimate result, a `fromDays` before the first dose,
 * a malformed future schedule, or options out of range.
 * @example
 * const history = infliximabRegimen({ untilWeeks: 6 }); // induction at weeks 0, 2 and 6
 * const fit = mapEstimate(INFLIXIMAB_FASANMADE_2009, history, [{ timeDays: 41.9, concentrationUgMl: 12 }], { weightKg: 70, albuminGdl: 3.2 });
 * const t = timeToThreshold(fit, { thresholdUgMl: 3, nDraws: 200, seed: 1 });
 * t.mapTimeDays // 85.6: day 85.6 at the MAP estimate
 * t.timeDays.value // 86.6: posterior median
 * t.byDays // 92.0: fallen to 3 ug/mL by then with probability 0.8
 */
export function timeToThreshold(fit: MapResult, options: TimeToThresholdOptions): ThresholdTime {
  checkSolverFit(fit);
  const o = assertObject<TimeToThresholdOptions>(options, "options");
  const threshold = assertPositive(o.thresholdUgMl, "options.thresholdUgMl");
  const lastObs = lastObservationDays(fit);
  const firstDose = fit.regimen.doses.reduce((a, d) => Math.min(a, d.timeDays), Number.POSITIVE_INFINITY);
  const from = checkTimeDays(o.fromDays ?? lastObs, "options.fromDays");
  if (!(from >= firstDose))
    throw new InputError({ field: "options.fromDays", value: from, expected: `a time at or after the first dose (day ${firstDose})` });
  const horizon = assertInRange(o.horizonDays ?? 365, "options.horizonDays", 1, 3650);
  const end = checkTimeDays(from + horizon, "options.fromDays + horizonDays");
  const prob = assertOpenUnit(o.probability ?? 0.8, "options.probability");
  const conf = assertOpenUnit(o.confidence ?? 0.9, "options.confidence");
  const nDraws = assertCount(o.nDraws ?? 1000, "options.nDraws", 1, MAX_THRESHOLD_DRAWS);
  const regimen = o.future === undefined ? fit.regimen : futureRegimen(fit, o.future);
  const nSteps = Math.min(Math.ceil(horizon / 0.5), 800);
  const h = horizon / nSteps;
  const doseTimes = regimen.doses.map((d) => d.timeDays).filter((t) => t > from && t < end);
  if (doseTimes.length > 199)
    throw new InputError({
      field: "options.horizonDays",
      value: horizon,
      expected: "a horizon holding at most 199 doses (a shorter horizon)",
    });
  const grid = Float64Array.from([...Array.from({ length: nSteps + 1 }, (_, j) => from + j * h), ...doseTimes]).sort();
  const thresholds: Record<string, number | string> = {
    thresholdUgMl: threshold,
    fromDays: from,
    horizonDays: horizon,
    probability: prob,
    confidence: conf,
    nDraws,
    gridStepDays: h,
  };
  const method = `first crossing per draw: grid of ${fmt(h)} day (and every dose time), refined on ${FINE} points in the bracketing step and interpolated linearly (to ${fmt(h / FINE)} day); ${nDraws} Laplace posterior draws`;
  if (!fit.converged)
    return {
      status: null,
      mapTimeDays: null,
      timeDays: null,
      byDays: null,
      probabilityBelowAtStart: null,
      probabilityByHorizon: null,
      horizonEndDays: end,
      reasons: notConvergedReasons(fit),
      thresholds,
      method: "none",
    };
  const { draws, mode } = laplaceDraws(fit, nDraws, o);
  const onGrid = predictorAt(fit, regimen, grid);
  const crossing = (eta: Float64Array): number => {
    const levels = Float64Array.from(onGrid(eta));
    if (levels[0] <= threshold) return from;
    let j = 1;
    while (j < grid.length && levels[j] > threshold) j++;
    if (j === grid.length) return Number.POSITIVE_INFINITY;
    const a = grid[j - 1];
    const step = (grid[j] - a) / FINE;
    const fine = Float64Array.from({ length: FINE }, (_, i) => a + (i + 1) * step);
    const fl = predictorAt(fit, regimen, fine)(eta);
    let prevT = a;
    let prevL = levels[j - 1];
    for (let i = 0; i < FINE; i++) {
      if (fl[i] <= threshold) return prevT + ((prevL - threshold) / (prevL - fl[i])) * (fine[i] - prevT);
      prevT = fine[i];
      prevL = fl[i];
    }
    // the coarse point itself is at or below the threshold (the last fine point is that point)
    return grid[j];
  };
  const atMode = crossing(mode);
  const times = Float64Array.from(draws, crossing).sort();
  const belowAtStart = times.reduce((c, t) => (t === from ? c + 1 : c), 0) / nDraws;
  const byHorizon = times.reduce((c, t) => (t <= end ? c + 1 : c), 0) / nDraws;
  const k = requiredHits(prob, nDraws);
  const by = times[k - 1];
  const median = quantile(times, 0.5);
  const lower = quantile(times, (1 - conf) / 2);
  const upper = quantile(times, 1 - (1 - conf) / 2);
  const estimate: Estimate | null =
    upper <= end
      ? {
          value: median,
          lower,
          upper,
          confidence: conf,
          method: `posterior median and central interval, ${nDraws} Laplace posterior draws`,
        }
      : null;
  const status = atMode === from ? "already-below" : atMode <= end ? "falls" : "not-within-horizon";
  const reasons: string[] = [];
  const after = (t: number) => `day ${fmt(t)} (${fmt(t - from)} days after day ${fmt(from)})`;
  reasons.push(
    status === "already-below"
      ? `At the MAP estimate the level is already at or below ${fmt(threshold)} ug/mL on day ${fmt(from)}.`
      : status === "falls"
        ? `At the MAP estimate the level falls to ${fmt(threshold)} ug/mL on ${after(atMode)}.`
        : `At the MAP estimate the level stays above ${fmt(threshold)} ug/mL through day ${fmt(end)} (the horizon, ${fmt(horizon)} days).`,
  );
  if (estimate) reasons.push(`Posterior median ${after(median)}, ${Math.round(100 * conf)} % interval day ${fmt(lower)} to ${fmt(upper)}.`);
  else
    reasons.push(
      `In ${pct(1 - byHorizon)} of the posterior draws the level stays above ${fmt(threshold)} ug/mL through the horizon (day ${fmt(end)}), so the ${Math.round(100 * conf)} % interval of the crossing day is not reported${median <= end ? ` (median: ${after(median)})` : ""}.`,
    );
  reasons.push(
    by <= end
      ? `With probability ${pct(prob)} the level has fallen to ${fmt(threshold)} ug/mL by ${after(by)}.`
      : `The level falls to ${fmt(threshold)} ug/mL within the horizon with probability ${pct(byHorizon)} only, below ${pct(prob)}: no day within the horizon is reported.`,
  );
  if (belowAtStart > 0)
    reasons.push(`In ${pct(belowAtStart)} of the draws the level is already at or below the threshold on day ${fmt(from)}.`);
  if (o.future !== undefined) reasons.push(`Future doses: ${regimen.name}.`);
  reasons.push(...fitReasons(fit, nDraws));
  return {
    status,
    mapTimeDays: atMode <= end ? atMode : null,
    timeDays: estimate,
    byDays: by <= end ? by : null,
    probabilityBelowAtStart: belowAtStart,
    probabilityByHorizon: byHorizon,
    horizonEndDays: end,
    reasons,
    thresholds,
    method,
  };
}

/** The fit's doses before the future schedule, then the schedule (checked). */
function futureRegimen(fit: MapResult, future: unknown): Regimen {
  const f = optionsObject(future as FutureSchedule, "options.future");
  if ((f.doseMgPerKg === undefined) === (f.doseMg === undefined))
    throw new InputError({ field: "options.future.doseMgPerKg", value: f.doseMgPerKg, expected: "exactly one of doseMgPerKg or doseMg" });
  const mgPerKg = f.doseMgPerKg === undefined ? undefined : assertNonNegative(f.doseMgPerKg, "options.future.doseMgPerKg");
  const amountMg = f.doseMg === undefined ? undefined : assertNonNegative(f.doseMg, "options.future.doseMg");
  const interval = checkTimeDays(assertPositive(f.intervalDays, "options.future.intervalDays"), "options.future.intervalDays");
  const start = checkStartDays(fit, f.startDays, "options.future.startDays");
  const count = assertCount(f.count, "options.future.count", 1, 100);
  checkTimeDays(start + (count - 1) * interval, "options.future: last dose time");
  const route = labelFor(fit, f.route).route;
  const reg = withFuture(fit, { mgPerKg, amountMg, intervalDays: interval, startDays: start, count, route });
  const amount = mgPerKg !== undefined ? `${fmt(mgPerKg)} mg/kg` : `${fmt(amountMg as number)} mg`;
  return { name: `${amount} every ${fmt(interval)} days from day ${fmt(start)}, ${count} dose(s)`, doses: reg.doses };
}
