// Bowel segment as resistances in series, dilation vs resection, and the obstruction assessment.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors";
import {
  assessObstruction,
  type BowelSegment,
  balloonDilation,
  compareInterventions,
  EBD_MAX_STRICTURE_LENGTH_CM,
  segmentFlowMlMin,
  segmentParts,
  segmentPressureDrop,
  segmentRelativeFlow,
  strictureResection,
  tubePressureDropPa,
} from "../../src/stricture/index";

function close(a: number, b: number, tol = 1e-12): boolean {
  return Math.abs(a - b) <= tol * Math.abs(b);
}

function fieldOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as InputError).field;
  }
  return undefined;
}

const viscous = { viscosityMPaS: 1000 };
const oneStricture: BowelSegment = { lengthCm: 30, normalDiameterMm: 25, strictures: [{ lengthCm: 3, diameterMm: 5 }] };

describe("series resistances: worked example", () => {
  // 30 cm of bowel, healthy diameter 25 mm (r 12.5 mm), one 3 cm stricture of diameter 5 mm (r 2.5 mm), μ = 1 Pa·s.
  // R = 8 μ L / (π r⁴) per part, so R_total / R_healthy = (27/12.5⁴ + 3/2.5⁴) / (30/12.5⁴) = (27 + 3·5⁴)/30 = 1902/30 = 63.4
  // Pressure for Q = 5 mL/min = 5/6e7 m³/s: ΔP = 8 μ Q / π · (0.27/0.0125⁴ + 0.03/0.0025⁴) = 165.3 Pa
  it("pressure for a given flow, shares and ratio to healthy", () => {
    const a = segmentPressureDrop(oneStricture, { flowMlMin: 5, fluid: viscous });
    const expected = ((8 * 1 * (5 / 6e7)) / Math.PI) * (0.27 / 0.0125 ** 4 + 0.03 / 0.0025 ** 4);
    expect(a.pressureDropPa).toBeCloseTo(expected, 8);
    expect(a.pressureDropPa).toBeCloseTo(165.3, 1);
    expect(a.pressureRatioVsHealthy).toBeCloseTo(63.4, 10);
    expect(a.pressureDropMmHg).toBeCloseTo(expected / 133.322387415, 10);
    expect(a.pressureDropCmH2O).toBeCloseTo(expected / 98.0665, 10);
    const stricture = a.parts.find((p) => p.kind === "stricture");
    // the 3 cm stricture takes 1875/1902 = 98.6 % of the pressure drop
    expect(stricture?.share).toBeCloseTo(1875 / 1902, 12);
    expect(a.parts.reduce((s, p) => s + p.share, 0)).toBeCloseTo(1, 12);
  });
  it("flow at a given pressure and relative flow 1/63.4", () => {
    expect(segmentRelativeFlow(oneStricture, { fluid: viscous })).toBeCloseTo(30 / 1902, 12);
    // Q = ΔP / R_total with R_total in Pa·s/m³, converted to mL/min (× 6e7)
    const rTotal = (8 * 1 * (0.27 / 0.0125 ** 4 + 0.03 / 0.0025 ** 4)) / Math.PI;
    const q = segmentFlowMlMin(oneStricture, { pressureDropPa: 165.3, fluid: viscous });
    expect(q).toBeCloseTo((165.3 / rTotal) * 6e7, 10);
  });
  it("layout: healthy, dilation, stricture, healthy; lengths add up", () => {
    const seg: BowelSegment = { ...oneStricture, prestenoticDilation: { lengthCm: 5, diameterMm: 35 } };
    const parts = segmentParts(seg);
    expect(parts.map((p) => p.kind)).toEqual(["normal", "dilation", "stricture", "normal"]);
    expect(parts.map((p) => p.lengthCm)).toEqual([11, 5, 3, 11]);
    expect(parts.map((p) => p.startCm)).toEqual([0, 11, 16, 19]);
  });
  it("a stricture the whole length of the segment leaves no healthy part", () => {
    const parts = segmentParts({ lengthCm: 4, normalDiameterMm: 25, strictures: [{ lengthCm: 4, diameterMm: 6 }] });
    expect(parts.map((p) => p.kind)).toEqual(["stricture"]);
  });
});

const diam = fc.double({ min: 2, max: 24, noNaN: true });
const sLen = fc.double({ min: 0.2, max: 8, noNaN: true });
const nIdx = fc.double({ min: 0.2, max: 1.5, noNaN: true });
const flow = fc.double({ min: 0.01, max: 500, noNaN: true });

describe("segment properties (fast-check)", () => {
  it("total pressure drop is the sum of the parts' tube pressure drops (any n)", () => {
    fc.assert(
      fc.property(diam, sLen, diam, sLen, nIdx, flow, (d1, l1, d2, l2, n, q) => {
        const fluid = { consistencyPaSn: 2, flowBehaviourIndex: n };
        const seg: BowelSegment = {
          lengthCm: 40,
          normalDiameterMm: 25,
          strictures: [
            { lengthCm: l1, diameterMm: d1 },
            { lengthCm: l2, diameterMm: d2 },
          ],
        };
        const a = segmentPressureDrop(seg, { flowMlMin: q, fluid });
        const sum = segmentParts(seg).reduce(
          (s, p) => s + tubePressureDropPa({ diameterMm: p.diameterMm, lengthCm: p.lengthCm, flowMlMin: q }, fluid),
          0,
        );
        return close(a.pressureDropPa, sum, 1e-10);
      }),
    );
  });
  it("flow at the pressure needed for Q gives back Q; order of strictures does not matter", () => {
    fc.assert(
      fc.property(diam, sLen, diam, sLen, nIdx, flow, (d1, l1, d2, l2, n, q) => {
        const fluid = { consistencyPaSn: 2, flowBehaviourIndex: n };
        const s1 = { lengthCm: l1, diameterMm: d1 };
        const s2 = { lengthCm: l2, diameterMm: d2 };
        const a: BowelSegment = { lengthCm: 40, normalDiameterMm: 25, strictures: [s1, s2] };
        const b: BowelSegment = { lengthCm: 40, normalDiameterMm: 25, strictures: [s2, s1] };
        const dp = segmentPressureDrop(a, { flowMlMin: q, fluid }).pressureDropPa;
        return (
          close(segmentFlowMlMin(a, { pressureDropPa: dp, fluid }), q, 1e-10) &&
          close(segmentPressureDrop(b, { flowMlMin: q, fluid }).pressureDropPa, dp, 1e-12)
        );
      }),
    );
  });
  it("balloon dilation never lowers flow, and a bigger balloon never gives less", () => {
    fc.assert(
      fc.property(
        diam,
        sLen,
        fc.double({ min: 8, max: 24, noNaN: true }),
        fc.double({ min: 0, max: 6, noNaN: true }),
        nIdx,
        (d, l, b1, extra, n) => {
          const fluid = { consistencyPaSn: 1, flowBehaviourIndex: n };
          const seg: BowelSegment = { lengthCm: 30, normalDiameterMm: 25, strictures: [{ lengthCm: l, diameterMm: d }] };
          const q0 = segmentFlowMlMin(seg, { pressureDropPa: 100, fluid });
          const q1 = segmentFlowMlMin(balloonDilation(seg, { targetDiameterMm: b1 }), { pressureDropPa: 100, fluid });
          const q2 = segmentFlowMlMin(balloonDilation(seg, { targetDiameterMm: b1 + extra }), { pressureDropPa: 100, fluid });
          return q1 >= q0 * (1 - 1e-12) && q2 >= q1 * (1 - 1e-12);
        },
      ),
    );
  });
});

describe("dilation and resection", () => {
  it("balloon dilation widens only the chosen stricture, capped at the healthy diameter", () => {
    const seg: BowelSegment = {
      lengthCm: 30,
      normalDiameterMm: 25,
      strictures: [
        { lengthCm: 2, diameterMm: 6 },
        { lengthCm: 2, diameterMm: 20 },
      ],
    };
    expect(balloonDilation(seg, { targetDiameterMm: 18, strictureIndices: [0] }).strictures?.map((s) => s.diameterMm)).toEqual([18, 20]);
    expect(balloonDilation(seg, { targetDiameterMm: 30 }).strictures?.map((s) => s.diameterMm)).toEqual([25, 25]);
    expect(seg.strictures?.[0].diameterMm).toBe(6); // input untouched
  });
  it("resection removes the stricture and the margins", () => {
    const out = strictureResection(oneStricture, { marginCm: 2 });
    expect(out).toEqual({ lengthCm: 23, normalDiameterMm: 25, strictures: [] });
    // now healthy bowel of 23 cm: flow at the same pressure is 30/23 of the original healthy segment's
    const healthy30 = segmentFlowMlMin({ lengthCm: 30, normalDiameterMm: 25 }, { pressureDropPa: 10, fluid: viscous });
    expect(segmentFlowMlMin(out, { pressureDropPa: 10, fluid: viscous }) / healthy30).toBeCloseTo(30 / 23, 12);
  });
  it("compareInterventions: rows, exact flow gain of a 5 → 18 mm dilation, reasons", () => {
    const c = compareInterventions(oneStricture, { pressureDropPa: 50, fluid: viscous, balloonDiametersMm: [12, 18] });
    expect(c.rows.map((r) => r.scenario)).toEqual([
      "before treatment",
      "balloon dilation to 12 mm",
      "balloon dilation to 18 mm",
      "resection",
    ]);
    // resistances ∝ Σ L/r⁴ (diameters, same ratio): before 27/25⁴ + 3/5⁴, after 27/25⁴ + 3/18⁴
    const before = 27 / 25 ** 4 + 3 / 5 ** 4;
    const after18 = 27 / 25 ** 4 + 3 / 18 ** 4;
    expect(c.rows[2].flowGainVsBefore).toBeCloseTo(before / after18, 10);
    expect(c.rows[2].narrowestDiameterMm).toBe(18);
    // resection with no margin leaves 27 cm of healthy bowel: 30/27 of the original healthy segment's flow
    expect(c.rows[3].flowRelativeToHealthy).toBeCloseTo(30 / 27, 12);
    expect(c.rows[0].pressureForHealthyFlowPa / 50).toBeCloseTo(63.4, 10);
    expect(c.reasons[0]).toMatch(/3 cm long \(<= 5 cm\)/);
    expect(c.thresholds.maxStrictureLengthCm).toBe(EBD_MAX_STRICTURE_LENGTH_CM);
  });
  it("a long stricture gets the surgery reason; odd balloon sizes are flagged", () => {
    const seg: BowelSegment = { lengthCm: 30, normalDiameterMm: 25, strictures: [{ lengthCm: 8, diameterMm: 6 }] };
    const c = compareInterventions(seg, { pressureDropMmHg: 1, fluid: viscous, balloonDiametersMm: [10, 18] });
    expect(c.reasons.join(" ")).toMatch(/8 cm long \(> 5 cm\).*surgery/);
    expect(c.reasons.join(" ")).toMatch(/10 mm lie outside the usual 12-20 mm/);
  });
});

describe("invalid geometry gives a clear InputError", () => {
  it("stricture longer than the segment", () => {
    const seg: BowelSegment = { lengthCm: 10, normalDiameterMm: 25, strictures: [{ lengthCm: 12, diameterMm: 6 }] };
    expect(fieldOf(() => segmentParts(seg))).toBe("strictures[0].lengthCm");
    expect(() => segmentFlowMlMin(seg, { pressureDropPa: 1, fluid: viscous })).toThrow(/stricture longer than the segment/);
  });
  it("strictures together longer than the segment names the one that overflows", () => {
    const seg: BowelSegment = {
      lengthCm: 10,
      normalDiameterMm: 25,
      strictures: [
        { lengthCm: 6, diameterMm: 6 },
        { lengthCm: 6, diameterMm: 6 },
      ],
    };
    expect(fieldOf(() => segmentParts(seg))).toBe("strictures[1].lengthCm");
  });
  it("zero or negative diameters and lengths", () => {
    expect(fieldOf(() => segmentParts({ lengthCm: 10, normalDiameterMm: 25, strictures: [{ lengthCm: 2, diameterMm: 0 }] }))).toBe(
      "strictures[0].diameterMm",
    );
    expect(fieldOf(() => segmentParts({ lengthCm: 10, normalDiameterMm: -25 }))).toBe("normalDiameterMm");
    expect(fieldOf(() => segmentParts({ lengthCm: 0, normalDiameterMm: 25 }))).toBe("lengthCm");
    expect(fieldOf(() => segmentParts({ lengthCm: 10, normalDiameterMm: 25, strictures: [{ lengthCm: -1, diameterMm: 5 }] }))).toBe(
      "strictures[0].lengthCm",
    );
    expect(fieldOf(() => segmentParts({ lengthCm: 10, normalDiameterMm: 25, prestenoticDilation: { lengthCm: 11, diameterMm: 40 } }))).toBe(
      "prestenoticDilation.lengthCm",
    );
  });
  it("interventions: bad balloon, index, margin; n <= 0 in the fluid", () => {
    expect(fieldOf(() => balloonDilation(oneStricture, { targetDiameterMm: 0 }))).toBe("targetDiameterMm");
    expect(fieldOf(() => balloonDilation(oneStricture, { targetDiameterMm: 15, strictureIndices: [3] }))).toBe("strictureIndices[0]");
    expect(fieldOf(() => strictureResection(oneStricture, { marginCm: 20 }))).toBe("marginCm");
    expect(fieldOf(() => balloonDilation({ lengthCm: 10, normalDiameterMm: 25 }, { targetDiameterMm: 15 }))).toBe("strictures");
    expect(fieldOf(() => segmentFlowMlMin(oneStricture, { pressureDropPa: 1, fluid: { consistencyPaSn: 1, flowBehaviourIndex: 0 } }))).toBe(
      "fluid.flowBehaviourIndex",
    );
    expect(fieldOf(() => segmentPressureDrop(oneStricture, { flowMlMin: 0, fluid: viscous }))).toBe("flowMlMin");
  });
});

describe("assessObstruction", () => {
  it("the chapter's patient: normal CRP and calprotectin, obstructive symptoms, narrow lumen -> mechanical", () => {
    const a = assessObstruction({
      crpMgL: 2,
      calprotectinUgG: 40,
      obstructiveSymptoms: true,
      strictureDiameterMm: 8,
      prestenoticDiameterMm: 35,
    });
    expect(a.pattern).toBe("mechanical");
    expect(a.relativeFlowNewtonian).toBeCloseTo((8 / 25) ** 4, 14);
    expect(a.reasons.join(" ")).toMatch(/will not widen/);
    expect(a.thresholds).toEqual({ crpUpperMgL: 5, calprotectinUpperUgG: 250, narrowingFraction: 0.5, prestenoticDilationMm: 30 });
  });
  it("raised markers with narrowing -> mixed; raised markers alone -> inflammatory; nothing -> no obstruction evident", () => {
    expect(assessObstruction({ crpMgL: 30, calprotectinUgG: 900, obstructiveSymptoms: true, strictureDiameterMm: 8 }).pattern).toBe(
      "mixed",
    );
    expect(assessObstruction({ crpMgL: 30, calprotectinUgG: 900, obstructiveSymptoms: false }).pattern).toBe("inflammatory");
    expect(assessObstruction({ crpMgL: 1, calprotectinUgG: 30, obstructiveSymptoms: true, strictureDiameterMm: 20 }).pattern).toBe(
      "no obstruction evident",
    );
  });
  it("thresholds are options; the 2.5 cm SAR dilation threshold changes the call", () => {
    const f = { crpMgL: 1, calprotectinUgG: 30, obstructiveSymptoms: true, prestenoticDiameterMm: 27 };
    expect(assessObstruction(f).pattern).toBe("no obstruction evident");
    expect(assessObstruction(f, { prestenoticDilationMm: 25 }).pattern).toBe("mechanical");
    expect(fieldOf(() => assessObstruction({ ...f, crpMgL: -1 }))).toBe("crpMgL");
  });
});

describe("hostile input (issue 14)", () => {
  const seg: BowelSegment = { lengthCm: 30, normalDiameterMm: 25, strictures: [{ lengthCm: 3, diameterMm: 8 }] };
  const fluid = { viscosityMPaS: 100 };
  it("assessObstruction refuses undefined and null findings and thresholds", () => {
    expect(() => assessObstruction(undefined as never)).toThrow(/findings: got undefined, expected an object/);
    expect(() => assessObstruction(null as never)).toThrow(InputError);
    expect(() => assessObstruction({ crpMgL: 1, calprotectinUgG: 30, obstructiveSymptoms: true }, null as never)).toThrow(
      /thresholds: got null/,
    );
    expect(() => assessObstruction({ crpMgL: 1, calprotectinUgG: 30, obstructiveSymptoms: "yes" as never })).toThrow(/obstructiveSymptoms/);
  });
  it("segment functions refuse missing options, null strictures and too many strictures", () => {
    expect(() => segmentFlowMlMin(seg, null as never)).toThrow(/options: got null/);
    expect(() => segmentPressureDrop(seg, undefined as never)).toThrow(/options: got undefined/);
    expect(() => segmentRelativeFlow(seg, undefined as never)).toThrow(/options/);
    expect(() => segmentParts({ ...seg, strictures: [null as never] })).toThrow(/strictures\[0\]: got null/);
    expect(() => segmentParts({ ...seg, strictures: Array(1001).fill({ lengthCm: 0.001, diameterMm: 8 }) })).toThrow(/strictures\.length/);
    expect(() => balloonDilation(seg, null as never)).toThrow(/options: got null/);
    expect(() => compareInterventions(seg, { pressureDropPa: 10, fluid, balloonDiametersMm: "abc" as never })).toThrow(
      /balloonDiametersMm/,
    );
    expect(segmentRelativeFlow(seg, { fluid })).toBeGreaterThan(0);
  });
});
