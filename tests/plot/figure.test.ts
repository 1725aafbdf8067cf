// src/plot/figure.ts: units as the reader sees them (displayUnit, axisTitle) and the one rule of every
// log axis (logAxis), issue #17 item 5. Expected values are written out by hand from the rules in the
// JSDoc; plotly's own behaviour (dtick "D1"/"D2" printing 50 as a small "5") is what the log-axis check
// in tests/plot/log-axes.ts refuses.
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors";
import { axisTitle, displayUnit, type Figure, logAxis } from "../../src/plot/figure";
import { expectReadableLogAxes, labelValue } from "./log-axes";

describe("displayUnit: the micro sign in figure text", () => {
  it("spells the micro prefix of gram, litre and mole with U+00B5, from 'u' or the Greek mu", () => {
    expect(displayUnit("ug/mL")).toBe("µg/mL");
    expect(displayUnit("ug/g")).toBe("µg/g");
    expect(displayUnit("ln(ug/g)")).toBe("ln(µg/g)");
    expect(displayUnit("μg/mL")).toBe("µg/mL"); // Greek mu U+03BC in, micro sign U+00B5 out
    expect(displayUnit("ug·h/mL")).toBe("µg·h/mL");
    expect(displayUnit("umol/L")).toBe("µmol/L");
    expect(displayUnit("µg/g").codePointAt(0)).toBe(0xb5);
  });

  it("leaves every other unit and word as written", () => {
    for (const u of ["mg/L", "mL/min", "nM", "points", "mPa·s", "%", "drug units", "ulcers", "µg/mL", "weeks"]) {
      expect(displayUnit(u), u).toBe(u);
    }
    expect(() => displayUnit(5 as never)).toThrow(InputError);
  });

  it("axisTitle shows the unit through displayUnit: 'ug' never reaches an axis title", () => {
    expect(axisTitle("Calprotectin", "ug/g")).toEqual({ text: "Calprotectin (µg/g)" });
    expect(axisTitle("Trough", "µg/mL")).toEqual({ text: "Trough (µg/mL)" });
    expect(axisTitle("Count")).toEqual({ text: "Count" });
  });
});

describe("logAxis: every label is the full value of its tick", () => {
  it("calprotectin 12-1800 µg/g (2.2 decades): 1-2-5 ticks written out, minor ticks at the other multiples, unlabelled", () => {
    const a = logAxis([12, 480, 1800]);
    expect(a.type).toBe("log");
    expect(a.tickmode).toBe("array");
    expect(a.dtick).toBeUndefined();
    // by hand: span log10(1800/12) = 2.18 decades, padded by a tenth (0.22) either side: log10 0.86 to 3.47,
    // so the decades 10^0..10^3, 1-2-5 in each
    expect(a.tickvals).toEqual([1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000]);
    expect(a.ticktext).toEqual(["1", "2", "5", "10", "20", "50", "100", "200", "500", "1000", "2000", "5000"]);
    const minor = a.minor as Record<string, unknown>;
    expect(minor.ticktext).toBeUndefined();
    expect(minor.tickvals).toEqual(expect.arrayContaining([30, 40, 60, 70, 80, 90, 300, 3000]));
    expect(minor.tickvals).not.toEqual(expect.arrayContaining([50]));
  });

  it("chooses the tick set from the span: multiples under half a decade, 1-2-3-5 to a decade, decades beyond 3.5", () => {
    // 22-41: 0.27 decades, padded by half a decade: log10 0.84 to 2.11, every multiple in 10^0..10^2
    expect(logAxis([22, 41]).ticktext).toEqual([
      "1",
      "2",
      "3",
      "4",
      "5",
      "6",
      "7",
      "8",
      "9",
      "10",
      "20",
      "30",
      "40",
      "50",
      "60",
      "70",
      "80",
      "90",
      "100",
      "200",
      "300",
      "400",
      "500",
      "600",
      "700",
      "800",
      "900",
    ]);
    // 1-12.5: 1.10 decades padded by 0.11: log10 −0.11 to 1.21
    expect(logAxis([1, 12.5]).ticktext).toEqual(["0.1", "0.2", "0.3", "0.5", "1", "2", "3", "5", "10", "20", "30", "50"]);
    // 0.001-500: 5.7 decades padded by 0.57: log10 −3.57 to 3.27
    expect(logAxis([0.001, 500]).ticktext).toEqual(["0.0001", "0.001", "0.01", "0.1", "1", "10", "100", "1000"]);
    // 14 decades padded by 1.4: every second decade labelled (at most 10 decade labels)
    expect(logAxis([1e-12, 100]).tickvals).toEqual([1e-14, 1e-12, 1e-10, 1e-8, 1e-6, 1e-4, 1e-2, 1, 100]);
  });

  it("writes 10ⁿ with a true minus outside 1e-4..1e5, keeping 1 and 10 written out as plotly's 'power' does", () => {
    const a = logAxis([1e-5, 1e3]); // 8 decades padded by 0.8: 10^−6..10^3
    expect(a.ticktext).toEqual([
      "10<sup>−6</sup>",
      "10<sup>−5</sup>",
      "10<sup>−4</sup>",
      "10<sup>−3</sup>",
      "10<sup>−2</sup>",
      "10<sup>−1</sup>",
      "1",
      "10",
      "10<sup>2</sup>",
      "10<sup>3</sup>",
    ]);
    expect(logAxis([2e-6, 9e-6]).ticktext).toContain("2×10<sup>−6</sup>");
    expect(labelValue("2×10<sup>−6</sup>")).toBeCloseTo(2e-6, 20);
  });

  it("ignores values a log axis cannot draw; with none left it labels each decade (dtick 1) and no minor ticks", () => {
    expect(logAxis([0, -3, Number.NaN, 20, 30, Number.POSITIVE_INFINITY])).toEqual(logAxis([20, 30]));
    expect(logAxis(new Float64Array([20]), [30])).toEqual(logAxis([20, 30]));
    const empty = logAxis([0, Number.NaN]);
    expect(empty).toMatchObject({ type: "log", dtick: 1, minorloglabels: "none" });
    expect(logAxis()).toMatchObject({ type: "log", dtick: 1 });
    expect(() => logAxis(5 as never)).toThrow(/series\[0\]/);
    expect(() => logAxis(null as never)).toThrow(InputError);
  });

  it("tick values carry no binary noise (0.3, not 0.30000000000000004)", () => {
    const vals = logAxis([0.25, 0.9]).tickvals as number[];
    expect(vals).toContain(0.3);
    expect(vals).toContain(0.03);
  });
});

describe("the log-axis check used by every module's figure tests", () => {
  const fig = (yaxis: Record<string, unknown>): Figure => ({ data: [], layout: { yaxis } });

  it("refuses plotly's automatic ticks and D1/D2, whose minor labels read 50 as 5", () => {
    expect(() => expectReadableLogAxes(fig({ type: "log" }))).toThrow();
    expect(() => expectReadableLogAxes(fig({ type: "log", dtick: "D2" }))).toThrow();
    expect(() => expectReadableLogAxes(fig({ type: "log", tickmode: "array", tickvals: [10, 50], ticktext: ["10", "5"] }))).toThrow();
  });

  it("accepts logAxis on any range, and one label per decade", () => {
    for (const v of [[12, 1800], [1e-5, 1e3], [0.4, 45], [3], [1e-12, 100], [2e-6, 9e-6]]) {
      expect(expectReadableLogAxes(fig(logAxis(v))), JSON.stringify(v)).toBe(1);
    }
    expect(expectReadableLogAxes(fig({ type: "log", dtick: 1 }))).toBe(1);
    expect(expectReadableLogAxes(fig({ type: "linear" }))).toBe(0);
  });
});
