/**
 * Seeded simulations of classical measurement error, X = T + E, with E
 * independent of T and reliability ρ = var(T)/var(X): what noise does to
 * single readings, to decisions at a threshold, to correlations and to the
 * sample size of a trial. Every function takes `{ seed }` or `{ rng }`
 * (src/core/random.ts) and is reproducible; each has a figure builder.
 */
import { InputError } from "../core/errors";
import { gammaVariate, type Rng, resolveRng } from "../core/random";
import {
  assertArray,
  assertCount,
  assertFinite,
  assertFiniteArray,
  assertInRange,
  assertObject,
  assertOpenUnit,
  assertPositive,
  assertWithinLimit,
  finiteOrThrow,
  optionalString,
  optionsObject,
} from "../core/validate";
import { axisTitle, type Figure } from "../plot/figure";
import { categorical, semanticColors, withBaseLayout } from "../plot/palette";
import { tQ, zQ } from "./dist";

/** Seeding shared by the simulations. */
export interface SeedOptions {
  /** Integer seed. Default: 20240401. */
  seed?: number;
  /** A generator to draw from instead (wins over `seed`). */
  rng?: Rng;
}

const DEFAULT_SEED = 20240401;

/**
 * Most values {@link simulateReadings} returns (subjects x readings): 1,000,000, held as plain
 * arrays for notebooks (a larger simulation belongs in a typed-array pipeline).
 */
export const MAX_SIMULATED_READINGS = 1_000_000;

/**
 * Most normal draws of one simulation call: 50,000,000 (a few seconds). Above it the call is
 * refused with a message naming the option to reduce (subjects, reliabilities or trials).
 */
export const MAX_SIMULATION_DRAWS = 50_000_000;

/**
 * Most simulated trials of one {@link sampleSizeInflation} call (2 x trials x reliabilities):
 * 2,000,000. Each trial costs a few draws whatever its size (see there).
 */
export const MAX_SIMULATED_TRIALS = 2_000_000;

/** Most reliabilities (rows) of one simulation: 1000. */
export const MAX_RELIABILITIES = 1000;

/**
 * Checks a simulation result handed to a figure builder: an object whose `rows` is a non-empty
 * array of records with the given finite numeric fields.
 */
function checkRows<R>(result: unknown, keys: readonly string[], field = "result"): R[] {
  const r = assertObject<{ rows: unknown }>(result, field);
  const rows = assertArray<unknown>(r.rows, `${field}.rows`, { nonEmpty: true });
  assertWithinLimit(rows.length, `${field}.rows.length`, MAX_RELIABILITIES);
  return Array.from(rows, (row, i) => {
    const o = assertObject<Record<string, unknown>>(row, `${field}.rows[${i}]`);
    for (const k of keys) assertFinite(o[k], `${field}.rows[${i}].${k}`);
    return o as R;
  });
}

/** Checks a list of reliabilities in (0, 1]. */
function reliabilityList(value: unknown, field: string): number[] {
  const list = assertArray<unknown>(value, field, { nonEmpty: true });
  assertWithinLimit(list.length, `${field}.length`, MAX_RELIABILITIES);
  return Array.from(list, (r, i) => reliabilityArg(r, `${field}[${i}]`));
}

function reliabilityArg(r: unknown, field: string): number {
  const v = assertInRange(r, field, 0, 1);
  if (v === 0) throw new InputError({ field, value: v, expected: "a reliability > 0 (0 means the reading carries no signal)" });
  return v;
}

/**
 * Error SD that gives reliability ρ for a true-score SD: σ_E = σ_T·√((1 − ρ)/ρ) (from ρ = σ_T²/(σ_T² + σ_E²),
 * Lord & Novick 1968).
 * @example
 * errorSdForReliability(10, 0.8) // 5: an error SD half the true SD gives reliability 100/(100 + 25) = 0.8
 * errorSdForReliability(10, 0.5) // 10 (error as large as the signal)
 */
export function errorSdForReliability(sdTrue: number, reliability: number): number {
  const s = assertPositive(sdTrue, "sdTrue");
  const r = reliabilityArg(reliability, "reliability");
  return s * Math.sqrt((1 - r) / r);
}

/** Options of {@link simulateReadings}. */
export interface SimulateReadingsOptions extends SeedOptions {
  /** Subjects. Default: 200. */
  subjects?: number;
  /** Repeated readings (raters, days) per subject. Default: 2. */
  readings?: number;
  /** Reliability of one reading, ρ = σ_T²/(σ_T² + σ_E²), in (0, 1]. Default: 0.8. */
  reliability?: number;
  /** Mean and SD of the true score, in score units. Defaults: 0 and 1. */
  meanTrue?: number;
  sdTrue?: number;
}

/** Result of {@link simulateReadings}. */
export interface SimulatedReadings {
  trueScores: number[];
  /** subjects x readings: observed = true + error. */
  observed: number[][];
  errorSd: number;
  reliability: number;
}

/**
 * Draws X = T + E: T ~ N(meanTrue, sdTrue²), E ~ N(0, σ_E²) independent per reading, σ_E = sdTrue·√((1−ρ)/ρ).
 * @example
 * const sim = simulateReadings({ subjects: 100, readings: 3, reliability: 0.6, seed: 1 });
 * sim.observed.length // 100 subjects
 * sim.observed[0].length // 3 readings each
 * sim.errorSd // 0.816: √((1 − 0.6)/0.6) for a true-score SD of 1
 */
export function simulateReadings(options?: SimulateReadingsOptions): SimulatedReadings {
  const o = optionsObject(options);
  const n = assertCount(o.subjects ?? 200, "subjects", 1, MAX_SIMULATED_READINGS);
  const k = assertCount(o.readings ?? 2, "readings", 1, MAX_SIMULATED_READINGS);
  assertWithinLimit(n * k, "subjects x readings", MAX_SIMULATED_READINGS, "simulate fewer subjects or readings");
  const r = reliabilityArg(o.reliability ?? 0.8, "reliability");
  const mu = assertFinite(o.meanTrue ?? 0, "meanTrue");
  const sd = assertPositive(o.sdTrue ?? 1, "sdTrue");
  const se = finiteOrThrow(errorSdForReliability(sd, r), "errorSd");
  const rng = resolveRng(o, DEFAULT_SEED);
  const trueScores: number[] = [];
  const observed: number[][] = [];
  for (let i = 0; i < n; i++) {
    const t = rng.normal(mu, sd);
    trueScores.push(t);
    const row: number[] = [];
    for (let j = 0; j < k; j++) row.push(t + rng.normal(0, se));
    observed.push(row);
  }
  return { trueScores, observed, errorSd: se, reliability: r };
}

/**
 * Scatter of the first observed reading against the true score, with the identity line.
 * @throws InputError for a value that is not a result of {@link simulateReadings}.
 * @example
 * const fig = readingsFigure(simulateReadings({ reliability: 0.6, seed: 1 }), { unit: "points" });
 * fig.data[0].name // "first reading"
 */
export function readingsFigure(sim: SimulatedReadings, options?: { unit?: string; title?: string }): Figure {
  const s = assertObject<SimulatedReadings>(sim, "sim");
  const x = Array.from(assertFiniteArray(s.trueScores, "sim.trueScores", 1));
  const obs = assertArray<unknown>(s.observed, "sim.observed");
  if (obs.length !== x.length)
    throw new InputError({ field: "sim.observed", value: `${obs.length} rows`, expected: `${x.length}, one per subject` });
  const y = Array.from(obs, (row, i) => assertFiniteArray(row, `sim.observed[${i}]`, 1)[0]);
  const reliability = assertInRange(s.reliability, "sim.reliability", 0, 1);
  const o = optionsObject(options);
  const unit = o.unit === undefined || o.unit === "" ? undefined : optionalString(o.unit, "unit");
  const title = optionalString(o.title, "title");
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of [...x, ...y]) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return {
    data: [
      { type: "scatter", mode: "markers", name: "first reading", x, y, marker: { color: semanticColors.observed, size: 6, opacity: 0.7 } },
      { type: "scatter", mode: "lines", name: "X = T", x: [lo, hi], y: [lo, hi], line: { color: semanticColors.threshold, dash: "dot" } },
    ],
    layout: withBaseLayout({
      title: { text: title ?? `X = T + E at reliability ${reliability}` },
      xaxis: { title: axisTitle("True score T", unit) },
      yaxis: { title: axisTitle("Observed reading X", unit) },
    }),
  };
}

/** Options of {@link simulateMisclassification}. */
export interface MisclassificationOptions extends SeedOptions {
  /** Reliabilities to simulate, each in (0, 1]. Default: 0.3, 0.4, ..., 1. */
  reliabilities?: number[];
  /** Simulated patients per reliability. Default: 20000. */
  subjects?: number;
  /** Mean and SD of the true score. Defaults: 0 and 1. */
  meanTrue?: number;
  sdTrue?: number;
  /** Decision threshold on the score scale: "active" when the score is above it. Default: meanTrue (half the patients truly active). */
  threshold?: number;
  /** Half-width of the band around the threshold (true-score units) where "near the threshold" is counted. Default: 0.5·sdTrue. */
  band?: number;
}

/** One row of {@link simulateMisclassification}. */
export interface MisclassificationRow {
  reliability: number;
  /** Share of all patients whose observed decision differs from the decision on their true score. */
  misclassified: number;
  /** Observed above threshold while truly below (treatment escalated for nothing), as a share of all patients. */
  falsePositive: number;
  /** Observed below while truly above (inflammation left untreated), as a share of all patients. */
  falseNegative: number;
  sensitivity: number;
  specificity: number;
  /** Misclassified share among patients whose true score lies within ±band of the threshold. */
  nearThreshold: number;
}

/**
 * For each reliability, classifies simulated patients as above/below a threshold on one noisy reading X = T + E
 * and counts how often that disagrees with the classification on T.
 * @example
 * // One noisy reading against a threshold: at reliability 0.5 a quarter of patients land on the wrong side
 * const m = simulateMisclassification({ reliabilities: [0.5, 0.9], seed: 7 });
 * m.rows[0].misclassified // 0.25
 * m.rows[1].misclassified // 0.10 (at reliability 0.9)
 */
export function simulateMisclassification(options?: MisclassificationOptions): {
  rows: MisclassificationRow[];
  threshold: number;
  band: number;
} {
  const o = optionsObject(options);
  const rels = reliabilityList(o.reliabilities ?? [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1], "reliabilities");
  const n = assertCount(o.subjects ?? 20000, "subjects", 1, MAX_SIMULATION_DRAWS / 2);
  assertWithinLimit(
    2 * n * rels.length,
    "normal draws (2 x subjects x reliabilities)",
    MAX_SIMULATION_DRAWS,
    "simulate fewer subjects or reliabilities",
  );
  const mu = assertFinite(o.meanTrue ?? 0, "meanTrue");
  const sd = assertPositive(o.sdTrue ?? 1, "sdTrue");
  const c = assertFinite(o.threshold ?? mu, "threshold");
  const band = assertPositive(o.band ?? 0.5 * sd, "band");
  const rng = resolveRng(o, DEFAULT_SEED);
  const rows = rels.map((r) => {
    const se = finiteOrThrow(errorSdForReliability(sd, r), "errorSd");
    let fp = 0;
    let fn = 0;
    let pos = 0;
    let near = 0;
    let nearWrong = 0;
    for (let i = 0; i < n; i++) {
      const t = rng.normal(mu, sd);
      const x = t + rng.normal(0, se);
      const truth = t > c;
      const call = x > c;
      if (truth) pos++;
      if (call && !truth) fp++;
      if (!call && truth) fn++;
      if (Math.abs(t - c) < band) {
        near++;
        if (call !== truth) nearWrong++;
      }
    }
    const neg = n - pos;
    return {
      reliability: r,
      misclassified: (fp + fn) / n,
      falsePositive: fp / n,
      falseNegative: fn / n,
      sensitivity: pos > 0 ? (pos - fn) / pos : 1,
      specificity: neg > 0 ? (neg - fp) / neg : 1,
      nearThreshold: near > 0 ? nearWrong / near : 0,
    };
  });
  return { rows, threshold: c, band };
}

/**
 * Misclassified share (overall and near the threshold) against reliability.
 * @example
 * const fig = misclassificationFigure(simulateMisclassification({ reliabilities: [0.5, 0.9], seed: 7 }));
 * fig.data[0].name // "all patients"
 * fig.data[0].y // [25, 10]: per cent misclassified at reliability 0.5 and 0.9
 */
export function misclassificationFigure(result: { rows: MisclassificationRow[] }, options?: { title?: string }): Figure {
  const rows = checkRows<MisclassificationRow>(result, ["reliability", "misclassified", "nearThreshold", "falsePositive", "falseNegative"]);
  const title = optionalString(optionsObject(options).title, "title");
  const x = rows.map((r) => r.reliability);
  const line = (y: number[], name: string, color: string, dash?: string) => ({
    type: "scatter",
    mode: "lines+markers",
    name,
    x,
    y,
    line: { color, dash },
  });
  return {
    data: [
      line(
        rows.map((r) => 100 * r.misclassified),
        "all patients",
        semanticColors.model,
      ),
      line(
        rows.map((r) => 100 * r.nearThreshold),
        "true score near the threshold",
        semanticColors.active,
      ),
      line(
        rows.map((r) => 100 * r.falsePositive),
        "escalated without need",
        semanticColors.symptomsOnly,
        "dot",
      ),
      line(
        rows.map((r) => 100 * r.falseNegative),
        "inflammation missed",
        semanticColors.silentInflammation,
        "dot",
      ),
    ],
    layout: withBaseLayout({
      title: { text: title ?? "Wrong decisions at a threshold vs reliability of one reading" },
      xaxis: { title: axisTitle("Reliability of the reading") },
      yaxis: { title: axisTitle("Misclassified", "%"), rangemode: "tozero" },
    }),
  };
}

/** Options of {@link simulateAttenuation}. */
export interface AttenuationOptions extends SeedOptions {
  /** Correlation between the two true scores. Default: 0.6. */
  trueCorrelation?: number;
  /** Reliabilities of measure X. Default: 0.2, 0.3, ..., 1. */
  reliabilitiesX?: number[];
  /** Reliability of measure Y. Default: 1. */
  reliabilityY?: number;
  /** Subjects per reliability. Default: 5000. */
  subjects?: number;
}

/**
 * Simulated observed correlation vs the attenuation formula r_obs = ρ_T·√(ρ_xx·ρ_yy) (Spearman 1904).
 * @example
 * // A true correlation of 0.6 seen through a predictor of reliability 0.5 shrinks to 0.6·√0.5 ≈ 0.42 (Spearman 1904)
 * const a = simulateAttenuation({ trueCorrelation: 0.6, reliabilitiesX: [0.5, 1], seed: 2 });
 * a.rows[0].expected // 0.424
 * a.rows[0].observed // 0.42 (one simulated cohort)
 */
export function simulateAttenuation(options?: AttenuationOptions): {
  rows: { reliabilityX: number; observed: number; expected: number }[];
  trueCorrelation: number;
  reliabilityY: number;
} {
  const o = optionsObject(options);
  const rho = assertInRange(o.trueCorrelation ?? 0.6, "trueCorrelation", -1, 1);
  const rels = reliabilityList(o.reliabilitiesX ?? [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1], "reliabilitiesX");
  const ry = reliabilityArg(o.reliabilityY ?? 1, "reliabilityY");
  const n = assertCount(o.subjects ?? 5000, "subjects", 3, MAX_SIMULATION_DRAWS / 4);
  assertWithinLimit(
    4 * n * rels.length,
    "normal draws (4 x subjects x reliabilitiesX)",
    MAX_SIMULATION_DRAWS,
    "simulate fewer subjects or reliabilities",
  );
  const rng = resolveRng(o, DEFAULT_SEED);
  const ey = errorSdForReliability(1, ry);
  const rows = rels.map((rx) => {
    const ex = errorSdForReliability(1, rx);
    let sx = 0;
    let sy = 0;
    let sxx = 0;
    let syy = 0;
    let sxy = 0;
    for (let i = 0; i < n; i++) {
      const tx = rng.normal();
      const ty = rho * tx + Math.sqrt(1 - rho * rho) * rng.normal();
      const x = tx + rng.normal(0, ex);
      const y = ty + rng.normal(0, ey);
      sx += x;
      sy += y;
      sxx += x * x;
      syy += y * y;
      sxy += x * y;
    }
    const cov = sxy - (sx * sy) / n;
    // |rho| = 1 with perfect reliabilities makes y an exact multiple of x: the correlation is then ±1
    const observed = finiteOrThrow(cov / Math.sqrt((sxx - (sx * sx) / n) * (syy - (sy * sy) / n)), "observed correlation");
    return { reliabilityX: rx, observed, expected: rho * Math.sqrt(rx * ry) };
  });
  return { rows, trueCorrelation: rho, reliabilityY: ry };
}

/**
 * Observed (simulated) and expected correlation against the reliability of X.
 * @example
 * const fig = attenuationFigure(simulateAttenuation({ trueCorrelation: 0.6, reliabilitiesX: [0.5, 1], seed: 2 }));
 * fig.data[0].name // "simulated"
 * fig.data[1].y // [0.424, 0.6]: the expected attenuated correlation
 */
export function attenuationFigure(result: ReturnType<typeof simulateAttenuation>, options?: { title?: string }): Figure {
  const rows = checkRows<{ reliabilityX: number; observed: number; expected: number }>(result, ["reliabilityX", "observed", "expected"]);
  const trueCorrelation = assertInRange(result.trueCorrelation, "result.trueCorrelation", -1, 1);
  const title = optionalString(optionsObject(options).title, "title");
  const x = rows.map((r) => r.reliabilityX);
  return {
    data: [
      {
        type: "scatter",
        mode: "markers",
        name: "simulated",
        x,
        y: rows.map((r) => r.observed),
        marker: { color: semanticColors.observed, size: 9 },
      },
      {
        type: "scatter",
        mode: "lines",
        name: "ρ_T·√(ρ_xx·ρ_yy)",
        x,
        y: rows.map((r) => r.expected),
        line: { color: semanticColors.model },
      },
      {
        type: "scatter",
        mode: "lines",
        name: "true correlation",
        x: [x[0], x[x.length - 1]],
        y: [trueCorrelation, trueCorrelation],
        line: { color: semanticColors.threshold, dash: "dash" },
      },
    ],
    layout: withBaseLayout({
      title: { text: title ?? "Correlation attenuated by an unreliable measure" },
      xaxis: { title: axisTitle("Reliability of X") },
      yaxis: { title: axisTitle("Correlation"), rangemode: "tozero" },
    }),
  };
}

/** Options of {@link sampleSizeInflation}. */
export interface SampleSizeOptions extends SeedOptions {
  /** Standardised effect on the true score (difference in means / SD of T). Default: 0.5. */
  effectSize?: number;
  /** Reliabilities of the endpoint. Default: 0.3, 0.4, ..., 1. */
  reliabilities?: number[];
  /** Two-sided significance level. Default: 0.05. */
  alpha?: number;
  /** Target power. Default: 0.8. */
  power?: number;
  /**
   * Simulated trials per reliability for the empirical power check (0 to skip). Default: 1000.
   * The normal draws, 4 x trials x Σ(patients per arm), must stay below {@link MAX_SIMULATION_DRAWS}.
   */
  trials?: number;
}

/** One row of {@link sampleSizeInflation}. */
export interface SampleSizeRow {
  reliability: number;
  /** Patients per arm for the target power (normal approximation, rounded up). */
  perArm: number;
  /** perArm / perArm at reliability 1 (≈ 1/ρ). */
  inflation: number;
  /** Simulated power of a two-sample t test when the trial uses the n planned for a perfect endpoint. */
  powerAtPerfectN: number;
  /** Simulated power at `perArm`. */
  powerAtPerArm: number;
}

/**
 * Sample-size inflation of a two-arm trial whose endpoint is measured with reliability ρ: the observed
 * standardised effect is d·√ρ, so n per arm = 2(z₁₋α/₂ + z₁₋β)²/(d²ρ), inflated by 1/ρ. A seeded simulation
 * of two-sample t tests checks the power at the planned n and at the n planned for a perfect endpoint.
 * Each simulated trial draws the t test's sufficient statistics from their exact distributions for
 * normal readings X = T + E (variance σ² = 1 + σ_E²): the two arm means, N(0, σ²/n) and N(d, σ²/n),
 * and the pooled variance, σ²·χ²(2n − 2)/(2n − 2) (the chi-square as twice a gamma variate, Marsaglia &
 * Tsang 2000); the same t statistic as simulating every patient, at a cost independent of n.
 * At most {@link MAX_SIMULATED_TRIALS} trials per call.
 * @example
 * // An endpoint of reliability 0.5 doubles the trial: n ∝ 1/ρ
 * const s = sampleSizeInflation({ effectSize: 0.5, reliabilities: [0.5, 1], trials: 500, seed: 3 });
 * s.rows[0] // { reliability: 0.5, perArm: 126, inflation: 2 }
 * s.rows[1].perArm // 63 patients per arm with a perfect endpoint
 * s.rows[0].powerAtPerfectN // 0.51: a trial sized for a perfect endpoint has about half its planned power
 */
export function sampleSizeInflation(options?: SampleSizeOptions): {
  rows: SampleSizeRow[];
  effectSize: number;
  alpha: number;
  power: number;
} {
  const o = optionsObject(options);
  const d = assertPositive(o.effectSize ?? 0.5, "effectSize");
  const rels = reliabilityList(o.reliabilities ?? [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1], "reliabilities");
  const alpha = assertOpenUnit(o.alpha ?? 0.05, "alpha");
  const power = assertOpenUnit(o.power ?? 0.8, "power");
  const trials = assertCount(o.trials ?? 1000, "trials", 0, MAX_SIMULATED_TRIALS);
  const rng = resolveRng(o, DEFAULT_SEED);
  const zz = zQ(1 - alpha / 2) + zQ(power);
  const nFor = (r: number) => {
    const n = Math.max(2, Math.ceil((2 * zz * zz) / (d * d * r)));
    if (!(n <= Number.MAX_SAFE_INTEGER)) {
      throw new InputError(
        { field: "effectSize", value: d, expected: "an effect size for which a trial size can be counted" },
        "patients per arm overflow",
      );
    }
    return n;
  };
  const nPerfect = nFor(1);
  assertWithinLimit(
    2 * trials * rels.length,
    "simulated trials (2 x trials x reliabilities)",
    MAX_SIMULATED_TRIALS,
    "lower trials, or trials: 0 to skip the power simulation",
  );
  const simulatePower = (r: number, n: number): number => {
    if (trials === 0) return 0;
    // each reading is T + E with T ~ N(0, 1) (+ d in the treated arm) and E ~ N(0, se²): normal with variance 1 + se²
    const sigma = Math.sqrt(1 + errorSdForReliability(1, r) ** 2);
    const seMean = sigma / Math.sqrt(n);
    const df = 2 * n - 2;
    const crit = tQ(1 - alpha / 2, df);
    let hits = 0;
    for (let t = 0; t < trials; t++) {
      // the t test's sufficient statistics, drawn from their exact distributions for normal data:
      // arm means N(mu, sigma²/n), pooled variance sigma²·chi²(df)/df (chi² = 2·gamma(df/2))
      const m1 = rng.normal(0, seMean);
      const m2 = rng.normal(d, seMean);
      const v = (sigma * sigma * 2 * gammaVariate(rng, df / 2)) / df;
      const tStat = (m2 - m1) / Math.sqrt((2 * v) / n);
      if (Math.abs(tStat) > crit) hits++;
    }
    return hits / trials;
  };
  const rows = rels.map((r) => {
    const perArm = nFor(r);
    return {
      reliability: r,
      perArm,
      inflation: perArm / nPerfect,
      powerAtPerfectN: simulatePower(r, nPerfect),
      powerAtPerArm: simulatePower(r, perArm),
    };
  });
  return { rows, effectSize: d, alpha, power };
}

/**
 * Patients per arm against endpoint reliability, with simulated power at the perfect-endpoint n.
 * @example
 * const fig = sampleSizeFigure(sampleSizeInflation({ effectSize: 0.5, reliabilities: [0.5, 1], trials: 500, seed: 3 }));
 * fig.data[0].name // "patients per arm"
 * fig.data[0].y // [126, 63]
 * fig.layout.yaxis2.automargin // true (the power axis on the right never overlaps its title)
 */
export function sampleSizeFigure(result: ReturnType<typeof sampleSizeInflation>, options?: { title?: string }): Figure {
  const rows = checkRows<SampleSizeRow>(result, ["reliability", "perArm", "powerAtPerfectN"]);
  const effectSize = assertPositive(result.effectSize, "result.effectSize");
  const power = assertOpenUnit(result.power, "result.power");
  const title = optionalString(optionsObject(options).title, "title");
  const x = rows.map((r) => r.reliability);
  return {
    data: [
      {
        type: "scatter",
        mode: "lines+markers",
        name: "patients per arm",
        x,
        y: rows.map((r) => r.perArm),
        line: { color: semanticColors.model },
      },
      {
        type: "scatter",
        mode: "lines+markers",
        name: "power if n planned for a perfect endpoint (%)",
        x,
        y: rows.map((r) => 100 * r.powerAtPerfectN),
        yaxis: "y2",
        line: { color: categorical[1], dash: "dot" },
      },
    ],
    layout: withBaseLayout({
      title: { text: title ?? `Sample size for d = ${effectSize}, power ${power * 100} %` },
      xaxis: { title: axisTitle("Reliability of the endpoint") },
      yaxis: { title: axisTitle("Patients per arm"), rangemode: "tozero" },
      // the right axis makes room for its tick labels (automargin) and keeps its title clear of them (standoff);
      // the right margin fits both even where automargin is not honoured (static export). Its own ticks every
      // 20 % (an overlaying axis otherwise syncs its ticks to the left axis's grid: 22.3, 44.7, 67 ...)
      yaxis2: {
        title: { ...axisTitle("Simulated power", "%"), standoff: 12 },
        overlaying: "y",
        side: "right",
        range: [0, 100],
        tickmode: "linear",
        tick0: 0,
        dtick: 20,
        showgrid: false,
        automargin: true,
      },
      margin: { l: 64, r: 80, t: 48, b: 56 },
      legend: { x: 0.35, y: 0.95 },
    }),
  };
}
