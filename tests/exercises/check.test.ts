// The hands-on problem bank and its checker (src/exercises), against independent computations:
// - numeric problems: the reference answers and the usual mistakes computed by hand formula from the
//   problem's given data in tests/fixtures/py/exercises.py (exercises.json), never by the bank's solver;
// - label problems: the published decision rules applied by hand to the given data, below;
// - every usual mistake must get its own hint (matched here against the mistake's wording), and a
//   wrong answer must fail.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors";
import {
  type CheckResult,
  check,
  checkAll,
  checkResultHtml,
  checkSummaryFigure,
  dilationExercise,
  EXERCISE_BANK,
  EXERCISE_IDS,
  type ExerciseGivens,
  exerciseAnswer,
  exerciseGiven,
  exerciseMistakes,
  exerciseProblem,
  exerciseProblems,
  problemHtml,
  radiusExercise,
  toleranceWidth,
} from "../../src/exercises/index";
import { checkStrictureAnswer } from "../../src/stricture/index";

interface NumericReference {
  given: unknown;
  answer: number;
  mistakes: Record<string, number>;
}
// hand formulas in numpy/scipy: tests/fixtures/py/exercises.py
const fixture = JSON.parse(readFileSync(join(__dirname, "../fixtures/py/exercises.json"), "utf8")) as {
  problems: Record<string, NumericReference>;
};

/** The wording each usual mistake's hint must carry (the mistake named, not the answer). */
const NUMERIC_HINTS: Record<string, Record<string, RegExp>> = {
  "icc-1": {
    icc3: /ICC\(3,1\), consistency/,
    icc1: /ICC\(1,1\), the one-way model/,
    icc2k: /ICC\(2,k\), the reliability of the mean/,
    icc3k: /ICC\(3,k\): the average of three readers/,
  },
  "mdc-1": {
    noSqrt2: /forgot √2/,
    sem: /That is the SEM/,
    noSquareRoot: /without the square root/,
    icc3: /consistency ICC\(3,1\)/,
  },
  "spearman-brown-1": { roundedDown: /You rounded down/, notRounded: /whole number of samples/, linear: /does not scale linearly/ },
  "bland-altman-1": {
    standardError: /standard error SD\/√n/,
    noBias: /left out the bias/,
    lowerLimit: /That is the lower limit/,
    signReversed: /sign of the differences is reversed/,
    biasOnly: /That is the bias \(mean difference\)/,
  },
  "cdiff-posttest-1": {
    probabilityTimesLr: /LRs multiply odds/,
    sensitivity: /That is the sensitivity/,
    specificity: /That is the specificity/,
    wrongLr: /You used the negative likelihood ratio/,
  },
  "cdiff-posttest-2": {
    probabilityTimesLr: /LRs multiply odds/,
    falseNegativeRate: /false-negative rate/,
    zero: /does not make it zero/,
    wrongLr: /You used the positive likelihood ratio/,
  },
  "occupancy-1": { freeFraction: /KD \/ \(C \+ KD\), the fraction still free/, ratio: /C \/ KD is a ratio/ },
  "occupancy-2": {
    mixedUnits: /Convert the trough to nM first/,
    previousKd: /KD of 1 µg\/mL from the previous problem/,
    freeFraction: /KSS \/ \(C \+ KSS\), the fraction still free/,
    off1000: /off by 1000/,
  },
  "half-life-1": {
    referenceAlbumin: /reference albumin of 4\.1 g\/dL/,
    oneCompartment: /treats the model as one compartment/,
    multipliedByRate: /not multiplied by it/,
  },
  "stricture-radius-1": {
    area: /change in cross-sectional area; Poiseuille flow falls with r⁴/,
    linear: /r\/r₀ itself/,
    cube: /\(r\/r₀\)³/,
    inverse: /That is the inverse/,
  },
  "stricture-dilation-1": {
    strictureAlone: /gain of the stricture alone/,
    area: /\(d\/d₀\)² is the gain in cross-sectional area/,
    inverse: /That is the inverse ratio/,
  },
};

// ---- label problems: the published rules, applied by hand -------------------------------------
const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
/** The parts of a treatment history (TreatmentHistory) the rules below read. */
interface History {
  asOf: string;
  mimicsExcluded?: boolean;
  steroids: Array<{ doseMgPerDay: number; startDate: string; endDate?: string }>;
  assessments: Array<{ date: string; endoscopy?: { instrument: string; score: number }; calprotectinUgG?: number }>;
}
/** Prednisolone dose in force on a date (0 outside every course; an open course runs to asOf). */
function doseOn(h: History, iso: string): number {
  const t = day(iso);
  const c = h.steroids.find((s) => day(s.startDate) <= t && t <= day(s.endDate ?? h.asOf));
  return c ? c.doseMgPerDay : 0;
}
/** Objective activity: Mayo endoscopic >= 2 (Schroeder 1987), SES-CD >= 3 (Daperno 2004; STRIDE-II), calprotectin >= 250 µg/g. */
function active(a: History["assessments"][number]): boolean {
  const e = a.endoscopy;
  const endo = e ? (e.instrument === "Mayo" ? e.score >= 2 : e.score >= 3) : false;
  return endo || (a.calprotectinUgG !== undefined && a.calprotectinUgG >= 250);
}
/** Chapter definition: steroid-refractory after >= 14 days at >= 40 mg/day with objective activity at the end of that course. */
function steroidRefractory(h: History): boolean {
  const adequate = h.steroids.filter((s) => s.doseMgPerDay >= 40);
  const days = adequate.reduce((n, s) => n + day(s.endDate ?? h.asOf) - day(s.startDate) + 1, 0);
  const end = Math.max(...adequate.map((s) => day(s.endDate ?? h.asOf)));
  const start = Math.min(...adequate.map((s) => day(s.startDate)));
  // an assessment from day 14 of the course to a week after its end, with endoscopy
  const atEnd = h.assessments.filter((a) => day(a.date) >= start + 14 && day(a.date) <= end + 7 && a.endoscopy);
  return h.mimicsExcluded === true && days >= 14 && atEnd.length > 0 && atEnd.every(active);
}
/** Chapter definition: steroid-dependent after a response and a relapse at < 10 mg/day prednisone-equivalent. */
function steroidDependent(h: History): boolean {
  const start = Math.min(...h.steroids.map((s) => day(s.startDate)));
  const during = h.assessments.filter((a) => day(a.date) > start);
  const responded = during.findIndex((a) => !active(a));
  if (responded < 0) return false;
  return during.slice(responded + 1).some((a) => active(a) && doseOn(h, a.date) > 0 && doseOn(h, a.date) < 10);
}
interface Visit {
  partialMayo?: number;
  hbi?: number;
  mayoEndoscopic?: number;
  sesCd?: number;
  calprotectinUgG?: number;
}
/**
 * Symptoms: partial Mayo remission <= 1 (Jairath 2015), HBI remission <= 4 (Vermeire 2010).
 * Inflammation: Mayo endoscopic >= 2, SES-CD >= 3; calprotectin < 100 µg/g agrees with remission.
 */
function quadrant(v: Visit): string {
  const symptomatic = v.partialMayo !== undefined ? v.partialMayo > 1 : (v.hbi as number) > 4;
  const inflamed = v.mayoEndoscopic !== undefined ? v.mayoEndoscopic >= 2 : (v.sesCd as number) >= 3;
  if (v.calprotectinUgG !== undefined) expect(v.calprotectinUgG < 100, "calprotectin agrees with the endoscopy").toBe(!inflamed);
  return symptomatic ? (inflamed ? "concordant-active" : "refractory-symptoms") : inflamed ? "silent-inflammation" : "concordant-remission";
}
type Level = ExerciseGivens["tdm-1"]["level"];
/** Reactive TDM (AGA, Feuerstein 2017; Papamichael 2019 Table 1): trough targets >= 5 µg/mL for infliximab maintenance and adalimumab post-induction. */
function tdm(l: Level): string {
  const gatekeepers = l.mimicsExcluded && l.adherenceConfirmed && l.sampleTiming === "trough" && l.objectiveActivity === "active";
  if (!gatekeepers) return "recheck-mimics-adherence-timing";
  const low = l.levelUgMl < 5;
  const ada = l.ada as { titre?: number; highThreshold?: number; positive?: boolean };
  const highAda = ada.titre !== undefined && ada.highThreshold !== undefined && ada.titre > ada.highThreshold;
  const antiTnf = l.drug === "infliximab" || l.drug === "adalimumab";
  if (low && highAda) return antiTnf ? "switch-within-class-plus-immunomodulator" : "switch-out-of-class";
  if (low) return "optimise-dose";
  return "switch-out-of-class";
}
/** Travis 1996 (Gut 38:905): on day 3, > 8 stools, or 3-8 stools with CRP > 45 mg/L, calls for rescue therapy. */
function asucDay3(d: ExerciseGivens["asuc-day3-1"]["day3"]): string {
  if (d.surgicalEmergency) return "emergency-colectomy";
  if (d.cdiffToxin === "positive") return "treat-infection-and-reassess";
  const travis = d.stoolsPerDay > 8 || (d.stoolsPerDay >= 3 && (d.crpMgL ?? 0) > 45);
  return travis ? "rescue-therapy" : "continue-iv-steroids";
}
const LABEL_REFERENCES: Record<string, () => string> = {
  "steroid-refractory-1": () => {
    const h = exerciseGiven("steroid-refractory-1").history as unknown as History;
    expect(steroidDependent(h)).toBe(false);
    return steroidRefractory(h) ? "steroid-refractory" : "not-yet-assessable";
  },
  "steroid-dependent-1": () => {
    const h = exerciseGiven("steroid-dependent-1").history as unknown as History;
    expect(steroidRefractory(h)).toBe(false);
    return steroidDependent(h) ? "steroid-dependent" : "not-yet-assessable";
  },
  "quadrant-1": () => quadrant(exerciseGiven("quadrant-1").visit as Visit),
  "quadrant-2": () => quadrant(exerciseGiven("quadrant-2").visit as Visit),
  "tdm-1": () => tdm(exerciseGiven("tdm-1").level),
  "tdm-2": () => tdm(exerciseGiven("tdm-2").level),
  "asuc-day3-1": () => asucDay3(exerciseGiven("asuc-day3-1").day3),
};
/** The wording of each recognised wrong label's hint. */
const LABEL_HINTS: Record<string, Record<string, RegExp>> = {
  "steroid-refractory-1": {
    "steroid-dependent": /Dependence needs a response first/,
    "not-yet-assessable": /Check the three conditions/,
    "primary-non-response": /Primary non-response is a label for biologics/,
  },
  "steroid-dependent-1": {
    "steroid-refractory": /Refractory means no response/,
    "secondary-loss-of-response": /Secondary loss of response describes an advanced therapy/,
    "not-yet-assessable": /the history is assessable/,
  },
  "quadrant-1": {
    "concordant-active": /judged by the symptoms alone/,
    "silent-inflammation": /axes are swapped/,
    "concordant-remission": /The mucosa is in remission, but is the patient\?/,
  },
  "quadrant-2": {
    "concordant-remission": /judged by the symptoms alone/,
    "refractory-symptoms": /axes are swapped/,
    "concordant-active": /An HBI of 3 is in remission/,
  },
  "tdm-1": {
    "optimise-dose": /Compare the titre with the assay's threshold/,
    "switch-out-of-class": /An out-of-class switch is for a drug that is present/,
    "recheck-mimics-adherence-timing": /The gatekeepers are all met/,
  },
  "tdm-2": {
    "optimise-dose": /flat part of the occupancy curve/,
    "switch-within-class-plus-immunomodulator": /A within-class switch restores exposure lost to antibodies/,
    "recheck-mimics-adherence-timing": /nothing is left to recheck/,
  },
  "asuc-day3-1": {
    "continue-iv-steroids": /the Travis criteria have a second arm/,
    "treat-infection-and-reassess": /That is for a positive C\. difficile toxin/,
    "urgent-colectomy": /both rescue agents are open/,
    "emergency-colectomy": /Emergency colectomy is for toxic megacolon/,
  },
};

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

  it("covers every problem with an independent reference: numeric ones in the fixture, labels by rule", () => {
    const covered = [...Object.keys(fixture.problems), ...Object.keys(LABEL_REFERENCES)].sort();
    expect(covered).toEqual([...EXERCISE_IDS].sort());
    for (const id of Object.keys(fixture.problems)) expect(exerciseProblem(id).answerKind, id).toBe("number");
    for (const id of Object.keys(LABEL_REFERENCES)) expect(exerciseProblem(id).answerKind, id).toBe("label");
  });

  for (const [id, ref] of Object.entries(fixture.problems)) {
    it(`${id}: the bank's answer is the hand formula's (exercises.py), which check marks correct`, () => {
      // the fixture was computed from these data: regenerate it if they change
      expect(exerciseGiven(id as keyof ExerciseGivens)).toEqual(ref.given);
      const answer = exerciseAnswer(id) as number;
      expect(Math.abs(answer - ref.answer), `${answer} vs ${ref.answer}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(ref.answer)));
      const r = check(id, ref.answer, off);
      expect(r.status, r.message).toBe("correct");
      expect(r.hints).toEqual([]);
      const w = toleranceWidth(exerciseProblem(id).tolerance, ref.answer);
      if (w > 0) {
        expect(check(id, ref.answer + 0.5 * w, off).status).toBe("correct");
        expect(check(id, ref.answer - 0.5 * w, off).status).toBe("correct");
      }
    });

    it(`${id}: each usual mistake, computed by hand, gets its own hint; a wrong answer fails`, () => {
      const hints = NUMERIC_HINTS[id];
      expect(Object.keys(hints).sort()).toEqual(Object.keys(ref.mistakes).sort());
      // the bank lists exactly these mistakes (no more, no fewer)
      expect(exerciseMistakes(id)).toHaveLength(Object.keys(ref.mistakes).length);
      for (const [name, value] of Object.entries(ref.mistakes)) {
        const r = check(id, value, off);
        expect(r.status, `${id} ${name} = ${value}`).toBe("incorrect");
        expect(r.hints[0], `${id} ${name} = ${value}`).toMatch(hints[name]);
        expect(r.message).toBe(`Not yet: ${r.hints[0]}`);
        // the hint names the mistake, never the answer
        expect(r.hints[0]).not.toContain(String(Number(ref.answer.toPrecision(3))));
      }
      // a wrong answer far from every recognised mistake: marked incorrect, with how far off
      const tolerance = exerciseProblem(id).tolerance;
      const w = toleranceWidth(tolerance, ref.answer);
      const step = w > 0 ? w : 1;
      const clear = (x: number) =>
        Object.values(ref.mistakes).every((m) => Math.abs(x - m) > 2 * Math.max(toleranceWidth(tolerance, m), 0.02 * Math.abs(m), 1e-12));
      for (const sign of [1, -1]) {
        const k = Array.from({ length: 40 }, (_, j) => j + 2).find((j) => clear(ref.answer + sign * j * step));
        expect(k, `${id}: a wrong answer clear of every mistake`).toBeDefined();
        const r = check(id, ref.answer + sign * (k as number) * step, off);
        expect(r.status).toBe("incorrect");
        expect(r.hints[0]).toMatch(sign > 0 ? /^Your answer is .* too high \(accepted / : /^Your answer is .* too low \(accepted /);
      }
    });
  }

  for (const [id, rule] of Object.entries(LABEL_REFERENCES)) {
    it(`${id}: the bank's label is the published rule's, and every other label fails with its hint`, () => {
      const expected = rule();
      expect(exerciseAnswer(id)).toBe(expected);
      expect(check(id, expected, off).status).toBe("correct");
      const hints = LABEL_HINTS[id];
      expect(
        exerciseMistakes(id)
          .map((m) => m.value)
          .sort(),
      ).toEqual(Object.keys(hints).sort());
      const choices = exerciseProblem(id).choices ?? [];
      for (const label of Object.keys(hints)) expect(choices, label).toContain(label);
      for (const label of choices) {
        if (label === expected) continue;
        const r = check(id, label, off);
        expect(r.status, `${id} ${label}`).toBe("incorrect");
        if (hints[label]) {
          expect(r.hints[0], `${id} ${label}`).toMatch(hints[label]);
          // written with capitals and spaces, the same mistake gets the same hint
          const loose = ` ${label.toUpperCase().replace(/-/g, " ")} `;
          expect(check(id, loose, off).hints[0], `${id} "${loose}"`).toBe(r.hints[0]);
        } else expect(r.hints[0], `${id} ${label}`).toBe(`Not ${label}. Go through the rule step by step with the given data.`);
        expect(r.hints[0]).not.toContain(expected);
      }
      expect(check(id, "none-of-these", off).hints[0]).toMatch(/is not one of the labels/);
    });
  }

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

  it("picks the nearest recognised mistake when two are close", () => {
    // mdc-1: 1.96·SEM and the MDC from ICC(3,1) lie within 2 % of each other (exercises.py)
    const m = fixture.problems["mdc-1"].mistakes;
    expect(Math.abs(m.noSqrt2 - m.icc3) / m.icc3).toBeLessThan(0.02);
    expect(check("mdc-1", m.icc3, off).hints[0]).toMatch(NUMERIC_HINTS["mdc-1"].icc3);
    expect(check("mdc-1", m.noSqrt2, off).hints[0]).toMatch(NUMERIC_HINTS["mdc-1"].noSqrt2);
    // a value nearer to one of them than to the other takes that one's hint
    expect(check("mdc-1", 0.8 * m.noSqrt2 + 0.2 * m.icc3, off).hints[0]).toMatch(NUMERIC_HINTS["mdc-1"].noSqrt2);
    expect(check("mdc-1", 0.2 * m.noSqrt2 + 0.8 * m.icc3, off).hints[0]).toMatch(NUMERIC_HINTS["mdc-1"].icc3);
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
