/**
 * pkSubject: what a MAP fit needs, from one patient record alone (issue 13). Each rule pinned on a small
 * hand-built record: time 0 at the first dose of the drug, a trough on a dose day one hour before the
 * dose, infusion hours as given (2 h when empty), censored levels kept as censored, covariates in force
 * at the first dose with later samples as changes, antibodies from the first positive sample, the model
 * from the registry (SC infliximab -> Song 2025).
 */
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors";
import { INFLIXIMAB_SONG_2025, VEDOLIZUMAB_ROSARIO_2015 } from "../../src/pk/models";
import { pkSubject } from "../../src/records/pk";
import { adm, lvl, record } from "./record-fixture";

describe("pkSubject", () => {
  const s = pkSubject(record());

  it("takes the model from the registry (Crohn's infliximab: Fasanmade 2011) and says why", () => {
    expect(s.modelId).toBe("infliximab-fasanmade-2011");
    expect(s.reasons[0]).toMatch(/^Model: .*\(infliximab-fasanmade-2011\)/);
  });

  it("doses as given, time 0 at the first dose, infusion hours as recorded or 2 h", () => {
    expect(s.originDate).toBe("2024-01-01");
    expect(s.regimen.doses).toEqual([
      { timeDays: 0, amountMg: 300, route: "iv", infusionDays: 2.5 / 24 },
      { timeDays: 14, amountMg: 300, route: "iv", infusionDays: 2 / 24 },
      { timeDays: 42, amountMg: 300, route: "iv", infusionDays: 2 / 24 },
    ]);
    expect(s.administrationsUsed).toBe(3);
  });

  it("a trough on a dose day one hour before the dose; censored kept; pre-dose levels excluded with the reason", () => {
    expect(s.observations).toEqual([
      { timeDays: 14 - 1 / 24, concentrationUgMl: 18 },
      { timeDays: 31, concentrationUgMl: 9 },
      { timeDays: 42 - 1 / 24, censored: "below", limitUgMl: 0.4 },
    ]);
    expect([s.levelsUsed, s.levelsCensored]).toEqual([3, 1]);
    expect(s.excludedLevels).toEqual([{ date: "2023-12-31", reason: "drawn before the first recorded dose of infliximab (2024-01-01)" }]);
  });

  it("covariates: the last value at or before the first dose, else the first within 28 days; later ones as changes", () => {
    expect(s.covariates.baseline).toMatchObject({ weightKg: 60, albuminGdl: 3.2, crpMgL: 20, female: true, immunomodulator: true });
    expect(s.covariates.baseline.bmiKgM2).toBeCloseTo(60 / 1.6 ** 2, 12);
    expect(s.covariates.changes).toEqual([{ timeDays: 60, albuminGdl: 4.0 }]);
    expect(s.reasons.join(" ")).toMatch(/CRP 20 mg\/L from 2024-01-10 \(the first value, after the first dose\)/);
  });

  it("anti-drug antibodies from the first positive sample on", () => {
    const r = record();
    r.drugLevels[2] = lvl("2024-02-01", 9, { ada: { assay: "x", levelUMl: 20, thresholdUMl: 3, result: "positive" } });
    expect(pkSubject(r).covariates.changes).toEqual([
      { timeDays: 31, ada: true },
      { timeDays: 60, albuminGdl: 4.0 },
    ]);
  });

  it("next dose: the last dose plus the last interval", () => {
    expect(s.nextDoseDays).toBe(42 + 28);
  });

  it("SC infliximab goes to Song 2025, which needs CRP and BMI and refuses the ADA flag", () => {
    const r = record({ administrations: [adm("2024-01-01", 300), adm("2024-01-15", 300), adm("2024-02-12", 120, "SC")] });
    r.drugLevels[2] = lvl("2024-02-01", 9, { ada: { assay: "x", levelUMl: 20, thresholdUMl: 3, result: "positive" } });
    const sc = pkSubject(r);
    expect(sc.modelId).toBe("infliximab-song-2025");
    expect(sc.regimen.doses[2]).toEqual({ timeDays: 42, amountMg: 120, route: "sc" });
    expect(sc.covariates.baseline.ada).toBeUndefined();
    expect(sc.covariates.changes.some((c) => "ada" in c)).toBe(false);
    expect(sc.reasons.join(" ")).toMatch(/anti-drug antibodies on 2024-02-01 not used/);
    expect(() => pkSubject({ ...r, heightCm: null })).toThrow(/bmiKgM2/);
  });

  it("refuses a record without doses, levels, weight or a required covariate, naming the patient", () => {
    expect(() => pkSubject(record({ administrations: [] }))).toThrow(/P1: administrations/);
    expect(() => pkSubject(record({ drugLevels: [lvl("2023-12-31", 1)] }))).toThrow(/P1: drug_levels/);
    expect(() => pkSubject(record({ weightKg: null }))).toThrow(/P1: patients\.weight_kg/);
    const noAlb = record();
    noAlb.covariates.albuminGdl = [{ date: "2024-03-01", value: 4 }];
    expect(() => pkSubject(noAlb)).toThrow(/P1: covariates\.albuminGdl/);
    expect(() => pkSubject(record(), { drug: "golimumab" })).toThrow(InputError);
    expect(() => pkSubject(null as never)).toThrow(InputError);
  });
});

describe("pkSubject on what is not a record (untyped callers)", () => {
  it("names the record, list, index and field", () => {
    const r = record();
    expect(() => pkSubject({ ...r, covariates: undefined } as never)).toThrow(/record\.covariates: got undefined/);
    expect(() => pkSubject({ ...r, administrations: [{ ...r.administrations[0], doseMg: "300" }] } as never)).toThrow(
      /record\.administrations\[0\]\.doseMg: got "300", expected a finite number/,
    );
    expect(() => pkSubject({ ...r, administrations: [{ ...r.administrations[0], route: "iv" }] } as never)).toThrow(
      /record\.administrations\[0\]\.route: got "iv", expected "IV" or "SC"/,
    );
    expect(() => pkSubject({ ...r, drugLevels: [{ ...r.drugLevels[3], limitUgMl: null }] } as never)).toThrow(/drugLevels\[0\]\.limitUgMl/);
    expect(() => pkSubject({ ...r, drugLevels: [{ ...r.drugLevels[1], censored: "under" }] } as never)).toThrow(
      /drugLevels\[0\]\.censored/,
    );
  });

  it("prepares the subject for a model the caller names: its required covariates checked, its refused ones left out", () => {
    // IV infliximab in CD: the registry would pick Fasanmade 2011; the caller asks for Song 2025
    const r = record();
    r.drugLevels[2] = lvl("2024-02-01", 9, { ada: { assay: "x", levelUMl: 20, thresholdUMl: 3, result: "positive" } });
    expect(pkSubject(r).covariates.changes.some((c) => c.ada === true)).toBe(true);
    const s = pkSubject(r, { model: INFLIXIMAB_SONG_2025 });
    expect(s.model).toBe(INFLIXIMAB_SONG_2025);
    expect(s.modelId).toBe("infliximab-song-2025");
    expect(s.drug).toBe("infliximab");
    expect(s.reasons[0]).toMatch(/^Model: .*\(infliximab-song-2025\)\. Chosen by the caller/);
    expect(s.covariates.changes.some((c) => "ada" in c)).toBe(false);
    expect(s.reasons.join(" ")).toMatch(/anti-drug antibodies on 2024-02-01 not used/);
    expect(s.covariates.baseline.crpMgL).toBe(20);
    expect(() => pkSubject({ ...r, heightCm: null }, { model: INFLIXIMAB_SONG_2025 })).toThrow(/P1: covariates\.bmiKgM2/);
    // a model of another drug is refused, naming it
    expect(() => pkSubject(r, { drug: "infliximab", model: VEDOLIZUMAB_ROSARIO_2015 })).toThrow(
      /options\.model.*vedolizumab-rosario-2015/s,
    );
    // without options.drug the model's drug is fitted: this patient never had vedolizumab
    expect(() => pkSubject(r, { model: VEDOLIZUMAB_ROSARIO_2015 })).toThrow(/P1: administrations.*vedolizumab/s);
    expect(() => pkSubject(r, { model: { id: "x" } as never })).toThrow(InputError);
  });
});
