/**
 * `check(problemId, answer)`: marks a learner's answer against the bank's
 * reference (computed by the toolkit) and explains the likely mistake. In a
 * notebook it also displays the verdict as escaped HTML; it never throws for a
 * wrong, blank or malformed answer, so a half-finished notebook still runs.
 * Only an unknown problem id (a typo in the notebook itself) throws.
 *
 * Hand-written: the mistakes are the chapter's, no package knows them.
 */
import { InputError } from "../core/errors";
import { assertArray, assertCount, assertNonNegative, assertObject, assertString, optionalString, optionsObject } from "../core/validate";
import { axisTitle, type Figure } from "../plot/figure";
import { semanticColors, withBaseLayout } from "../plot/palette";
import { type HtmlDisplay, showHtml } from "../plot/show";
import { escapeHtml } from "../plot/table";
import { EXERCISE_BANK, EXERCISE_IDS, type ExerciseGivens, type ExerciseId, type ProblemDefinition } from "./bank";
import type { CheckResult, ExerciseChapter, ExerciseMistake, ExerciseProblem, ExerciseTolerance } from "./types";

/** Answers that mean "not answered yet" (compared after trimming and lower-casing). */
const PLACEHOLDERS = new Set(["", "?", "??", "...", "…", "todo", "tbd", "your answer", "answer", "undefined", "null"]);

function definition(problemId: unknown): ProblemDefinition<unknown> {
  if (typeof problemId !== "string" || !Object.hasOwn(EXERCISE_BANK, problemId)) {
    throw new InputError({ field: "problemId", value: problemId, expected: `one of ${EXERCISE_IDS.join(", ")}` }, "unknown problem");
  }
  return EXERCISE_BANK[problemId as ExerciseId] as unknown as ProblemDefinition<unknown>;
}

/**
 * The problem as shown to the learner (no solver, no mistakes).
 * @example exerciseProblem("cdiff-posttest-1").tolerance // { absolute: 0.005 }
 */
export function exerciseProblem(problemId: string): ExerciseProblem {
  const d = definition(problemId);
  return {
    id: d.id,
    number: EXERCISE_IDS.indexOf(d.id as ExerciseId) + 1,
    chapter: d.chapter,
    title: d.title,
    vignette: d.vignette,
    task: d.task,
    answerKind: d.answerKind,
    ...(d.unit !== undefined ? { unit: d.unit } : {}),
    ...(d.choices ? { choices: [...d.choices] } : {}),
    ...(d.tolerance ? { tolerance: { ...d.tolerance } } : {}),
    toolkit: [...d.toolkit],
    takeaway: d.takeaway,
    sources: [...d.sources],
  };
}

/**
 * Every problem of the bank, in notebook order.
 * @example
 * exerciseProblems().length // 18
 * exerciseProblems().map((p) => p.id) // ["steroid-refractory-1", "steroid-dependent-1", "icc-1", ...]
 */
export function exerciseProblems(): ExerciseProblem[] {
  return EXERCISE_IDS.map((id) => exerciseProblem(id));
}

/**
 * A fresh copy of a problem's given data (changing it cannot change the bank).
 * @example exerciseGiven("occupancy-1").troughUgMl // 2.5
 */
export function exerciseGiven<K extends ExerciseId>(problemId: K): ExerciseGivens[K] {
  return structuredClone(definition(problemId).given) as ExerciseGivens[K];
}

/**
 * The reference answer, computed from the given data with the toolkit (for
 * educators and tests; the learner's notebook never needs it).
 * @example exerciseAnswer("stricture-radius-1") // 0.0123 = (4/12)⁴
 */
export function exerciseAnswer(problemId: string): number | string {
  const d = definition(problemId);
  return d.solve(structuredClone(d.given));
}

/**
 * Usual wrong answers of a problem with their hints (for educators and tests).
 * @example exerciseMistakes("occupancy-1")[0].value // 0.286 = KD / (C + KD)
 */
export function exerciseMistakes(problemId: string): ExerciseMistake[] {
  const d = definition(problemId);
  return d.mistakes(structuredClone(d.given));
}

/**
 * The accepted half-width around `expected`: max(absolute, relative·|expected|).
 * @example toleranceWidth({ relative: 0.05 }, 10) // 0.5
 */
export function toleranceWidth(tolerance: ExerciseTolerance | undefined, expected: number): number {
  const abs = assertNonNegative(tolerance?.absolute ?? 0, "tolerance.absolute");
  const rel = assertNonNegative(tolerance?.relative ?? 0, "tolerance.relative");
  return Math.max(abs, rel * Math.abs(expected));
}

function normaliseLabel(s: string): string {
  return s
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, "-");
}

function fmt(x: number): string {
  if (x === 0) return "0";
  const a = Math.abs(x);
  if (a >= 1e5 || a < 1e-3) return x.toExponential(3);
  return Number(x.toPrecision(4)).toString();
}

function describeTolerance(t: ExerciseTolerance | undefined, expected: number): string {
  const parts: string[] = [];
  if (t?.absolute) parts.push(`±${fmt(t.absolute)}`);
  if (t?.relative) parts.push(`±${fmt(100 * t.relative)} %`);
  if (!parts.length) return Number.isInteger(expected) ? "exact whole number" : "exact";
  return parts.join(" or ");
}

/** Options of {@link check}. */
export interface CheckOptions {
  /**
   * Where to show the verdict. Default: "auto", the notebook (tslab) when there
   * is one, silently nothing otherwise. `false`: never. Or an explicit target.
   */
  display?: "auto" | false | HtmlDisplay;
}

class ExerciseCheck implements CheckResult {
  problemId: string;
  status: CheckResult["status"];
  message: string;
  expected?: number | string;
  answer?: number | string;
  hints: string[];
  constructor(r: CheckResult) {
    this.problemId = r.problemId;
    this.status = r.status;
    this.message = r.message;
    if (r.expected !== undefined) this.expected = r.expected;
    if (r.answer !== undefined) this.answer = r.answer;
    this.hints = r.hints;
  }
  /** One line in a notebook's text output (the expected answer is not printed). */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return `${this.problemId}: ${this.status}`;
  }
  toString(): string {
    return `${this.problemId}: ${this.status}. ${this.message}`;
  }
}

function mark(d: ProblemDefinition<unknown>, answer: unknown): CheckResult {
  const id = d.id;
  const approach = `Toolkit: ${d.toolkit.join(", ")}.`;
  const isPlaceholder =
    answer === undefined || answer === null || (typeof answer === "string" && PLACEHOLDERS.has(answer.trim().toLowerCase()));
  if (isPlaceholder) {
    const form = d.answerKind === "label" ? `one of: ${(d.choices ?? []).join(", ")}` : `a number (${d.unit ?? "no unit"})`;
    return { problemId: id, status: "unanswered", message: `Not yet answered: replace undefined with ${form}.`, hints: [approach] };
  }
  const expected = d.solve(structuredClone(d.given));
  const mistakes = d.mistakes(structuredClone(d.given));

  if (d.answerKind === "label") {
    if (typeof answer !== "string") {
      return {
        problemId: id,
        status: "incorrect",
        message: `Expected a label (a string), got ${typeof answer}.`,
        expected,
        hints: [`Answer with one of: ${(d.choices ?? []).join(", ")}.`, approach],
      };
    }
    const given = normaliseLabel(answer);
    if (given === expected) {
      return { problemId: id, status: "correct", message: `Correct: ${expected}. ${d.takeaway}`, expected, answer: given, hints: [] };
    }
    const hints: string[] = [];
    const known = (d.choices ?? []).includes(given);
    const m = mistakes.find((x) => x.value === given);
    if (m) hints.push(m.hint);
    else if (!known) hints.push(`"${answer}" is not one of the labels: ${(d.choices ?? []).join(", ")}.`);
    else hints.push(`Not ${given}. Go through the rule step by step with the given data.`);
    hints.push(approach);
    return { problemId: id, status: "incorrect", message: `Not yet: ${hints[0]}`, expected, answer: given, hints };
  }

  // numeric answer
  let value: number;
  if (typeof answer === "number") value = answer;
  else if (typeof answer === "string" && answer.trim() !== "" && Number.isFinite(Number(answer.trim()))) value = Number(answer.trim());
  else {
    return {
      problemId: id,
      status: "incorrect",
      message: `Expected a number (${d.unit ?? "no unit"}), got ${typeof answer === "string" ? JSON.stringify(answer) : typeof answer}.`,
      expected,
      hints: [approach],
    };
  }
  if (!Number.isFinite(value)) {
    return {
      problemId: id,
      status: "incorrect",
      message: `Your answer is ${String(value)}, not a finite number: check the calculation for a division by zero or a missing value.`,
      expected,
      // kept as text ("NaN", "Infinity"): a result never carries a non-finite number
      answer: String(value),
      hints: [approach],
    };
  }
  const exp = expected as number;
  const width = toleranceWidth(d.tolerance, exp);
  const tol = describeTolerance(d.tolerance, exp);
  if (Math.abs(value - exp) <= width) {
    return {
      problemId: id,
      status: "correct",
      message: `Correct: ${fmt(exp)} (accepted ${tol}). ${d.takeaway}`,
      expected: exp,
      answer: value,
      hints: [],
    };
  }
  const hints: string[] = [];
  // the nearest recognised mistake within max(tolerance, 2 %) of the answer
  let best: { m: ExerciseMistake; dist: number } | undefined;
  for (const m of mistakes) {
    if (typeof m.value !== "number" || !Number.isFinite(m.value)) continue;
    const dist = Math.abs(value - m.value);
    const w = Math.max(toleranceWidth(d.tolerance, m.value), 0.02 * Math.abs(m.value), 1e-12);
    if (dist <= w && (!best || dist < best.dist)) best = { m, dist };
  }
  if (best) hints.push(best.m.hint);
  const fraction = d.unit?.includes("fraction") && exp >= 0 && exp <= 1;
  if (!best && fraction && Math.abs(value / 100 - exp) <= width) {
    hints.push(`${fmt(value)} looks like a percentage: give the answer as a fraction between 0 and 1.`);
  } else if (!best && fraction && (value < 0 || value > 1)) {
    hints.push(`${fmt(value)} is outside [0, 1]; a probability or a fraction cannot be.`);
  }
  const rel = exp !== 0 ? (value - exp) / Math.abs(exp) : Number.NaN;
  const off = Number.isFinite(rel)
    ? `Your answer is ${fmt(Math.abs(100 * rel))} % ${value > exp ? "too high" : "too low"} (accepted ${tol}).`
    : `Your answer is ${fmt(Math.abs(value - exp))} ${value > exp ? "too high" : "too low"} (accepted ${tol}).`;
  hints.push(off, approach);
  return { problemId: id, status: "incorrect", message: `Not yet: ${hints[0]}`, expected: exp, answer: value, hints };
}

/**
 * HTML card for one verdict; every piece of text is escaped.
 * @example
 * const html = checkResultHtml(check("occupancy-1", 0.2, { display: false }));
 * html.includes('data-status="incorrect"') // true (in a notebook: showHtml(html))
 */
export function checkResultHtml(result: CheckResult): string {
  const colour =
    result.status === "correct"
      ? semanticColors.remission
      : result.status === "incorrect"
        ? semanticColors.active
        : semanticColors.indeterminate;
  const badge = result.status === "correct" ? "✓ correct" : result.status === "incorrect" ? "✗ not yet" : "… not yet answered";
  const extra = result.hints.slice(result.status === "incorrect" ? 1 : 0);
  const list = extra.length ? `<ul style="margin:4px 0 0 0">${extra.map((h) => `<li>${escapeHtml(h)}</li>`).join("")}</ul>` : "";
  return (
    `<div class="ibd-check" data-status="${escapeHtml(result.status)}" style="border-left:4px solid ${colour};padding:6px 10px;margin:4px 0">` +
    `<strong>${escapeHtml(result.problemId)}: ${escapeHtml(badge)}</strong><div>${escapeHtml(result.message)}</div>${list}</div>`
  );
}

function display(html: string, target: CheckOptions["display"]): void {
  if (target === false) return;
  if (target === undefined || target === "auto") {
    try {
      showHtml(html);
    } catch {
      // not inside a notebook kernel: nothing to display, the result is returned anyway
    }
    return;
  }
  showHtml(html, { target });
}

/**
 * Marks an answer. Never throws for the answer itself (blank, malformed or
 * wrong answers are results); throws {@link InputError} for an unknown problem id.
 * @example
 * check("occupancy-1", 0.714).status // "correct"
 * // A wrong answer that matches a known mistake gets the hint for that mistake first
 * check("occupancy-1", 0.286).hints[0] // "You computed KD / (C + KD), the fraction still free. Occupancy is C / (C + KD)."
 */
export function check(problemId: string, answer: unknown, opts?: CheckOptions): CheckResult {
  const d = definition(problemId);
  const options = optionsObject(opts);
  let result: CheckResult;
  try {
    result = mark(d, answer);
  } catch (e) {
    // a learner's odd answer must not break the notebook; report it instead
    result = {
      problemId: d.id,
      status: "incorrect",
      message: `Could not read the answer: ${(e as Error).message}`,
      hints: [`Toolkit: ${d.toolkit.join(", ")}.`],
    };
  }
  const out = new ExerciseCheck(result);
  display(checkResultHtml(out), options.display);
  return out;
}

/** Result of {@link checkAll}. */
export interface CheckSummary {
  results: CheckResult[];
  total: number;
  correct: number;
  incorrect: number;
  unanswered: number;
  /** Counts per chapter, in bank order. */
  byChapter: Array<{ chapter: ExerciseChapter; correct: number; incorrect: number; unanswered: number }>;
}

/**
 * Checks many answers at once (keys are problem ids; a problem missing from
 * `answers` counts as unanswered). Displays one summary table unless `display: false`.
 * @example checkAll({ "occupancy-1": 0.714 }, { display: false }).correct // 1
 */
export function checkAll(answers: Readonly<Record<string, unknown>>, opts?: CheckOptions): CheckSummary {
  const given = assertObject<Readonly<Record<string, unknown>>>(answers, "answers");
  const options = optionsObject(opts);
  for (const key of Object.keys(given)) definition(key);
  const results = EXERCISE_IDS.map((id) => check(id, Object.hasOwn(given, id) ? given[id] : undefined, { display: false }));
  const chapters: ExerciseChapter[] = [];
  for (const id of EXERCISE_IDS) if (!chapters.includes(EXERCISE_BANK[id].chapter)) chapters.push(EXERCISE_BANK[id].chapter);
  const byChapter = chapters.map((chapter) => {
    const rs = results.filter((r) => EXERCISE_BANK[r.problemId as ExerciseId].chapter === chapter);
    return {
      chapter,
      correct: rs.filter((r) => r.status === "correct").length,
      incorrect: rs.filter((r) => r.status === "incorrect").length,
      unanswered: rs.filter((r) => r.status === "unanswered").length,
    };
  });
  const summary: CheckSummary = {
    results,
    total: results.length,
    correct: results.filter((r) => r.status === "correct").length,
    incorrect: results.filter((r) => r.status === "incorrect").length,
    unanswered: results.filter((r) => r.status === "unanswered").length,
    byChapter,
  };
  const rows = results
    .map(
      (r) =>
        `<tr><td>${escapeHtml(r.problemId)}</td><td>${escapeHtml(r.status)}</td><td>${escapeHtml(r.status === "incorrect" ? r.message : "")}</td></tr>`,
    )
    .join("");
  display(
    `<p><strong>${summary.correct} of ${summary.total} correct</strong>, ${summary.incorrect} not yet right, ${summary.unanswered} not yet answered.</p>` +
      `<table class="ibd-table"><thead><tr><th>problem</th><th>status</th><th>hint</th></tr></thead><tbody>${rows}</tbody></table>`,
    options.display,
  );
  return summary;
}

/**
 * Stacked bars of correct / not yet right / not yet answered per chapter.
 * @example
 * const summary = checkAll({ "occupancy-1": 0.714, "quadrant-1": "silent-inflammation" }, { display: false });
 * summary.correct // 1 (occupancy right, the quadrant call wrong)
 * const fig = checkSummaryFigure(summary);
 * fig.data[0].name // "correct"
 * fig.data[0].x // ["refractory", "measurement", "discordance", "mimics", "pk", "stricture"]
 */
export function checkSummaryFigure(summary: CheckSummary, options?: { title?: string }): Figure {
  const s = assertObject<CheckSummary>(summary, "summary");
  const total = assertCount(s.total, "summary.total", 0, EXERCISE_IDS.length * 1000);
  const correct = assertCount(s.correct, "summary.correct", 0, total);
  const chapters = assertArray<unknown>(s.byChapter, "summary.byChapter");
  const byChapter = Array.from(chapters, (c, i) => {
    const r = assertObject<CheckSummary["byChapter"][number]>(c, `summary.byChapter[${i}]`);
    assertString(r.chapter, `summary.byChapter[${i}].chapter`);
    for (const k of ["correct", "incorrect", "unanswered"] as const) assertCount(r[k], `summary.byChapter[${i}].${k}`, 0, total);
    return r;
  });
  const title = optionalString(optionsObject(options).title, "title");
  const x = byChapter.map((c) => c.chapter);
  const bar = (name: string, key: "correct" | "incorrect" | "unanswered", color: string) => ({
    type: "bar",
    name,
    x,
    y: byChapter.map((c) => c[key]),
    marker: { color },
  });
  return {
    data: [
      bar("correct", "correct", semanticColors.remission),
      bar("not yet right", "incorrect", semanticColors.active),
      bar("not yet answered", "unanswered", semanticColors.indeterminate),
    ],
    layout: withBaseLayout({
      title: { text: title ?? `Hands-on problems: ${correct} of ${total} correct` },
      barmode: "stack",
      xaxis: { title: axisTitle("Chapter module") },
      yaxis: { title: axisTitle("Problems", "count"), dtick: 1 },
    }),
  };
}

/**
 * HTML card of a problem: vignette, given data, task, tolerance, toolkit hints. Every piece of text is escaped.
 * @example
 * problemHtml("tdm-1").startsWith('<div class="ibd-problem"') // true (in a notebook: showHtml(problemHtml("tdm-1")))
 */
export function problemHtml(problemId: string): string {
  const p = exerciseProblem(problemId);
  const given = definition(problemId).given as Record<string, unknown>;
  const rows = Object.entries(given)
    .map(
      ([k, v]) =>
        `<tr><td style="text-align:left;vertical-align:top"><code>${escapeHtml(k)}</code></td>` +
        `<td style="text-align:left"><code>${escapeHtml(compactJson(v))}</code></td></tr>`,
    )
    .join("");
  const choices = p.choices ? `<div><em>Choices:</em> ${p.choices.map((c) => `<code>${escapeHtml(c)}</code>`).join(", ")}</div>` : "";
  const tol =
    p.answerKind === "number"
      ? `<div><em>Accepted:</em> ${escapeHtml(describeTolerance(p.tolerance, Number(exerciseAnswer(problemId))))}</div>`
      : "";
  return (
    `<div class="ibd-problem" style="border:1px solid #ddd;padding:8px 12px;margin:6px 0">` +
    `<div><strong>Problem ${p.number} · ${escapeHtml(p.title)}</strong> <small>(${escapeHtml(p.id)}, ${escapeHtml(p.chapter)})</small></div>` +
    `<p>${escapeHtml(p.vignette)}</p>` +
    `<div><em>Given</em> (<code>exerciseGiven(${escapeHtml(JSON.stringify(p.id))})</code>):</div>` +
    `<table class="ibd-table"><tbody>${rows}</tbody></table>` +
    `<p><strong>Task:</strong> ${escapeHtml(p.task)}</p>${choices}${tol}` +
    `<div><em>Toolkit:</em> ${p.toolkit.map((t) => `<code>${escapeHtml(t)}</code>`).join(", ")}</div></div>`
  );
}

/** JSON on one line with a space after every comma and colon, so that long values wrap. */
function compactJson(v: unknown): string {
  const s = JSON.stringify(v, null, 1);
  return s === undefined ? String(v) : s.replace(/\n\s*/g, " ");
}

/**
 * Displays a problem card in the notebook (see {@link problemHtml}).
 * @example
 * // In a notebook: showProblem("quadrant-1"). Here the HTML goes to a stand-in for tslab's display.
 * const sent: string[] = [];
 * showProblem("quadrant-1", { target: { display: { html: (h: string) => sent.push(h) } } });
 * sent.length // 1
 * sent[0].includes("Miserable, with a pristine mucosa") // true
 */
export function showProblem(problemId: string, options?: { target?: HtmlDisplay }): void {
  showHtml(problemHtml(problemId), optionsObject(options));
}
