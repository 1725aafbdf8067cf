/**
 * Shared input handling for binary outcomes (case = 1/true, control = 0/false)
 * paired with numeric scores: used by `roc` and the accuracy helpers.
 */
import { InputError } from "../core/errors";
import { type NumericColumn, toFloat64 } from "../core/input";

/** Labels: booleans or 0/1 numbers, as a plain array, typed array or danfojs Series. */
export type LabelColumn = ArrayLike<boolean | number | null | undefined> | { values: ArrayLike<unknown> };

/** How missing scores or labels are treated. */
export type MissingPolicy = "error" | "drop";

function rawValues(input: unknown): ArrayLike<unknown> {
  if (typeof input === "object" && input !== null && "values" in input && !Array.isArray(input) && !ArrayBuffer.isView(input)) {
    return (input as { values: ArrayLike<unknown> }).values;
  }
  return input as ArrayLike<unknown>;
}

function isMissing(v: unknown): boolean {
  return v === null || v === undefined || v === "" || (typeof v === "number" && Number.isNaN(v));
}

/**
 * Converts scores and labels into aligned typed arrays. Rows with a missing
 * score or label throw unless `missing: "drop"`; the indices of kept rows are
 * returned so that two ROC curves can be checked for pairing.
 */
export function scoresAndLabels(
  scoresIn: NumericColumn,
  labelsIn: LabelColumn,
  missing: MissingPolicy,
): { scores: Float64Array; labels: Uint8Array; keptRows: Int32Array | null; dropped: number } {
  const scoresAll = toFloat64(scoresIn, "scores", { allowMissing: missing === "drop" });
  const lab = rawValues(labelsIn);
  if (lab === null || lab === undefined || typeof lab.length !== "number") {
    throw new InputError({ field: "labels", value: labelsIn, expected: "an array of 0/1 or true/false" });
  }
  if (lab.length !== scoresAll.length) {
    throw new InputError({ field: "labels", value: `${lab.length} labels`, expected: `${scoresAll.length} labels, one per score` });
  }
  const n = scoresAll.length;
  const labelsAll = new Uint8Array(n);
  const keep = new Uint8Array(n);
  let kept = 0;
  for (let i = 0; i < n; i++) {
    const v = lab[i];
    let ok = true;
    if (v === true || v === 1) labelsAll[i] = 1;
    else if (v === false || v === 0) labelsAll[i] = 0;
    else if (missing === "drop" && isMissing(v)) ok = false;
    else {
      throw new InputError({
        field: `labels[${i}]`,
        value: v,
        expected: missing === "drop" ? "0/1, true/false or a missing value" : "0/1 or true/false",
      });
    }
    if (ok && Number.isNaN(scoresAll[i])) ok = false;
    keep[i] = ok ? 1 : 0;
    if (ok) kept++;
  }
  if (kept === n) return { scores: scoresAll, labels: labelsAll, keptRows: null, dropped: 0 };
  const scores = new Float64Array(kept);
  const labels = new Uint8Array(kept);
  const keptRows = new Int32Array(kept);
  let k = 0;
  for (let i = 0; i < n; i++) {
    if (keep[i]) {
      scores[k] = scoresAll[i];
      labels[k] = labelsAll[i];
      keptRows[k] = i;
      k++;
    }
  }
  return { scores, labels, keptRows, dropped: n - kept };
}
