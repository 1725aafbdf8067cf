import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import { describe, expect, it } from "vitest";
import { InputError } from "../../../src/core/errors";
import { createRng } from "../../../src/core/random";
import { roc, rocAt, rocBestThreshold } from "../../../src/discordance/roc";
import { ROC_SYNTHETIC_SAMPLE, rocThresholdCalculator } from "../../../src/live/calculators/roc-threshold";
import { expectInputError } from "./helpers";

// The worked example of src/discordance/roc.ts: calprotectin (µg/g) at 10 visits
const fcp = [40, 90, 150, 220, 310, 120, 480, 650, 900, 1200];
const active = [false, false, false, false, false, true, true, true, true, true];

/** Hand count: sensitivity = share of active visits above t, specificity = share of the others at or below t. */
function handAt(scores: number[], labels: boolean[], t: number) {
  const cases = scores.filter((_, i) => labels[i]);
  const controls = scores.filter((_, i) => !labels[i]);
  return {
    sensitivity: cases.filter((s) => s > t).length / cases.length,
    specificity: controls.filter((s) => s <= t).length / controls.length,
  };
}

/** Mann-Whitney AUC by all pairs, ties one half. */
function handAuc(scores: number[], labels: boolean[]) {
  let s = 0;
  let n = 0;
  scores.forEach((a, i) => {
    if (!labels[i]) return;
    scores.forEach((b, j) => {
      if (labels[j]) return;
      s += a > b ? 1 : a === b ? 0.5 : 0;
      n++;
    });
  });
  return s / n;
}

/** The default sample, drawn again here from its documented parameters. */
function synthetic(seed: number, nA: number, nR: number) {
  const rng = createRng(seed);
  const scores: number[] = [];
  const labels: boolean[] = [];
  for (let i = 0; i < nA; i++) {
    scores.push(rng.lognormal(Math.log(350), 1));
    labels.push(true);
  }
  for (let i = 0; i < nR; i++) {
    scores.push(rng.lognormal(Math.log(90), 1));
    labels.push(false);
  }
  return { scores, labels };
}

describe("roc-threshold calculator", () => {
  const given = rocThresholdCalculator({ calprotectinUgG: fcp, active });

  it("declares its page contract", () => {
    expect(given.name).toBe("roc-threshold");
    expect(given.chapter).toBe("03 Discordance");
    expect(given.inputs).toMatchObject([{ name: "thresholdUgG", min: 10, max: 2000, log: true, value: 250 }]);
    expect(given.outputs.map((o) => o.name)).toEqual(["sensitivity", "specificity", "youdenIndex", "auc", "bestThresholdUgG"]);
  });

  it("on given data: hand counts, Youden's J, the Mann-Whitney AUC and the library", () => {
    const r = roc(fcp, active);
    for (const t of [10, 100, 130, 250, 395, 700, 2000]) {
      const out = given.compute({ thresholdUgG: t }).outputs;
      const h = handAt(fcp, active, t);
      expect(out.sensitivity).toBe(h.sensitivity);
      expect(out.specificity).toBe(h.specificity);
      expect(out.youdenIndex).toBeCloseTo(h.sensitivity + h.specificity - 1, 15);
      expect({ sensitivity: out.sensitivity, specificity: out.specificity }).toEqual({
        sensitivity: rocAt(r, t).sensitivity,
        specificity: rocAt(r, t).specificity,
      });
    }
    const out = given.compute({ thresholdUgG: 250 }).outputs;
    expect(out.auc).toBeCloseTo(handAuc(fcp, active), 15); // 22/25 = 0.88
    expect(out.auc).toBe(r.auc.value);
    // Youden-optimal: midway between 310 and 480 (the roc.ts example, pROC's threshold convention)
    expect(out.bestThresholdUgG).toBe(395);
    expect(out.bestThresholdUgG).toBe(rocBestThreshold(r, { ties: "first" }).best[0].threshold);
  });

  it("the Youden threshold maximises J over every midpoint (brute force)", () => {
    const calc = rocThresholdCalculator({ seed: 5, nActive: 60, nRemission: 80 });
    const { scores, labels } = synthetic(5, 60, 80);
    const sorted = [...new Set(scores)].sort((a, b) => a - b);
    let bestJ = Number.NEGATIVE_INFINITY;
    let bestT = Number.NaN;
    for (let i = 0; i + 1 < sorted.length; i++) {
      const t = (sorted[i] + sorted[i + 1]) / 2;
      const h = handAt(scores, labels, t);
      const j = h.sensitivity + h.specificity - 1;
      if (j > bestJ + 1e-12) {
        bestJ = j;
        bestT = t;
      }
    }
    const out = calc.compute({ thresholdUgG: 250 }).outputs;
    expect(out.bestThresholdUgG).toBeCloseTo(bestT, 9);
    expect(out.auc).toBeCloseTo(handAuc(scores, labels), 14);
  });

  it("the default synthetic sample is seeded, documented and plausible", () => {
    expect(ROC_SYNTHETIC_SAMPLE).toMatchObject({ nActive: 150, nRemission: 150 });
    const a = rocThresholdCalculator().compute({ thresholdUgG: 250 });
    const b = rocThresholdCalculator().compute({ thresholdUgG: 250 });
    expect(a.outputs).toEqual(b.outputs);
    expect(rocThresholdCalculator({ seed: 7 }).compute({ thresholdUgG: 250 }).outputs).not.toEqual(a.outputs);
    const { scores, labels } = synthetic(ROC_SYNTHETIC_SAMPLE.seed, 150, 150);
    const h = handAt(scores, labels, 250);
    expect(a.outputs.sensitivity).toBe(h.sensitivity);
    expect(a.outputs.specificity).toBe(h.specificity);
    expect(a.outputs.auc).toBeCloseTo(handAuc(scores, labels), 14);
    expect(a.notes.join(" ")).toMatch(/Synthetic data/);
  });

  it("a large synthetic sample recovers the binormal model it is drawn from", () => {
    const big = rocThresholdCalculator({ nActive: 20000, nRemission: 20000, seed: 3 }).compute({ thresholdUgG: 200 }).outputs;
    // binormal on the log scale: AUC = Φ(ln(350/90)/√2); Se(200) = Φ(ln(350/200)); Sp(200) = Φ(ln(200/90))
    expect(Math.abs((big.auc as number) - normalCdf(Math.log(350 / 90) / Math.SQRT2, 0, 1))).toBeLessThan(0.01);
    expect(Math.abs((big.sensitivity as number) - normalCdf(Math.log(350 / 200), 0, 1))).toBeLessThan(0.015);
    expect(Math.abs((big.specificity as number) - normalCdf(Math.log(200 / 90), 0, 1))).toBeLessThan(0.015);
  });

  it("leaves out visits with a missing value and says so", () => {
    const calc = rocThresholdCalculator({ calprotectinUgG: [...fcp, null, 500], active: [...active, true, null] });
    const r = calc.compute({ thresholdUgG: 250 });
    expect(r.outputs).toEqual(given.compute({ thresholdUgG: 250 }).outputs);
    expect(r.notes[0]).toMatch(/2 left out/);
  });

  it("a useless marker has no finite Youden threshold: null, and no Youden point", () => {
    const calc = rocThresholdCalculator({ calprotectinUgG: [300, 400, 50, 80], active: [false, false, true, true] });
    const r = calc.compute({ thresholdUgG: 100 });
    expect(r.outputs.bestThresholdUgG).toBeNull();
    expect(r.outputs.auc).toBe(0);
    expect(r.figure.data.map((t) => t.name)).not.toContain("Youden-optimal threshold");
  });

  it("every output is finite or null", () => {
    for (const t of [10, 250, 2000]) {
      const r = rocThresholdCalculator().compute({ thresholdUgG: t });
      for (const o of given.outputs) {
        const v = r.outputs[o.name];
        expect(v === null || Number.isFinite(v), o.name).toBe(true);
      }
    }
  });

  it("validates the threshold and the data with an InputError naming the field", () => {
    expectInputError(() => given.compute({ thresholdUgG: 5 }), "thresholdUgG");
    expectInputError(() => given.compute({ thresholdUgG: 3000 }), "thresholdUgG");
    expectInputError(() => given.compute({ thresholdUgG: "250" }), "thresholdUgG");
    expectInputError(() => given.compute({ thresholdUgG: Number.NaN }), "thresholdUgG");
    expectInputError(() => rocThresholdCalculator({ calprotectinUgG: fcp }), "active");
    expectInputError(() => rocThresholdCalculator({ calprotectinUgG: fcp, active: active.slice(1) }), "active");
    expectInputError(
      () => rocThresholdCalculator({ calprotectinUgG: [40, -1, 3, 4], active: [true, true, false, false] }),
      "calprotectinUgG[1]",
    );
    expectInputError(
      () => rocThresholdCalculator({ calprotectinUgG: [40, 1, 3, 4], active: [true, 1 as never, false, false] }),
      "active[1]",
    );
    expect(() => rocThresholdCalculator({ calprotectinUgG: [1, 2, 3], active: [true, true, true] })).toThrow(InputError);
    expectInputError(() => rocThresholdCalculator({ thresholdUgG: 1 }), "thresholdUgG");
    expectInputError(() => rocThresholdCalculator({ nActive: 1 }), "nActive");
  });

  it("draws the named curve, the current threshold and the Youden point with units", () => {
    const f = given.compute({ thresholdUgG: 250 }).figure;
    expect(f.data.map((t) => t.name)).toEqual([
      "chance",
      "calprotectin, given visits (AUC 0.88)",
      "Youden-optimal threshold",
      "current threshold",
    ]);
    const curve = f.data[1] as { x: number[]; y: number[] };
    expect(curve.x[0]).toBe(1);
    expect(curve.y[0]).toBe(1);
    expect(curve.x.at(-1)).toBe(0);
    const youden = f.data[2] as { x: number[]; y: number[]; text: string[]; hovertext: string[]; textposition: string };
    // issue #17 item 5: curve, criterion, threshold with its unit, Se and Sp (was "Youden: 395 µg/g");
    // Se 4/5 and Sp 5/5 at 395 by hand: only the case at 120 µg/g is below it, every control is
    expect(youden.hovertext[0]).toBe("calprotectin, Youden cut-off 395 µg/g (Se 0.8, Sp 1)");
    expect(youden.text[0]).toBe("calprotectin, Youden cut-off<br>395 µg/g (Se 0.8, Sp 1)"); // two lines on the plot
    // both points have Se 0.8: the Youden label goes below its point and the current one above
    expect(youden.textposition).toBe("bottom right");
    expect([youden.x[0], youden.y[0]]).toEqual([0, 0.8]);
    const current = f.data[3] as { x: number[]; y: number[]; text: string[]; hovertext: string[]; textposition: string };
    // at 250: cases 120 missed (Se 4/5), control 310 called active (Sp 4/5); was "250 µg/g"
    expect(current.hovertext[0]).toBe("calprotectin, current cut-off 250 µg/g (Se 0.8, Sp 0.8)");
    expect(current.textposition).toBe("top right");
    expect(current.x[0]).toBeCloseTo(0.2, 15);
    expect(current.y[0]).toBe(0.8);
    expect(f.layout.uirevision).toBe("roc-threshold");
  });
});
