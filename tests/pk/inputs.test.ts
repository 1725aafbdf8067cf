import { describe, expect, it } from "vitest";
import { InputError, UnitError } from "../../src/core/errors";
import { convert } from "../../src/core/units";
import { covariatePieces, covariatesAt } from "../../src/pk/covariates";
import { INFLIXIMAB_FASANMADE_2009, INFLIXIMAB_FASANMADE_2011, individualParameters, PK_MODELS } from "../../src/pk/models";
import { occupancyUgMlVsKdNm, receptorOccupancy } from "../../src/pk/occupancy";
import { continueRegimen, customRegimen, infliximabRegimen, repeatedRegimen, resolveDoses } from "../../src/pk/regimen";
import { predictTroughs, simulate } from "../../src/pk/simulate";

describe("regimens", () => {
  it("infliximab: 5 mg/kg at weeks 0, 2, 6 then every 8 weeks (Remicade PI 2.1)", () => {
    const r = infliximabRegimen({ untilWeeks: 54 });
    expect(r.doses.map((d) => d.timeDays / 7)).toEqual([0, 2, 6, 14, 22, 30, 38, 46, 54]);
    expect(r.doses.every((d) => d.mgPerKg === 5 && d.route === "iv")).toBe(true);
    expect(
      infliximabRegimen({ mgPerKg: 10, intervalWeeks: 4, induction: false, untilWeeks: 12 }).doses.map((d) => [d.timeDays, d.mgPerKg]),
    ).toEqual([
      [0, 10],
      [28, 10],
      [56, 10],
      [84, 10],
    ]);
  });

  it("resolves mg/kg with the weight in force at each dose", () => {
    const pieces = covariatePieces({ baseline: { weightKg: 60, albuminGdl: 3 }, changes: [{ timeDays: 20, weightKg: 66 }] });
    const d = resolveDoses(infliximabRegimen({ untilWeeks: 6 }), pieces);
    expect(d.map((x) => x.amountMg)).toEqual([300, 300, 330]);
    expect(covariatesAt(pieces, 19.99).weightKg).toBe(60);
  });

  it("continues a history with a new schedule", () => {
    const r = continueRegimen(
      infliximabRegimen({ untilWeeks: 6 }),
      repeatedRegimen({ route: "iv", mgPerKg: 10, intervalDays: 28, count: 3 }),
      98,
    );
    expect(r.doses.map((d) => d.timeDays)).toEqual([0, 14, 42, 98, 126, 154]);
  });

  it("rejects a negative dose, a dose without amount and a zero infusion time", () => {
    const cov = { weightKg: 70, albuminGdl: 4 };
    expect(() => simulate(INFLIXIMAB_FASANMADE_2009, customRegimen("bad", [{ timeDays: 0, amountMg: -5, route: "iv" }]), cov)).toThrow(
      /regimen\.doses\[0\]\.amountMg: got -5, expected a number >= 0/,
    );
    expect(() => simulate(INFLIXIMAB_FASANMADE_2009, customRegimen("bad", [{ timeDays: 0, route: "iv" }]), cov)).toThrow(InputError);
    expect(() =>
      simulate(INFLIXIMAB_FASANMADE_2009, customRegimen("bad", [{ timeDays: 0, amountMg: 5, route: "iv", infusionDays: 0 }]), cov),
    ).toThrow(/infusionDays/);
  });
});

describe("covariates", () => {
  it("rejects zero weight and albumin that looks like g/L, with a UnitError pointing at the conversion", () => {
    expect(() => individualParameters(INFLIXIMAB_FASANMADE_2009, { weightKg: 0, albuminGdl: 4 })).toThrow(
      /weightKg: got 0, expected a number greater than 0/,
    );
    let err: unknown;
    try {
      individualParameters(INFLIXIMAB_FASANMADE_2009, { weightKg: 70, albuminGdl: 35 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UnitError);
    expect((err as Error).message).toMatch(/albuminGdl.*looks like g\/L.*got 35/);
    // the same patient after conversion is accepted
    expect(
      individualParameters(INFLIXIMAB_FASANMADE_2009, { weightKg: 70, albuminGdl: convert(35, "albumin", "g/L", "g/dL") }).CL,
    ).toBeCloseTo(0.407 * (3.5 / 4.1) ** -1.54, 12);
    expect(() => simulate(INFLIXIMAB_FASANMADE_2009, infliximabRegimen(), { weightKg: 70 })).toThrow(
      /albuminGdl: got undefined, expected a value/,
    );
  });

  it("applies time-varying covariates piecewise (ADA appearing raises clearance from that date)", () => {
    const reg = infliximabRegimen({ untilWeeks: 30 });
    const base = { weightKg: 70, albuminGdl: 4 };
    const t = [100, 150, 200];
    const none = simulate(INFLIXIMAB_FASANMADE_2009, reg, base, { timesDays: t }).concentrationUgMl;
    const ada = simulate(
      INFLIXIMAB_FASANMADE_2009,
      reg,
      { baseline: base, changes: [{ timeDays: 120, ada: true }] },
      { timesDays: t },
    ).concentrationUgMl;
    expect(ada[0]).toBe(none[0]);
    expect(ada[1]).toBeLessThan(none[1]);
    expect(ada[2] / none[2]).toBeLessThan(ada[1] / none[1]);
  });

  it("every model lists a citation for every parameter and covariate effect", () => {
    for (const m of Object.values(PK_MODELS)) {
      for (const [k, p] of Object.entries(m.parameters)) {
        expect(p.citation.length, `${m.id}.${k}`).toBeGreaterThan(5);
        expect(p.unit.length).toBeGreaterThan(0);
      }
      for (const e of m.covariateEffects) expect(e.citation.length).toBeGreaterThan(5);
    }
  });

  it("Fasanmade 2011: children get lower troughs per mg/kg than adults (Frymoyer 2017's finding)", () => {
    const reg = infliximabRegimen({ untilWeeks: 22 });
    const child = predictTroughs(INFLIXIMAB_FASANMADE_2011, reg, { weightKg: 20, albuminGdl: 4 });
    const adult = predictTroughs(INFLIXIMAB_FASANMADE_2011, reg, { weightKg: 70, albuminGdl: 4 });
    expect(child[child.length - 1].troughUgMl).toBeLessThan(adult[adult.length - 1].troughUgMl);
  });
});

describe("receptor occupancy", () => {
  it("the chapter's example: trough 12 ug/mL, KD ~1 -> over 90 % occupied", () => {
    expect(receptorOccupancy(12, 1)).toBeCloseTo(12 / 13, 12);
    expect(receptorOccupancy(12, 1)).toBeGreaterThan(0.9);
    // against the in-vivo KSS (~15 nM) the same trough is less saturating than against the picomolar in-vitro KD
    expect(occupancyUgMlVsKdNm(12, 15)).toBeLessThan(occupancyUgMlVsKdNm(12, 0.0042));
    expect(() => receptorOccupancy(-1, 1)).toThrow(InputError);
  });
});
