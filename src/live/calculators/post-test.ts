/**
 * Live calculator "post-test" (chapter 04 Mimics): Bayes' theorem in odds form for one test result,
 *
 *   post-test odds = pre-test odds × LR,  odds = p/(1 − p),  LR+ = Se/(1 − Sp),  LR− = (1 − Se)/Sp,
 *
 * drawn as Fagan's nomogram (Fagan TJ. N Engl J Med 1975;293:257). The test's characteristics are typed
 * in, or taken from a registered mimic test (`MIMIC_TESTS`, src/mimics/tests.ts, each with its source and
 * reference standard).
 *
 * Library functions called: `postTestProbability` and `likelihoodRatio` (src/mimics/bayes.ts).
 *
 * The nomogram: three vertical axes, pre-test probability at x = 0 plotted at y = −logit(p), the
 * likelihood ratio at x = 1 at y = ln(LR)/2, post-test probability at x = 2 at y = logit(p). A straight line
 * from (0, −logit(pre)) through (1, ln(LR)/2) reaches (2, logit(pre) + ln LR) = (2, logit(post)): the odds
 * form of Bayes' theorem is the collinearity.
 */
import { assertInRange, assertObject, assertOneOf, optionsObject } from "../../core/validate";
import { likelihoodRatio, postTestProbability } from "../../mimics/bayes";
import { MIMIC_TESTS, type MimicTestId } from "../../mimics/tests";
import type { Figure } from "../../plot/figure";
import { palette, semanticColors, withBaseLayout } from "../../plot/palette";
import type { Calculator, LiveValues, NumberInput, SelectInput } from "../types";

/** Initial values of the post-test calculator's form (plain JSON). */
export interface PostTestCalculatorOptions {
  /** Pre-test probability, 0.001-0.999. Default: 0.1. */
  pretestProbability?: number;
  /** A registered mimic test (its published sensitivity and specificity are used), or "custom". Default: "custom". */
  testId?: MimicTestId | "custom";
  /** Sensitivity and specificity of a custom test, 0.001-0.999. Defaults: 0.9 and 0.958 (C. difficile NAAT against toxigenic culture). */
  sensitivity?: number;
  specificity?: number;
  /** The result. Default: "positive". */
  result?: "positive" | "negative";
}

const TEST_IDS = Object.keys(MIMIC_TESTS) as MimicTestId[];
const RESULTS = ["positive", "negative"] as const;

function pct(p: number): string {
  const v = 100 * p;
  return `${Number(v.toPrecision(v > 99 || v < 1 ? 4 : 3))} %`;
}

function num(x: number): string {
  return Number(x.toPrecision(3)).toString();
}

/**
 * Post-test calculator: post-test probability = odds/(1 + odds), odds = pre-test odds × LR, LR+ = Se/(1 − Sp) and
 * LR− = (1 − Se)/Sp (Fagan 1975, N Engl J Med 293:257), with a Fagan nomogram. When `testId` names a registered
 * mimic test its published sensitivity and specificity are used and the two fields are ignored (a note says so).
 *
 * Inputs: `testId`, `pretestProbability`, `sensitivity`, `specificity`, `result`. Outputs:
 * `postTestProbability`, `likelihoodRatio`, `preTestOdds`, `postTestOdds`.
 * @throws InputError for an option or a form value outside its declared range, or an unknown test or result.
 * @example
 * const calc = postTestCalculator();
 * // C. difficile NAAT positive at a pre-test probability of 10 %
 * const r = calc.compute({ testId: "cdiffNaat", pretestProbability: 0.1, sensitivity: 0.5, specificity: 0.5, result: "positive" });
 * r.outputs.likelihoodRatio // 21.4: 0.9/(1 − 0.958)
 * r.outputs.postTestProbability // 0.70
 * calc.compute({ testId: "custom", pretestProbability: 0.3, sensitivity: 0.9, specificity: 0.8, result: "negative" }).outputs.postTestProbability // 0.0508
 * calc.compute({ testId: "custom", pretestProbability: 0, sensitivity: 0.9, specificity: 0.8, result: "negative" }) // throws InputError
 */
export function postTestCalculator(options?: PostTestCalculatorOptions): Calculator {
  const o = optionsObject(options);
  const testIn: SelectInput = {
    kind: "select",
    name: "testId",
    label: "Test",
    help: "A registered test uses its published sensitivity and specificity; Custom uses the two fields below.",
    options: [
      { value: "custom", label: "Custom (sensitivity and specificity below)" },
      ...TEST_IDS.map((id) => {
        const t = MIMIC_TESTS[id];
        return { value: id, label: `${t.name} (Se ${pct(t.sensitivity)}, Sp ${pct(t.specificity)})` };
      }),
    ],
    value: assertOneOf(o.testId ?? "custom", "testId", ["custom", ...TEST_IDS]),
  };
  const prob = (name: string, label: string, value: unknown, help: string): NumberInput => {
    const input: NumberInput = { kind: "number", name, label, min: 0.001, max: 0.999, step: 0.001, value: 0, help };
    input.value = assertInRange(value, name, input.min, input.max);
    return input;
  };
  const pretestIn = prob(
    "pretestProbability",
    "Pre-test probability",
    o.pretestProbability ?? 0.1,
    "Probability of the condition before the test (e.g. prevalence among similar patients).",
  );
  const seIn = prob("sensitivity", "Sensitivity", o.sensitivity ?? 0.9, "Used with the Custom test only.");
  const spIn = prob("specificity", "Specificity", o.specificity ?? 0.958, "Used with the Custom test only.");
  const resultIn: SelectInput = {
    kind: "select",
    name: "result",
    label: "Result",
    options: [
      { value: "positive", label: "Positive" },
      { value: "negative", label: "Negative" },
    ],
    value: assertOneOf(o.result ?? "positive", "result", RESULTS),
  };

  return {
    name: "post-test",
    title: "Post-test probability (Fagan nomogram)",
    chapter: "04 Mimics",
    description:
      "Pick a test and a result, then move the pre-test probability: the same positive result means little when the condition was unlikely and a lot when it was already suspected.",
    inputs: [testIn, pretestIn, seIn, spIn, resultIn],
    outputs: [
      { name: "postTestProbability", label: "Post-test probability", unit: "%", percent: true },
      { name: "likelihoodRatio", label: "Likelihood ratio" },
      { name: "preTestOdds", label: "Pre-test odds" },
      { name: "postTestOdds", label: "Post-test odds" },
    ],
    compute(values: LiveValues) {
      const v = assertObject<LiveValues>(values, "values");
      const testId = assertOneOf(v.testId, "testId", ["custom", ...TEST_IDS]);
      const pre = assertInRange(v.pretestProbability, "pretestProbability", pretestIn.min, pretestIn.max);
      const result = assertOneOf(v.result, "result", RESULTS);
      const registered = testId === "custom" ? undefined : MIMIC_TESTS[testId];
      const test = registered
        ? { sensitivity: registered.sensitivity, specificity: registered.specificity }
        : {
            sensitivity: assertInRange(v.sensitivity, "sensitivity", seIn.min, seIn.max),
            specificity: assertInRange(v.specificity, "specificity", spIn.min, spIn.max),
          };
      const lr = likelihoodRatio(test, result);
      const post = postTestProbability(pre, test, result);
      const notes = [
        `${result === "positive" ? "LR+ = Se/(1 − Sp)" : "LR− = (1 − Se)/Sp"} = ${num(lr)} with sensitivity ${pct(test.sensitivity)} and specificity ${pct(test.specificity)}.`,
        `Pre-test ${pct(pre)} (odds ${num(post.pretestOdds)}) × LR ${num(lr)} = post-test odds ${num(post.posttestOdds)}, probability ${pct(post.posttest)}.`,
      ];
      if (registered) {
        notes.push(
          `${registered.name}: published sensitivity and specificity against ${registered.referenceStandard} are used; the sensitivity and specificity fields are ignored. Source: ${registered.citation}${registered.verified ? "" : " (secondary source, not verified against the primary paper)"}`,
        );
        if (registered.note) notes.push(registered.note);
      }
      return {
        outputs: {
          postTestProbability: post.posttest,
          likelihoodRatio: lr,
          preTestOdds: post.pretestOdds,
          postTestOdds: post.posttestOdds,
        },
        figure: faganFigure(pre, lr, post.posttest, result),
        notes,
      };
    },
  };
}

const logit = (p: number) => Math.log(p / (1 - p));
const PROBABILITY_TICKS = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 0.998, 0.999];
const LR_TICKS = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];

/** Fagan's nomogram with the line through the current pre-test probability, LR and post-test probability. */
function faganFigure(pre: number, lr: number, post: number, result: "positive" | "negative"): Figure {
  const yPre = -logit(pre);
  const yLr = Math.log(lr) / 2;
  // logit(pre) + ln LR is logit(post) exactly; computed from the odds so an extreme post-test probability that rounds to 1 stays finite
  const yPost = logit(pre) + Math.log(lr);
  const tickLabel = (p: number) => `${Number((100 * p).toPrecision(3))}`;
  const axis = (x: number, ys: number[], texts: string[], side: "left" | "right", name: string) => [
    {
      type: "scatter",
      mode: "lines",
      name,
      x: [x, x],
      y: [Math.min(...ys), Math.max(...ys)],
      line: { color: palette.black, width: 1.5 },
      hoverinfo: "skip",
      showlegend: false,
    },
    {
      type: "scatter",
      mode: "markers+text",
      name: `${name} ticks`,
      x: ys.map(() => x),
      y: ys,
      text: texts,
      textposition: side === "left" ? "middle left" : "middle right",
      textfont: { size: 10 },
      marker: { symbol: "line-ew-open", size: 8, color: palette.black, line: { width: 1.5 } },
      hoverinfo: "skip",
      showlegend: false,
    },
  ];
  const bound = Math.max(7.5, Math.abs(yPre), Math.abs(yPost)) + 1.8; // room above the axes for their titles
  return {
    data: [
      ...axis(
        0,
        PROBABILITY_TICKS.map((p) => -logit(p)),
        PROBABILITY_TICKS.map(tickLabel),
        "left",
        "pre-test probability axis",
      ),
      ...axis(
        1,
        LR_TICKS.map((l) => Math.log(l) / 2),
        LR_TICKS.map(String),
        "right",
        "likelihood ratio axis",
      ),
      ...axis(
        2,
        PROBABILITY_TICKS.map((p) => logit(p)),
        PROBABILITY_TICKS.map(tickLabel),
        "right",
        "post-test probability axis",
      ),
      {
        type: "scatter",
        mode: "lines+markers",
        name: `${result} result`,
        x: [0, 1, 2],
        y: [yPre, yLr, yPost],
        line: { color: result === "positive" ? semanticColors.active : semanticColors.remission, width: 2.5 },
        marker: { size: 9 },
        text: [`pre-test ${pct(pre)}`, `LR ${num(lr)}`, `post-test ${pct(post)}`],
        hoverinfo: "text",
        showlegend: false,
      },
    ],
    layout: withBaseLayout({
      title: { text: `Fagan nomogram: ${pct(pre)} × LR ${num(lr)} → ${pct(post)}` },
      height: 420,
      uirevision: "post-test",
      showlegend: false,
      xaxis: { range: [-0.6, 2.6], showgrid: false, zeroline: false, showticklabels: false, fixedrange: true },
      yaxis: { range: [-bound, bound], showgrid: false, zeroline: false, showticklabels: false },
      annotations: [
        { x: 0, y: bound, xref: "x", yref: "y", text: "Pre-test<br>probability (%)", showarrow: false, yanchor: "top" },
        { x: 1, y: bound, xref: "x", yref: "y", text: "Likelihood<br>ratio", showarrow: false, yanchor: "top" },
        { x: 2, y: bound, xref: "x", yref: "y", text: "Post-test<br>probability (%)", showarrow: false, yanchor: "top" },
      ],
    }),
  };
}
