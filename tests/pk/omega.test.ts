// Correlated random effects (block omega, issue 18 item 1), src/pk/omega.ts and its users:
// - the covariance, precision and Cholesky factor of each model with published correlations, in full
//   and for subsets (the others held at 0: the Schur complement), against numpy
//   (tests/fixtures/py/omega.py, which types the published CVs and correlations in from the sources:
//   Rosario 2015 Table S2, Berends 2019 Table 2, Song 2025 Table 2);
// - simulatePopulation draws eta = L z: numpy's etas for the same deviates (1e-12), and 20,000 seeded
//   vedolizumab patients whose sample correlations are Table S2's within 4 standard errors;
// - the MAP prior is eta^T Omega^-1 eta: the objective of a correlated model minus that of the same
//   model without correlations is eta^T (Omega^-1 - diag(1/omega^2)) eta with numpy's precision;
// - models without correlations are unchanged (diagonal, bit for bit); malformed correlations are
//   InputErrors naming the field.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors";
import { mapObjective } from "../../src/pk/bayes";
import { checkModel } from "../../src/pk/check";
import {
  INFLIXIMAB_BERENDS_2019_QSS,
  INFLIXIMAB_FASANMADE_2009,
  INFLIXIMAB_SONG_2025,
  omegaSquared,
  PK_MODELS,
  VEDOLIZUMAB_ROSARIO_2015,
} from "../../src/pk/models";
import { omegaBlock, omegaCovariance } from "../../src/pk/omega";
import { simulatePopulation } from "../../src/pk/population";
import { infliximabRegimen, repeatedRegimen } from "../../src/pk/regimen";
import type { PkModel } from "../../src/pk/types";
import { replayRng } from "./replay-rng";

interface OmegaCase {
  model: string;
  names: string[];
  covariance: number[];
  precision: number[];
  cholesky: number[];
  z: number[];
  etas: Record<string, number[]>;
  correlation: number[];
}
const fixture = JSON.parse(readFileSync(join(__dirname, "../fixtures/py/omega.json"), "utf8")) as { cases: OmegaCase[] };
const MODELS: Record<string, PkModel> = {
  "vedolizumab-rosario-2015": VEDOLIZUMAB_ROSARIO_2015,
  "infliximab-berends-2019-qss": INFLIXIMAB_BERENDS_2019_QSS,
  "infliximab-song-2025": INFLIXIMAB_SONG_2025,
};

function expectClose(got: ArrayLike<number>, want: number[], tol: number, what: string) {
  expect(got.length, what).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    expect(Math.abs(got[i] - want[i]), `${what}[${i}]: ${got[i]} vs ${want[i]}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(want[i])));
  }
}

/**
 * omega^2 of each random effect as its source defines it, typed in from the sources: Rosario 2015
 * Table S2 and Song 2025 Table 2 report %CV = 100 omega (as nlmixr2lib reads them), so omega^2 = CV^2;
 * Fasanmade 2009 Table 3 prints omega^2 (0.131, 0.048); Berends 2019's CVs are log-normal, ln(1 + CV^2).
 */
const SOURCE_OMEGA2: Record<string, Record<string, number>> = {
  "vedolizumab-rosario-2015": { CL: 0.346 ** 2, V1: 0.191 ** 2, VMAX: 1.05 ** 2 },
  "infliximab-song-2025": { CL: 0.203 ** 2, F: 0.216 ** 2 },
  "infliximab-fasanmade-2009": { CL: 0.131, V1: 0.048 },
  "infliximab-berends-2019-qss": {
    CL: Math.log1p(0.292 ** 2),
    V1: Math.log1p(0.227 ** 2),
    V2: Math.log1p(0.742 ** 2),
    R0: Math.log1p(0.392 ** 2),
  },
};

describe("omegaBlock against numpy (tests/fixtures/py/omega.py)", () => {
  for (const c of fixture.cases) {
    it(`${c.model} [${c.names.join(", ")}]: covariance, precision and Cholesky factor`, () => {
      const b = omegaBlock(MODELS[c.model], c.names);
      expect(b.names).toEqual(c.names);
      expect(b.diagonal).toBe(false);
      expectClose(b.covariance, c.covariance, 1e-12, "covariance");
      expectClose(b.precision, c.precision, 1e-10, "precision");
      expectClose(b.cholesky, c.cholesky, 1e-12, "cholesky");
    });
  }

  it("the published correlations come back from the full covariance (Rosario 2015 Table S2, Berends 2019, Song 2025)", () => {
    const published: [PkModel, string, string, number][] = [
      [VEDOLIZUMAB_ROSARIO_2015, "CL", "V1", 0.566],
      [VEDOLIZUMAB_ROSARIO_2015, "CL", "VMAX", -0.192],
      [VEDOLIZUMAB_ROSARIO_2015, "V1", "VMAX", -0.267],
      [INFLIXIMAB_BERENDS_2019_QSS, "CL", "V1", 0.123],
      [INFLIXIMAB_SONG_2025, "CL", "F", 0.388],
    ];
    for (const [m, a, b, r] of published) {
      const { names, covariance } = omegaCovariance(m);
      const n = names.length;
      const i = names.indexOf(a);
      const j = names.indexOf(b);
      expect(covariance[i * n + j] / Math.sqrt(covariance[i * n + i] * covariance[j * n + j])).toBeCloseTo(r, 12);
      // the diagonal is omega^2 as each source defines its %CV
      expect(covariance[i * n + i]).toBeCloseTo(SOURCE_OMEGA2[m.id][a], 15);
      expect(covariance[j * n + j]).toBeCloseTo(SOURCE_OMEGA2[m.id][b], 15);
    }
  });

  it("Rosario 2015's block is the one nlmixr2lib writes out from Table S2 (%CV = 100 omega), and the products of Table S2's values", () => {
    const { names, covariance } = omegaCovariance(VEDOLIZUMAB_ROSARIO_2015);
    expect(names).toEqual(["CL", "V1", "VMAX"]);
    // Rosario_2015_vedolizumab.R: etalcl + etalvc + etalvmax ~ c(0.119716, 0.037402, 0.036481, -0.069754, -0.053541, 1.1025)
    const lower = [0.119716, 0.037402, 0.036481, -0.069754, -0.053541, 1.1025];
    const got = [covariance[0], covariance[3], covariance[4], covariance[6], covariance[7], covariance[8]];
    // to 1e-5: two of nlmixr2lib's products are rounded by hand (0.037402 for 0.566 x 0.346 x 0.191 =
    // 0.0374047, -0.053541 for -0.267 x 0.191 x 1.05 = -0.0535469); the exact products to 1e-15
    for (const [i, g] of got.entries()) expect(Math.abs(g - lower[i])).toBeLessThanOrEqual(1e-5);
    const exact = [0.346 ** 2, 0.566 * 0.346 * 0.191, 0.191 ** 2, -0.192 * 0.346 * 1.05, -0.267 * 0.191 * 1.05, 1.05 ** 2];
    for (const [i, g] of got.entries()) expect(g).toBeCloseTo(exact[i], 15);
  });

  it("Song 2025's covariance is Table 2's 0.017 (printed to 3 decimals)", () => {
    const { covariance } = omegaCovariance(INFLIXIMAB_SONG_2025);
    expect(Math.abs(covariance[1] - 0.017)).toBeLessThanOrEqual(0.0005);
    // read as log-normal CVs the same r would give 0.01665, outside the printed precision of 0.017
    expect(Math.abs(0.388 * Math.sqrt(omegaSquared(0.203) * omegaSquared(0.216)) - 0.017)).toBeGreaterThan(0.0003);
  });

  it("holding the other effects at 0 shrinks a variance by the Schur complement (Berends: CL alone, 0.0818 (1 - 0.123^2))", () => {
    const alone = omegaBlock(INFLIXIMAB_BERENDS_2019_QSS, ["CL"]);
    // Berends 2019's CVs are log-normal: omega^2 = ln(1 + CV^2)
    expect(alone.covariance[0]).toBeCloseTo(omegaSquared(0.292) * (1 - 0.123 ** 2), 14);
    expect(alone.precision[0] * alone.covariance[0]).toBeCloseTo(1, 14);
    // R0 is correlated with nothing: its variance is untouched
    expect(omegaBlock(INFLIXIMAB_BERENDS_2019_QSS, ["R0"]).covariance[0]).toBeCloseTo(omegaSquared(0.392), 15);
  });

  it("a model without correlations keeps the diagonal forms bit for bit", () => {
    const b = omegaBlock(INFLIXIMAB_FASANMADE_2009);
    const names = Object.keys(INFLIXIMAB_FASANMADE_2009.iiv);
    const k = names.length;
    expect(b.diagonal).toBe(true);
    names.forEach((nm, i) => {
      const w2 = SOURCE_OMEGA2["infliximab-fasanmade-2009"][nm];
      expect(b.covariance[i * k + i]).toBe(w2);
      expect(b.precision[i * k + i]).toBe(1 / w2);
      expect(b.cholesky[i * k + i]).toBe(Math.sqrt(w2));
      for (let j = 0; j < k; j++) if (j !== i) expect(b.covariance[i * k + j]).toBe(0);
    });
  });

  it("the covariance is exactly symmetric (the factorised matrix is the one returned)", () => {
    for (const c of fixture.cases) {
      const b = omegaBlock(MODELS[c.model], c.names);
      const k = c.names.length;
      for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) expect(b.covariance[i * k + j]).toBe(b.covariance[j * k + i]);
      // L L^T reproduces it
      for (let i = 0; i < k; i++)
        for (let j = 0; j < k; j++) {
          let s = 0;
          for (let m = 0; m < k; m++) s += b.cholesky[i * k + m] * b.cholesky[j * k + m];
          expect(s).toBeCloseTo(b.covariance[i * k + j], 14);
        }
    }
  });

  it("a correlation of 0 is no correlation: the diagonal forms, in the order asked", () => {
    const zero = { ...INFLIXIMAB_SONG_2025, iivCorrelations: [{ between: ["CL", "F"] as [string, string], r: 0, citation: "x" }] };
    const b = omegaBlock(zero, ["F", "CL"]);
    expect(b.diagonal).toBe(true);
    expect(b.names).toEqual(["F", "CL"]);
    expect(Array.from(b.covariance)).toEqual([0.216 ** 2, 0, 0, 0.203 ** 2]);
    expect(omegaBlock(INFLIXIMAB_FASANMADE_2009).names).toEqual(Object.keys(INFLIXIMAB_FASANMADE_2009.iiv));
    // the full matrix of a model without correlations: its omega^2 on the diagonal, zeros elsewhere
    const full = omegaCovariance(INFLIXIMAB_FASANMADE_2009);
    expect(full.names).toEqual(Object.keys(INFLIXIMAB_FASANMADE_2009.iiv));
    expect(Array.from(full.covariance)).toEqual([0.131, 0, 0, 0.048]);
  });

  it("names that are not distinct random effects of the model are InputErrors naming the entry", () => {
    const bad: [unknown, RegExp][] = [
      [["CL", "Q"], /names\[1\].*random effect of the model: one of CL, V1, VMAX/s],
      [["CL", "CL"], /names\[1\].*each random effect once/s],
      [[3], /names\[0\]/],
      ["CL", /names/],
    ];
    for (const [names, msg] of bad) {
      let err: unknown;
      try {
        omegaBlock(VEDOLIZUMAB_ROSARIO_2015, names as string[]);
      } catch (e) {
        err = e;
      }
      expect(err, String(names)).toBeInstanceOf(InputError);
      expect((err as Error).message).toMatch(msg);
    }
  });

  it("every registered model passes checkModel with its correlations", () => {
    for (const m of Object.values(PK_MODELS)) expect(() => checkModel(m)).not.toThrow();
  });
});

describe("malformed correlations are InputErrors naming the field", () => {
  const withCorr = (iivCorrelations: unknown) => ({ ...VEDOLIZUMAB_ROSARIO_2015, iivCorrelations }) as unknown as PkModel;
  const cases: [string, unknown, RegExp][] = [
    ["r = 1", [{ between: ["CL", "V1"], r: 1, citation: "x" }], /iivCorrelations\[0\]\.r/],
    ["r = -1.2", [{ between: ["CL", "V1"], r: -1.2, citation: "x" }], /iivCorrelations\[0\]\.r/],
    ["r NaN", [{ between: ["CL", "V1"], r: Number.NaN, citation: "x" }], /iivCorrelations\[0\]\.r/],
    ["an effect the model has no IIV on", [{ between: ["CL", "Q"], r: 0.3, citation: "x" }], /iivCorrelations\[0\]\.between\[1\]/],
    ["the same effect twice", [{ between: ["CL", "CL"], r: 0.3, citation: "x" }], /iivCorrelations\[0\]\.between/],
    [
      "a pair given twice",
      [
        { between: ["CL", "V1"], r: 0.3, citation: "x" },
        { between: ["V1", "CL"], r: 0.2, citation: "x" },
      ],
      /iivCorrelations\[1\]\.between/,
    ],
    ["one name", [{ between: ["CL"], r: 0.3, citation: "x" }], /iivCorrelations\[0\]\.between/],
    ["no citation", [{ between: ["CL", "V1"], r: 0.3 }], /iivCorrelations\[0\]\.citation/],
    [
      "not positive definite (0.9, 0.9, -0.9)",
      [
        { between: ["CL", "V1"], r: 0.9, citation: "x" },
        { between: ["CL", "VMAX"], r: 0.9, citation: "x" },
        { between: ["V1", "VMAX"], r: -0.9, citation: "x" },
      ],
      /model\.iivCorrelations.*CL-V1 0\.9, CL-VMAX 0\.9, V1-VMAX -0\.9.*positive-definite/s,
    ],
    ["not an array", { between: ["CL", "V1"], r: 0.3 }, /iivCorrelations/],
  ];
  for (const [what, corr, field] of cases) {
    it(what, () => {
      let err: unknown;
      try {
        checkModel(withCorr(corr));
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(InputError);
      expect(String((err as Error).message)).toMatch(field);
    });
  }
});

describe("simulatePopulation samples correlated effects", () => {
  const regimen = repeatedRegimen({ name: "300 mg q8w", amountMg: 300, intervalDays: 56, count: 1, route: "iv" });

  it("draws eta = L z: the same etas as numpy for the same deviates (vedolizumab, all three effects)", () => {
    const c = fixture.cases.find((x) => x.model === "vedolizumab-rosario-2015" && x.names.length === 3) as OmegaCase;
    const n = c.etas.CL.length;
    const pop = simulatePopulation(
      VEDOLIZUMAB_ROSARIO_2015,
      regimen,
      { weightKg: 70, albuminGdl: 4 },
      {
        n,
        timesDays: [56],
        rng: replayRng(c.z),
      },
    );
    for (const k of c.names) expectClose(pop.etas[k], c.etas[k], 1e-12, `eta ${k}`);
  });

  it("draws the conditional block for a subset (Berends, CL alone)", () => {
    const c = fixture.cases.find((x) => x.model === "infliximab-berends-2019-qss" && x.names.length === 1) as OmegaCase;
    const pop = simulatePopulation(
      INFLIXIMAB_BERENDS_2019_QSS,
      infliximabRegimen({ untilWeeks: 2 }),
      { weightKg: 70, albuminGdl: 4 },
      {
        n: c.etas.CL.length,
        timesDays: [14],
        iivParameters: ["CL"],
        rng: replayRng(c.z),
      },
    );
    expectClose(pop.etas.CL, c.etas.CL, 1e-12, "eta CL");
  });

  it("a random effect named twice is an InputError, in the sampler and in the MAP fit (a correlated block cannot hold it)", () => {
    const cov = { weightKg: 70, albuminGdl: 4 };
    expect(() =>
      simulatePopulation(VEDOLIZUMAB_ROSARIO_2015, regimen, cov, { n: 3, timesDays: [10], iivParameters: ["CL", "CL"] }),
    ).toThrow(/options\.iivParameters\[1\].*each random effect once/s);
    expect(() =>
      mapObjective(VEDOLIZUMAB_ROSARIO_2015, regimen, [{ timeDays: 50, concentrationUgMl: 5 }], cov, { parameters: ["CL", "CL"] }),
    ).toThrow(/options\.parameters\[1\].*each random effect once/s);
  });

  it("20,000 seeded vedolizumab patients: sample correlations within 4 SE of Table S2's, variances of omega^2", () => {
    const n = 20000;
    const pop = simulatePopulation(VEDOLIZUMAB_ROSARIO_2015, regimen, { weightKg: 70, albuminGdl: 4 }, { n, timesDays: [56], seed: 15 });
    const mean = (a: Float64Array) => a.reduce((s, v) => s + v, 0) / a.length;
    const cov = (a: Float64Array, b: Float64Array) => {
      const ma = mean(a);
      const mb = mean(b);
      let s = 0;
      for (let i = 0; i < a.length; i++) s += (a[i] - ma) * (b[i] - mb);
      return s / (a.length - 1);
    };
    const corr = (a: Float64Array, b: Float64Array) => cov(a, b) / Math.sqrt(cov(a, a) * cov(b, b));
    // SE of a sample correlation: (1 - r^2) / sqrt(n)
    for (const [a, b, r] of [
      ["CL", "V1", 0.566],
      ["CL", "VMAX", -0.192],
      ["V1", "VMAX", -0.267],
    ] as const) {
      expect(Math.abs(corr(pop.etas[a], pop.etas[b]) - r)).toBeLessThan((4 * (1 - r * r)) / Math.sqrt(n));
    }
    // SE of a sample variance: omega^2 sqrt(2 / (n - 1)); Table S2's %CV is 100 omega
    for (const [k, cv] of [
      ["CL", 0.346],
      ["V1", 0.191],
      ["VMAX", 1.05],
    ] as const) {
      const w2 = cv * cv;
      expect(Math.abs(cov(pop.etas[k], pop.etas[k]) - w2)).toBeLessThan(4 * w2 * Math.sqrt(2 / (n - 1)));
    }
  });
});

describe("the MAP prior is eta^T Omega^-1 eta", () => {
  it("vedolizumab: the correlated objective minus the independent one is eta^T (P - diag(1/omega^2)) eta with numpy's P", () => {
    const c = fixture.cases.find((x) => x.model === "vedolizumab-rosario-2015" && x.names.length === 3) as OmegaCase;
    const independent = { ...VEDOLIZUMAB_ROSARIO_2015, iivCorrelations: undefined };
    const regimen = repeatedRegimen({ name: "300 mg q8w", amountMg: 300, intervalDays: 56, count: 2, route: "iv" });
    const obs = [{ timeDays: 111, concentrationUgMl: 9 }];
    const cov = { weightKg: 70, albuminGdl: 4 };
    const a = mapObjective(VEDOLIZUMAB_ROSARIO_2015, regimen, obs, cov);
    const b = mapObjective(independent, regimen, obs, cov);
    expect(a.names).toEqual(c.names);
    const eta = Float64Array.of(0.2, -0.1, 0.5);
    const k = 3;
    let want = 0;
    for (let i = 0; i < k; i++)
      for (let j = 0; j < k; j++) {
        const diag = i === j ? 1 / SOURCE_OMEGA2["vedolizumab-rosario-2015"][c.names[i]] : 0;
        want += eta[i] * (c.precision[i * k + j] - diag) * eta[j];
      }
    expect(a.objective(eta) - b.objective(eta)).toBeCloseTo(want, 9);
    // the 2 x 2 case by hand (Song 2025): (x^2/a^2 - 2 r x y/(a b) + y^2/b^2) / (1 - r^2)
    const song = mapObjective(
      INFLIXIMAB_SONG_2025,
      repeatedRegimen({ name: "120 mg q2w", amountMg: 120, intervalDays: 14, count: 4, route: "sc" }),
      [{ timeDays: 55.9, concentrationUgMl: 15 }],
      { weightKg: 65, albuminGdl: 4.4, crpMgL: 1.8, bmiKgM2: 22.5 },
    );
    const songIndependent = mapObjective(
      { ...INFLIXIMAB_SONG_2025, iivCorrelations: undefined },
      repeatedRegimen({ name: "120 mg q2w", amountMg: 120, intervalDays: 14, count: 4, route: "sc" }),
      [{ timeDays: 55.9, concentrationUgMl: 15 }],
      { weightKg: 65, albuminGdl: 4.4, crpMgL: 1.8, bmiKgM2: 22.5 },
    );
    const x = 0.3;
    const y = -0.2;
    const a2 = 0.203 ** 2; // Table 2, %CV = 100 omega
    const b2 = 0.216 ** 2;
    const r = 0.388;
    const quad = ((x * x) / a2 - (2 * r * x * y) / Math.sqrt(a2 * b2) + (y * y) / b2) / (1 - r * r);
    const e = Float64Array.of(x, y);
    expect(song.objective(e) - songIndependent.objective(e)).toBeCloseTo(quad - (x * x) / a2 - (y * y) / b2, 9);
  });
});
