/**
 * Live calculator "measurement-error" (chapter 02 Treat to target): what the reliability of one
 * reading does to a decision at a threshold. Classical test theory, X = T + E with the true score
 * T ~ N(meanTrue, σT²), the error E ~ N(0, σE²) independent of T, and reliability ρ = σT²/(σT² + σE²)
 * (Lord & Novick 1968); the observed SD fixes σT = SD·√ρ and σE = SD·√(1 − ρ).
 *
 * Outputs: the standard error of measurement SEM = SD·√(1 − ρ) and the 95 % minimal detectable change
 * MDC95 = 1.96·√2·SEM (library `sem` and `mdc`, src/measurement/reliability.ts), and the exact
 * probabilities that one observed reading lands on the other side of the threshold from the true score.
 * Those are bivariate-normal orthant probabilities: (T, X) is bivariate normal with correlation √ρ, so
 *
 *   P(false active)    = P(T ≤ c, X > c) = BVN(−a, b; −√ρ),
 *   P(false remission) = P(T > c, X ≤ c) = BVN(a, −b; −√ρ),   a = (c − μ)/σT, b = (c − μ)/SD,
 *
 * with BVN(h, k; r) = P(Z₁ > h, Z₂ > k) for standard normals of correlation r. The library only has a
 * seeded Monte Carlo estimate (`simulateMisclassification`, src/measurement/simulate.ts), so BVN is
 * computed here by Genz's algorithm (Genz A. Statistics and Computing 2004;14:251-60, "Numerical
 * computation of rectangular bivariate and trivariate normal and t probabilities"; the method of
 * Drezner & Wesolowsky 1989, J Stat Comput Simul 35:101, as in mvtnorm's and scipy's bvnu), about
 * 1e-15 absolute; hand-written because no maintained npm package computes it. At the mean
 * (c = μ) it reduces to Sheppard's formula: P(misclassified) = arccos(√ρ)/π.
 */
import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import { InputError } from "../../core/errors";
import { assertFinite, assertInRange, assertObject, assertString, optionsObject } from "../../core/validate";
import { mdc, sem } from "../../measurement/reliability";
import { axisTitle, type Figure, referenceLine } from "../../plot/figure";
import { semanticColors, withBaseLayout } from "../../plot/palette";
import type { Calculator, LiveValues, NumberInput } from "../types";

/** Initial values and scale of the measurement-error calculator (plain JSON). */
export interface MeasurementErrorCalculatorOptions {
  /** Name of the score, shown in labels. Default: "SES-CD". */
  scoreName?: string;
  /** Unit of the score, shown after values. Default: "points". */
  unit?: string;
  /** Lowest and highest score the sliders of the mean and the threshold span. Defaults: 0 and 56 (SES-CD range, Daperno 2004). */
  scoreMin?: number;
  scoreMax?: number;
  /** Reliability (ICC) of one reading. Default: 0.83 (SES-CD inter-reader ICC, Khanna R et al. Gut 2016). */
  reliability?: number;
  /**
   * SD of the observed scores. Default: 7.43, the SD at which the SES-CD inter-reader ICC 0.83 gives Khanna 2016's
   * SEM of 3.07 (3.07/√(1 − 0.83) ≈ 7.4).
   */
  sdObserved?: number;
  /** Mean true score. Default: 6 (mild Crohn's activity on SES-CD). */
  meanTrue?: number;
  /** Decision threshold: "active" when the score is above it. Default: 2.5 (SES-CD ≤ 2 remission, ≥ 3 active; STRIDE-II). */
  threshold?: number;
}

// ---------------------------------------------------------------------------------------------
// Bivariate normal upper orthant, Genz (2004).

const GL_N = 20;
/** Gauss-Legendre nodes (ascending, the first half negative) and weights on [−1, 1], by Newton's method on P_n. */
const [GL_X, GL_W] = ((): [Float64Array, Float64Array] => {
  const x = new Float64Array(GL_N);
  const w = new Float64Array(GL_N);
  for (let i = 0; i < GL_N / 2; i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (GL_N + 0.5));
    let dp = 1;
    for (let it = 0; it < 100; it++) {
      let p1 = 1;
      let p2 = 0;
      for (let j = 1; j <= GL_N; j++) {
        const p3 = p2;
        p2 = p1;
        p1 = ((2 * j - 1) * z * p2 - (j - 1) * p3) / j;
      }
      dp = (GL_N * (z * p1 - p2)) / (z * z - 1);
      const dz = p1 / dp;
      z -= dz;
      if (Math.abs(dz) < 1e-16) break;
    }
    x[i] = -z;
    x[GL_N - 1 - i] = z;
    w[i] = 2 / ((1 - z * z) * dp * dp);
    w[GL_N - 1 - i] = w[i];
  }
  return [x, w];
})();

const phi = (z: number): number => normalCdf(z, 0, 1);

/**
 * P(Z₁ > h, Z₂ > k) for standard bivariate normals with correlation r (Genz 2004, function BVU,
 * with the 20-point Gauss-Legendre rule used at every r).
 */
function bivariateUpper(h: number, k0: number, r: number): number {
  const twoPi = 2 * Math.PI;
  let k = k0;
  let hk = h * k;
  let bvn = 0;
  if (Math.abs(r) < 0.925) {
    const hs = (h * h + k * k) / 2;
    const asr = Math.asin(r);
    for (let i = 0; i < GL_N; i++) {
      const sn = Math.sin((asr * (GL_X[i] + 1)) / 2);
      bvn += GL_W[i] * Math.exp((sn * hk - hs) / (1 - sn * sn));
    }
    return bvn * (asr / (2 * twoPi)) + phi(-h) * phi(-k);
  }
  if (r < 0) {
    k = -k;
    hk = -hk;
  }
  if (Math.abs(r) < 1) {
    const as = (1 - r) * (1 + r);
    let a = Math.sqrt(as);
    const bs = (h - k) ** 2;
    const c = (4 - hk) / 8;
    const d = (12 - hk) / 16;
    bvn = a * Math.exp(-(bs / as + hk) / 2) * (1 - (c * (bs - as) * (1 - (d * bs) / 5)) / 3 + (c * d * as * as) / 5);
    if (hk > -160) {
      const b = Math.sqrt(bs);
      bvn -= Math.exp(-hk / 2) * Math.sqrt(twoPi) * phi(-b / a) * b * (1 - (c * bs * (1 - (d * bs) / 5)) / 3);
    }
    a /= 2;
    for (let i = 0; i < GL_N / 2; i++) {
      const xi = GL_X[i]; // negative half, as Genz's tables
      let xs = (a * (xi + 1)) ** 2;
      let rs = Math.sqrt(1 - xs);
      bvn += a * GL_W[i] * (Math.exp(-bs / (2 * xs) - hk / (1 + rs)) / rs - Math.exp(-(bs / xs + hk) / 2) * (1 + c * xs * (1 + d * xs)));
      xs = (as * (1 - xi) ** 2) / 4;
      rs = Math.sqrt(1 - xs);
      bvn += a * GL_W[i] * Math.exp(-(bs / xs + hk) / 2) * (Math.exp((-hk * (1 - rs)) / (2 * (1 + rs))) / rs - (1 + c * xs * (1 + d * xs)));
    }
    bvn = -bvn / twoPi;
  }
  if (r > 0) return bvn + phi(-Math.max(h, k));
  return -bvn + Math.max(0, phi(-h) - phi(-k));
}

/** Exact P(T ≤ c, X > c) and P(T > c, X ≤ c) under X = T + E (see the header), clipped to [0, 1]. */
function misclassification(reliability: number, sdObserved: number, meanTrue: number, threshold: number) {
  if (reliability === 1) return { falseActive: 0, falseRemission: 0 };
  const r = Math.sqrt(reliability);
  const a = (threshold - meanTrue) / (sdObserved * r);
  const b = (threshold - meanTrue) / sdObserved;
  const clip = (p: number) => Math.min(1, Math.max(0, p));
  return { falseActive: clip(bivariateUpper(-a, b, -r)), falseRemission: clip(bivariateUpper(a, -b, -r)) };
}

// ---------------------------------------------------------------------------------------------

function numberInput(base: Omit<NumberInput, "kind" | "value">, value: unknown): NumberInput {
  return { kind: "number", ...base, value: assertInRange(value, base.name, base.min, base.max) };
}

function readNumber(values: LiveValues, input: NumberInput): number {
  return assertInRange(values[input.name], input.name, input.min, input.max);
}

/**
 * Measurement-error calculator: SEM = SD·√(1 − ICC), MDC95 = 1.96·√2·SEM (Weir 2005, J Strength Cond
 * Res 19:231), and the exact probability that one reading falls on the other side of a threshold from the
 * true score under X = T + E (bivariate normal, Genz 2004; Sheppard's arccos(√ρ)/π at the mean).
 *
 * Inputs: `reliability`, `sdObserved`, `meanTrue`, `threshold`. Outputs: `semPoints`, `mdc95Points`,
 * `misclassificationProbability` = `falseActiveProbability` (true score at or below the threshold,
 * reading above) + `falseRemissionProbability` (true score above, reading at or below).
 * @throws InputError for an option or a form value outside its declared range.
 * @example
 * const calc = measurementErrorCalculator();
 * const r = calc.compute({ reliability: 0.83, sdObserved: 7.43, meanTrue: 6, threshold: 2.5 });
 * r.outputs.semPoints // 3.06: SES-CD inter-reader (Khanna 2016: 3.07)
 * r.outputs.mdc95Points // 8.49
 * // At the mean, Sheppard's formula: arccos(√0.5)/π = 0.25 misclassified
 * calc.compute({ reliability: 0.5, sdObserved: 7.43, meanTrue: 6, threshold: 6 }).outputs.misclassificationProbability // 0.2500
 * calc.compute({ reliability: 1.5, sdObserved: 7.43, meanTrue: 6, threshold: 2.5 }) // throws InputError
 */
export function measurementErrorCalculator(options?: MeasurementErrorCalculatorOptions): Calculator {
  const o = optionsObject(options);
  const scoreName = o.scoreName === undefined ? "SES-CD" : assertString(o.scoreName, "scoreName");
  const unit = o.unit === undefined ? "points" : assertString(o.unit, "unit");
  const scoreMin = assertFinite(o.scoreMin ?? 0, "scoreMin");
  const scoreMax = assertFinite(o.scoreMax ?? 56, "scoreMax");
  if (!(scoreMax > scoreMin))
    throw new InputError({ field: "scoreMax", value: scoreMax, expected: `a number greater than scoreMin (${scoreMin})` });
  const width = scoreMax - scoreMin;
  const step = Number((width / 560).toPrecision(1));
  const reliabilityIn = numberInput(
    {
      name: "reliability",
      label: "Reliability of one reading (ICC)",
      min: 0.05,
      max: 1,
      step: 0.01,
      help: "ρ = var(true)/var(observed); SES-CD inter-reader ICC 0.83 (Khanna 2016).",
    },
    o.reliability ?? 0.83,
  );
  const sdIn = numberInput(
    {
      name: "sdObserved",
      label: "SD of observed scores",
      unit,
      min: Number((width / 1000).toPrecision(1)),
      max: width,
      step,
      help: "Between-patient SD of single readings.",
    },
    o.sdObserved ?? 7.43,
  );
  const meanIn = numberInput(
    { name: "meanTrue", label: "Mean true score", unit, min: scoreMin, max: scoreMax, step, help: `Mean ${scoreName} of the patients.` },
    o.meanTrue ?? 6,
  );
  const thresholdIn = numberInput(
    {
      name: "threshold",
      label: "Decision threshold",
      unit,
      min: scoreMin,
      max: scoreMax,
      step,
      help: "A reading above it is called active.",
    },
    o.threshold ?? 2.5,
  );

  return {
    name: "measurement-error",
    title: `Measurement error at a ${scoreName} threshold`,
    chapter: "02 Treat to target",
    description:
      "Lower the reliability or move the threshold towards the mean: more patients are called active or in remission on one reading although their true score says the opposite.",
    inputs: [reliabilityIn, sdIn, meanIn, thresholdIn],
    outputs: [
      { name: "semPoints", label: "Standard error of measurement", unit },
      { name: "mdc95Points", label: "Minimal detectable change (95 %)", unit },
      { name: "misclassificationProbability", label: "Misclassified by one reading", unit: "%", percent: true },
      { name: "falseActiveProbability", label: "Called active, truly below the threshold", unit: "%", percent: true },
      { name: "falseRemissionProbability", label: "Called in remission, truly above the threshold", unit: "%", percent: true },
    ],
    compute(values: LiveValues) {
      const v = assertObject<LiveValues>(values, "values");
      const rho = readNumber(v, reliabilityIn);
      const sd = readNumber(v, sdIn);
      const mu = readNumber(v, meanIn);
      const c = readNumber(v, thresholdIn);
      const semValue = sem(sd, rho);
      const mdcValue = mdc(semValue);
      const { falseActive, falseRemission } = misclassification(rho, sd, mu, c);
      const sdTrue = sd * Math.sqrt(rho);
      const trulyActive = phi(-(c - mu) / sdTrue);
      const f = (x: number) => Number(x.toPrecision(3)).toString();
      const p = (x: number) => `${Number((100 * x).toPrecision(3))} %`;
      return {
        outputs: {
          semPoints: semValue,
          mdc95Points: mdcValue,
          misclassificationProbability: falseActive + falseRemission,
          falseActiveProbability: falseActive,
          falseRemissionProbability: falseRemission,
        },
        figure: densityFigure(rho, sd, mu, c, scoreName, unit),
        notes: [
          `With reliability ${f(rho)} and an observed SD of ${f(sd)} ${unit}, the true-score SD is ${f(sdTrue)} and the error SD (SEM) ${f(semValue)} ${unit}; a change smaller than ${f(mdcValue)} ${unit} between two readings can be noise alone (MDC95 = 1.96·√2·SEM).`,
          `${p(trulyActive)} of patients are truly above ${f(c)}; one reading misclassifies ${p(falseActive + falseRemission)}: ${p(falseActive)} called active while truly below, ${p(falseRemission)} called in remission while truly above.`,
          `Normal model: a bounded, skewed score such as ${scoreName} is only approximately normal; the probabilities are exact for the model (bivariate normal, Genz 2004), not for the scale's true distribution.`,
        ],
      };
    },
  };
}

/** Densities of the true score T and the observed score X, with the threshold. */
function densityFigure(rho: number, sd: number, mu: number, c: number, scoreName: string, unit: string): Figure {
  const sdTrue = sd * Math.sqrt(rho);
  const lo = Math.min(mu - 4 * sd, c - sd);
  const hi = Math.max(mu + 4 * sd, c + sd);
  const n = 301;
  const x: number[] = [];
  for (let i = 0; i < n; i++) x.push(lo + ((hi - lo) * i) / (n - 1));
  const density = (s: number) => x.map((t) => Math.exp(-0.5 * ((t - mu) / s) ** 2) / (s * Math.sqrt(2 * Math.PI)));
  return {
    data: [
      {
        type: "scatter",
        mode: "lines",
        name: "true score T",
        x,
        y: density(sdTrue),
        line: { color: semanticColors.model, width: 2.5 },
      },
      {
        type: "scatter",
        mode: "lines",
        name: "one observed reading X = T + E",
        x,
        y: density(sd),
        line: { color: semanticColors.observed, width: 2.5, dash: "dash" },
      },
    ],
    layout: withBaseLayout({
      title: { text: `True and observed ${scoreName}: reliability ${Number(rho.toPrecision(3))}` },
      height: 420,
      uirevision: "measurement-error",
      xaxis: { title: axisTitle(scoreName, unit) },
      yaxis: { title: axisTitle("Density", `per ${unit.replace(/s$/, "")}`), rangemode: "tozero" },
      shapes: [referenceLine("x", c, { color: semanticColors.threshold, dash: "dash" })],
      annotations: [
        { x: c, y: 1, xref: "x", yref: "paper", text: `threshold ${Number(c.toPrecision(4))}`, showarrow: false, yanchor: "bottom" },
      ],
      legend: { x: 0.99, xanchor: "right", y: 0.99 },
    }),
  };
}
