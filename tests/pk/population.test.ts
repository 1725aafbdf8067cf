// Population simulation (src/pk/population.ts) against independent computations:
// - deterministic: the same virtual patients as tests/fixtures/py/population.py (numpy/scipy),
//   whose standard-normal deviates are replayed through options.rng, so concentrations, etas and
//   R type-7 quantiles (numpy "linear") must agree to 1e-8;
// - statistical (the toolkit's own seeded generator, 20,000 patients): pointwise quantiles with IIV on
//   CL only against their exact values, and the probability of target attainment against its closed
//   form under log-normal CL (same script), each within 4 Monte Carlo standard errors.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors";
import { predictionBandFigure, profileFigure } from "../../src/pk/figures";
import { ADALIMUMAB_TERNANT_2015, INFLIXIMAB_BERENDS_2019_QSS, INFLIXIMAB_FASANMADE_2009, omegaSquared } from "../../src/pk/models";
import { type PopulationSimulation, predictionBands, probabilityOfTargetAttainment, simulatePopulation } from "../../src/pk/population";
import { infliximabRegimen, type Regimen, repeatedRegimen } from "../../src/pk/regimen";
import { simulate } from "../../src/pk/simulate";
import type { CovariateInput, PkModel } from "../../src/pk/types";
import { replayRng } from "./replay-rng";

const cov = { weightKg: 70, albuminGdl: 3.8 };

interface ReplayCase {
  name: string;
  n: number;
  timesDays: number[];
  z: number[];
  etas: Record<string, number[]>;
  concentrationUgMl: number[];
  covariates: CovariateInput | CovariateInput[];
  probabilities: number[];
  bands: number[][];
}
interface Exact {
  probability: number;
  quantileUgMl: number[];
  seTimesSqrtN: number[];
}
interface Quant {
  value: number;
  seTimesSqrtN: number;
}
// numpy/scipy reference: tests/fixtures/py/population.py
const fixture = JSON.parse(readFileSync(join(__dirname, "../fixtures/py/population.json"), "utf8")) as {
  cases: ReplayCase[];
  ties: { n: number; timesDays: number[]; concentrationUgMl: number[]; probabilities: number[]; bands: number[][] };
  bandsCl: { timesDays: number[]; omegaCl: number; typicalUgMl: number[]; exact: Exact[] };
  ptaOneCompartment: {
    model: { CL: number; V1: number; cvCl: number };
    atDays: number;
    targets: Array<{ targetTroughUgMl: number; rows: Array<{ regimen: string; probability: number; quantiles: Record<string, Quant> }> }>;
  };
  ptaAdalimumab: { atDays: number; targets: Array<{ targetTroughUgMl: number; probability: number }> };
};
const fixtureCase = (name: string): ReplayCase => {
  const c = fixture.cases.find((x) => x.name === name);
  if (!c) throw new Error(`no fixture case ${name}`);
  return c;
};

/** |actual − expected| <= 1e-8·max(1, |expected|), element by element, with the index in the message. */
function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, label: string): void {
  expect(actual.length, label).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const tol = 1e-8 * Math.max(1, Math.abs(expected[i]));
    expect(Math.abs(actual[i] - expected[i]), `${label}[${i}]: ${actual[i]} vs ${expected[i]}`).toBeLessThanOrEqual(tol);
  }
}

const IFX_30 = infliximabRegimen({ untilWeeks: 30 }); // weeks 0, 2, 6, 14, 22, 30 at 5 mg/kg, 2 h infusions
const ADA_SC: Regimen = repeatedRegimen({
  route: "sc",
  amountMg: 40,
  intervalDays: 14,
  count: 5,
  startDays: 28,
  loading: [
    { timeDays: 0, amountMg: 160, route: "sc" },
    { timeDays: 14, amountMg: 80, route: "sc" },
  ],
});
const replayed: Array<{ name: string; model: PkModel; regimen: Regimen; residualError: boolean }> = [
  { name: "fas09-shared", model: INFLIXIMAB_FASANMADE_2009, regimen: IFX_30, residualError: false },
  { name: "fas09-shared-residual", model: INFLIXIMAB_FASANMADE_2009, regimen: IFX_30, residualError: true },
  { name: "fas09-per-patient", model: INFLIXIMAB_FASANMADE_2009, regimen: IFX_30, residualError: false },
  { name: "fas09-timeline", model: INFLIXIMAB_FASANMADE_2009, regimen: IFX_30, residualError: false },
  { name: "ter15-sc-residual", model: ADALIMUMAB_TERNANT_2015, regimen: ADA_SC, residualError: true },
];

function runReplay(r: (typeof replayed)[number]): { pop: PopulationSimulation; c: ReplayCase; used: number } {
  const c = fixtureCase(r.name);
  const rng = replayRng(c.z);
  const pop = simulatePopulation(r.model, r.regimen, c.covariates, {
    n: c.n,
    timesDays: c.timesDays,
    rng,
    residualError: r.residualError,
  });
  return { pop, c, used: rng.used() };
}

describe("population simulation against numpy/scipy on the same virtual patients (tests/fixtures/py/population.py)", () => {
  for (const r of replayed) {
    it(`${r.name}: etas, concentrations and every deviate drawn match`, () => {
      const { pop, c, used } = runReplay(r);
      // all etas first (patient by patient, one per random effect), then one residual per output time
      expect(used).toBe(c.z.length);
      expect(Object.keys(pop.etas)).toEqual(Object.keys(c.etas));
      for (const k of Object.keys(c.etas)) expectClose(pop.etas[k], c.etas[k], `${r.name} eta ${k}`);
      expectClose(pop.concentrationUgMl, c.concentrationUgMl, `${r.name} concentration`);
    });

    it(`${r.name}: prediction bands are numpy's type-7 quantiles of the same patients`, () => {
      const { pop, c } = runReplay(r);
      const b = predictionBands(pop, c.probabilities);
      expect(b.probabilities).toEqual(c.probabilities);
      expect(Array.from(b.timesDays)).toEqual(c.timesDays);
      c.bands.forEach((row, k) => {
        expectClose(b.quantilesUgMl[k], row, `${r.name} q${c.probabilities[k]}`);
      });
    });
  }

  it("predictionBands alone: type-7 quantiles of a small population with ties, including p = 0 and 1", () => {
    const t = fixture.ties;
    const pop: PopulationSimulation = {
      n: t.n,
      timesDays: Float64Array.from(t.timesDays),
      concentrationUgMl: Float64Array.from(t.concentrationUgMl),
      etas: {},
    };
    const b = predictionBands(pop, t.probabilities);
    t.bands.forEach((row, k) => {
      expectClose(b.quantilesUgMl[k], row, `ties q${t.probabilities[k]}`);
    });
  });
});

describe("population simulation, statistical checks (20,000 virtual patients, tolerance 4 Monte Carlo SE)", () => {
  it("samples eta with mean 0 and variance ln(1 + CV²)", () => {
    const n = 20000;
    const pop = simulatePopulation(INFLIXIMAB_FASANMADE_2009, infliximabRegimen({ untilWeeks: 0 }), cov, { n, timesDays: [1], seed: 2 });
    for (const [k, cv] of [
      ["CL", 0.377],
      ["V1", 0.221],
    ] as const) {
      const e = pop.etas[k];
      const mean = e.reduce((s, x) => s + x, 0) / n;
      const v = e.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1);
      const w2 = omegaSquared(cv);
      expect(Math.abs(mean), k).toBeLessThan(4 * Math.sqrt(w2 / n));
      expect(Math.abs(v - w2), k).toBeLessThan(4 * w2 * Math.sqrt(2 / (n - 1)));
    }
    // the two random effects are drawn independently
    const cl = pop.etas.CL;
    const v1 = pop.etas.V1;
    let sxy = 0;
    for (let i = 0; i < n; i++) sxy += cl[i] * v1[i];
    const r = sxy / n / Math.sqrt(omegaSquared(0.377) * omegaSquared(0.221));
    expect(Math.abs(r)).toBeLessThan(4 / Math.sqrt(n));
  });

  it("with IIV on CL only, the 5 %, 50 % and 95 % bands are the exact quantiles and the median is the typical patient", () => {
    const n = 20000;
    const ref = fixture.bandsCl;
    const pop = simulatePopulation(INFLIXIMAB_FASANMADE_2009, IFX_30, cov, {
      n,
      timesDays: ref.timesDays,
      seed: 11,
      iivParameters: ["CL"],
    });
    expect(Object.keys(pop.etas)).toEqual(["CL"]);
    const b = predictionBands(pop, [0.05, 0.5, 0.95]);
    // the typical-patient curve: the script's own solution, and the toolkit's single-patient simulation
    const typical = simulate(INFLIXIMAB_FASANMADE_2009, IFX_30, cov, { timesDays: ref.timesDays }).concentrationUgMl;
    expectClose(typical, ref.typicalUgMl, "typical patient");
    expectClose(ref.exact[1].quantileUgMl, ref.typicalUgMl, "exact median = typical");
    ref.exact.forEach((ex, k) => {
      ref.timesDays.forEach((t, j) => {
        const se = ex.seTimesSqrtN[j] / Math.sqrt(n);
        expect(Math.abs(b.quantilesUgMl[k][j] - ex.quantileUgMl[j]), `q${ex.probability} at day ${t}`).toBeLessThan(4 * se);
      });
    });
  });

  const one = fixture.ptaOneCompartment;
  const ONE_CMT: PkModel = {
    id: "test-one-compartment-iv",
    drug: "infliximab",
    label: "one compartment, IV, IIV on CL only (test model)",
    citation: "test model of tests/fixtures/py/population.py",
    structure: "linear",
    compartments: 1,
    molecularWeightKDa: 149.1,
    parameters: {
      CL: { value: one.model.CL, unit: "L/day", description: "clearance", citation: "test" },
      V1: { value: one.model.V1, unit: "L", description: "volume", citation: "test" },
    },
    covariateEffects: [],
    iiv: { CL: { cv: one.model.cvCl, citation: "test" } },
    residual: { proportional: 0.2, additiveUgMl: 0.1, citation: "test" },
    requiredCovariates: [],
  };
  const ONE_REGIMENS: Record<string, Regimen> = {
    q8w: repeatedRegimen({ route: "iv", amountMg: 400, intervalDays: 56, count: 4, name: "q8w" }),
    q4w: repeatedRegimen({ route: "iv", amountMg: 400, intervalDays: 28, count: 7, name: "q4w" }),
  };

  it("PTA of a one-compartment model under log-normal CL equals Φ(ln(CL*/CL_typ)/ω), and its quantiles are exact", () => {
    const n = 20000;
    const z = 1.959963984540054;
    for (const tgt of one.targets) {
      const rows = probabilityOfTargetAttainment(
        ONE_CMT,
        [ONE_REGIMENS.q8w, ONE_REGIMENS.q4w],
        { weightKg: 70 },
        {
          targetTroughUgMl: tgt.targetTroughUgMl,
          atDays: one.atDays,
          n,
          seed: 5,
        },
      );
      expect(rows.map((r) => r.regimen)).toEqual(["q8w", "q4w"]);
      rows.forEach((row, k) => {
        const ex = tgt.rows[k];
        const label = `${ex.regimen}, target ${tgt.targetTroughUgMl}`;
        const p = ex.probability;
        expect(Math.abs(row.probability.value - p), label).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n));
        // Wilson interval of the observed share (Wilson 1927), by hand
        const ph = row.probability.value;
        const centre = (ph + (z * z) / (2 * n)) / (1 + (z * z) / n);
        const half = (z * Math.sqrt((ph * (1 - ph)) / n + (z * z) / (4 * n * n))) / (1 + (z * z) / n);
        expect(row.probability.lower, label).toBeCloseTo(centre - half, 10);
        expect(row.probability.upper, label).toBeCloseTo(centre + half, 10);
        for (const [key, name] of [
          ["p05TroughUgMl", "p05"],
          ["medianTroughUgMl", "median"],
          ["p95TroughUgMl", "p95"],
        ] as const) {
          const q = ex.quantiles[name];
          expect(Math.abs(row[key] - q.value), `${label} ${name}`).toBeLessThan((4 * q.seTimesSqrtN) / Math.sqrt(n));
        }
      });
    }
  });

  it("PTA with IIV on CL and V (adalimumab, Ternant 2015, SC) equals the quadrature over eta_V of the closed form", () => {
    const n = 20000;
    const reg = repeatedRegimen({ route: "sc", amountMg: 40, intervalDays: 14, count: 10 });
    for (const tgt of fixture.ptaAdalimumab.targets) {
      const [row] = probabilityOfTargetAttainment(
        ADALIMUMAB_TERNANT_2015,
        [reg],
        { weightKg: 70 },
        {
          targetTroughUgMl: tgt.targetTroughUgMl,
          atDays: fixture.ptaAdalimumab.atDays,
          n,
          seed: 3,
        },
      );
      const p = tgt.probability;
      expect(Math.abs(row.probability.value - p), `target ${tgt.targetTroughUgMl}`).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n));
    }
  });

  it("PTA counts troughs at or above the target among the same seeded patients simulatePopulation gives, with type-7 quantiles", () => {
    const n = 999;
    const atDays = one.atDays;
    const pop = simulatePopulation(ONE_CMT, ONE_REGIMENS.q8w, { weightKg: 70 }, { n, timesDays: [atDays], seed: 21, residualError: true });
    const c = Array.from(pop.concentrationUgMl);
    // a target equal to one patient's trough counts that patient (>=)
    const target = [...c].sort((a, b) => a - b)[600];
    const [row] = probabilityOfTargetAttainment(
      ONE_CMT,
      [ONE_REGIMENS.q8w],
      { weightKg: 70 },
      {
        targetTroughUgMl: target,
        atDays,
        n,
        seed: 21,
        residualError: true,
      },
    );
    expect(row.probability.value).toBe(c.filter((x) => x >= target).length / n);
    expect(row.probability.value).toBe(399 / n);
    // type 7 by hand: h = (n − 1)p, between the floor(h)-th and the next order statistic
    const s = [...c].sort((a, b) => a - b);
    const q7 = (p: number) => {
      const h = (n - 1) * p;
      const lo = Math.floor(h);
      return s[lo] + (h - lo) * (s[Math.min(lo + 1, n - 1)] - s[lo]);
    };
    expect(row.medianTroughUgMl).toBeCloseTo(q7(0.5), 12);
    expect(row.p05TroughUgMl).toBeCloseTo(q7(0.05), 12);
    expect(row.p95TroughUgMl).toBeCloseTo(q7(0.95), 12);
  });

  it("PTA compares regimens on the same virtual patients: a doubled dose doubles every trough of a linear model", () => {
    const double = repeatedRegimen({ route: "iv", amountMg: 800, intervalDays: 56, count: 4, name: "q8w 800 mg" });
    const opts = { targetTroughUgMl: 3, atDays: one.atDays, n: 2000, seed: 4 };
    const [single, twice] = probabilityOfTargetAttainment(ONE_CMT, [ONE_REGIMENS.q8w, double], { weightKg: 70 }, opts);
    for (const key of ["medianTroughUgMl", "p05TroughUgMl", "p95TroughUgMl"] as const) {
      expect(twice[key] / single[key], key).toBeCloseTo(2, 12);
    }
    // trough >= 3 on 800 mg is trough >= 1.5 on 400 mg, patient by patient
    const [half] = probabilityOfTargetAttainment(ONE_CMT, [ONE_REGIMENS.q8w], { weightKg: 70 }, { ...opts, targetTroughUgMl: 1.5 });
    expect(twice.probability.value).toBe(half.probability.value);
  });

  it("nonlinear (QSS-TMDD) patients are the single-patient ODE solutions for the etas drawn", () => {
    // simulate() for this model is checked against R deSolve in tests/pk/desolve.test.ts
    const t = [42, 98];
    const tmddCov = { ...cov, targetBaselineNm: 5 };
    const reg = infliximabRegimen({ untilWeeks: 14 });
    const pop = simulatePopulation(INFLIXIMAB_BERENDS_2019_QSS, reg, tmddCov, { n: 4, timesDays: t, seed: 1 });
    const names = Object.keys(INFLIXIMAB_BERENDS_2019_QSS.iiv);
    expect(Object.keys(pop.etas)).toEqual(names);
    for (let i = 0; i < 4; i++) {
      const etas = Object.fromEntries(names.map((k) => [k, pop.etas[k][i]]));
      const one = simulate(INFLIXIMAB_BERENDS_2019_QSS, reg, tmddCov, { timesDays: t, etas }).concentrationUgMl;
      for (let j = 0; j < t.length; j++) expect(pop.concentrationUgMl[i * t.length + j]).toBeCloseTo(one[j], 10);
    }
  });

  it("is reproducible for a seed", () => {
    const t = [14, 42, 98, 154];
    const a = simulatePopulation(INFLIXIMAB_FASANMADE_2009, infliximabRegimen(), cov, { n: 50, timesDays: t, seed: 9 });
    const b = simulatePopulation(INFLIXIMAB_FASANMADE_2009, infliximabRegimen(), cov, { n: 50, timesDays: t, seed: 9 });
    expect(Array.from(a.concentrationUgMl)).toEqual(Array.from(b.concentrationUgMl));
    const c = simulatePopulation(INFLIXIMAB_FASANMADE_2009, infliximabRegimen(), cov, { n: 50, timesDays: t, seed: 10 });
    expect(Array.from(c.concentrationUgMl)).not.toEqual(Array.from(a.concentrationUgMl));
  });
});

describe("population simulation: hostile input and work limits (issue 14)", () => {
  const reg = infliximabRegimen({ untilWeeks: 14 });

  it("without timesDays is an InputError naming the missing option, not a TypeError", () => {
    expect(() => simulatePopulation(INFLIXIMAB_FASANMADE_2009, reg, cov, { n: 10, seed: 1 } as never)).toThrow(InputError);
    expect(() => simulatePopulation(INFLIXIMAB_FASANMADE_2009, reg, cov, { n: 10, seed: 1 } as never)).toThrow(
      /options\.timesDays: got undefined, expected the output times/,
    );
    expect(() => simulatePopulation(INFLIXIMAB_FASANMADE_2009, reg, cov, undefined as never)).toThrow(/options: got undefined/);
    expect(() => simulatePopulation(INFLIXIMAB_FASANMADE_2009, reg, null as never, { n: 2, timesDays: [1] })).toThrow(
      /covariates: got null/,
    );
  });

  it("refuses a fractional or absurd number of patients and more values than maxValues", () => {
    expect(() => simulatePopulation(INFLIXIMAB_FASANMADE_2009, reg, cov, { n: 2.5, timesDays: [1] })).toThrow(/options\.n: got 2.5/);
    expect(() => simulatePopulation(INFLIXIMAB_FASANMADE_2009, reg, cov, { n: 1e308, timesDays: [1] })).toThrow(
      /options\.n.*expected at most 1,000,000/,
    );
    const times = Array.from({ length: 1000 }, (_, i) => i);
    expect(() => simulatePopulation(INFLIXIMAB_FASANMADE_2009, reg, cov, { n: 100_000, timesDays: times })).toThrow(
      /n x timesDays\.length.*raise options\.maxValues/,
    );
    // the cap is documented and can be raised deliberately
    expect(
      simulatePopulation(INFLIXIMAB_FASANMADE_2009, reg, cov, { n: 30, timesDays: times, maxValues: 30_000, seed: 1 }).concentrationUgMl,
    ).toHaveLength(30_000);
    expect(() => simulatePopulation(INFLIXIMAB_FASANMADE_2009, reg, cov, { n: 30, timesDays: times, maxValues: 29_999 })).toThrow(
      /maxValues/,
    );
    expect(() => simulatePopulation(INFLIXIMAB_BERENDS_2019_QSS, reg, cov, { n: 50_000, timesDays: [1] })).toThrow(/ODE.*seeded batches/);
  });

  it("iivParameters are the model's own random effects (never a prototype key)", () => {
    expect(() => simulatePopulation(INFLIXIMAB_FASANMADE_2009, reg, cov, { n: 2, timesDays: [1], iivParameters: ["constructor"] })).toThrow(
      /options\.iivParameters: got "constructor", expected one of CL, V1/,
    );
  });

  it("predictionBands and PTA check their inputs", () => {
    expect(() => predictionBands({} as never)).toThrow(/pop\.n/);
    const pop = simulatePopulation(INFLIXIMAB_FASANMADE_2009, reg, cov, { n: 20, timesDays: [1, 2], seed: 1 });
    expect(() => predictionBands(pop, [Number.NaN])).toThrow(/probabilities\[0\]/);
    expect(() => predictionBands({ ...pop, concentrationUgMl: new Float64Array(3) })).toThrow(/concentrationUgMl/);
    expect(() => probabilityOfTargetAttainment(INFLIXIMAB_FASANMADE_2009, {} as never, cov, { targetTroughUgMl: 5, atDays: 98 })).toThrow(
      /regimens: got \{\}, expected an array/,
    );
    expect(() => probabilityOfTargetAttainment(INFLIXIMAB_FASANMADE_2009, [reg], cov, { targetTroughUgMl: 5 } as never)).toThrow(
      /options\.atDays/,
    );
  });
});

describe("PK figures: hostile input (issue 14)", () => {
  it("predictionBandFigure and profileFigure refuse values that are not bands or series", () => {
    expect(() => predictionBandFigure({} as never)).toThrow(/bands\.timesDays/);
    expect(() => predictionBandFigure([] as never)).toThrow(/at least one result of predictionBands/);
    expect(() => profileFigure({} as never)).toThrow(/series: got \{\}, expected an array/);
    expect(() => profileFigure([{ name: "x", timesDays: [1, 2], concentrationUgMl: [1, Number.NaN] }])).toThrow(
      /series\[0\]\.concentrationUgMl\[1\]/,
    );
    expect(() => profileFigure([], { targetUgMl: Number.POSITIVE_INFINITY })).toThrow(/targetUgMl/);
    expect(profileFigure([{ name: "x", timesDays: [0, 7], concentrationUgMl: [10, 5] }], { targetUgMl: 5 }).data).toHaveLength(1);
  });
});
