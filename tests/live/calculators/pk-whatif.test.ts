// The "pk-whatif" live calculator against independent computations:
// - the library called directly (simulate, simulatePopulation, predictionBands, probabilityOfTargetAttainment)
//   with regimens, covariates and output times built here by hand from the labels' schedules;
// - hand formulas: the two-compartment IV-infusion superposition (Gibaldi & Perrier, Pharmacokinetics, 2nd ed.,
//   ch. 2) for infliximab (Fasanmade 2009) and the one-compartment first-order absorption (Bateman) superposition
//   for adalimumab (Ternant 2015);
// - published direction and values: lower albumin and antibodies raise infliximab clearance (Fasanmade 2009),
//   maintenance trough targets of domain-facts section 3 (AGA 2017: infliximab 5, adalimumab 7.5 ug/mL;
//   Papamichael 2019 Table 1: infliximab 3, vedolizumab 12, ustekinumab 1 ug/mL).
import { describe, expect, it } from "vitest";
import { pkWhatifCalculator } from "../../../src/live/calculators/pk-whatif";
import type { LiveValues } from "../../../src/live/types";
import { PK_MODELS } from "../../../src/pk/models/index";
import { predictionBands, probabilityOfTargetAttainment, simulatePopulation } from "../../../src/pk/population";
import { infliximabRegimen, type Regimen, repeatedRegimen } from "../../../src/pk/regimen";
import { simulate } from "../../../src/pk/simulate";
import type { Covariates, PkModel } from "../../../src/pk/types";
import { expectInputError, expectRel } from "./helpers";

const IFX = PK_MODELS["infliximab-fasanmade-2009"];
const ADA = PK_MODELS["adalimumab-ternant-2015"];
const VDZ = PK_MODELS["vedolizumab-rosario-2015"];
const UST = PK_MODELS["ustekinumab-xu-2022"];
const SONG = PK_MODELS["infliximab-song-2025"];

const base: LiveValues = {
  modelId: "infliximab-fasanmade-2009",
  weightKg: 70,
  albuminGdl: 4,
  crpMgL: 5,
  ada: false,
  dose: 5,
  doseUnit: "mg/kg",
  intervalWeeks: 8,
};
const calc = pkWhatifCalculator();
const run = (v: Partial<LiveValues>, c = calc) => c.compute({ ...base, ...v } as LiveValues);

/** Output grid as documented: every 2 days to one interval after the last dose, plus dose starts and 2-h infusion ends. */
function grid(regimen: Regimen, intervalDays: number): Float64Array {
  const last = Math.max(...regimen.doses.map((d) => d.timeDays));
  const ts: number[] = [];
  for (let t = 0; t <= last + intervalDays + 1e-9; t += 2) ts.push(t);
  for (const d of regimen.doses) ts.push(d.timeDays, ...(d.route === "iv" ? [d.timeDays + 1 / 12] : []));
  return Float64Array.from([...new Set(ts)].sort((a, b) => a - b));
}

/** The calculator's outputs recomputed by direct library calls. */
function direct(model: PkModel, regimen: Regimen, cov: Covariates, intervalDays: number, n: number, rtol?: number) {
  const times = grid(regimen, intervalDays);
  const troughDay = regimen.doses[regimen.doses.length - 1].timeDays;
  const j = times.indexOf(troughDay);
  const tol = rtol === undefined ? {} : { rtol };
  const typical = simulate(model, regimen, cov, { timesDays: times, ...tol });
  const pop = simulatePopulation(model, regimen, cov, { n, timesDays: times, seed: 1, ...tol });
  const bands = predictionBands(pop, [0.05, 0.5, 0.95]);
  return { times, j, troughDay, typical, pop, bands };
}

/** Central concentration of a two-compartment model after IV infusions, all ended before t (superposition). */
function twoCompartmentInfusions(
  p: { CL: number; V1: number; Q: number; V2: number },
  doses: { t: number; mg: number }[],
  tau: number,
  t: number,
) {
  const k10 = p.CL / p.V1;
  const k12 = p.Q / p.V1;
  const k21 = p.Q / p.V2;
  const s = k10 + k12 + k21;
  const disc = Math.sqrt(s * s - 4 * k10 * k21);
  const alpha = (s + disc) / 2;
  const beta = (s - disc) / 2;
  const terms = [
    { l: alpha, c: (alpha - k21) / ((alpha - beta) * p.V1) },
    { l: beta, c: (k21 - beta) / ((alpha - beta) * p.V1) },
  ];
  let c = 0;
  for (const d of doses) {
    if (d.t + tau > t) throw new Error("infusion not over");
    const rate = d.mg / tau;
    for (const { l, c: ci } of terms) c += ((rate * ci) / l) * (1 - Math.exp(-l * tau)) * Math.exp(-l * (t - d.t - tau));
  }
  return c;
}

describe("pk-whatif calculator", () => {
  it("declares its page contract and is re-created from JSON options", () => {
    expect(calc.name).toBe("pk-whatif");
    expect(calc.chapter).toBe("05 Pharmacokinetics");
    expect(calc.inputs.map((i) => i.name)).toEqual([
      "modelId",
      "weightKg",
      "albuminGdl",
      "crpMgL",
      "ada",
      "dose",
      "doseUnit",
      "intervalWeeks",
    ]);
    expect(calc.outputs.map((o) => o.name)).toEqual([
      "troughUgMl",
      "troughMedianUgMl",
      "troughP05UgMl",
      "troughP95UgMl",
      "probabilityAboveTarget",
      "targetUgMl",
      "troughWeek",
    ]);
    const select = calc.inputs[0];
    expect(select.kind === "select" && select.options.map((o) => o.value)).toEqual(Object.keys(PK_MODELS));
    const ada = pkWhatifCalculator(JSON.parse(JSON.stringify({ modelId: "adalimumab-ternant-2015", seed: 3 })));
    const init = Object.fromEntries(ada.inputs.map((i) => [i.name, i.value]));
    expect(init).toMatchObject({ modelId: "adalimumab-ternant-2015", dose: 40, doseUnit: "mg", intervalWeeks: 2 });
    // beside its figure, the model's disagreement with the label (kept as published, not tuned)
    const adaNotes = ada.compute(ada.inputs.reduce((v, i) => Object.assign(v, { [i.name]: i.value }), {})).notes;
    expect(adaNotes).toContain(ADA.disagreement);
    expect(run({}).notes.some((n) => /[Kk]ept as published/.test(n))).toBe(false);
  });

  it("infliximab (Fasanmade 2009): equals simulate/simulatePopulation/predictionBands on a hand-built label regimen", () => {
    const r = run({});
    const regimen = infliximabRegimen({ mgPerKg: 5, inductionMgPerKg: 5, intervalWeeks: 8, untilWeeks: 66 });
    expect(regimen.doses.map((d) => d.timeDays / 7)).toEqual([0, 2, 6, 14, 22, 30, 38, 46, 54, 62]);
    const d = direct(IFX, regimen, { weightKg: 70, albuminGdl: 4, ada: false }, 56, 500);
    const o = r.outputs;
    expect(o.troughWeek).toBe(62);
    expectRel(o.troughUgMl, d.typical.concentrationUgMl[d.j], 1e-12);
    expectRel(o.troughP05UgMl, d.bands.quantilesUgMl[0][d.j], 1e-12);
    expectRel(o.troughMedianUgMl, d.bands.quantilesUgMl[1][d.j], 1e-12);
    expectRel(o.troughP95UgMl, d.bands.quantilesUgMl[2][d.j], 1e-12);
    let hits = 0;
    for (let i = 0; i < 500; i++) if (d.pop.concentrationUgMl[i * d.times.length + d.j] >= 5) hits++;
    expect(o.probabilityAboveTarget).toBe(hits / 500);
    // the whole typical curve and band are drawn
    const fig = r.figure.data;
    expect(fig.map((t) => t.name)).toEqual([undefined, "5-95 % of 500 virtual patients", "median", "typical patient", "trough read"]);
    expect(fig[3].y).toEqual(Array.from(d.typical.concentrationUgMl));
    expect(fig[0].y).toEqual(Array.from(d.bands.quantilesUgMl[2]));
    expect(fig[1].y).toEqual(Array.from(d.bands.quantilesUgMl[0]));
    expect(fig[3].x).toEqual(Array.from(d.times, (t) => t / 7));
  });

  it("infliximab: the typical trough is the two-compartment infusion superposition by hand", () => {
    // Fasanmade 2009: CL = 0.407 (ALB/4.1)^-1.54, V1 = 3.29 (WT/77)^0.538, Q 7.14, V2 4.13 (domain facts, section 2)
    for (const [alb, wt] of [
      [4, 70],
      [3, 55],
      [4.6, 95],
    ]) {
      const p = { CL: 0.407 * (alb / 4.1) ** -1.54, V1: 3.29 * (wt / 77) ** 0.538, Q: 7.14, V2: 4.13 };
      const doses = [0, 2, 6, 14, 22, 30, 38, 46, 54].map((w) => ({ t: w * 7, mg: 5 * wt }));
      const hand = twoCompartmentInfusions(p, doses, 1 / 12, 62 * 7);
      expectRel(run({ albuminGdl: alb, weightKg: wt }).outputs.troughUgMl, hand, 1e-9);
    }
  });

  it("the same probability and percentiles as probabilityOfTargetAttainment (the library's PTA, same seed)", () => {
    const cov = { weightKg: 70, albuminGdl: 3.5 };
    const r = run({ albuminGdl: 3.5, dose: 10 }).outputs;
    const [pta] = probabilityOfTargetAttainment(IFX, [infliximabRegimen({ mgPerKg: 10, intervalWeeks: 8, untilWeeks: 66 })], cov, {
      targetTroughUgMl: 5,
      atDays: 434,
      n: 500,
      seed: 1,
    });
    expect(r.probabilityAboveTarget).toBe(pta.probability.value);
    expectRel(r.troughP05UgMl, pta.p05TroughUgMl, 1e-12);
    expectRel(r.troughMedianUgMl, pta.medianTroughUgMl, 1e-12);
    expectRel(r.troughP95UgMl, pta.p95TroughUgMl, 1e-12);
  });

  it("a flat infliximab dose in mg (repeatedRegimen path) equals the same dose in mg/kg (infliximabRegimen path)", () => {
    const perKg = run({ dose: 5, doseUnit: "mg/kg" }).outputs;
    const flat = run({ dose: 350, doseUnit: "mg" }).outputs; // 5 mg/kg x 70 kg
    for (const k of Object.keys(perKg)) expectRel(flat[k], perKg[k] as number, 1e-12);
  });

  it("adalimumab (Ternant 2015, SC): equals the library and the one-compartment absorption superposition", () => {
    const r = run({ modelId: ADA.id, dose: 40, doseUnit: "mg", intervalWeeks: 2 }).outputs;
    // Humira label: 160 mg week 0, 80 mg week 2, then 40 mg every other week from week 4; 27 maintenance doses to week 56
    const regimen = repeatedRegimen({
      route: "sc",
      amountMg: 40,
      intervalDays: 14,
      count: 27,
      startDays: 28,
      loading: [
        { timeDays: 0, amountMg: 160, route: "sc" },
        { timeDays: 14, amountMg: 80, route: "sc" },
      ],
    });
    const d = direct(ADA, regimen, { weightKg: 70, ada: false }, 14, 500);
    expect(r.troughWeek).toBe(56);
    expectRel(r.troughUgMl, d.typical.concentrationUgMl[d.j], 1e-12);
    expectRel(r.troughP05UgMl, d.bands.quantilesUgMl[0][d.j], 1e-12);
    expectRel(r.troughP95UgMl, d.bands.quantilesUgMl[2][d.j], 1e-12);
    // C(t) = F D ka / (V (ka - k)) (e^-kt - e^-ka t), k = CL/V: CL/F 0.42 L/day, V/F 13.5 L, ka 0.15/day
    const k = 0.42 / 13.5;
    const ka = 0.15;
    const t = 56 * 7;
    let hand = 0;
    for (const dose of regimen.doses.filter((x) => x.timeDays < t)) {
      const s = t - dose.timeDays;
      hand += (((dose.amountMg as number) * ka) / (13.5 * (ka - k))) * (Math.exp(-k * s) - Math.exp(-ka * s));
    }
    expectRel(r.troughUgMl, hand, 1e-9);
    expect(r.targetUgMl).toBe(7.5); // AGA 2017
  });

  it("vedolizumab (Michaelis-Menten, ODE): equals the library at the calculator's rtol 1e-6, and the default-tolerance solution to 1e-5", () => {
    const r = run({ modelId: VDZ.id, dose: 300, doseUnit: "mg", intervalWeeks: 8, albuminGdl: 3.6 }).outputs;
    // Entyvio label: 300 mg IV at weeks 0, 2, 6, then every 8 weeks from week 14
    const regimen = repeatedRegimen({
      route: "iv",
      amountMg: 300,
      intervalDays: 56,
      count: 7,
      startDays: 98,
      loading: [0, 14, 42].map((t) => ({ timeDays: t, amountMg: 300, route: "iv" as const })),
    });
    const cov = { weightKg: 70, albuminGdl: 3.6, ada: false };
    const d = direct(VDZ, regimen, cov, 56, 50, 1e-6);
    expectRel(r.troughUgMl, d.typical.concentrationUgMl[d.j], 1e-12);
    expectRel(r.troughP05UgMl, d.bands.quantilesUgMl[0][d.j], 1e-12);
    expectRel(r.troughMedianUgMl, d.bands.quantilesUgMl[1][d.j], 1e-12);
    expectRel(r.troughP95UgMl, d.bands.quantilesUgMl[2][d.j], 1e-12);
    const precise = simulate(VDZ, regimen, cov, { timesDays: [d.troughDay] });
    expectRel(r.troughUgMl, precise.concentrationUgMl[0], 1e-5);
    expect(r.targetUgMl).toBe(12); // Papamichael 2019 Table 1 (AGA 2017 sets none)
  });

  it("ustekinumab: weight-tiered IV induction (Stelara label) then SC maintenance", () => {
    for (const [wt, induction] of [
      [50, 260],
      [70, 390],
      [90, 520],
    ]) {
      const r = run({ modelId: UST.id, weightKg: wt, dose: 90, doseUnit: "mg", intervalWeeks: 8 }).outputs;
      const regimen = repeatedRegimen({
        route: "sc",
        amountMg: 90,
        intervalDays: 56,
        count: 7,
        startDays: 56,
        loading: [{ timeDays: 0, amountMg: induction, route: "iv" }],
      });
      const d = direct(UST, regimen, { weightKg: wt }, 56, 500);
      expect(r.troughWeek).toBe(56);
      expectRel(r.troughUgMl, d.typical.concentrationUgMl[d.j], 1e-12);
      expectRel(r.troughP95UgMl, d.bands.quantilesUgMl[2][d.j], 1e-12);
      expect(r.targetUgMl).toBe(1); // Papamichael 2019 Table 1
    }
  });

  it("Song 2025: BMI held at its reference 22.5, CRP enters clearance, and the refused ada flag is ignored with a note", () => {
    const r = run({ modelId: SONG.id, crpMgL: 20 });
    const regimen = infliximabRegimen({ mgPerKg: 5, inductionMgPerKg: 5, intervalWeeks: 8, untilWeeks: 66 });
    const d = direct(SONG, regimen, { weightKg: 70, albuminGdl: 4, crpMgL: 20, bmiKgM2: 22.5 }, 56, 500);
    expectRel(r.outputs.troughUgMl, d.typical.concentrationUgMl[d.j], 1e-12);
    expectRel(r.outputs.troughP05UgMl, d.bands.quantilesUgMl[0][d.j], 1e-12);
    expect(r.notes.some((n) => n.includes("bmiKgM2") && n.includes("22.5"))).toBe(true);
    const withAda = run({ modelId: SONG.id, crpMgL: 20, ada: true });
    expect(withAda.outputs).toEqual(r.outputs);
    expect(withAda.notes.some((n) => n.startsWith("Antibodies ignored"))).toBe(true);
    // CRP raises clearance in Song 2025 ((CRP/1.8)^0.022), and is ignored by Fasanmade 2009
    expect(run({ modelId: SONG.id, crpMgL: 100 }).outputs.troughUgMl as number).toBeLessThan(r.outputs.troughUgMl as number);
    expect(run({ crpMgL: 100 }).outputs).toEqual(run({ crpMgL: 1 }).outputs);
    expect(run({ crpMgL: 100 }).notes.some((n) => n.includes("Not used by this model: crpMgL"))).toBe(true);
  });

  it("troughs fall when albumin falls (every model with an albumin effect) and with antibodies (Fasanmade 2009)", () => {
    for (const id of ["infliximab-fasanmade-2009", "infliximab-fasanmade-2011", "infliximab-song-2025", "vedolizumab-rosario-2015"]) {
      const troughs = [4.5, 3.5, 2.5].map(
        (a) => run({ modelId: id, albuminGdl: a, dose: 5, doseUnit: "mg/kg" }).outputs.troughUgMl as number,
      );
      expect(troughs[1]).toBeLessThan(troughs[0]);
      expect(troughs[2]).toBeLessThan(troughs[1]);
    }
    const noAda = run({}).outputs;
    const withAda = run({ ada: true }).outputs;
    expect(withAda.troughUgMl as number).toBeLessThan(noAda.troughUgMl as number);
    expect(withAda.probabilityAboveTarget as number).toBeLessThanOrEqual(noAda.probabilityAboveTarget as number);
    // CL x (1 + 0.471) with ADA: same as the direct call with ada true
    const d = direct(IFX, infliximabRegimen({ untilWeeks: 66 }), { weightKg: 70, albuminGdl: 4, ada: true }, 56, 500);
    expectRel(withAda.troughUgMl, d.typical.concentrationUgMl[d.j], 1e-12);
  });

  it("uses the drug's maintenance trough target from troughTarget (domain facts section 3)", () => {
    expect(run({}).outputs.targetUgMl).toBe(5); // AGA 2017 infliximab
    const papa = pkWhatifCalculator({ targetPreset: "papamichael-2019" });
    expect(run({}, papa).outputs.targetUgMl).toBe(3); // Papamichael 2019 Table 1 infliximab maintenance
    const r = run({});
    expect(r.figure.layout.shapes).toEqual([expect.objectContaining({ type: "line", yref: "y", y0: 5, y1: 5 })]);
  });

  it("gives every declared output, finite, for every published model; and a figure with the band, curves and target", () => {
    for (const id of Object.keys(PK_MODELS)) {
      const c = pkWhatifCalculator({ modelId: id });
      const r = c.compute(Object.fromEntries(c.inputs.map((i) => [i.name, i.value])));
      for (const o of c.outputs) expect(Number.isFinite(r.outputs[o.name]), `${id} ${o.name}`).toBe(true);
      expect(Object.keys(r.outputs).sort()).toEqual(c.outputs.map((o) => o.name).sort());
      const p = r.outputs.probabilityAboveTarget as number;
      expect(p >= 0 && p <= 1).toBe(true);
      expect(r.outputs.troughP05UgMl as number).toBeLessThanOrEqual(r.outputs.troughMedianUgMl as number);
      expect(r.outputs.troughMedianUgMl as number).toBeLessThanOrEqual(r.outputs.troughP95UgMl as number);
      expect(r.figure.data).toHaveLength(5);
      expect(r.figure.layout.height).toBe(420);
      expect(r.figure.layout.uirevision).toBe("pk-whatif");
      expect(JSON.stringify(r.figure.layout.xaxis)).toContain("weeks");
      expect(JSON.stringify(r.figure.layout.yaxis)).toContain("µg/mL");
      expect(r.notes.length).toBeGreaterThan(0);
    }
  });

  it("is deterministic (seeded) and its seed option changes the virtual patients only", () => {
    expect(run({})).toEqual(run({}));
    const other = run({}, pkWhatifCalculator({ seed: 2 })).outputs;
    expect(other.troughUgMl).toBe(run({}).outputs.troughUgMl);
    expect(other.troughP05UgMl).not.toBe(run({}).outputs.troughP05UgMl);
  });

  it("rejects bad values with an InputError naming the field", () => {
    expectInputError(() => run({ weightKg: -1 }), "weightKg");
    expectInputError(() => run({ weightKg: Number.NaN }), "weightKg");
    expectInputError(() => run({ weightKg: "70" as unknown as number }), "weightKg");
    expectInputError(() => run({ albuminGdl: 35 }), "albuminGdl"); // g/L typed as g/dL
    expectInputError(() => run({ crpMgL: -2 }), "crpMgL");
    expectInputError(() => run({ ada: "yes" as unknown as boolean }), "ada");
    expectInputError(() => run({ dose: 0 }), "dose");
    expectInputError(() => run({ dose: 40, doseUnit: "mg/kg" }), "dose"); // above 20 mg/kg
    expectInputError(() => run({ doseUnit: "g" }), "doseUnit");
    expectInputError(() => run({ intervalWeeks: 0 }), "intervalWeeks");
    expectInputError(() => run({ modelId: "infliximab-unknown" }), "modelId");
    expectInputError(() => calc.compute({ ...base, intervalWeeks: undefined } as unknown as LiveValues), "intervalWeeks");
    expectInputError(() => pkWhatifCalculator({ modelId: "nope" }), "options.modelId");
    expectInputError(() => pkWhatifCalculator({ patients: 0 }), "options.patients");
    expectInputError(() => pkWhatifCalculator({ seed: 1.5 }), "options.seed");
  });
});
