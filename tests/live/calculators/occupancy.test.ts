import { describe, expect, it } from "vitest";
import { InputError } from "../../../src/core/errors";
import { OCCUPANCY_KD_NM, occupancyCalculator } from "../../../src/live/calculators/occupancy";
import type { LiveValues } from "../../../src/live/types";
import { INFLIXIMAB_MW_KDA, occupancyUgMlVsKdNm, receptorOccupancy } from "../../../src/pk/occupancy";
import { expectReadableLogAxes, labelValue } from "../../plot/log-axes";
import { expectInputError } from "./helpers";

const calc = occupancyCalculator();
const base: LiveValues = { concentrationUgMl: 5, kdSource: "in-vivo", kdNm: 6.7, molecularWeightKDa: 149.1 };
const run = (v: Partial<LiveValues>) => calc.compute({ ...base, ...v } as LiveValues);

/** Hand formula: C[nM] = 1000·C[µg/mL]/MW[kDa]; occupancy = C/(C + KD) (law of mass action). */
const hand = (cUgMl: number, kdNm: number, mw = 149.1) => {
  const cNm = (1000 * cUgMl) / mw;
  return cNm / (cNm + kdNm);
};

describe("occupancy calculator", () => {
  it("declares its page contract", () => {
    expect(calc.name).toBe("occupancy");
    expect(calc.chapter).toBe("05 Pharmacokinetics");
    expect(calc.inputs.map((i) => i.name)).toEqual(["concentrationUgMl", "kdSource", "kdNm", "molecularWeightKDa"]);
    expect(calc.outputs.map((o) => o.name)).toEqual(["occupancyFraction", "kdUsedNm", "concentrationNm", "concentrationFor90PercentUgMl"]);
    // the page re-creates the calculator from JSON options
    const json = JSON.parse(JSON.stringify({ concentrationUgMl: 12, kdSource: "custom", kdNm: 3 }));
    expect(occupancyCalculator(json).inputs.map((i) => i.value)).toEqual([12, "custom", 3, INFLIXIMAB_MW_KDA]);
  });

  it("cites the domain-facts constants: in-vitro KD 4.2 pM, in-vivo KSS about 15 nM (Ternant 2021: 15.4 nM)", () => {
    expect(OCCUPANCY_KD_NM["in-vitro"]).toBe(0.0042);
    expect(OCCUPANCY_KD_NM["in-vivo"]).toBe(15.4);
  });

  it("matches the hand formula C/(C + KD) and the library for each KD source", () => {
    for (const c of [0.01, 0.5, 3, 5, 12, 40, 200]) {
      for (const [source, kd] of [
        ["in-vitro", 0.0042],
        ["in-vivo", 15.4],
        ["custom", 2.5],
      ] as const) {
        const out = run({ concentrationUgMl: c, kdSource: source, kdNm: 2.5 }).outputs;
        expect(out.kdUsedNm).toBe(kd);
        expect(out.occupancyFraction).toBeCloseTo(hand(c, kd), 14);
        expect(out.occupancyFraction).toBe(occupancyUgMlVsKdNm(c, kd, 149.1));
        expect(out.concentrationNm).toBeCloseTo((1000 * c) / 149.1, 12);
      }
    }
  });

  it("reproduces the published examples", () => {
    // domain facts: infliximab 149.1 kDa, 5 µg/mL ≈ 33.5 nM; against KSS ~15 nM occupancy is about 0.69
    const out = run({}).outputs;
    expect(out.concentrationNm).toBeCloseTo(33.5, 1);
    expect(out.occupancyFraction).toBeCloseTo(0.685, 3);
    // the chapter: trough 12 µg/mL with KD about 1 µg/mL (6.71 nM of infliximab) -> occupancy > 90 %
    const chapter = run({ concentrationUgMl: 12, kdSource: "custom", kdNm: 1000 / 149.1 }).outputs.occupancyFraction as number;
    expect(chapter).toBeCloseTo(12 / 13, 12);
    expect(chapter).toBeGreaterThan(0.9);
    // in vitro every measurable trough is > 99.9 % occupied
    expect(run({ concentrationUgMl: 1, kdSource: "in-vitro" }).outputs.occupancyFraction).toBeGreaterThan(0.999);
  });

  it("C90 = 9·KD converted to µg/mL, and the library gives 90 % there", () => {
    for (const [source, kd, mw] of [
      ["in-vivo", 15.4, 149.1],
      ["in-vitro", 0.0042, 148],
      ["custom", 40, 91],
    ] as const) {
      const c90 = run({ kdSource: source, kdNm: 40, molecularWeightKDa: mw }).outputs.concentrationFor90PercentUgMl as number;
      expect(c90).toBeCloseTo((9 * kd * mw) / 1000, 12);
      expect(occupancyUgMlVsKdNm(c90, kd, mw)).toBeCloseTo(0.9, 12);
    }
  });

  it("ignores the KD field unless the source is custom", () => {
    const a = run({ kdSource: "in-vivo", kdNm: 1 });
    const b = run({ kdSource: "in-vivo", kdNm: -5 }); // out of range but not read
    expect(b.outputs).toEqual(a.outputs);
    expect(b.notes.join(" ")).toMatch(/custom KD field is ignored/);
    expect(run({ kdSource: "custom", kdNm: 1 }).notes.join(" ")).not.toMatch(/ignored/);
  });

  it("every output is a finite number", () => {
    for (const v of [{}, { kdSource: "in-vitro", concentrationUgMl: 200 }, { kdSource: "custom", kdNm: 1000, concentrationUgMl: 0.01 }]) {
      const r = run(v as Partial<LiveValues>);
      for (const o of calc.outputs) expect(Number.isFinite(r.outputs[o.name]), o.name).toBe(true);
    }
  });

  it("validates every field with an InputError naming it", () => {
    expectInputError(() => run({ concentrationUgMl: -1 }), "concentrationUgMl");
    expectInputError(() => run({ concentrationUgMl: Number.NaN }), "concentrationUgMl");
    expectInputError(() => run({ concentrationUgMl: "5" }), "concentrationUgMl");
    expectInputError(() => run({ concentrationUgMl: 1e6 }), "concentrationUgMl");
    expectInputError(() => run({ kdSource: "in-silico" }), "kdSource");
    expectInputError(() => run({ kdSource: "custom", kdNm: 0 }), "kdNm");
    expectInputError(() => run({ molecularWeightKDa: 0 }), "molecularWeightKDa");
    expectInputError(() => occupancyCalculator({ concentrationUgMl: -3 }), "concentrationUgMl");
    expectInputError(() => occupancyCalculator({ kdSource: "x" as never }), "kdSource");
    expect(() => calc.compute(null as never)).toThrow(InputError);
  });

  it("draws both published curves, the custom one when chosen, and the current point", () => {
    const f = run({ concentrationUgMl: 5 }).figure;
    const names = f.data.map((t) => t.name);
    expect(names).toEqual(["in-vitro KD 4.2 pM", "in-vivo KSS 15.4 nM", "current concentration"]);
    const point = f.data[2] as { x: number[]; y: number[]; text: string[] };
    expect(point.x).toEqual([5]);
    expect(point.y[0]).toBeCloseTo(100 * hand(5, 15.4), 10);
    // each curve is C/(C + KD) in per cent at its x
    for (const [i, kd] of [
      [0, 0.0042],
      [1, 15.4],
    ] as const) {
      const t = f.data[i] as { x: number[]; y: number[] };
      for (const j of [0, 60, 120, 240]) expect(t.y[j]).toBeCloseTo(100 * receptorOccupancy((1000 * t.x[j]) / 149.1, kd), 10);
      // the grid spans the whole rise: from < 1 % to > 99 %
      expect(Math.min(...t.y)).toBeLessThan(1);
      expect(Math.max(...t.y)).toBeGreaterThan(99);
    }
    expect(f.layout.uirevision).toBe("occupancy");
    expect((f.layout.xaxis as { type: string }).type).toBe("log");
    // issue #17 item 5: the concentration axis (about 1e-5 to 1e4 µg/mL) labels decades with their full value
    // (tests/plot/log-axes.ts), 10⁻⁵ written as a power, 0.001 ... 1000 never as plotly's lone minor digits
    expect(expectReadableLogAxes(f)).toBe(1);
    const x = f.layout.xaxis as { tickvals: number[]; ticktext: string[] };
    for (const v of x.tickvals) expect(Math.log10(v) % 1).toBeCloseTo(0, 12);
    expect(x.ticktext).toContain("10<sup>−5</sup>");
    expect(x.ticktext.map(labelValue)).toEqual(x.tickvals.map((v) => expect.closeTo(v, 15)));
    expect(JSON.stringify(f.layout.xaxis)).toContain("µg/mL");
    const custom = run({ kdSource: "custom", kdNm: 100 }).figure;
    expect(custom.data.map((t) => t.name)).toContain("custom KD 100 nM");
  });
});
