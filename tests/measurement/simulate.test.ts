import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors";
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
  it("the power axis on the right keeps its tick labels clear of its title (issue #17 item 5)", () => {
    // biome-ignore lint/suspicious/noExplicitAny: plotly layout read back as JSON
    const layout = sampleSizeFigure(r).layout as Record<string, any>;
    const y2 = layout.yaxis2;
    expect(y2).toMatchObject({ side: "right", overlaying: "y", range: [0, 100] });
    // plotly grows the margin to fit the labels and the title (automargin) and keeps the title 12 px off them
    expect(y2.automargin).toBe(true);
    expect(y2.title).toEqual({ text: "Simulated power (%)", standoff: 12 });
    // its own ticks 0, 20 ... 100: plotly's default for an overlaying axis ("sync") put them at the left axis's
    // gridlines, drawn in Chromium as 0, 22.3, 44.7, 67, 89.3
    expect(y2).toMatchObject({ tickmode: "linear", tick0: 0, dtick: 20, showgrid: false });
    // without automargin (static export) the margin itself must hold them: the widest label "100" at the base
    // font (13 px Helvetica, digits 0.56 em: 22 px) + tick gap 3 px + standoff 12 px + a 13 px title line
    // (about 16 px) is 53 px; the base layout's 24 px cut the labels off and laid the title over them
    const needed = Math.ceil(3 * 0.56 * 13) + 3 + y2.title.standoff + Math.ceil(1.2 * 13);
    expect(layout.margin.r).toBeGreaterThanOrEqual(needed);
    expect(layout.margin.r).toBeGreaterThan(24);
  });
  it("a caller's unit written 'ug/mL' is shown 'µg/mL' on the readings figure", () => {
    const f = readingsFigure(simulateReadings({ subjects: 5, seed: 1 }), { unit: "ug/mL" });
    expect((f.layout.xaxis as { title: { text: string } }).title.text).toBe("True score T (µg/mL)");
    expect(JSON.stringify(f)).not.toMatch(/\bug\/(mL|g)\b/);
  });
});

describe("simulations: work limits and hostile input (issue 14)", () => {
  it("absurd counts are refused at once with the limit named, not run for minutes", () => {
    expect(() => simulateAttenuation({ subjects: 1e308 })).toThrow(/subjects.*expected at most/);
    expect(() => simulateMisclassification({ subjects: 1e308 })).toThrow(InputError);
    expect(() => simulateMisclassification({ subjects: 10_000_000, reliabilities: [0.5, 0.6, 0.7] })).toThrow(
      /normal draws.*simulate fewer subjects or reliabilities/,
    );
    expect(() => simulateReadings({ subjects: 2000, readings: 1000 })).toThrow(/subjects x readings.*at most 1,000,000/);
    expect(() => sampleSizeInflation({ trials: 1e308 })).toThrow(/trials.*expected at most/);
    expect(() => sampleSizeInflation({ trials: 2.5 })).toThrow(/trials: got 2.5/);
    expect(() => sampleSizeInflation({ effectSize: 1e-300 })).toThrow(/patients per arm overflow/);
  });

  it("sampleSizeInflation costs the same whatever the trial size (sufficient statistics), within its trial limit", () => {
    // d = 0.01 needs 156,978 patients per arm at reliability 1: the power check draws two means and a
    // variance per trial, so this finishes at once and still hits the nominal power
    const r = sampleSizeInflation({ effectSize: 0.01, reliabilities: [1], trials: 400, seed: 5 });
    expect(r.rows[0].perArm).toBe(156978);
    expect(Math.abs(r.rows[0].powerAtPerArm - 0.8)).toBeLessThan(0.07);
    expect(() => sampleSizeInflation({ reliabilities: Array(1000).fill(0.5), trials: 1001 })).toThrow(
      /simulated trials.*at most 2,000,000/,
    );
  });

  it("null options and non-array reliabilities are InputErrors", () => {
    expect(() => simulateReadings(null as never)).toThrow(/options: got null/);
    expect(() => simulateAttenuation(null as never)).toThrow(/options: got null/);
    expect(() => simulateMisclassification({ reliabilities: "abc" as never })).toThrow(/reliabilities/);
    expect(() => simulateReadings({ sdTrue: Number.NaN })).toThrow(/sdTrue/);
  });

  it("figure builders refuse values that are not simulation results", () => {
    expect(() => readingsFigure({} as never)).toThrow(/sim\.trueScores/);
    expect(() => misclassificationFigure({ rows: [{ reliability: Number.NaN }] } as never)).toThrow(/result\.rows\[0\]\.reliability/);
    expect(() => attenuationFigure(undefined as never)).toThrow(/result: got undefined/);
    expect(() => sampleSizeFigure({ rows: [] } as never)).toThrow(/result\.rows/);
    const sim = simulateReadings({ subjects: 5, seed: 1 });
    expect(() => readingsFigure(sim, { unit: 5 as never })).toThrow(/unit/);
  });
});
