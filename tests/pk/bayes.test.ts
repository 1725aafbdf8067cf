import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InputError, UnitError } from "../../src/core/errors";
import {
  forecastTroughs,
  INFLIXIMAB_CANDIDATES,
  INFLIXIMAB_LABEL_LIMITS,
  infliximabLabelStatus,
  mapEstimate,
  mapObjective,
  recommendRegimen,
} from "../../src/pk/bayes";
import { MAX_PLAUSIBLE_LEVEL_UG_ML } from "../../src/pk/check";
import { INFLIXIMAB_FASANMADE_2009 } from "../../src/pk/models";
import { customRegimen, infliximabRegimen } from "../../src/pk/regimen";
import { simulate } from "../../src/pk/simulate";

interface MapCase {
  name: string;
  weightKg: number;
  albuminGdl: number;
  mgPerKg: number;
  weeks: number[];
  observations: [number, number][];
  etaCL: number;
  etaV1: number;
  objective: number;
}
// scipy.optimize.minimize(method="BFGS") on the same objective: tests/fixtures/py/pk_map.py
const fixture = JSON.parse(readFileSync(join(__dirname, "../fixtures/py/pk_map.json"), "utf8")) as { cases: MapCase[] };

const regimenOf = (c: MapCase) =>
  customRegimen(
    c.name,
    c.weeks.map((w) => ({ timeDays: w * 7, mgPerKg: c.mgPerKg, route: "iv" as const })),
  );
const obsOf = (c: MapCase) => c.observations.map(([t, y]) => ({ timeDays: t, concentrationUgMl: y }));

describe("mapEstimate", () => {
  for (const c of fixture.cases) {
    it(`${c.name}: same optimum as scipy BFGS to 1e-4`, () => {
      const fit = mapEstimate(INFLIXIMAB_FASANMADE_2009, regimenOf(c), obsOf(c), { weightKg: c.weightKg, albuminGdl: c.albuminGdl });
      expect(fit.converged).toBe(true);
      expect(Math.abs(fit.etas.CL - c.etaCL)).toBeLessThan(1e-4);
      expect(Math.abs(fit.etas.V1 - c.etaV1)).toBeLessThan(1e-4);
      expect(Math.abs(fit.objective - c.objective)).toBeLessThan(1e-7 * Math.max(1, Math.abs(c.objective)));
    });
  }

  it("evaluates the same objective as the Python re-implementation at the scipy optimum", () => {
    const c = fixture.cases[1];
    const { objective } = mapObjective(INFLIXIMAB_FASANMADE_2009, regimenOf(c), obsOf(c), {
      weightKg: c.weightKg,
      albuminGdl: c.albuminGdl,
    });
    expect(objective(Float64Array.of(c.etaCL, c.etaV1))).toBeCloseTo(c.objective, 9);
  });

  it("Laplace posterior narrows with more levels and has positive variances", () => {
    const reg = infliximabRegimen({ untilWeeks: 14 });
    const cov = { weightKg: 70, albuminGdl: 3.5 };
    const truth = simulate(INFLIXIMAB_FASANMADE_2009, reg, cov, {
      timesDays: [13.9, 41.9, 97.9],
      etas: { CL: 0.4, V1: -0.1 },
    }).concentrationUgMl;
    const one = mapEstimate(INFLIXIMAB_FASANMADE_2009, reg, [{ timeDays: 97.9, concentrationUgMl: truth[2] }], cov);
    const three = mapEstimate(
      INFLIXIMAB_FASANMADE_2009,
      reg,
      [13.9, 41.9, 97.9].map((t, i) => ({ timeDays: t, concentrationUgMl: truth[i] })),
      cov,
    );
    expect(one.covarianceEta[0][0]).toBeGreaterThan(0);
    expect(three.covarianceEta[0][0]).toBeLessThan(one.covarianceEta[0][0]);
    // a low measured trough moves clearance up from the prior mean
    expect(three.etas.CL).toBeGreaterThan(0.1);
    expect(three.parameterIntervals.CL.lower).toBeLessThan(three.individualParameters.CL);
    expect(three.parameterIntervals.CL.upper).toBeGreaterThan(three.individualParameters.CL);
  });

  it("rejects observations before the first dose, negative levels and no levels", () => {
    const reg = infliximabRegimen({ untilWeeks: 14 });
    const cov = { weightKg: 70, albuminGdl: 3.5 };
    expect(() => mapEstimate(INFLIXIMAB_FASANMADE_2009, reg, [{ timeDays: -3, concentrationUgMl: 1 }], cov)).toThrow(
      /observations\.timeDays \(row 1\).*before the first dose/,
    );
    expect(() => mapEstimate(INFLIXIMAB_FASANMADE_2009, reg, [{ timeDays: 10, concentrationUgMl: -1 }], cov)).toThrow(InputError);
    expect(() => mapEstimate(INFLIXIMAB_FASANMADE_2009, reg, [], cov)).toThrow(/at least one measured level/);
  });
});

describe("forecasts and recommendations", () => {
  const reg = infliximabRegimen({ untilWeeks: 6 });
  const cov = { weightKg: 70, albuminGdl: 3.2 };
  const fit = mapEstimate(
    INFLIXIMAB_FASANMADE_2009,
    reg,
    [
      { timeDays: 41.9, concentrationUgMl: 6 },
      { timeDays: 97.9, concentrationUgMl: 0.9 },
    ],
    cov,
  );

  it("forecast troughs rise with dose and with shorter intervals", () => {
    const f = forecastTroughs(
      fit,
      [
        { mgPerKg: 5, intervalDays: 56 },
        { mgPerKg: 10, intervalDays: 56 },
        { mgPerKg: 5, intervalDays: 28 },
        { mgPerKg: 0, intervalDays: 56 },
      ],
      { startDays: 98, nDraws: 200, seed: 3 },
    );
    // linear model: the new doses' contribution (trough minus the history-only trough) is dose-proportional
    const history = f[3].troughUgMl.value;
    expect(f[1].troughUgMl.value - history).toBeCloseTo(2 * (f[0].troughUgMl.value - history), 9);
    expect(f[1].troughUgMl.value).toBeGreaterThan(f[0].troughUgMl.value);
    expect(f[2].troughUgMl.value).toBeGreaterThan(f[0].troughUgMl.value);
    for (const x of f) {
      expect(x.troughUgMl.lower).toBeLessThanOrEqual(x.troughUgMl.upper);
    }
  });

  it("never recommends beyond the labelled maxima, and the choice is the least intensive that qualifies (property)", () => {
    const extra = [...INFLIXIMAB_CANDIDATES, { mgPerKg: 15, intervalDays: 28 }, { mgPerKg: 10, intervalDays: 21 }];
    fc.assert(
      fc.property(fc.double({ min: 0.5, max: 25, noNaN: true }), fc.double({ min: 0.5, max: 0.95, noNaN: true }), (target, prob) => {
        const r = recommendRegimen(fit, {
          targetTroughUgMl: target,
          probability: prob,
          startDays: 98,
          nDraws: 100,
          seed: 5,
          candidates: extra,
        });
        expect(r.excluded).toEqual(["15 mg/kg q4w", "10 mg/kg q3w"]);
        expect(r.reasons.length).toBeGreaterThan(1);
        if (r.recommended) {
          // The recommendation says where the option stands against the label (issue 21).
          expect(r.labelStatus).toEqual(infliximabLabelStatus(r.recommended.candidate));
          expect(r.reasons).toContain(infliximabLabelStatus(r.recommended.candidate).reason);
          expect(r.recommended.candidate.mgPerKg ?? 0).toBeLessThanOrEqual(INFLIXIMAB_LABEL_LIMITS.maxMgPerKg);
          expect(r.recommended.candidate.intervalDays).toBeGreaterThanOrEqual(INFLIXIMAB_LABEL_LIMITS.minIntervalDays);
          expect(r.recommended.probabilityAtTarget ?? 0).toBeGreaterThanOrEqual(prob);
          const idx = r.forecasts.indexOf(r.recommended);
          for (const f of r.forecasts.slice(0, idx)) expect(f.probabilityAtTarget ?? 0).toBeLessThan(prob);
        } else {
          for (const f of r.forecasts) expect(f.probabilityAtTarget ?? 0).toBeLessThan(prob);
        }
        return true;
      }),
      { numRuns: 12 },
    );
  });

  it("options can tighten the labelled maxima but never relax them; flat doses are checked per kg", () => {
    const candidates = [
      { mgPerKg: 15, intervalDays: 56 },
      { mgPerKg: 10, intervalDays: 21 },
      { amountMg: 1000, intervalDays: 56 }, // 14.3 mg/kg at 70 kg
      { amountMg: 500, intervalDays: 56 }, // 7.1 mg/kg
      { mgPerKg: 5, intervalDays: 56 },
    ];
    const loose = recommendRegimen(fit, {
      targetTroughUgMl: 3,
      startDays: 98,
      nDraws: 100,
      candidates,
      limits: { maxMgPerKg: 20, minIntervalDays: 7 },
    });
    expect(loose.excluded).toEqual(["15 mg/kg q8w", "10 mg/kg q3w", "1000 mg q8w"]);
    expect(loose.thresholds.maxMgPerKg).toBe(INFLIXIMAB_LABEL_LIMITS.maxMgPerKg);
    expect(loose.thresholds.minIntervalDays).toBe(INFLIXIMAB_LABEL_LIMITS.minIntervalDays);
    const strict = recommendRegimen(fit, { targetTroughUgMl: 3, startDays: 98, nDraws: 100, candidates, limits: { maxMgPerKg: 6 } });
    expect(strict.excluded).toEqual(["15 mg/kg q8w", "10 mg/kg q3w", "1000 mg q8w", "500 mg q8w"]);
  });

  it("says so when antibodies are present and no labelled option suffices", () => {
    const adaCov = { baseline: { weightKg: 70, albuminGdl: 3.0 }, changes: [{ timeDays: 50, ada: true }] };
    const fitAda = mapEstimate(INFLIXIMAB_FASANMADE_2009, reg, [{ timeDays: 97.9, concentrationUgMl: 0.05 }], adaCov);
    const r = recommendRegimen(fitAda, { targetTroughUgMl: 20, startDays: 98, nDraws: 200 });
    expect(r.recommended).toBeNull();
    expect(r.reasons.join(" ")).toMatch(/anti-drug antibodies/i);
    expect(r.thresholds.maxMgPerKg).toBe(10);
  });
});

// Clinical review (issue 21): the cap is partly off-label, and the recommendation says so.
// Remicade prescribing information section 2.1: 5 mg/kg every 8 weeks; 10 mg/kg for adult CD with loss of response.
describe("infliximabLabelStatus", () => {
  it("marks every interval shorter than 8 weeks off-label, and 10 mg/kg as labelled only for Crohn's loss of response", () => {
    expect(INFLIXIMAB_CANDIDATES.map((c) => infliximabLabelStatus(c).status)).toEqual([
      "labelled", // 5 mg/kg q8w
      "off-label", // 5 mg/kg q6w
      "off-label", // 5 mg/kg q4w
      "labelled-crohns-loss-of-response", // 10 mg/kg q8w
      "off-label", // 10 mg/kg q6w
      "off-label", // 10 mg/kg q4w
    ]);
    expect(infliximabLabelStatus({ mgPerKg: 5, intervalDays: 55 }).reason).toMatch(
      /off-label: the label's maintenance interval is 8 weeks/,
    );
    expect(infliximabLabelStatus({ mgPerKg: 10, intervalDays: 56 }).reason).toMatch(/in ulcerative colitis it is off-label/);
    expect(infliximabLabelStatus({ amountMg: 400, intervalDays: 56 }).status).toBe("off-label");
  });
});

describe("implausible drug levels and hostile input (issue 14)", () => {
  const reg = infliximabRegimen({ untilWeeks: 14 });
  const cov = { weightKg: 70, albuminGdl: 3.5 };

  it("a trough of 5000 'ug/mL' (ng/mL typed as ug/mL) is a UnitError naming the observation, the cause and the remedy", () => {
    let err: unknown;
    try {
      mapEstimate(INFLIXIMAB_FASANMADE_2009, reg, [{ timeDays: 97.9, concentrationUgMl: 5000 }], cov);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UnitError);
    const msg = (err as Error).message;
    expect(msg).toMatch(/observations\.concentrationUgMl \(row 1\)/);
    expect(msg).toMatch(/got 5000/);
    expect(msg).toMatch(/ng\/mL entered as ug\/mL/);
    expect(msg).toMatch(/convert\(value, "drugLevel", "ng\/mL", "ug\/mL"\)/);
    expect(msg).toMatch(/units: \{ trough: "ng\/mL" \}/);
  });

  it("the ceiling is 1000 ug/mL: at it the level is used, just above it the level is refused", () => {
    expect(MAX_PLAUSIBLE_LEVEL_UG_ML).toBe(1000);
    // a peak drawn half a day after a 5 mg/kg infusion (a few hundred ug/mL at most) is plausible
    expect(mapEstimate(INFLIXIMAB_FASANMADE_2009, reg, [{ timeDays: 0.2, concentrationUgMl: 300 }], cov).converged).toBe(true);
    expect(() => mapEstimate(INFLIXIMAB_FASANMADE_2009, reg, [{ timeDays: 97.9, concentrationUgMl: 1000 }], cov)).not.toThrow();
    expect(() => mapEstimate(INFLIXIMAB_FASANMADE_2009, reg, [{ timeDays: 97.9, concentrationUgMl: 1000.5 }], cov)).toThrow(UnitError);
    // the second of two observations is named by its row
    expect(() =>
      mapEstimate(
        INFLIXIMAB_FASANMADE_2009,
        reg,
        [
          { timeDays: 41.9, concentrationUgMl: 12 },
          { timeDays: 97.9, concentrationUgMl: 4800 },
        ],
        cov,
      ),
    ).toThrow(/observations\.concentrationUgMl \(row 2\)/);
  });

  it("mapEstimate refuses malformed models, observations and parameter names", () => {
    expect(() => mapEstimate(undefined as never, reg, [{ timeDays: 97.9, concentrationUgMl: 2 }], cov)).toThrow(/model: got undefined/);
    expect(() => mapEstimate(INFLIXIMAB_FASANMADE_2009, reg, [null] as never, cov)).toThrow(/observations\[0\]: got null/);
    expect(() =>
      mapEstimate(INFLIXIMAB_FASANMADE_2009, reg, [{ timeDays: 97.9, concentrationUgMl: 2 }], cov, { parameters: ["constructor"] }),
    ).toThrow(/options\.parameters\[0\]: got "constructor"/);
  });

  it("forecastTroughs, recommendRegimen and infliximabLabelStatus refuse values that are not their inputs", () => {
    const fit = mapEstimate(INFLIXIMAB_FASANMADE_2009, reg, [{ timeDays: 97.9, concentrationUgMl: 2 }], cov);
    expect(() => forecastTroughs({} as never, INFLIXIMAB_CANDIDATES, { startDays: 98 })).toThrow(/fit\.model/);
    expect(() => forecastTroughs(fit, {} as never, { startDays: 98 })).toThrow(/candidates: got \{\}, expected an array/);
    expect(() => forecastTroughs(fit, INFLIXIMAB_CANDIDATES, undefined as never)).toThrow(/options: got undefined/);
    expect(() => forecastTroughs(fit, INFLIXIMAB_CANDIDATES, { startDays: 98, nDraws: 1e308 })).toThrow(/options\.nDraws.*at most 100,000/);
    expect(() => forecastTroughs(fit, INFLIXIMAB_CANDIDATES, { startDays: 98, nDraws: 2.5 })).toThrow(/options\.nDraws: got 2.5/);
    expect(() => recommendRegimen(fit, "constructor" as never)).toThrow(/options: got "constructor"/);
    expect(() => recommendRegimen(fit, { targetTroughUgMl: 5, startDays: 98, limits: null as never })).toThrow(/options\.limits/);
    expect(() => infliximabLabelStatus(undefined as never)).toThrow(/candidate: got undefined/);
    expect(() => infliximabLabelStatus({ mgPerKg: 5, intervalDays: Number.NaN })).toThrow(/candidate\.intervalDays/);
  });
});
