import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors";
import {
  geneReference,
  IL23_TH17_GENE_SET,
  PATHWAY_RESEARCH_NOTICE,
  pathwayFailure,
  pathwayScore,
  TNF_GENE_SET,
} from "../../src/refractory/pathway";

describe("pathway scores", () => {
  it("uses the documented gene sets", () => {
    expect(TNF_GENE_SET).toEqual(["TNF", "TNFRSF1A", "TNFRSF1B", "IL1B", "IL6", "OSM"]);
    expect(IL23_TH17_GENE_SET).toEqual(["IL23A", "IL12B", "IL17A", "IL17F", "IL22", "RORC", "IL23R"]);
  });

  it("geneReference gives mean and sample SD", () => {
    const ref = geneReference([{ TNF: 1, IL6: 2 }, { TNF: 3, IL6: 2 }, { TNF: 5 }]);
    expect(ref.TNF.mean).toBe(3);
    expect(ref.TNF.sd).toBeCloseTo(2, 12);
    expect(ref.IL6).toBeUndefined(); // SD 0: not usable
  });

  it("scores a sample as the mean z-score and lists missing genes", () => {
    const ref = { TNF: { mean: 2, sd: 1 }, IL1B: { mean: 0, sd: 2 }, IL6: { mean: 5, sd: 0.5 } };
    const s = pathwayScore({ TNF: 3, IL1B: -2, IL6: 6 }, ref, ["TNF", "IL1B", "IL6", "OSM"]);
    // z = 1, -1, 2 -> mean 2/3
    expect(s.score).toBeCloseTo(2 / 3, 12);
    expect(s.genesUsed).toEqual(["TNF", "IL1B", "IL6"]);
    expect(s.genesMissing).toEqual(["OSM"]);
    expect(() => pathwayScore({ TNF: 3 }, ref, ["TNF", "IL1B", "IL6", "OSM"])).toThrow(InputError);
  });

  it("a score is invariant to a common shift of sample and reference (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 3, maxLength: 3 }),
        fc.double({ min: -10, max: 10, noNaN: true }),
        (xs, shift) => {
          const genes = ["A", "B", "C"];
          const ref = Object.fromEntries(genes.map((g) => [g, { mean: 1, sd: 2 }]));
          const refShift = Object.fromEntries(genes.map((g) => [g, { mean: 1 + shift, sd: 2 }]));
          const e = Object.fromEntries(genes.map((g, i) => [g, xs[i]]));
          const eShift = Object.fromEntries(genes.map((g, i) => [g, xs[i] + shift]));
          return Math.abs(pathwayScore(e, ref, genes).score - pathwayScore(eShift, refShift, genes).score) < 1e-9;
        },
      ),
    );
  });
});

describe("pathwayFailure", () => {
  it("chapter PNR patient: trough 12, KD 1 -> 92.3 % occupancy; low TNF, high IL-23 -> out of class to IL-23", () => {
    const r = pathwayFailure({ troughUgMl: 12, kdUgMl: 1, tnfScore: -0.8, il23Score: 1.4 });
    expect(r.occupancy).toBeCloseTo(12 / 13, 12);
    expect(r.verdict).toBe("pathway-failure");
    expect(r.recommendation).toMatch(/IL-23-targeted/);
    expect(r.reasons[0]).toMatch(/92\.3 %/);
  });

  it("occupancy boundary: 9 ug/mL with KD 1 is exactly 90 % (saturated); 8.9 is not", () => {
    expect(pathwayFailure({ troughUgMl: 9, kdUgMl: 1, tnfScore: -1, il23Score: 0 }).verdict).toBe("pathway-failure");
    expect(pathwayFailure({ troughUgMl: 8.9, kdUgMl: 1, tnfScore: -1, il23Score: 0 }).verdict).toBe("pharmacokinetic-failure");
  });

  it("IL-23 dominance: a contrast of >= 1 SD counts as pathway failure even with an average TNF score", () => {
    expect(pathwayFailure({ troughUgMl: 12, kdUgMl: 1, tnfScore: 0.2, il23Score: 1.2 }).verdict).toBe("pathway-failure");
    expect(pathwayFailure({ troughUgMl: 12, kdUgMl: 1, tnfScore: 0.2, il23Score: 1.19 }).verdict).toBe("tnf-active-despite-occupancy");
    expect(
      pathwayFailure({ troughUgMl: 12, kdUgMl: 1, tnfScore: 0.2, il23Score: 1.2 }, { il23DominanceMargin: Number.POSITIVE_INFINITY })
        .verdict,
    ).toBe("tnf-active-despite-occupancy");
    expect(pathwayFailure({ troughUgMl: 12, kdUgMl: 1, tnfScore: 0.2, il23Score: 1.2 }).reasons[1]).toMatch(/exceeds the TNF score/);
    expect(() => pathwayFailure({ troughUgMl: 12, kdUgMl: 1, tnfScore: 0, il23Score: 0 }, { il23DominanceMargin: -1 })).toThrow(
      /il23DominanceMargin/,
    );
  });

  it("TNF still active despite saturation points to a tissue sink; IL-23 low gives a class-neutral switch", () => {
    expect(pathwayFailure({ troughUgMl: 12, kdUgMl: 1, tnfScore: 0.7, il23Score: 1 }).verdict).toBe("tnf-active-despite-occupancy");
    const r = pathwayFailure({ troughUgMl: 12, kdUgMl: 1, tnfScore: -0.5, il23Score: 0.2 });
    expect(r.recommendation).toMatch(/not IL-23\/Th17 by this score/);
  });

  it("rejects a zero KD and a non-finite score", () => {
    expect(() => pathwayFailure({ troughUgMl: 12, kdUgMl: 0, tnfScore: 0, il23Score: 0 })).toThrow(/kd/);
    expect(() => pathwayFailure({ troughUgMl: 12, kdUgMl: 1, tnfScore: Number.NaN, il23Score: 0 })).toThrow(/tnfScore/);
  });
});

// Clinical review (issue 21): gene-set scores are research-only (no ECCO, BSG or AGA guideline uses them).
describe("pathwayFailure says it is research-only", () => {
  it("every verdict carries the notice in its disclaimer and its reasons", () => {
    const cases = [
      { troughUgMl: 12, kdUgMl: 1, tnfScore: -0.8, il23Score: 1.4 },
      { troughUgMl: 2, kdUgMl: 1, tnfScore: 0, il23Score: 0 },
      { troughUgMl: 12, kdUgMl: 1, tnfScore: 1.5, il23Score: 0.2 },
    ];
    const verdicts = cases.map((c) => pathwayFailure(c));
    expect(verdicts.map((v) => v.verdict)).toEqual(["pathway-failure", "pharmacokinetic-failure", "tnf-active-despite-occupancy"]);
    for (const v of verdicts) {
      expect(v.disclaimer).toBe(PATHWAY_RESEARCH_NOTICE);
      expect(v.reasons.at(-1)).toMatch(/^Research only: gene-set activity scores are not validated for choosing therapy/);
    }
  });
});
