import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors";
import {
  AGA_2017_REACTIVE_TROUGH_TARGETS_UG_ML,
  PAPAMICHAEL_2019_TROUGH_TARGETS,
  type TdmInput,
  tdmDecision,
} from "../../src/refractory/tdm";

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
    expect(d.thresholds.troughTargetUgMl).toBe(5); // AGA 2017 reactive target, infliximab maintenance
    expect(d.thresholds.adaHighThreshold).toBe(3.1);
    expect(d.reasons.join(" ")).toMatch(/Trough 12 ug\/mL is at or above the maintenance target 5 ug\/mL \(AGA 2017/);
    expect(d.reasons.join(" ")).toMatch(/primary non-response/);
  });

  it("chapter SLR patient: low trough with high ADA -> switch within class + immunomodulator", () => {
    const d = tdmDecision({ ...base, responsePattern: "SLR", levelUgMl: 0.4, ada: { titre: 18, highThreshold: 3.1, unit: "U/mL" } });
    expect(d.action).toBe("switch-within-class-plus-immunomodulator");
    expect(d.adaInterpretation).toBe("high");
    expect(d.reasons.join(" ")).toMatch(/ADA high: 18 U\/mL >= the assay's threshold 3\.1/);
    expect(d.reasons.join(" ")).toMatch(/initial response shows the target pathway mattered/);
  });

  it("Papamichael preset boundary: 3 ug/mL is adequate, 2.99 is low (optimise dose when ADA are absent or low)", () => {
    const pap = { targetPreset: "papamichael-2019" } as const;
    expect(tdmDecision({ ...base, levelUgMl: 3, ada: { positive: false } }, pap).action).toBe("switch-out-of-class");
    const low = tdmDecision({ ...base, levelUgMl: 2.99, ada: { positive: false } }, pap);
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
    const pap = { targetPreset: "papamichael-2019" } as const;
    expect(tdmDecision({ ...base, levelUgMl: 5 }, { ...pap, targetLevel: "higher" }).action).toBe("optimise-dose");
    expect(tdmDecision({ ...base, levelUgMl: 5 }, pap).action).toBe("switch-out-of-class");
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

// Clinical review (issue 21): each test below fails on the rules before the review.
describe("tdmDecision: immunogenic failure switches within class only for anti-TNF (AGA 2017; BSG 2019)", () => {
  const immunogenic = { ...base, responsePattern: "SLR" as const, ada: { titre: 40, highThreshold: 3.1, unit: "U/mL" } };

  it("vedolizumab: low trough with high ADA -> out of class (natalizumab: PML risk, not EU-licensed for CD)", () => {
    const d = tdmDecision({ ...immunogenic, drug: "vedolizumab", levelUgMl: 2 });
    expect(d.action).toBe("switch-out-of-class");
    expect(d.failureType).toBe("immunogenic");
    expect(d.reasons.join(" ")).toMatch(/natalizumab.*progressive multifocal leukoencephalopathy.*not licensed for Crohn's disease/);
  });

  it("ustekinumab: low trough with high ADA -> out of class (no other IL-12/23 drug; a biosimilar is the same molecule)", () => {
    const d = tdmDecision({ ...immunogenic, drug: "ustekinumab", levelUgMl: 0.3 });
    expect(d.action).toBe("switch-out-of-class");
    expect(d.failureType).toBe("immunogenic");
    expect(d.reasons.join(" ")).toMatch(/no other IL-12\/23 antibody.*biosimilar of ustekinumab is the same molecule/);
  });

  it("never proposes a within-class switch outside anti-TNF, whatever the level, ADA, phase or preset", () => {
    const drugs = Object.keys(PAPAMICHAEL_2019_TROUGH_TARGETS) as TdmInput["drug"][];
    fc.assert(
      fc.property(
        fc.constantFrom(...drugs),
        fc.double({ min: 0, max: 60, noNaN: true }),
        fc.constantFrom<TdmInput["ada"]>(
          undefined,
          { positive: true },
          { positive: false },
          { titre: 50, highThreshold: 3 },
          { titre: 1, highThreshold: 3 },
        ),
        fc.constantFrom("aga-2017", "papamichael-2019") as fc.Arbitrary<"aga-2017" | "papamichael-2019">,
        fc.constantFrom("PNR", "SLR") as fc.Arbitrary<"PNR" | "SLR">,
        (drug, levelUgMl, ada, targetPreset, responsePattern) => {
          const d = tdmDecision({ ...base, drug, levelUgMl, ada, responsePattern }, { targetPreset });
          if (d.action === "switch-within-class-plus-immunomodulator") {
            expect(["infliximab", "adalimumab", "certolizumab", "golimumab"]).toContain(drug);
            expect(d.switchCandidates).not.toContain(drug);
          }
        },
      ),
    );
  });

  it("infliximab: within class means a different molecule, never an infliximab biosimilar; candidates licensed for the disease", () => {
    const d = tdmDecision({ ...immunogenic, levelUgMl: 0.4, disease: "CD" });
    expect(d.action).toBe("switch-within-class-plus-immunomodulator");
    expect(d.summary).toMatch(/different anti-TNF molecule \(not a biosimilar of the same one\)/);
    expect(d.reasons.join(" ")).toMatch(/not a biosimilar of infliximab/);
    // Humira SmPC 4.1: adalimumab is licensed for CD; Simponi (golimumab) only for UC; certolizumab not in the EU.
    expect(d.switchCandidates).toEqual(["adalimumab"]);
    expect(tdmDecision({ ...immunogenic, levelUgMl: 0.4, disease: "UC" }).switchCandidates).toEqual(["adalimumab", "golimumab"]);
  });
});

describe("tdmDecision: reactive targets are AGA 2017's by default (Feuerstein, Gastroenterology 153:827)", () => {
  it("holds AGA's maintenance targets: infliximab 5, adalimumab 7.5, certolizumab 20 ug/mL", () => {
    expect(AGA_2017_REACTIVE_TROUGH_TARGETS_UG_ML).toEqual({ infliximab: 5, adalimumab: 7.5, certolizumab: 20 });
  });

  it("infliximab trough 4 with active disease and no ADA -> optimise (between Papamichael's floor 3 and AGA's target 5)", () => {
    const d = tdmDecision({ ...base, responsePattern: "SLR", levelUgMl: 4, ada: { positive: false } });
    expect(d.action).toBe("optimise-dose");
    expect(d.failureType).toBe("pharmacokinetic");
    expect(d.levelInterpretation).toBe("below-target");
    expect(d.thresholds).toMatchObject({ troughTargetUgMl: 5, associationFloorUgMl: 3, targetPreset: "aga-2017" });
    expect(d.reasons.join(" ")).toMatch(/at or above Papamichael 2019's association floor 3 ug\/mL but below the reactive target 5 ug\/mL/);
  });

  it("boundaries: each anti-TNF's AGA target is adequate, just below it is optimised", () => {
    for (const [drug, target] of [
      ["infliximab", 5],
      ["adalimumab", 7.5],
      ["certolizumab", 20],
    ] as const) {
      expect(tdmDecision({ ...base, drug, levelUgMl: target, ada: { positive: false } }).action).toBe("switch-out-of-class");
      const under = tdmDecision({ ...base, drug, levelUgMl: target - 0.01, ada: { positive: false } });
      expect(under.action).toBe("optimise-dose");
      expect(under.levelInterpretation).toBe("below-target");
    }
    // Below Papamichael's floor the level is plainly low.
    expect(tdmDecision({ ...base, levelUgMl: 2.99, ada: { positive: false } }).levelInterpretation).toBe("low");
  });

  it("falls back to Papamichael 2019 where AGA sets no target, and says so", () => {
    const v = tdmDecision({ ...base, drug: "vedolizumab", levelUgMl: 13 });
    expect(v.thresholds.troughTargetUgMl).toBe(12);
    expect(v.reasons[0]).toMatch(/AGA 2017 sets no reactive target for vedolizumab; Papamichael 2019's association figure is used/);
    const w14 = tdmDecision({ ...base, phase: "week14", levelUgMl: 4 });
    expect(w14.thresholds.troughTargetUgMl).toBe(3);
    expect(w14.reasons[0]).toMatch(/in phase week14/);
  });
});

describe("tdmDecision: a qualitative positive ADA is indeterminate until quantified", () => {
  it("low trough with a positive qualitative ADA -> quantify the ADA, not a switch", () => {
    const d = tdmDecision({ ...base, levelUgMl: 1, ada: { positive: true } });
    expect(d.adaInterpretation).toBe("indeterminate");
    expect(d.action).toBe("quantify-ada");
    expect(d.failureType).toBe("undetermined");
    expect(d.reasons.join(" ")).toMatch(/without a titre, high antibodies .* cannot be told from low-level ones/);
  });

  it("titre 0 is absent, not low (only ADA at or above the threshold are high)", () => {
    const d = tdmDecision({ ...base, levelUgMl: 1, ada: { titre: 0, highThreshold: 3 } });
    expect(d.adaInterpretation).toBe("absent");
    expect(d.action).toBe("optimise-dose");
    expect(d.reasons.join(" ")).toMatch(/without ADA/);
  });

  it("rejects an objective activity, disease or preset it does not know", () => {
    expect(() => tdmDecision({ ...base, objectiveActivity: "meh" as never })).toThrow(/objectiveActivity/);
    expect(() => tdmDecision({ ...base, disease: "IBS" as never })).toThrow(/disease/);
    expect(() => tdmDecision(base, { targetPreset: "nice" as never })).toThrow(/targetPreset/);
    expect(() => tdmDecision(null as never)).toThrow(InputError);
    expect(() => tdmDecision({ ...base, ada: { positive: "yes" as never } })).toThrow(/ada/);
  });
});

describe("tdmDecision: within-class candidates are licensed molecules (src/drugs INDUCTION: Cimzia is not licensed for IBD in the EU)", () => {
  it("without a disease, lists each candidate with the diseases it is licensed for", () => {
    const d = tdmDecision({ ...base, responsePattern: "SLR", levelUgMl: 0.4, ada: { titre: 40, highThreshold: 3.1 } });
    expect(d.switchCandidates).toEqual(["adalimumab", "golimumab"]);
    expect(d.reasons.join(" ")).toMatch(/adalimumab \(UC, CD\) or golimumab \(UC\)/);
  });
});

describe("tdmDecision: censored levels (a lab's <0.4 and >45)", () => {
  it("<0.4 ug/mL is undetectable: low, and with high ADA an immunogenic failure (AGA 2017 reactive TDM)", () => {
    const d = tdmDecision({
      ...base,
      levelUgMl: 0.4,
      levelCensored: "below",
      responsePattern: "SLR",
      ada: { titre: 40, highThreshold: 3.1, unit: "U/mL" },
    });
    expect(d.levelInterpretation).toBe("low");
    expect(d.action).toBe("switch-within-class-plus-immunomodulator");
    expect(d.reasons.join(" ")).toMatch(/below the assay's limit of quantification \(<0\.4 ug\/mL\): undetectable/);
    expect(tdmDecision({ ...base, levelUgMl: 0.4, levelCensored: "below", ada: { positive: false } }).action).toBe("optimise-dose");
  });

  it("a limit between Papamichael's floor and AGA's target is below target, not proven low", () => {
    // infliximab maintenance: floor 3, target 5; below a limit of 4 the level may be 3.5
    expect(tdmDecision({ ...base, levelUgMl: 4, levelCensored: "below" }).levelInterpretation).toBe("below-target");
    expect(tdmDecision({ ...base, levelUgMl: 3, levelCensored: "below" }).levelInterpretation).toBe("low");
  });

  it("a limit above the target cannot tell: re-measure with an assay that reaches the target", () => {
    const d = tdmDecision({ ...base, levelUgMl: 8, levelCensored: "below" });
    expect(d.levelInterpretation).toBe("uninterpretable");
    expect(d.action).toBe("recheck-mimics-adherence-timing");
    expect(d.reasons.join(" ")).toMatch(/assay whose range covers the target/);
  });

  it(">45 ug/mL at trough is adequate; above a limit below the target, or not at trough, it cannot tell", () => {
    expect(tdmDecision({ ...base, levelUgMl: 45, levelCensored: "above" }).levelInterpretation).toBe("adequate");
    expect(tdmDecision({ ...base, levelUgMl: 2, levelCensored: "above" }).levelInterpretation).toBe("uninterpretable");
    expect(tdmDecision({ ...base, levelUgMl: 45, levelCensored: "above", sampleTiming: "peak" }).levelInterpretation).toBe(
      "uninterpretable",
    );
  });

  it("refuses an unknown censoring side", () => {
    expect(() => tdmDecision({ ...base, levelCensored: "under" as never })).toThrow(InputError);
  });
});
