// Tests for mutants of src/measurement/blandAltman.ts that survived the first mutation run (issue #22, item 2):
// both bounds of every interval, the proportional-bias slope CI and intercept, and the confidence and agreement options.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { blandAltman } from "../../src/measurement";

type Triple = [number, number, number]; // value, lower, upper
interface Expected {
  confidence: number;
  agreement: number;
  z: number;
  bias: Triple;
  lowerLimit: Triple;
  upperLimit: Triple;
  intercept: number;
  slope: Triple;
  slopeP: number;
}
// Bland & Altman 1986 (Lancet 327:307) Table 1 PEF data; limits' CIs by the Bland & Altman 1999 section 4.2
// formula and the slope by R lm()/confint(): fixture script tests/fixtures/r/survivors.R
const fixture = JSON.parse(readFileSync(join(__dirname, "../fixtures/r/survivors.json"), "utf8")) as {
  blandAltman: { a: number[]; b: number[]; results: Expected[] };
};
const { a, b, results } = fixture.blandAltman;

describe("blandAltman: every bound against R (tests/fixtures/r/survivors.R)", () => {
  for (const want of results) {
    it(`confidence ${want.confidence}, agreement ${want.agreement}`, () => {
      const r = blandAltman(a, b, { confidence: want.confidence, agreement: want.agreement });
      expect(r.z).toBeCloseTo(want.z, 12);
      for (const key of ["bias", "lowerLimit", "upperLimit"] as const) {
        expect(r[key].value).toBeCloseTo(want[key][0], 9);
        expect(r[key].lower).toBeCloseTo(want[key][1], 9);
        expect(r[key].upper).toBeCloseTo(want[key][2], 9);
        expect(r[key].confidence).toBe(want.confidence);
      }
      const pb = r.proportionalBias;
      expect(pb.intercept).toBeCloseTo(want.intercept, 9);
      expect(pb.slope.value).toBeCloseTo(want.slope[0], 12);
      expect(pb.slope.lower).toBeCloseTo(want.slope[1], 12);
      expect(pb.slope.upper).toBeCloseTo(want.slope[2], 12);
      expect(pb.slope.confidence).toBe(want.confidence);
      expect(pb.p).toBeCloseTo(want.slopeP, 12);
    });
  }
});
