import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { measurementErrorCalculator } from "../../../src/live/calculators/measurement-error";
import type { LiveValues } from "../../../src/live/types";
import { mdc, sem } from "../../../src/measurement/reliability";
import { simulateMisclassification } from "../../../src/measurement/simulate";
import { expectInputError } from "./helpers";

const calc = measurementErrorCalculator();
const base: LiveValues = { reliability: 0.83, sdObserved: 7.43, meanTrue: 6, threshold: 2.5 };
const run = (v: Partial<LiveValues>) => calc.compute({ ...base, ...v } as LiveValues);

// mpmath quadrature of the one-dimensional integrals over the true score (40 digits):
// tests/fixtures/py/measurement_error.py
const fixture = JSON.parse(readFileSync(join(__dirname, "../../fixtures/py/measurement_error.json"), "utf8")) as {
  cases: { reliability: number; sdObserved: number; meanTrue: number; threshold: number; falseActive: number; falseRemission: number }[];
};

describe("measurement-error calculator", () => {
  it("declares its page contract", () => {
    expect(calc.name).toBe("measurement-error");
    expect(calc.chapter).toBe("02 Treat to target");
    expect(calc.inputs.map((i) => i.name)).toEqual(["reliability", "sdObserved", "meanTrue", "threshold"]);
    expect(calc.outputs.map((o) => o.name)).toEqual([
      "semPoints",
      "mdc95Points",
      "misclassificationProbability",
      "falseActiveProbability",
      "falseRemissionProbability",
    ]);
    const custom = measurementErrorCalculator(
      JSON.parse(JSON.stringify({ scoreName: "Mayo", unit: "points", scoreMax: 12, threshold: 5, meanTrue: 4, sdObserved: 3 })),
    );
    expect(custom.inputs.map((i) => i.value)).toEqual([0.83, 3, 4, 5]);
    expect(custom.title).toContain("Mayo");
  });

  it("SEM = SD·√(1 − ICC) and MDC95 = 1.96·√2·SEM, as the library and Khanna 2016", () => {
    for (const [rho, sd] of [
      [0.83, 7.43],
      [0.91, 7.43],
      [0.5, 2],
      [1, 10],
    ]) {
      const out = run({ reliability: rho, sdObserved: sd }).outputs;
      expect(out.semPoints).toBeCloseTo(sd * Math.sqrt(1 - rho), 12);
      expect(out.semPoints).toBe(sem(sd, rho));
      // z(0.975) = 1.959963984540054 (Weir 2005 uses 1.96)
      expect(out.mdc95Points).toBeCloseTo(1.959963984540054 * Math.SQRT2 * sd * Math.sqrt(1 - rho), 12);
      expect(out.mdc95Points).toBe(mdc(sem(sd, rho)));
    }
    // Khanna R et al. Gut 2016: SES-CD inter-reader ICC 0.83, SEM 3.07 (rounded inputs give 3.06)
    expect(run({}).outputs.semPoints).toBeCloseTo(3.07, 1);
  });

  it("at the mean, gives Sheppard's orthant formula arccos(√ρ)/π, split evenly", () => {
    for (const rho of [0.05, 0.2, 0.5, 0.7, 0.83, 0.9, 0.95, 0.99, 0.999]) {
      const out = run({ reliability: rho, threshold: 6 }).outputs;
      expect(out.misclassificationProbability).toBeCloseTo(Math.acos(Math.sqrt(rho)) / Math.PI, 14);
      expect(out.falseActiveProbability).toBeCloseTo(out.falseRemissionProbability as number, 15);
    }
  });

  it("matches the mpmath quadrature of the bivariate-normal probabilities", () => {
    expect(fixture.cases.length).toBeGreaterThanOrEqual(10);
    for (const c of fixture.cases) {
      const out = run({ reliability: c.reliability, sdObserved: c.sdObserved, meanTrue: c.meanTrue, threshold: c.threshold }).outputs;
      const fa = out.falseActiveProbability as number;
      const fr = out.falseRemissionProbability as number;
      expect(Math.abs(fa - c.falseActive), `false active ${JSON.stringify(c)}`).toBeLessThan(1e-14 + 1e-10 * c.falseActive);
      expect(Math.abs(fr - c.falseRemission), `false remission ${JSON.stringify(c)}`).toBeLessThan(1e-14 + 1e-10 * c.falseRemission);
      expect(out.misclassificationProbability).toBeCloseTo(c.falseActive + c.falseRemission, 13);
    }
  });

  it("agrees with the library's seeded Monte Carlo within its Monte Carlo error", () => {
    const n = 200_000;
    for (const [rho, sd, mu, c] of [
      [0.83, 7.43, 6, 2.5],
      [0.5, 4, 10, 12],
      [0.95, 2, 5, 5.5],
    ]) {
      const out = run({ reliability: rho, sdObserved: sd, meanTrue: mu, threshold: c }).outputs;
      const mc = simulateMisclassification({
        reliabilities: [rho],
        subjects: n,
        meanTrue: mu,
        sdTrue: sd * Math.sqrt(rho),
        threshold: c,
        seed: 11,
      }).rows[0];
      for (const [exact, sim] of [
        [out.falseActiveProbability as number, mc.falsePositive],
        [out.falseRemissionProbability as number, mc.falseNegative],
        [out.misclassificationProbability as number, mc.misclassified],
      ]) {
        const se = Math.sqrt((exact * (1 - exact)) / n);
        expect(Math.abs(sim - exact)).toBeLessThan(4 * se);
      }
    }
  });

  it("is symmetric about the mean, zero at reliability 1 and falls as reliability rises", () => {
    for (const d of [0.5, 3, 10]) {
      const up = run({ meanTrue: 20, threshold: 20 + d }).outputs;
      const down = run({ meanTrue: 20, threshold: 20 - d }).outputs;
      expect(up.falseActiveProbability).toBeCloseTo(down.falseRemissionProbability as number, 14);
      expect(up.falseRemissionProbability).toBeCloseTo(down.falseActiveProbability as number, 14);
    }
    const perfect = run({ reliability: 1 }).outputs;
    expect([perfect.falseActiveProbability, perfect.falseRemissionProbability, perfect.semPoints]).toEqual([0, 0, 0]);
    let last = 1;
    for (const rho of [0.05, 0.2, 0.4, 0.6, 0.8, 0.9, 0.99, 1]) {
      const m = run({ reliability: rho }).outputs.misclassificationProbability as number;
      expect(m).toBeLessThan(last);
      last = m;
    }
  });

  it("every output is finite and in range, even with the threshold far in a tail", () => {
    for (const v of [
      {},
      { threshold: 56, meanTrue: 0, sdObserved: 0.06 },
      { threshold: 0, meanTrue: 56, reliability: 0.999 },
      { reliability: 0.05 },
    ]) {
      const r = run(v as Partial<LiveValues>);
      for (const o of calc.outputs) {
        const x = r.outputs[o.name] as number;
        expect(Number.isFinite(x), o.name).toBe(true);
        expect(x).toBeGreaterThanOrEqual(0);
      }
      expect(r.outputs.misclassificationProbability as number).toBeLessThanOrEqual(1);
    }
  });

  it("validates every field with an InputError naming it", () => {
    expectInputError(() => run({ reliability: 0 }), "reliability");
    expectInputError(() => run({ reliability: 1.2 }), "reliability");
    expectInputError(() => run({ reliability: "0.8" }), "reliability");
    expectInputError(() => run({ sdObserved: 0 }), "sdObserved");
    expectInputError(() => run({ sdObserved: Number.POSITIVE_INFINITY }), "sdObserved");
    expectInputError(() => run({ meanTrue: -1 }), "meanTrue");
    expectInputError(() => run({ threshold: 57 }), "threshold");
    expectInputError(() => run({ threshold: Number.NaN }), "threshold");
    expectInputError(() => measurementErrorCalculator({ scoreMin: 10, scoreMax: 5 }), "scoreMax");
    expectInputError(() => measurementErrorCalculator({ reliability: 2 }), "reliability");
  });

  it("draws the true and observed densities with the threshold", () => {
    const f = run({}).figure;
    expect(f.data.map((t) => t.name)).toEqual(["true score T", "one observed reading X = T + E"]);
    const [t, x] = f.data as { x: number[]; y: number[] }[];
    // peak heights 1/(σ√(2π)), σT = SD·√ρ, σX = SD
    const sdT = 7.43 * Math.sqrt(0.83);
    expect(Math.max(...t.y)).toBeCloseTo(1 / (sdT * Math.sqrt(2 * Math.PI)), 4);
    expect(Math.max(...x.y)).toBeCloseTo(1 / (7.43 * Math.sqrt(2 * Math.PI)), 4);
    // the observed density integrates to ~1 over ±4 SD (trapezoid)
    let area = 0;
    for (let i = 1; i < x.x.length; i++) area += ((x.y[i] + x.y[i - 1]) / 2) * (x.x[i] - x.x[i - 1]);
    expect(area).toBeGreaterThan(0.999);
    expect(area).toBeLessThan(1.0001);
    const shapes = f.layout.shapes as { x0: number }[];
    expect(shapes[0].x0).toBe(2.5);
    expect(f.layout.uirevision).toBe("measurement-error");
    expect(JSON.stringify(f.layout.xaxis)).toContain("SES-CD (points)");
  });
});
