// The hands-on problem bank and its checker (src/exercises). The reference
// answers are compared with the toolkit functions named by each problem,
// re-run here on the problem's given data; published anchors are cited where used.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors";
import { classifyDiscordance } from "../../src/discordance/index";
import {
  type CheckResult,
  check,
  checkAll,
  checkResultHtml,
  checkSummaryFigure,
  dilationExercise,
  EXERCISE_BANK,
  EXERCISE_IDS,
  exerciseAnswer,
  exerciseGiven,
  exerciseMistakes,
  exerciseProblem,
  exerciseProblems,
  problemHtml,
  radiusExercise,
  toleranceWidth,
} from "../../src/exercises/index";
import { icc, mdc, sem, spearmanBrownInverse } from "../../src/measurement/index";
import { MIMIC_TESTS } from "../../src/mimics/index";
import { occupancyUgMlVsKdNm, receptorOccupancy } from "../../src/pk/index";
import { classifyRefractoriness, tdmDecision } from "../../src/refractory/index";
import { balloonDilation, checkStrictureAnswer, relativeFlow, segmentFlowMlMin } from "../../src/stricture/index";

const off = { display: false } as const;

function recorder() {
  const html: string[] = [];
  return { html, target: { display: { html: (s: string) => html.push(s) } } };
}

describe("the problem bank", () => {
  it("has at least 10 problems covering every chapter module", () => {
    expect(EXERCISE_IDS.length).toBeGreaterThanOrEqual(10);
    const chapters = new Set(exerciseProblems().map((p) => p.chapter));
    expect([...chapters].sort()).toEqual(["discordance", "measurement", "mimics", "pk", "refractory", "stricture"]);
    expect(new Set(EXERCISE_IDS).size).toBe(EXERCISE_IDS.length);
    for (const [i, p] of exerciseProblems().entries()) expect(p.number).toBe(i + 1);
  });

  it("every problem has a vignette, a task, sources and, for numbers, a tolerance and a unit", () => {
    for (const p of exerciseProblems()) {
      expect(p.vignette.length, p.id).toBeGreaterThan(80);
      expect(p.task.length, p.id).toBeGreaterThan(20);
      expect(p.sources.length, p.id).toBeGreaterThan(0);
      expect(p.toolkit.length, p.id).toBeGreaterThan(0);
      if (p.answerKind === "number") {
        expect(p.tolerance, p.id).toBeDefined();
        expect(p.unit, p.id).toBeDefined();
      } else {
        expect(p.choices?.length, p.id).toBeGreaterThan(1);
        expect(p.choices, p.id).toContain(exerciseAnswer(p.id));
      }
    }
  });

  it("every reference answer passes its own check", () => {
    for (const id of EXERCISE_IDS) {
      const r = check(id, exerciseAnswer(id), off);
      expect(r.status, `${id}: ${r.message}`).toBe("correct");
      expect(r.hints).toEqual([]);
    }
  });

  it("every recognised mistake is marked incorrect and gets its own hint, never the answer", () => {
    for (const id of EXERCISE_IDS) {
      const expected = exerciseAnswer(id);
      const mistakes = exerciseMistakes(id);
      expect(mistakes.length, id).toBeGreaterThan(0);
      for (const m of mistakes) {
        const r = check(id, m.value, off);
        expect(r.status, `${id} mistake ${m.value}`).toBe("incorrect");
        expect(r.hints[0], `${id} mistake ${m.value}`).toBe(m.hint);
        expect(r.message).toBe(`Not yet: ${m.hint}`);
        if (typeof expected === "number") expect(m.hint).not.toContain(String(Number(expected.toPrecision(3))));
        else expect(m.hint).not.toContain(expected);
      }
    }
  });

  it("the reference answers are those of the toolkit functions named by each problem", () => {
    const g1 = exerciseGiven("steroid-refractory-1");
    expect(classifyRefractoriness(g1.history).labels).toEqual(["steroid-refractory"]);
    expect(exerciseAnswer("steroid-refractory-1")).toBe("steroid-refractory");
    expect(classifyRefractoriness(exerciseGiven("steroid-dependent-1").history).labels).toEqual(["steroid-dependent"]);
    const readings = exerciseGiven("icc-1").readingsPoints;
    expect(exerciseAnswer("icc-1")).toBe(icc(readings).ICC2.value);
    const m = exerciseGiven("mdc-1");
    expect(m.readingsPoints).toEqual(readings);
    expect(exerciseAnswer("mdc-1")).toBeCloseTo(mdc(sem(m.betweenPatientSdPoints, icc(readings).ICC2.value)), 12);
    // MDC95 = 1.96·√2·SEM (Weir 2005)
    expect(exerciseAnswer("mdc-1")).toBeCloseTo(
      1.959964 * Math.SQRT2 * m.betweenPatientSdPoints * Math.sqrt(1 - icc(readings).ICC2.value),
      5,
    );
    const sb = exerciseGiven("spearman-brown-1");
    expect(exerciseAnswer("spearman-brown-1")).toBe(Math.ceil(spearmanBrownInverse(sb.singleSampleReliability, sb.targetReliability)));
    expect(exerciseAnswer("quadrant-1")).toBe(classifyDiscordance(exerciseGiven("quadrant-1").visit).quadrant);
    expect(exerciseAnswer("quadrant-1")).toBe("refractory-symptoms");
    expect(exerciseAnswer("quadrant-2")).toBe("silent-inflammation");
    // Bayes in odds form, by hand: toxin EIA 57.9 % / 97.0 %
    const c1 = exerciseGiven("cdiff-posttest-1");
    const t = MIMIC_TESTS.cdiffToxinEia;
    const odds = (c1.pretestProbability / (1 - c1.pretestProbability)) * (t.sensitivity / (1 - t.specificity));
    expect(exerciseAnswer("cdiff-posttest-1")).toBeCloseTo(odds / (1 + odds), 12);
    const o1 = exerciseGiven("occupancy-1");
    expect(exerciseAnswer("occupancy-1")).toBe(receptorOccupancy(o1.troughUgMl, o1.kdUgMl));
    const o2 = exerciseGiven("occupancy-2");
    expect(exerciseAnswer("occupancy-2")).toBe(occupancyUgMlVsKdNm(o2.troughUgMl, o2.kssNm, o2.molecularWeightKDa));
    // 2.5 ug/mL of a 149.1 kDa antibody = 16.77 nM; 16.77 / (16.77 + 15)
    const cNm = (o2.troughUgMl * 1000) / o2.molecularWeightKDa;
    expect(exerciseAnswer("occupancy-2")).toBeCloseTo(cNm / (cNm + o2.kssNm), 12);
    expect(exerciseAnswer("tdm-1")).toBe(tdmDecision(exerciseGiven("tdm-1").level).action);
    expect(exerciseAnswer("tdm-1")).toBe("switch-within-class-plus-immunomodulator");
    expect(exerciseAnswer("tdm-2")).toBe("switch-out-of-class");
    expect(exerciseAnswer("asuc-day3-1")).toBe("rescue-therapy");
    const s = exerciseGiven("stricture-radius-1");
    expect(exerciseAnswer("stricture-radius-1")).toBeCloseTo(relativeFlow(s.radiusMm, s.referenceRadiusMm), 15);
    expect(exerciseAnswer("stricture-radius-1")).toBeCloseTo(1 / 81, 15);
    const d = exerciseGiven("stricture-dilation-1");
    const before = segmentFlowMlMin(d.segment, { pressureDropPa: 1, fluid: d.fluid });
    const after = segmentFlowMlMin(balloonDilation(d.segment, { targetDiameterMm: d.targetDiameterMm }), {
      pressureDropPa: 1,
      fluid: d.fluid,
    });
    expect(exerciseAnswer("stricture-dilation-1")).toBeCloseTo(after / before, 12);
  });

  it("agrees with the stricture module's own checker on the stricture problems", () => {
    const exercises = {
      "stricture-radius-1": radiusExercise(exerciseGiven("stricture-radius-1")),
      "stricture-dilation-1": dilationExercise(exerciseGiven("stricture-dilation-1")),
    };
    for (const id of ["stricture-radius-1", "stricture-dilation-1"] as const) {
      const ex = exercises[id];
      expect(checkStrictureAnswer(ex, exerciseAnswer(id) as number).correct).toBe(true);
      for (const m of exerciseMistakes(id)) {
        expect(checkStrictureAnswer(ex, m.value as number).correct, `${id} ${m.value}`).toBe(false);
      }
    }
  });

  it("is deterministic and cannot be changed through the given data", () => {
    const first = EXERCISE_IDS.map((id) => [id, exerciseAnswer(id), exerciseGiven(id), exerciseMistakes(id)]);
    const g = exerciseGiven("occupancy-1");
    g.troughUgMl = 100;
    const icg = exerciseGiven("icc-1");
    icg.readingsPoints[0][0] = 99;
    const second = EXERCISE_IDS.map((id) => [id, exerciseAnswer(id), exerciseGiven(id), exerciseMistakes(id)]);
    expect(second).toEqual(first);
    expect(exerciseGiven("occupancy-1").troughUgMl).toBe(2.5);
    expect(JSON.stringify(EXERCISE_BANK["icc-1"].given)).toBe(JSON.stringify(exerciseGiven("icc-1")));
  });
});

describe("check", () => {
  it("reports blank and placeholder answers as not yet answered", () => {
    for (const blank of [undefined, null, "", "  ", "?", "...", "TODO", "your answer"]) {
      const r = check("occupancy-1", blank, off);
      expect(r.status).toBe("unanswered");
      expect(r.message).toMatch(/^Not yet answered/);
      expect(r.expected).toBeUndefined();
    }
    expect(check("quadrant-1", undefined, off).message).toMatch(/refractory-symptoms, silent-inflammation/);
  });

  it("recognises the targeted mistakes named in the issue", () => {
    // occupancy computed as KD / (C + KD)
    const o = exerciseGiven("occupancy-1");
    expect(check("occupancy-1", o.kdUgMl / (o.troughUgMl + o.kdUgMl), off).hints[0]).toMatch(/KD \/ \(C \+ KD\)/);
    // MDC without √2
    const m = exerciseGiven("mdc-1");
    const s = sem(m.betweenPatientSdPoints, icc(m.readingsPoints).ICC2.value);
    expect(check("mdc-1", 1.96 * s, off).hints[0]).toMatch(/forgot √2/);
    // LR applied to the probability instead of the odds
    const c = exerciseGiven("cdiff-posttest-1");
    const lr = MIMIC_TESTS.cdiffToxinEia.sensitivity / (1 - MIMIC_TESTS.cdiffToxinEia.specificity);
    expect(check("cdiff-posttest-1", c.pretestProbability * lr, off).hints[0]).toMatch(/LRs multiply odds/);
    // r² instead of r⁴
    expect(check("stricture-radius-1", 1 / 9, off).hints[0]).toMatch(/cross-sectional area; Poiseuille flow falls with r⁴/);
    // units mixed in the occupancy formula
    expect(check("occupancy-2", 2.5 / 17.5, off).hints[0]).toMatch(/Convert the trough to nM/);
    // the ICC form
    expect(check("icc-1", icc(m.readingsPoints).ICC3.value, off).hints[0]).toMatch(/consistency/);
    // a label mistake
    expect(check("tdm-1", "optimise-dose", off).hints[0]).toMatch(/Compare the titre with the assay's threshold/);
  });

  it("picks the nearest recognised mistake when two are close", () => {
    // mdc-1: 1.96·SEM and the MDC from ICC3 lie within 2 % of each other
    const m = exerciseGiven("mdc-1");
    const r = icc(m.readingsPoints);
    const fromIcc3 = mdc(sem(m.betweenPatientSdPoints, r.ICC3.value));
    expect(check("mdc-1", fromIcc3, off).hints[0]).toMatch(/consistency ICC\(3,1\)/);
  });

  it("otherwise says how far off the answer is and in which direction", () => {
    const expected = exerciseAnswer("half-life-1") as number;
    const r = check("half-life-1", expected * 1.3, off);
    expect(r.status).toBe("incorrect");
    expect(r.hints[0]).toMatch(/^Your answer is 30 % too high \(accepted ±5 %\)\.$/);
    expect(check("half-life-1", expected * 0.5, off).hints[0]).toMatch(/50 % too low/);
    expect(r.hints.at(-1)).toMatch(/Toolkit: individualParameters, terminalHalfLifeDays/);
  });

  it("flags percentages, impossible probabilities and non-numbers without throwing", () => {
    const p = exerciseAnswer("cdiff-posttest-1") as number;
    expect(check("cdiff-posttest-1", 100 * p, off).hints[0]).toMatch(/looks like a percentage/);
    expect(check("cdiff-posttest-1", 1.7, off).hints[0]).toMatch(/outside \[0, 1\]/);
    expect(check("cdiff-posttest-1", "abc", off)).toMatchObject({
      status: "incorrect",
      message: expect.stringMatching(/Expected a number/),
    });
    expect(check("cdiff-posttest-1", Number.NaN, off).message).toMatch(/not a finite number/);
    expect(check("cdiff-posttest-1", { value: p }, off).status).toBe("incorrect");
    expect(check("quadrant-1", 3, off).message).toMatch(/Expected a label/);
    expect(check("quadrant-1", "inflamed", off).hints[0]).toMatch(/not one of the labels/);
  });

  it("accepts numeric strings and labels written with spaces, underscores or capitals", () => {
    expect(check("occupancy-1", String(exerciseAnswer("occupancy-1")), off).status).toBe("correct");
    expect(check("quadrant-1", "Refractory Symptoms", off).status).toBe("correct");
    expect(check("tdm-2", "switch_out_of_class", off).status).toBe("correct");
  });

  it("accepts answers exactly at the tolerance boundary and rejects those just beyond", () => {
    for (const id of EXERCISE_IDS) {
      const p = exerciseProblem(id);
      if (p.answerKind !== "number") continue;
      const e = exerciseAnswer(id) as number;
      const w = toleranceWidth(p.tolerance, e);
      const step = Math.max(w * 1e-6, Math.abs(e) * 1e-9, 1e-9);
      // inside by a hair (floating point cannot represent e ± w exactly in every case)
      if (w > 0) {
        expect(check(id, e + w - step, off).status, id).toBe("correct");
        expect(check(id, e - w + step, off).status, id).toBe("correct");
      } else {
        expect(Number.isInteger(e), id).toBe(true);
      }
      expect(check(id, e + w + Math.max(step, 1e-6), off).status, id).toBe("incorrect");
      expect(check(id, e - w - Math.max(step, 1e-6), off).status, id).toBe("incorrect");
    }
    // exactly representable boundaries: occupancy-1 accepts ±0.005 (absolute); the integer problem accepts nothing else
    expect(toleranceWidth({ absolute: 0.005 }, 0.7)).toBe(0.005);
    expect(toleranceWidth({ relative: 0.05 }, 10)).toBe(0.5);
    expect(toleranceWidth({ absolute: 0.1, relative: 0.05 }, 10)).toBe(0.5);
    expect(check("spearman-brown-1", (exerciseAnswer("spearman-brown-1") as number) + 1, off).status).toBe("incorrect");
  });

  it("throws a clear InputError for an unknown problem id, also when the answer is blank", () => {
    expect(() => check("occupancy-99", 0.5, off)).toThrow(InputError);
    expect(() => check("occupancy-99", undefined, off)).toThrow(
      /problemId: unknown problem, got "occupancy-99", expected one of steroid-refractory-1/,
    );
    expect(() => exerciseGiven("nope" as never)).toThrow(InputError);
    expect(() => exerciseAnswer("__proto__")).toThrow(InputError);
    expect(() => checkAll({ "no-such-problem": 1 }, off)).toThrow(InputError);
  });

  it("displays the verdict as escaped HTML when given a target, and stays silent outside a notebook", () => {
    const rec = recorder();
    const r = check("quadrant-1", "<script>alert(1)</script>", { display: rec.target });
    expect(r.status).toBe("incorrect");
    expect(rec.html).toHaveLength(1);
    expect(rec.html[0]).not.toContain("<script>");
    expect(rec.html[0]).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(rec.html[0]).toContain('data-status="incorrect"');
    // "auto" outside a tslab kernel: no display available, no throw
    expect(() => check("quadrant-1", undefined)).not.toThrow();
    expect(checkResultHtml({ problemId: "x", status: "correct", message: "a < b & c", hints: ["<b>"] })).toContain("a &lt; b &amp; c");
  });

  it("prints one line in a notebook without revealing the answer", async () => {
    const { inspect } = await import("node:util");
    const r = check("occupancy-1", 0.2, off);
    expect(inspect(r)).toBe("occupancy-1: incorrect");
    const plain: CheckResult = { ...r };
    expect(plain.expected).toBe(exerciseAnswer("occupancy-1"));
  });
});

describe("check, properties", () => {
  it("never throws for any answer, and always returns one of the three statuses", () => {
    fc.assert(
      fc.property(fc.constantFrom(...EXERCISE_IDS), fc.anything(), (id, answer) => {
        const r = check(id, answer, off);
        expect(["correct", "incorrect", "unanswered"]).toContain(r.status);
        expect(typeof r.message).toBe("string");
        expect(r.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it("accepts every answer strictly inside the tolerance of a numeric problem", () => {
    const numeric = EXERCISE_IDS.filter(
      (id) => exerciseProblem(id).answerKind === "number" && toleranceWidth(exerciseProblem(id).tolerance, 1) > 0,
    );
    fc.assert(
      fc.property(fc.constantFrom(...numeric), fc.double({ min: -0.999, max: 0.999, noNaN: true }), (id, u) => {
        const e = exerciseAnswer(id) as number;
        const w = toleranceWidth(exerciseProblem(id).tolerance, e);
        expect(check(id, e + u * w, off).status).toBe("correct");
      }),
      { numRuns: 300 },
    );
  });
});

describe("checkAll and the summary figure", () => {
  it("counts correct, incorrect and unanswered answers per chapter", () => {
    const answers: Record<string, unknown> = Object.fromEntries(EXERCISE_IDS.map((id) => [id, exerciseAnswer(id)]));
    const all = checkAll(answers, off);
    expect(all).toMatchObject({ total: EXERCISE_IDS.length, correct: EXERCISE_IDS.length, incorrect: 0, unanswered: 0 });
    const some = checkAll({ "occupancy-1": 0.2, "quadrant-1": "refractory-symptoms" }, off);
    expect(some).toMatchObject({ correct: 1, incorrect: 1, unanswered: EXERCISE_IDS.length - 2 });
    const pk = some.byChapter.find((c) => c.chapter === "pk");
    expect(pk).toMatchObject({ correct: 0, incorrect: 1 });
    expect(some.byChapter.reduce((s, c) => s + c.correct + c.incorrect + c.unanswered, 0)).toBe(EXERCISE_IDS.length);
  });

  it("draws one stacked bar per chapter with the counts", () => {
    const fig = checkSummaryFigure(checkAll({ "occupancy-1": 0.2 }, off));
    expect(fig.data).toHaveLength(3);
    expect(fig.layout.barmode).toBe("stack");
    const total = fig.data.map((t) => (t.y as number[]).reduce((a, b) => a + b, 0)).reduce((a, b) => a + b, 0);
    expect(total).toBe(EXERCISE_IDS.length);
  });

  it("renders a problem card with the vignette, given data and task, escaped", () => {
    const html = problemHtml("occupancy-2");
    expect(html).toContain("Problem 12");
    expect(html).toContain("troughUgMl");
    expect(html).toContain("KSS = 15 nM");
    expect(html).not.toMatch(/<script/);
    expect(problemHtml("tdm-1")).toContain("&quot;high&quot;");
  });
});

describe("hostile input (issue 14)", () => {
  it("checkAll refuses answers that are not an object; prototype keys are not problems", () => {
    expect(() => checkAll(undefined as never)).toThrow(/answers: got undefined, expected an object/);
    expect(() => checkAll(null as never, { display: false })).toThrow(InputError);
    expect(() => checkAll(JSON.parse('{"constructor": 1}'), { display: false })).toThrow(/unknown problem/);
    expect(checkAll({}, { display: false }).unanswered).toBe(checkAll({}, { display: false }).total);
    expect(() => check("occupancy-1", 0.7, null as never)).toThrow(/options: got null/);
    // a non-finite answer is marked, and echoed as text: the result never carries NaN or Infinity
    const r = check("occupancy-1", Number.POSITIVE_INFINITY, { display: false });
    expect(r.status).toBe("incorrect");
    expect(r.answer).toBe("Infinity");
  });

  it("checkSummaryFigure refuses a value that is not a checkAll summary", () => {
    expect(() => checkSummaryFigure(undefined as never)).toThrow(/summary: got undefined/);
    expect(() => checkSummaryFigure({ total: 1, correct: 0, byChapter: [{ chapter: "pk", correct: Number.NaN }] } as never)).toThrow(
      /byChapter\[0\]\.correct/,
    );
    expect(checkSummaryFigure(checkAll({}, { display: false })).data).toHaveLength(3);
  });
});
