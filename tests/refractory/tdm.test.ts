import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors";
import { PAPAMICHAEL_2019_TROUGH_TARGETS, type TdmInput, tdmDecision } from "../../src/refractory/tdm";

const base: TdmInput = {
  drug: "infliximab",
  sampleTiming: "trough",
  levelUgMl: 12,
  responsePattern: "PNR",
  objectiveActivity: "active",
  mimicsExcluded: true,
  adherenceConfirmed: true,
};

describe("Papamichael 2019 Table 1 defaults (Curr Opin Gastroenterol, PMC6785387)", () => {
  it("holds the published trough targets", () => {
    expect(PAPAMICHAEL_2019_TROUGH_TARGETS.infliximab?.maintenance).toEqual({ targetUgMl: 3, higherUgMl: 7 });
    expect(PAPAMICHAEL_2019_TROUGH_TARGETS.infliximab?.week2).toEqual({ targetUgMl: 20, higherUgMl: 25 });
    expect(PAPAMICHAEL_2019_TROUGH_TARGETS.adalimumab?.maintenance).toEqual({ targetUgMl: 3, higherUgMl: 8 });
    expect(PAPAMICHAEL_2019_TROUGH_TARGETS.vedolizumab?.week6).toEqual({ targetUgMl: 24 });
    expect(PAPAMICHAEL_2019_TROUGH_TARGETS.ustekinumab?.week8).toEqual({ targetUgMl: 3.5 });
    expect(PAPAMICHAEL_2019_TROUGH_TARGETS.golimumab?.maintenance).toEqual({ targetUgMl: 1 });
    expect(PAPAMICHAEL_2019_TROUGH_TARGETS.certolizumab?.maintenance).toEqual({ targetUgMl: 15 });
  });
});

describe("tdmDecision", () => {
  it("chapter PNR patient: trough 12 ug/mL, no ADA, active disease -> switch out of class", () => {
    const d = tdmDecision({ ...base, ada: { titre: 0, highThreshold: 3.1, unit: "U/mL" } });
    expect(d.action).toBe("switch-out-of-class");
    expect(d.failureType).toBe("mechanistic");
    expect(d.levelInterpretation).toBe("adequate");
    expect(d.thresholds.troughTargetUgMl).toBe(3);
    expect(d.thresholds.adaHighThreshold).toBe(3.1);
    expect(d.reasons.join(" ")).toMatch(/Trough 12 ug\/mL is at or above the maintenance target 3 ug\/mL/);
    expect(d.reasons.join(" ")).toMatch(/primary non-response/);
  });

  it("chapter SLR patient: low trough with high ADA -> switch within class + immunomodulator", () => {
    const d = tdmDecision({ ...base, responsePattern: "SLR", levelUgMl: 0.4, ada: { titre: 18, highThreshold: 3.1, unit: "U/mL" } });
    expect(d.action).toBe("switch-within-class-plus-immunomodulator");
    expect(d.adaInterpretation).toBe("high");
    expect(d.reasons.join(" ")).toMatch(/ADA high: 18 U\/mL >= the assay's threshold 3\.1/);
    expect(d.reasons.join(" ")).toMatch(/initial response shows the target pathway mattered/);
  });

  it("trough boundary: 3 ug/mL is adequate, 2.99 is low (optimise dose when ADA are absent or low)", () => {
    expect(tdmDecision({ ...base, levelUgMl: 3, ada: { positive: false } }).action).toBe("switch-out-of-class");
    const low = tdmDecision({ ...base, levelUgMl: 2.99, ada: { positive: false } });
    expect(low.action).toBe("optimise-dose");
    expect(low.failureType).toBe("pharmacokinetic");
    const lowAda = tdmDecision({ ...base, levelUgMl: 2.99, ada: { titre: 2, highThreshold: 3.1 } });
    expect(lowAda.action).toBe("optimise-dose");
    expect(lowAda.adaInterpretation).toBe("low");
    // ADA boundary: titre equal to the threshold is high
    expect(tdmDecision({ ...base, levelUgMl: 2.99, ada: { titre: 3.1, highThreshold: 3.1 } }).action).toBe(
      "switch-within-class-plus-immunomodulator",
    );
  });

  it("uses the higher Table 1 value when asked, and a caller's table", () => {
    expect(tdmDecision({ ...base, levelUgMl: 5 }, { targetLevel: "higher" }).action).toBe("optimise-dose");
    expect(tdmDecision({ ...base, levelUgMl: 5 }).action).toBe("switch-out-of-class");
    const own = tdmDecision({ ...base, levelUgMl: 5 }, { targets: { infliximab: { maintenance: { targetUgMl: 5 } } } });
    expect(own.action).toBe("switch-out-of-class");
    expect(own.thresholds.targetSource).toBe("caller-supplied table");
    expect(tdmDecision({ ...base, levelUgMl: 15, phase: "week6" }).thresholds.troughTargetUgMl).toBe(10);
  });

  it("throws when an ADA titre comes without its assay threshold (no silent default)", () => {
    expect(() => tdmDecision({ ...base, ada: { titre: 10, unit: "U/mL" } })).toThrow(InputError);
    expect(() => tdmDecision({ ...base, ada: { titre: 10 } })).toThrow(/ada\.highThreshold/);
    expect(() => tdmDecision({ ...base, ada: {} })).toThrow(/ada/);
  });

  it("a non-trough level is informative only when already below target", () => {
    const hi = tdmDecision({ ...base, sampleTiming: "random", levelUgMl: 8 });
    expect(hi.action).toBe("recheck-mimics-adherence-timing");
    expect(hi.levelInterpretation).toBe("uninterpretable");
    expect(hi.reasons.join(" ")).toMatch(/Redraw the level just before the next dose/);
    const lo = tdmDecision({ ...base, sampleTiming: "peak", levelUgMl: 1.5, ada: { positive: false } });
    expect(lo.action).toBe("optimise-dose");
    expect(lo.reasons[0]).toMatch(/true trough can only be lower/);
  });

  it("rechecks before acting when there is no objective inflammation, mimics are not excluded or adherence fails", () => {
    const inactive = tdmDecision({ ...base, objectiveActivity: "inactive" });
    expect(inactive.action).toBe("recheck-mimics-adherence-timing");
    expect(inactive.reasons.join(" ")).toMatch(/bile acid diarrhoea/);
    expect(tdmDecision({ ...base, mimicsExcluded: undefined }).reasons.join(" ")).toMatch(/C\. difficile/);
    expect(tdmDecision({ ...base, mimicsExcluded: undefined }).action).toBe("recheck-mimics-adherence-timing");
    const nonAdherent = tdmDecision({ ...base, levelUgMl: 1, adherenceConfirmed: false });
    expect(nonAdherent.action).toBe("recheck-mimics-adherence-timing");
    expect(nonAdherent.reasons.join(" ")).toMatch(/Adherence is in doubt/);
    expect(tdmDecision({ ...base, objectiveActivity: "unknown" }).action).toBe("recheck-mimics-adherence-timing");
  });

  it("mentions adherence and ADA measurement when they are unknown", () => {
    const d = tdmDecision({ ...base, levelUgMl: 1, adherenceConfirmed: undefined });
    expect(d.action).toBe("optimise-dose");
    expect(d.reasons.join(" ")).toMatch(/Measure ADA with the trough/);
    expect(d.reasons.join(" ")).toMatch(/Confirm adherence/);
  });

  it("rejects drugs or phases without targets and bad inputs", () => {
    expect(() => tdmDecision({ ...base, drug: "tofacitinib" })).toThrow(/tofacitinib has none/);
    expect(() => tdmDecision({ ...base, drug: "adalimumab", phase: "week2" })).toThrow(/week14, maintenance/);
    expect(() => tdmDecision({ ...base, levelUgMl: -1 })).toThrow(/levelUgMl/);
    expect(() => tdmDecision({ ...base, levelUgMl: Number.NaN })).toThrow(InputError);
    expect(() => tdmDecision({ ...base, responsePattern: "XYZ" as never })).toThrow(/responsePattern/);
  });
});
