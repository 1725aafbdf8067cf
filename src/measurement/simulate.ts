/**
 * Seeded simulations of classical measurement error, X = T + E, with E
 * independent of T and reliability ρ = var(T)/var(X): what noise does to
 * single readings, to decisions at a threshold, to correlations and to the
 * sample size of a trial. Every function takes `{ seed }` or `{ rng }`
 * (src/core/random.ts) and is reproducible; each has a figure builder.
 */
import { InputError } from "../core/errors";
import { type Rng, resolveRng } from "../core/random";
import { assertInRange, assertInteger, assertOpenUnit, assertPositive } from "../core/validate";
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

function reliabilityArg(r: unknown, field: string): number {
  const v = assertInRange(r, field, 0, 1);
  if (v === 0) throw new InputError({ field, value: v, expected: "a reliability > 0 (0 means the reading carries no signal)" });
  return v;
}

/** Error SD that gives reliability ρ for a true-score SD: σ_E = σ_T·√((1 − ρ)/ρ). */
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
 * @example simulateReadings({ subjects: 100, readings: 3, reliability: 0.6, seed: 1 })
 */
export function simulateReadings(options: SimulateReadingsOptions = {}): SimulatedReadings {
  const n = assertInteger(options.subjects ?? 200, "subjects", 1);
  const k = assertInteger(options.readings ?? 2, "readings", 1);
  const r = reliabilityArg(options.reliability ?? 0.8, "reliability");
  const mu = options.meanTrue ?? 0;
  const sd = options.sdTrue ?? 1;
  const se = errorSdForReliability(sd, r);
  const rng = resolveRng(options, DEFAULT_SEED);
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

/** Scatter of the first observed reading against the true score, with the identity line. */
export function readingsFigure(sim: SimulatedReadings, options: { unit?: string; title?: string } = {}): Figure {
  const x = sim.trueScores;
  const y = sim.observed.map((r) => r[0]);
  const lo = Math.min(...x, ...y);
  const hi = Math.max(...x, ...y);
  return {
    data: [
      { type: "scatter", mode: "markers", name: "first reading", x, y, marker: { color: semanticColors.observed, size: 6, opacity: 0.7 } },
      { type: "scatter", mode: "lines", name: "X = T", x: [lo, hi], y: [lo, hi], line: { color: semanticColors.threshold, dash: "dot" } },
    ],
    layout: withBaseLayout({
      title: { text: options.title ?? `X = T + E at reliability ${sim.reliability}` },
      xaxis: { title: axisTitle("True score T", options.unit) },
      yaxis: { title: axisTitle("Observed reading X", options.unit) },
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
 * @example simulateMisclassification({ reliabilities: [0.5, 0.9], seed: 7 })
 */
export function simulateMisclassification(options: MisclassificationOptions = {}): {
  rows: MisclassificationRow[];
  threshold: number;
  band: number;
} {
  const rels = (options.reliabilities ?? [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]).map((r, i) => reliabilityArg(r, `reliabilities[${i}]`));
  const n = assertInteger(options.subjects ?? 20000, "subjects", 1);
  const mu = options.meanTrue ?? 0;
  const sd = assertPositive(options.sdTrue ?? 1, "sdTrue");
  const c = options.threshold ?? mu;
  const band = options.band ?? 0.5 * sd;
  const rng = resolveRng(options, DEFAULT_SEED);
  const rows = rels.map((r) => {
    const se = errorSdForReliability(sd, r);
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

/** Misclassified share (overall and near the threshold) against reliability. */
export function misclassificationFigure(result: { rows: MisclassificationRow[] }, options: { title?: string } = {}): Figure {
  const x = result.rows.map((r) => r.reliability);
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
        result.rows.map((r) => 100 * r.misclassified),
        "all patients",
        semanticColors.model,
      ),
      line(
        result.rows.map((r) => 100 * r.nearThreshold),
        "true score near the threshold",
        semanticColors.active,
      ),
      line(
        result.rows.map((r) => 100 * r.falsePositive),
        "escalated without need",
        semanticColors.symptomsOnly,
        "dot",
      ),
      line(
        result.rows.map((r) => 100 * r.falseNegative),
        "inflammation missed",
        semanticColors.silentInflammation,
        "dot",
      ),
    ],
    layout: withBaseLayout({
      title: { text: options.title ?? "Wrong decisions at a threshold vs reliability of one reading" },
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

/** Simulated observed correlation vs the attenuation formula r_obs = ρ_T·√(ρ_xx·ρ_yy) (Spearman 1904). */
export function simulateAttenuation(options: AttenuationOptions = {}): {
  rows: { reliabilityX: number; observed: number; expected: number }[];
  trueCorrelation: number;
  reliabilityY: number;
} {
  const rho = assertInRange(options.trueCorrelation ?? 0.6, "trueCorrelation", -1, 1);
  const rels = (options.reliabilitiesX ?? [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]).map((r, i) =>
    reliabilityArg(r, `reliabilitiesX[${i}]`),
  );
  const ry = reliabilityArg(options.reliabilityY ?? 1, "reliabilityY");
  const n = assertInteger(options.subjects ?? 5000, "subjects", 3);
  const rng = resolveRng(options, DEFAULT_SEED);
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
    const observed = cov / Math.sqrt((sxx - (sx * sx) / n) * (syy - (sy * sy) / n));
    return { reliabilityX: rx, observed, expected: rho * Math.sqrt(rx * ry) };
  });
  return { rows, trueCorrelation: rho, reliabilityY: ry };
}

/** Observed (simulated) and expected correlation against the reliability of X. */
export function attenuationFigure(result: ReturnType<typeof simulateAttenuation>, options: { title?: string } = {}): Figure {
  const x = result.rows.map((r) => r.reliabilityX);
  return {
    data: [
      {
        type: "scatter",
        mode: "markers",
        name: "simulated",
        x,
        y: result.rows.map((r) => r.observed),
        marker: { color: semanticColors.observed, size: 9 },
      },
      {
        type: "scatter",
        mode: "lines",
        name: "ρ_T·√(ρ_xx·ρ_yy)",
        x,
        y: result.rows.map((r) => r.expected),
        line: { color: semanticColors.model },
      },
      {
        type: "scatter",
        mode: "lines",
        name: "true correlation",
        x: [x[0], x[x.length - 1]],
        y: [result.trueCorrelation, result.trueCorrelation],
        line: { color: semanticColors.threshold, dash: "dash" },
      },
    ],
    layout: withBaseLayout({
      title: { text: options.title ?? "Correlation attenuated by an unreliable measure" },
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
  /** Simulated trials per reliability for the empirical power check (0 to skip). Default: 1000. */
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
 * @example sampleSizeInflation({ effectSize: 0.5, reliabilities: [0.5, 1], trials: 500, seed: 3 })
 */
export function sampleSizeInflation(options: SampleSizeOptions = {}): {
  rows: SampleSizeRow[];
  effectSize: number;
  alpha: number;
  power: number;
} {
  const d = assertPositive(options.effectSize ?? 0.5, "effectSize");
  const rels = (options.reliabilities ?? [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]).map((r, i) => reliabilityArg(r, `reliabilities[${i}]`));
  const alpha = assertOpenUnit(options.alpha ?? 0.05, "alpha");
  const power = assertOpenUnit(options.power ?? 0.8, "power");
  const trials = assertInteger(options.trials ?? 1000, "trials", 0);
  const rng = resolveRng(options, DEFAULT_SEED);
  const zz = zQ(1 - alpha / 2) + zQ(power);
  const nFor = (r: number) => Math.max(2, Math.ceil((2 * zz * zz) / (d * d * r)));
  const nPerfect = nFor(1);
  const simulatePower = (r: number, n: number): number => {
    if (trials === 0) return 0;
    const se = errorSdForReliability(1, r);
    const crit = tQ(1 - alpha / 2, 2 * n - 2);
    let hits = 0;
    for (let t = 0; t < trials; t++) {
      let s1 = 0;
      let q1 = 0;
      let s2 = 0;
      let q2 = 0;
      for (let i = 0; i < n; i++) {
        const a = rng.normal() + rng.normal(0, se);
        const b = d + rng.normal() + rng.normal(0, se);
        s1 += a;
        q1 += a * a;
        s2 += b;
        q2 += b * b;
      }
      const m1 = s1 / n;
      const m2 = s2 / n;
      const v = (q1 - n * m1 * m1 + q2 - n * m2 * m2) / (2 * n - 2);
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

/** Patients per arm against endpoint reliability, with simulated power at the perfect-endpoint n. */
export function sampleSizeFigure(result: ReturnType<typeof sampleSizeInflation>, options: { title?: string } = {}): Figure {
  const x = result.rows.map((r) => r.reliability);
  return {
    data: [
      {
        type: "scatter",
        mode: "lines+markers",
        name: "patients per arm",
        x,
        y: result.rows.map((r) => r.perArm),
        line: { color: semanticColors.model },
      },
      {
        type: "scatter",
        mode: "lines+markers",
        name: "power if n planned for a perfect endpoint (%)",
        x,
        y: result.rows.map((r) => 100 * r.powerAtPerfectN),
        yaxis: "y2",
        line: { color: categorical[1], dash: "dot" },
      },
    ],
    layout: withBaseLayout({
      title: { text: options.title ?? `Sample size for d = ${result.effectSize}, power ${result.power * 100} %` },
      xaxis: { title: axisTitle("Reliability of the endpoint") },
      yaxis: { title: axisTitle("Patients per arm"), rangemode: "tozero" },
      yaxis2: { title: axisTitle("Simulated power", "%"), overlaying: "y", side: "right", range: [0, 100] },
      legend: { x: 0.35, y: 0.95 },
    }),
  };
}
