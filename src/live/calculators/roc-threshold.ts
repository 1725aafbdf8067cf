/**
 * Live calculator "roc-threshold" (chapter 03 Discordance): where a faecal calprotectin threshold
 * sits on the ROC curve for endoscopic activity. A reading above the threshold is called active;
 * sensitivity and specificity are read off the empirical curve, Youden's index J = Se + Sp − 1
 * (Youden 1950, Cancer 3:32) at that threshold, and the Youden-optimal threshold is marked.
 *
 * Data: the caller's (a notebook passes the cohort's visits: calprotectin and endoscopic activity), or by
 * default a seeded synthetic sample of log-normal calprotectin in active disease and in remission
 * ({@link ROC_SYNTHETIC_SAMPLE}), drawn with `createRng` (src/core/random.ts) so that Node and the
 * browser build the same curve.
 *
 * Library functions called: `roc` (empirical curve, AUC with DeLong CI), `rocAt` and `rocBestThreshold`
 * (src/discordance/roc.ts). The curve and the Youden point are computed once, when the calculator is
 * made; each change of the threshold costs one `rocAt` (O(n)).
 */
import { InputError } from "../../core/errors";
import { createRng } from "../../core/random";
import { assertArray, assertCount, assertInRange, assertObject, assertString, optionsObject } from "../../core/validate";
import { rocPointLabel, rocTextPosition } from "../../discordance/figures";
import { roc, rocAt, rocBestThreshold } from "../../discordance/roc";
import { axisTitle, type Figure } from "../../plot/figure";
import { palette, semanticColors, withBaseLayout } from "../../plot/palette";
import type { Calculator, LiveValues, NumberInput } from "../types";

/**
 * The synthetic sample drawn when no data are given: calprotectin (µg/g) log-normal in each group,
 * medians 350 µg/g (endoscopically active) and 90 µg/g (remission), SD of log 1.0 in both. The binormal AUC
 * is Φ(ln(350/90)/√2) ≈ 0.83, and at 200 µg/g sensitivity ≈ 0.71 and specificity ≈ 0.79: close to the
 * Crohn's disease figures of the calprotectin meta-analysis (PMC8543348: cut-off 180-250 µg/g,
 * sensitivity 0.67, specificity 0.76). Illustrative, not a cohort.
 */
export const ROC_SYNTHETIC_SAMPLE = {
  active: { medianUgG: 350, sdLog: 1 },
  remission: { medianUgG: 90, sdLog: 1 },
  nActive: 150,
  nRemission: 150,
  seed: 20240416,
} as const;

/** Data and initial values of the ROC-threshold calculator (plain JSON). */
export interface RocThresholdCalculatorOptions {
  /** Calprotectin of each visit, µg/g (null for a missing value: the visit is left out). Given together with `active`. */
  calprotectinUgG?: (number | null)[];
  /** Endoscopic activity of each visit (true = active; null for missing: the visit is left out). */
  active?: (boolean | null)[];
  /** Seed of the synthetic sample (used only without data). Default: 20240416. */
  seed?: number;
  /** Sizes of the synthetic sample. Defaults: 150 and 150. */
  nActive?: number;
  nRemission?: number;
  /** Initial threshold, µg/g. Default: 250 (D'Haens 2012 cut-off for mucosal healing in Crohn's disease). */
  thresholdUgG?: number;
  /** What the data are, shown in the notes and the curve's name. Default: "synthetic sample" or "given visits". */
  dataLabel?: string;
}

/** Most visits the calculator takes (the curve is drawn with every point). */
const MAX_VISITS = 100_000;

function sample(o: RocThresholdCalculatorOptions): { scores: number[]; labels: boolean[]; dropped: number; label: string } {
  if (o.calprotectinUgG === undefined && o.active === undefined) {
    const nA = assertCount(o.nActive ?? ROC_SYNTHETIC_SAMPLE.nActive, "nActive", 2, MAX_VISITS / 2);
    const nR = assertCount(o.nRemission ?? ROC_SYNTHETIC_SAMPLE.nRemission, "nRemission", 2, MAX_VISITS / 2);
    const seed = o.seed ?? ROC_SYNTHETIC_SAMPLE.seed;
    const rng = createRng(seed);
    const scores: number[] = [];
    const labels: boolean[] = [];
    const { active, remission } = ROC_SYNTHETIC_SAMPLE;
    for (let i = 0; i < nA; i++) {
      scores.push(rng.lognormal(Math.log(active.medianUgG), active.sdLog));
      labels.push(true);
    }
    for (let i = 0; i < nR; i++) {
      scores.push(rng.lognormal(Math.log(remission.medianUgG), remission.sdLog));
      labels.push(false);
    }
    return { scores, labels, dropped: 0, label: `synthetic sample (seed ${seed})` };
  }
  if (o.calprotectinUgG === undefined || o.active === undefined) {
    const missing = o.calprotectinUgG === undefined ? "calprotectinUgG" : "active";
    throw new InputError({ field: missing, value: undefined, expected: "calprotectinUgG and active given together, one entry per visit" });
  }
  const fcp = assertArray<unknown>(o.calprotectinUgG, "calprotectinUgG", { nonEmpty: true });
  const act = assertArray<unknown>(o.active, "active");
  if (act.length !== fcp.length)
    throw new InputError({ field: "active", value: `${act.length} entries`, expected: `${fcp.length}, one per calprotectin value` });
  if (fcp.length > MAX_VISITS)
    throw new InputError({ field: "calprotectinUgG", value: `${fcp.length} visits`, expected: `at most ${MAX_VISITS}` });
  const scores: number[] = [];
  const labels: boolean[] = [];
  let dropped = 0;
  for (let i = 0; i < fcp.length; i++) {
    const s = fcp[i];
    const a = act[i];
    if (s !== null && (typeof s !== "number" || !Number.isFinite(s) || s < 0))
      throw new InputError({ field: `calprotectinUgG[${i}]`, value: s, expected: "a number >= 0 (µg/g) or null" });
    if (a !== null && typeof a !== "boolean") throw new InputError({ field: `active[${i}]`, value: a, expected: "true, false or null" });
    if (s === null || a === null) dropped++;
    else {
      scores.push(s);
      labels.push(a);
    }
  }
  return { scores, labels, dropped, label: "given visits" };
}

function fmtUgG(x: number): string {
  return `${Number(x.toPrecision(3))} µg/g`;
}

/**
 * ROC-threshold calculator: sensitivity, specificity and Youden's J = Se + Sp − 1 at a calprotectin threshold
 * (active when calprotectin > threshold), the AUC (Mann-Whitney, DeLong CI; DeLong 1988, Biometrics 44:837) and
 * the Youden-optimal threshold (pROC's coords "best"; Perkins & Schisterman 2006, Am J Epidemiol 163:670), on the
 * caller's visits or a seeded synthetic sample ({@link ROC_SYNTHETIC_SAMPLE}).
 *
 * Input: `thresholdUgG` (log slider 10-2000 µg/g). Outputs: `sensitivity`, `specificity`, `youdenIndex`, `auc`,
 * `bestThresholdUgG` (null when no finite threshold beats calling everyone, i.e. a useless marker).
 * @throws InputError for malformed data (lengths, negative or non-numeric values, fewer than two visits of a class)
 * or a threshold outside 10-2000 µg/g.
 * @example
 * // Calprotectin (µg/g) at 10 visits, 5 without and 5 with endoscopic activity
 * const calc = rocThresholdCalculator({
 *   calprotectinUgG: [40, 90, 150, 220, 310, 120, 480, 650, 900, 1200],
 *   active: [false, false, false, false, false, true, true, true, true, true],
 * });
 * const r = calc.compute({ thresholdUgG: 250 });
 * r.outputs.sensitivity // 0.8
 * r.outputs.youdenIndex // 0.6
 * r.outputs.auc // 0.88
 * r.outputs.bestThresholdUgG // 395: midway between 310 and 480
 * calc.compute({ thresholdUgG: 5 }) // throws InputError
 */
export function rocThresholdCalculator(options?: RocThresholdCalculatorOptions): Calculator {
  const o = optionsObject(options);
  const data = sample(o);
  const label = o.dataLabel === undefined ? data.label : assertString(o.dataLabel, "dataLabel");
  const result = roc(data.scores, data.labels);
  const best = rocBestThreshold(result, { ties: "first" }).best[0];
  const bestThreshold = Number.isFinite(best.threshold) ? best.threshold : null;
  const curve = result.curve;
  const fpr = Array.from(curve.specificity, (sp) => 1 - sp);
  const tpr = Array.from(curve.sensitivity);
  const auc = result.auc;
  const thresholdIn: NumberInput = {
    kind: "number",
    name: "thresholdUgG",
    label: "Calprotectin threshold",
    unit: "µg/g",
    min: 10,
    max: 2000,
    step: 1,
    log: true,
    value: 250,
    help: "A visit above the threshold is called active.",
  };
  thresholdIn.value = assertInRange(o.thresholdUgG ?? 250, "thresholdUgG", thresholdIn.min, thresholdIn.max);

  return {
    name: "roc-threshold",
    title: "Calprotectin threshold on the ROC curve",
    chapter: "03 Discordance",
    description:
      "Slide the calprotectin threshold: sensitivity and specificity trade off along the curve; the Youden point maximises their sum, which is one choice among several.",
    inputs: [thresholdIn],
    outputs: [
      { name: "sensitivity", label: "Sensitivity", unit: "%", percent: true },
      { name: "specificity", label: "Specificity", unit: "%", percent: true },
      { name: "youdenIndex", label: "Youden's J (Se + Sp − 1)" },
      { name: "auc", label: "Area under the curve" },
      { name: "bestThresholdUgG", label: "Youden-optimal threshold", unit: "µg/g" },
    ],
    compute(values: LiveValues) {
      const v = assertObject<LiveValues>(values, "values");
      const t = assertInRange(v.thresholdUgG, "thresholdUgG", thresholdIn.min, thresholdIn.max);
      const at = rocAt(result, t);
      const youden = at.sensitivity + at.specificity - 1;
      const pc = (x: number) => `${Number((100 * x).toPrecision(3))} %`;
      const notes = [
        `${label}: ${result.nCases} visits with endoscopic activity, ${result.nControls} without${data.dropped ? ` (${data.dropped} left out for a missing value)` : ""}. AUC ${auc.value.toFixed(3)} (95 % CI ${auc.lower.toFixed(3)}-${auc.upper.toFixed(3)}, DeLong).`,
        `Above ${fmtUgG(t)}: sensitivity ${pc(at.sensitivity)}, specificity ${pc(at.specificity)}, Youden's J ${youden.toFixed(3)}.`,
        bestThreshold === null
          ? "No finite threshold beats calling every visit active or none: the marker does not separate the groups."
          : `The Youden-optimal threshold is ${fmtUgG(bestThreshold)} (sensitivity ${pc(best.sensitivity)}, specificity ${pc(best.specificity)}); it weighs a missed inflammation and a needless escalation equally.`,
      ];
      if (o.calprotectinUgG === undefined)
        notes.push(
          "Synthetic data: log-normal calprotectin, median 350 µg/g (active) and 90 µg/g (remission), SD of log 1.0, chosen to resemble the Crohn's disease meta-analysis figures (sensitivity 0.67, specificity 0.76 at 180-250 µg/g).",
        );
      return {
        outputs: {
          sensitivity: at.sensitivity,
          specificity: at.specificity,
          youdenIndex: youden,
          auc: auc.value,
          bestThresholdUgG: bestThreshold,
        },
        figure: rocFigure(fpr, tpr, auc.value, label, at, bestThreshold === null ? null : best),
        notes,
      };
    },
  };
}

function rocFigure(
  fpr: number[],
  tpr: number[],
  auc: number,
  label: string,
  at: { threshold: number; sensitivity: number; specificity: number },
  best: { threshold: number; sensitivity: number; specificity: number } | null,
): Figure {
  // the more sensitive of the two points is labelled above itself, the other below: the labels run apart
  const youdenAbove = best !== null && best.sensitivity > at.sensitivity;
  const data: Record<string, unknown>[] = [
    {
      type: "scatter",
      mode: "lines",
      name: "chance",
      x: [0, 1],
      y: [0, 1],
      line: { color: semanticColors.indeterminate, dash: "dot", width: 1 },
      hoverinfo: "skip",
    },
    {
      type: "scatter",
      mode: "lines",
      name: `calprotectin, ${label} (AUC ${auc.toFixed(2)})`,
      x: fpr.slice(),
      y: tpr.slice(),
      line: { color: semanticColors.model, width: 2.5 },
    },
  ];
  if (best)
    data.push({
      type: "scatter",
      mode: "markers+text",
      name: "Youden-optimal threshold",
      x: [1 - best.specificity],
      y: [best.sensitivity],
      text: [rocPointLabel({ curve: "calprotectin", criterion: "Youden", unit: "µg/g", ...best }, "<br>")],
      hovertext: [rocPointLabel({ curve: "calprotectin", criterion: "Youden", unit: "µg/g", ...best })],
      hoverinfo: "text",
      cliponaxis: false,
      textposition: rocTextPosition(1 - best.specificity, best.sensitivity, youdenAbove),
      marker: { color: palette.orange, size: 11, symbol: "diamond" },
    });
  data.push({
    type: "scatter",
    mode: "markers+text",
    name: "current threshold",
    x: [1 - at.specificity],
    y: [at.sensitivity],
    text: [rocPointLabel({ curve: "calprotectin", criterion: "current", unit: "µg/g", ...at }, "<br>")],
    hovertext: [rocPointLabel({ curve: "calprotectin", criterion: "current", unit: "µg/g", ...at })],
    hoverinfo: "text",
    cliponaxis: false,
    textposition: rocTextPosition(1 - at.specificity, at.sensitivity, !youdenAbove),
    marker: { color: semanticColors.active, size: 12, symbol: "circle" },
  });
  return {
    data,
    layout: withBaseLayout({
      title: { text: "Faecal calprotectin for endoscopic activity: ROC curve" },
      height: 420,
      uirevision: "roc-threshold",
      xaxis: { title: axisTitle("1 − specificity (false-positive rate)"), range: [-0.02, 1.02], constrain: "domain" },
      yaxis: { title: axisTitle("Sensitivity (true-positive rate)"), range: [-0.02, 1.02], scaleanchor: "x", scaleratio: 1 },
      legend: { x: 0.98, xanchor: "right", y: 0.02, yanchor: "bottom" },
    }),
  };
}
