// Tests for mutants of src/refractory/tdm.ts that survived the first mutation run (issue #22, item 2).
import { describe, expect, it } from "vitest";
import { tdmDecision } from "../../src/refractory/tdm";

// Infliximab maintenance trough 2 ug/mL: below the AGA 2017 target 5 and Papamichael 2019's floor 3 (Table 1).
const base = {
  drug: "infliximab" as const,
  sampleTiming: "trough" as const,
  levelUgMl: 2,
  responsePattern: "SLR" as const,
  objectiveActivity: "active" as const,
  mimicsExcluded: true,
  adherenceConfirmed: true,
};

describe("tdmDecision: ADA titre 0 is absent, not low", () => {
  it("titre 0 with its assay threshold -> adaInterpretation absent", () => {
    const d = tdmDecision({ ...base, ada: { titre: 0, highThreshold: 8, unit: "AU/mL" } });
    expect(d.action).toBe("optimise-dose");
    expect(d.adaInterpretation).toBe("absent");
    expect(d.reasons.some((r) => /ADA not detected/.test(r))).toBe(true);
    expect(d.reasons.some((r) => /low titre|low-level ADA/.test(r))).toBe(false);
  });
  it("a titre between 0 and the threshold is low", () => {
    expect(tdmDecision({ ...base, ada: { titre: 3, highThreshold: 8 } }).adaInterpretation).toBe("low");
  });
});

describe("tdmDecision: notes that must not appear", () => {
  const has = (reasons: string[], re: RegExp) => reasons.some((r) => re.test(r));
  it("ADA measured: no 'ADA were not measured' and no 'Measure ADA with the trough'", () => {
    const d = tdmDecision({ ...base, ada: { positive: false } });
    expect(has(d.reasons, /ADA were not measured/)).toBe(false);
    expect(has(d.reasons, /Measure ADA with the trough/)).toBe(false);
  });
  it("adherence confirmed: no 'Confirm adherence' note; unknown adherence: the note appears", () => {
    expect(has(tdmDecision({ ...base, ada: { positive: false } }).reasons, /Confirm adherence/)).toBe(false);
    const { adherenceConfirmed: _, ...unknown } = base;
    expect(has(tdmDecision({ ...unknown, ada: { positive: false } }).reasons, /Confirm adherence/)).toBe(true);
  });
  it("AGA sets a target for infliximab maintenance: no 'AGA 2017 sets no reactive target' note", () => {
    expect(has(tdmDecision(base).reasons, /AGA 2017 sets no reactive target/)).toBe(false);
  });
  it("Papamichael preset: no AGA note even for a drug AGA does not cover", () => {
    const d = tdmDecision({ ...base, drug: "vedolizumab", levelUgMl: 5 }, { targetPreset: "papamichael-2019" });
    expect(has(d.reasons, /AGA 2017 sets no reactive target/)).toBe(false);
  });
  it("adequate level with ADA negative: no 'contradictory' note", () => {
    const d = tdmDecision({ ...base, levelUgMl: 9, ada: { positive: false } });
    expect(d.action).toBe("switch-out-of-class");
    expect(has(d.reasons, /contradictory/)).toBe(false);
  });
});
