// Educator helpers: answer key and mistake-aware feedback (src/stricture/exercise.ts).
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors";
import {
  checkStrictureAnswer,
  describeStrictureExercise,
  type StrictureExercise,
  strictureExerciseAnswer,
  strictureExercises,
} from "../../src/stricture/index";

const halve: StrictureExercise = { kind: "relativeFlow", radiusMm: 2.5, referenceRadiusMm: 5 };

describe("checkStrictureAnswer", () => {
  it("accepts 1/16 for a halved radius, within 5 %", () => {
    expect(checkStrictureAnswer(halve, 0.0625)).toMatchObject({ correct: true, expected: 0.0625, relativeError: 0 });
    expect(checkStrictureAnswer(halve, 0.063).correct).toBe(true);
    expect(checkStrictureAnswer(halve, 0.07).correct).toBe(false);
  });
  it("names the usual mistakes", () => {
    expect(checkStrictureAnswer(halve, 0.25).feedback).toMatch(/\(r\/r₀\)², the change in cross-sectional area/);
    expect(checkStrictureAnswer(halve, 0.5).feedback).toMatch(/is r\/r₀ itself/);
    expect(checkStrictureAnswer(halve, 16).feedback).toMatch(/inverse/);
    expect(checkStrictureAnswer(halve, 0.125).feedback).toMatch(/\(r\/r₀\)³/);
    const power: StrictureExercise = { ...halve, flowBehaviourIndex: 0.5 };
    // 3 + 1/n = 5: (1/2)^5 = 1/32; the Newtonian 1/16 gets the power-law hint
    expect(strictureExerciseAnswer(power)).toBe(1 / 32);
    expect(checkStrictureAnswer(power, 1 / 16).feedback).toMatch(
      /Newtonian r⁴ answer; for a power-law fluid the exponent is 3 \+ 1\/n = 5/,
    );
  });
  it("segment exercises use the segment model: pressure ratio 63.4 and dilation gain", () => {
    const segment = { lengthCm: 30, normalDiameterMm: 25, strictures: [{ lengthCm: 3, diameterMm: 5 }] };
    const fluid = { viscosityMPaS: 100 };
    // (27 + 3·5⁴)/30 = 63.4, see segment.test.ts
    expect(strictureExerciseAnswer({ kind: "pressureRatio", segment, fluid })).toBeCloseTo(63.4, 10);
    // gain = (27/25⁴ + 3/5⁴) / (27/25⁴ + 3/15⁴)
    const gain = (27 / 25 ** 4 + 3 / 5 ** 4) / (27 / 25 ** 4 + 3 / 15 ** 4);
    expect(strictureExerciseAnswer({ kind: "dilationGain", segment, targetDiameterMm: 15, fluid })).toBeCloseTo(gain, 10);
    expect(checkStrictureAnswer({ kind: "pressureRatio", segment, fluid }, 1 / 63.4).feedback).toMatch(/inverse/);
    expect(describeStrictureExercise({ kind: "dilationGain", segment, targetDiameterMm: 15, fluid })).toMatch(/15 mm balloon/);
  });
  it("bad answers and tolerances are InputErrors", () => {
    expect(() => checkStrictureAnswer(halve, Number.NaN)).toThrow(InputError);
    expect(() => checkStrictureAnswer(halve, 0.1, { relativeTolerance: 0 })).toThrow(/relativeTolerance/);
  });
});

describe("strictureExercises", () => {
  it("is reproducible for a seed and differs between seeds", () => {
    const a = strictureExercises({ count: 4, seed: 3 });
    expect(strictureExercises({ count: 4, seed: 3 })).toEqual(a);
    expect(strictureExercises({ count: 4, seed: 4 })).not.toEqual(a);
    for (const e of a) {
      if (e.kind !== "relativeFlow") throw new Error("kind");
      expect(e.radiusMm).toBeLessThan(e.referenceRadiusMm);
      expect(e.radiusMm).toBeGreaterThan(0);
      expect(describeStrictureExercise(e)).toMatch(/what fraction/);
    }
  });
  it("power-law option adds n in [0.3, 0.8]; bad count is an InputError", () => {
    for (const e of strictureExercises({ count: 20, powerLaw: true })) {
      if (e.kind !== "relativeFlow") throw new Error("kind");
      expect(e.flowBehaviourIndex).toBeGreaterThanOrEqual(0.3);
      expect(e.flowBehaviourIndex).toBeLessThanOrEqual(0.8);
    }
    expect(() => strictureExercises({ count: 0 })).toThrow(InputError);
  });
});

describe("hostile input (issue 14)", () => {
  it("undefined, null and unknown kinds are InputErrors in every exercise function", () => {
    expect(() => describeStrictureExercise(undefined as never)).toThrow(/exercise: got undefined/);
    expect(() => strictureExerciseAnswer(null as never)).toThrow(InputError);
    expect(() => strictureExerciseAnswer({ kind: "constructor" } as never)).toThrow(/exercise\.kind/);
    expect(() => checkStrictureAnswer(null as never, 0, true as never)).toThrow(InputError);
    expect(() => describeStrictureExercise({ kind: "relativeFlow", radiusMm: Number.NaN, referenceRadiusMm: 5 })).toThrow(/radiusMm/);
    expect(() => checkStrictureAnswer({ kind: "relativeFlow", radiusMm: 2.5, referenceRadiusMm: 5 }, 0.0625, null as never)).toThrow(
      /options: got null/,
    );
    expect(() => strictureExercises(null as never)).toThrow(/options: got null/);
    expect(() => strictureExercises({ count: 2.5 })).toThrow(/count/);
  });
});
