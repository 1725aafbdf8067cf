import { describe, expect, it } from "vitest";
import { createRng } from "../../src/core/random";
import {
  attenuationFigure,
  errorSdForReliability,
  icc,
  misclassificationFigure,
  readingsFigure,
  sampleSizeFigure,
  sampleSizeInflation,
  simulateAttenuation,
  simulateMisclassification,
  simulateReadings,
} from "../../src/measurement";

describe("simulateReadings: X = T + E at a given reliability", () => {
  it("is reproducible from a seed and differs across seeds", () => {
    const a = simulateReadings({ subjects: 50, seed: 3 });
    const b = simulateReadings({ subjects: 50, seed: 3 });
    const c = simulateReadings({ subjects: 50, seed: 4 });
    expect(a.observed).toEqual(b.observed);
    expect(a.observed).not.toEqual(c.observed);
    expect(simulateReadings({ subjects: 5, rng: createRng(3) }).observed).toEqual(simulateReadings({ subjects: 5, seed: 3 }).observed);
  });
  it("the ICC of the simulated readings recovers the reliability", () => {
    for (const rel of [0.3, 0.6, 0.9]) {
      const sim = simulateReadings({ subjects: 4000, readings: 3, reliability: rel, meanTrue: 10, sdTrue: 2, seed: 11 });
      const r = icc(sim.observed);
      expect(r.ICC1.lower).toBeLessThan(rel + 0.02);
      expect(r.ICC1.upper).toBeGreaterThan(rel - 0.02);
      expect(Math.abs(r.ICC1.value - rel)).toBeLessThan(0.03);
    }
  });
  it("error SD formula and reliability 1 (no error)", () => {
    expect(errorSdForReliability(2, 0.8)).toBeCloseTo(1, 12);
    const s = simulateReadings({ subjects: 3, readings: 2, reliability: 1, seed: 1 });
    expect(s.observed.map((r) => r[0])).toEqual(s.trueScores);
    expect(() => simulateReadings({ reliability: 0 })).toThrow(/reliability/);
  });
  it("figure has the points and the identity line", () => {
    const f = readingsFigure(simulateReadings({ subjects: 20, seed: 1 }));
    expect(f.data).toHaveLength(2);
    expect(f.data[0].x).toHaveLength(20);
  });
});

describe("simulateMisclassification", () => {
  const res = simulateMisclassification({ reliabilities: [0.4, 0.7, 1], subjects: 40000, seed: 5 });
  it("perfect reliability misclassifies nobody; error falls as reliability rises", () => {
    expect(res.rows[2].misclassified).toBe(0);
    expect(res.rows[0].misclassified).toBeGreaterThan(res.rows[1].misclassified);
    expect(res.rows[0].nearThreshold).toBeGreaterThan(res.rows[0].misclassified);
  });
  it("at a threshold through the mean, misclassification matches arccos(√ρ)/π (bivariate normal)", () => {
    for (const row of res.rows.slice(0, 2)) {
      const expected = Math.acos(Math.sqrt(row.reliability)) / Math.PI;
      // binomial SE with n = 40000 is < 0.0025
      expect(Math.abs(row.misclassified - expected)).toBeLessThan(0.01);
      expect(row.falsePositive + row.falseNegative).toBeCloseTo(row.misclassified, 12);
    }
  });
  it("figure has four lines", () => {
    expect(misclassificationFigure(res).data).toHaveLength(4);
  });
});

describe("simulateAttenuation", () => {
  it("observed correlations follow ρ·√(ρxx·ρyy)", () => {
    const r = simulateAttenuation({ trueCorrelation: 0.6, reliabilitiesX: [0.3, 0.6, 0.9], reliabilityY: 0.8, subjects: 20000, seed: 9 });
    for (const row of r.rows) expect(Math.abs(row.observed - row.expected)).toBeLessThan(0.03);
    expect(attenuationFigure(r).data).toHaveLength(3);
  });
});

describe("sampleSizeInflation", () => {
  const r = sampleSizeInflation({ effectSize: 0.5, reliabilities: [0.5, 1], trials: 400, seed: 2 });
  it("n per arm for d = 0.5, 80 % power, α 0.05 is 63 (normal approximation) and doubles at reliability 0.5", () => {
    expect(r.rows[1].perArm).toBe(63);
    expect(r.rows[0].perArm).toBe(126);
    expect(r.rows[0].inflation).toBe(2);
  });
  it("simulated power: ~80 % at the planned n, far lower with a noisy endpoint at the perfect-endpoint n", () => {
    expect(Math.abs(r.rows[1].powerAtPerArm - 0.8)).toBeLessThan(0.07);
    expect(Math.abs(r.rows[0].powerAtPerArm - 0.8)).toBeLessThan(0.07);
    expect(r.rows[0].powerAtPerfectN).toBeLessThan(0.62);
    expect(sampleSizeFigure(r).data).toHaveLength(2);
  });
});
