// The "antigen-sink" live calculator against independent computations:
// - simulate called directly with the TMDD model, a hand-built label regimen and the patient's target burden;
// - the QSS algebra by hand (Gibiansky L et al. 2008, J Pharmacokinet Pharmacodyn 35:573): free drug and free
//   target from the total drug and total target the system carries;
// - the no-target trough three ways: the calculator's linear part (closed form), the two-compartment infusion
//   superposition by hand, and the TMDD system itself with every target baseline at 0 (ODE);
// - the limits: with a vanishing target burden the TMDD trough tends to the linear trough; the model's own serum
//   TNF baseline (Berends 2019, 0.38 pM) barely moves it; more target, lower free trough.
import { describe, expect, it } from "vitest";
import { toCanonical } from "../../../src/core/units";
import { ANTIGEN_SINK_MODEL_IDS, antigenSinkCalculator, linearPartOf } from "../../../src/live/calculators/antigen-sink";
import type { LiveValues } from "../../../src/live/types";
import { PK_MODELS } from "../../../src/pk/models/index";
import { infliximabRegimen } from "../../../src/pk/regimen";
import { simulate } from "../../../src/pk/simulate";
import type { PkModel } from "../../../src/pk/types";
import { expectReadableLogAxes } from "../../plot/log-axes";
import { expectInputError, expectRel } from "./helpers";

const BER = PK_MODELS["infliximab-berends-2019-qss"];
const TER = PK_MODELS["infliximab-ternant-2021-double-tmdd"];
const base: LiveValues = { modelId: BER.id, targetBaselineNm: 1, doseMgPerKg: 5, weightKg: 70, intervalWeeks: 8 };
const calc = antigenSinkCalculator();
const run = (v: Partial<LiveValues>) => calc.compute({ ...base, ...v } as LiveValues);

/** Daily grid to one interval after the last dose, plus the 2-h infusion ends (as documented). */
function grid(lastDay: number, intervalDays: number, doseDays: number[]): Float64Array {
  const ts: number[] = [];
  for (let t = 0; t <= lastDay + intervalDays; t++) ts.push(t);
  for (const d of doseDays) ts.push(d + 1 / 12);
  return Float64Array.from([...new Set(ts)].sort((a, b) => a - b));
}

function setup(model: PkModel, opts: { dose?: number; interval?: number; weight?: number; target: number }) {
  const interval = opts.interval ?? 8;
  const regimen = infliximabRegimen({ mgPerKg: opts.dose ?? 5, inductionMgPerKg: 5, intervalWeeks: interval, untilWeeks: 66 });
  const days = regimen.doses.map((d) => d.timeDays);
  const last = days[days.length - 1];
  const times = grid(last, interval * 7, days);
  // Berends 2019 needs albumin: its reference, 38 g/L (effect 1), through the units module
  const cov = {
    weightKg: opts.weight ?? 70,
    targetBaselineNm: opts.target,
    ...(model === BER ? { albuminGdl: toCanonical(38, "albumin", "g/L") } : {}),
  };
  return { regimen, times, j: times.indexOf(last), last, cov };
}

describe("antigen-sink calculator", () => {
  it("declares its page contract; the select lists the library's TMDD models", () => {
    expect(calc.name).toBe("antigen-sink");
    expect(calc.chapter).toBe("05 Pharmacokinetics");
    expect(calc.inputs.map((i) => i.name)).toEqual(["modelId", "targetBaselineNm", "doseMgPerKg", "weightKg", "intervalWeeks"]);
    expect(calc.outputs.map((o) => o.name)).toEqual([
      "freeTroughUgMl",
      "totalTroughUgMl",
      "troughLinearUgMl",
      "troughRatioToLinear",
      "freeTargetNm",
      "freeTargetFraction",
      "peripheralFreeTargetNm",
      "troughWeek",
    ]);
    expect([...ANTIGEN_SINK_MODEL_IDS]).toEqual(["infliximab-berends-2019-qss", "infliximab-ternant-2021-double-tmdd"]);
    const slider = calc.inputs[1];
    expect(slider.kind === "number" && slider.log && slider.min <= 0.1 && slider.max >= 100).toBe(true);
    const json = JSON.parse(JSON.stringify({ modelId: TER.id }));
    expect(antigenSinkCalculator(json).inputs[0].value).toBe(TER.id);
  });

  for (const model of [BER, TER]) {
    it(`${model.id}: free, total and free-target troughs equal a direct simulate call`, () => {
      for (const target of [0.01, 1, 30]) {
        const s = setup(model, { target, dose: 7.5, interval: 6, weight: 82 });
        const sim = simulate(model, s.regimen, s.cov, { timesDays: s.times });
        const r = run({ modelId: model.id, targetBaselineNm: target, doseMgPerKg: 7.5, intervalWeeks: 6, weightKg: 82 });
        const o = r.outputs;
        expect(o.troughWeek).toBe(s.last / 7);
        expectRel(o.freeTroughUgMl, sim.concentrationUgMl[s.j], 1e-12);
        expectRel(o.totalTroughUgMl, sim.totalUgMl[s.j], 1e-12);
        expectRel(o.freeTargetNm, sim.freeTargetNm[s.j], 1e-12);
        expectRel(o.freeTargetFraction, sim.freeTargetNm[s.j] / target, 1e-12);
        if (model === TER) expectRel(o.peripheralFreeTargetNm, sim.peripheralFreeTargetNm[s.j], 1e-12);
        else expect(o.peripheralFreeTargetNm).toBeNull();
        expect(r.figure.data.find((t) => t.name === "free drug")?.y).toEqual(Array.from(sim.concentrationUgMl));
        expect(r.figure.data.find((t) => t.name === "free target (central)")?.y).toEqual(Array.from(sim.freeTargetNm));
        // free <= total; a bound fraction exists whenever there is target
        expect(o.freeTroughUgMl as number).toBeLessThan(o.totalTroughUgMl as number);
      }
    });
  }

  it("Berends 2019: the reported free drug and free target obey the QSS algebra on the system's totals", () => {
    const s = setup(BER, { target: 2 });
    const sim = simulate(BER, s.regimen, s.cov, { timesDays: s.times });
    const o = run({ targetBaselineNm: 2 }).outputs;
    const nmPerUgMl = 1000 / 149.1;
    const ctot = (o.totalTroughUgMl as number) * nmPerUgMl;
    const rtot = sim.targetNm[s.j];
    const kss = 13.6;
    const b = ctot - rtot - kss;
    const free = 0.5 * (b + Math.sqrt(b * b + 4 * kss * ctot)); // Gibiansky 2008
    expectRel(o.freeTroughUgMl, free / nmPerUgMl, 1e-9);
    expectRel(o.freeTargetNm, rtot - (ctot - free), 1e-9);
  });

  it("the no-target trough: the linear part equals the hand superposition and the TMDD system with no target", () => {
    const o = run({ targetBaselineNm: 1 }).outputs;
    // Berends 2019 at the albumin reference (38 g/L), no antibodies: CL 0.404, V1 3.18, Q 0.344, V2 1.64; 350 mg infusions over 2 h
    const k10 = 0.404 / 3.18;
    const k12 = 0.344 / 3.18;
    const k21 = 0.344 / 1.64;
    const sum = k10 + k12 + k21;
    const disc = Math.sqrt(sum * sum - 4 * k10 * k21);
    const [al, be] = [(sum + disc) / 2, (sum - disc) / 2];
    const tau = 1 / 12;
    let hand = 0;
    for (const w of [0, 2, 6, 14, 22, 30, 38, 46, 54]) {
      for (const [l, c] of [
        [al, (al - k21) / ((al - be) * 3.18)],
        [be, (k21 - be) / ((al - be) * 3.18)],
      ]) {
        hand += (((350 / tau) * c) / l) * (1 - Math.exp(-l * tau)) * Math.exp(-l * (62 * 7 - w * 7 - tau));
      }
    }
    expectRel(o.troughLinearUgMl, hand, 1e-9);
    expectRel(o.troughRatioToLinear, (o.freeTroughUgMl as number) / hand, 1e-9);
    // the TMDD system itself with no target (R0 = 0 keeps the total target at 0): ODE at rtol 1e-8
    const s = setup(BER, { target: 0 });
    const noTarget = simulate(BER, s.regimen, s.cov, { timesDays: [s.last] });
    expectRel(o.troughLinearUgMl, noTarget.concentrationUgMl[0], 1e-6);
    // Ternant 2021: no target in either compartment
    const terNone: PkModel = { ...TER, parameters: { ...TER.parameters, R0P: { ...TER.parameters.R0P, value: 0 } } };
    const t = setup(TER, { target: 0 });
    const terSim = simulate(terNone, t.regimen, t.cov, { timesDays: [t.last] });
    expectRel(run({ modelId: TER.id }).outputs.troughLinearUgMl, terSim.concentrationUgMl[0], 1e-6);
    expect(linearPartOf(TER).covariateEffects.every((e) => e.parameter !== "R0")).toBe(true);
  });

  it("with a vanishing target burden the TMDD trough tends to the linear trough; more target, lower free trough", () => {
    const s = setup(BER, { target: 1e-7 });
    const tiny = simulate(BER, s.regimen, s.cov, { timesDays: [s.last] }).concentrationUgMl[0];
    const linear = run({}).outputs.troughLinearUgMl as number;
    expectRel(tiny, linear, 1e-5);
    // the model's own serum TNF baseline (0.38 pM) leaves the typical patient almost linear (Berends 2019 model file)
    const typicalR0 = BER.parameters.R0.value;
    const atTypical = run({ targetBaselineNm: Math.max(typicalR0, 0.001) }).outputs;
    expect(atTypical.troughRatioToLinear as number).toBeGreaterThan(0.99);
    for (const model of [BER, TER]) {
      const troughs = [0.01, 0.3, 3, 30].map((x) => run({ modelId: model.id, targetBaselineNm: x }).outputs.freeTroughUgMl as number);
      for (let i = 1; i < troughs.length; i++) expect(troughs[i]).toBeLessThan(troughs[i - 1]);
    }
    // a higher dose pushes the trough back up through the sink
    expect(run({ targetBaselineNm: 3, doseMgPerKg: 10 }).outputs.freeTroughUgMl as number).toBeGreaterThan(
      run({ targetBaselineNm: 3 }).outputs.freeTroughUgMl as number,
    );
  });

  it("gives every declared output (finite, or null where the model has no peripheral target) and the expected figure", () => {
    for (const model of [BER, TER]) {
      const r = run({ modelId: model.id });
      expect(Object.keys(r.outputs).sort()).toEqual(calc.outputs.map((o) => o.name).sort());
      for (const o of calc.outputs) {
        const v = r.outputs[o.name];
        if (o.name === "peripheralFreeTargetNm" && model === BER) expect(v).toBeNull();
        else expect(Number.isFinite(v), `${model.id} ${o.name}`).toBe(true);
      }
      const names = r.figure.data.map((t) => t.name);
      expect(names.slice(0, 5)).toEqual(["drug, no target", "total drug", "free drug", "trough target 5 µg/mL", "free target (central)"]);
      expect(names.includes("free target (peripheral)")).toBe(model === TER);
      expect(r.figure.data.filter((t) => t.yaxis === "y2").length).toBe(model === TER ? 2 : 1);
      expect(r.figure.layout.yaxis2).toMatchObject({ overlaying: "y", side: "right" });
      // issue #17 item 5: the right axis makes room for its labels and keeps its title off them; the
      // concentration axis labels full values only (tests/plot/log-axes.ts), the target among its ticks' range
      // tickmode "auto": round ticks of its own rather than plotly's "sync" values at the left axis's gridlines
      expect(r.figure.layout.yaxis2).toMatchObject({ automargin: true, tickmode: "auto", title: { standoff: 12 } });
      expect(expectReadableLogAxes(r.figure)).toBe(1);
      const ticks = (r.figure.layout.yaxis as { tickvals: number[] }).tickvals;
      expect(Math.min(...ticks)).toBeLessThanOrEqual(5);
      expect(Math.max(...ticks)).toBeGreaterThanOrEqual(5);
      expect(JSON.stringify(r.figure.layout.yaxis2)).toContain("nM");
      expect(JSON.stringify(r.figure.layout.yaxis)).toContain("µg/mL");
      expect(JSON.stringify(r.figure.layout.xaxis)).toContain("weeks");
      expect(r.figure.layout.uirevision).toBe("antigen-sink");
      expect(r.figure.layout.height).toBe(420);
    }
  });

  it("rejects bad values with an InputError naming the field", () => {
    expectInputError(() => run({ targetBaselineNm: 0 }), "targetBaselineNm");
    expectInputError(() => run({ targetBaselineNm: 1000 }), "targetBaselineNm");
    expectInputError(() => run({ doseMgPerKg: 50 }), "doseMgPerKg");
    expectInputError(() => run({ doseMgPerKg: Number.NaN }), "doseMgPerKg");
    expectInputError(() => run({ weightKg: "70" as unknown as number }), "weightKg");
    expectInputError(() => run({ intervalWeeks: 0 }), "intervalWeeks");
    expectInputError(() => run({ modelId: "infliximab-fasanmade-2009" }), "modelId"); // a linear model has no sink
    expectInputError(() => antigenSinkCalculator({ modelId: "vedolizumab-rosario-2015" }), "options.modelId");
    expectInputError(() => linearPartOf(PK_MODELS["infliximab-fasanmade-2009"]), "model.structure");
  });
});
