/**
 * Pathway-level failure: is the drug at its target (occupancy), and is the
 * targeted pathway active in the mucosa (gene-set activity)?
 *
 * Pathway activity score = mean over the genes of a set of
 *   z_g = (x_g − mean_g) / sd_g
 * where x_g is the sample's expression (e.g. log2 normalised counts) and
 * mean_g, sd_g come from a reference (controls, or the cohort itself:
 * {@link geneReference}). Mean z-scores of a gene set are the simplest
 * single-sample score (cf. Lee E et al. 2008 PLoS Comput Biol 4:e1000217,
 * "z-score" method); there is no package for this in the project's stack.
 *
 * Gene sets (teaching sets, assembled for the chapter; *unverified* as a
 * validated signature):
 * - TNF-driven inflammation: TNF and its receptors TNFRSF1A/TNFRSF1B, and
 *   IL1B, IL6, OSM, the cytokines West et al. found up-regulated in inflamed
 *   IBD mucosa, with high pre-treatment OSM predicting anti-TNF failure
 *   (West NR et al. 2017, Nat Med 23:579, doi 10.1038/nm.4307).
 * - IL-23/Th17-driven inflammation: IL23A (p19), IL12B (p40), IL23R, the Th17
 *   transcription factor RORC and effector cytokines IL17A, IL17F, IL22
 *   (reviewed by Korta A et al. 2023, Int J Mol Sci 24:10172, doi
 *   10.3390/ijms241210172, and Abraham C & Cho J 2009, Inflamm Bowel Dis
 *   15:1090, author/page *unverified*; IL23R+ T cells expand in
 *   anti-TNF-resistant Crohn's disease: Schmitt H et al. 2019, Gut 68:814).
 *
 * Research only: mucosal gene-set scores are not validated for choosing a
 * therapy, and no guideline (ECCO, BSG, AGA) uses them; every result of
 * {@link pathwayFailure} says so in its `disclaimer` and its reasons.
 */
import { InputError } from "../core/errors";
import type { Reasoned } from "../core/result";
import { assertArray, assertFinite, assertInRange, assertObject, assertPositive, finiteOrThrow, optionsObject } from "../core/validate";
import { receptorOccupancy } from "../pk/occupancy";

/** The research-use notice carried by every {@link pathwayFailure} result. */
export const PATHWAY_RESEARCH_NOTICE =
  "Research only: gene-set activity scores are not validated for choosing therapy and no guideline uses them; the recommendation is a hypothesis to discuss, not a treatment choice.";

/** TNF-driven gene set (West 2017 Nat Med 23:579 for IL1B, IL6, OSM; TNF and its receptors). */
export const TNF_GENE_SET: readonly string[] = ["TNF", "TNFRSF1A", "TNFRSF1B", "IL1B", "IL6", "OSM"];
/** IL-23/Th17 gene set (Korta 2023 Int J Mol Sci 24:10172; Schmitt 2019 Gut 68:814). */
export const IL23_TH17_GENE_SET: readonly string[] = ["IL23A", "IL12B", "IL17A", "IL17F", "IL22", "RORC", "IL23R"];

/** Mean and SD of each gene in a reference population. */
export type GeneReference = Record<string, { mean: number; sd: number }>;

/**
 * Per-gene mean and sample SD (n − 1) across samples, for genes with at least
 * two finite values and SD > 0.
 * @example geneReference([{ TNF: 5 }, { TNF: 7 }]) // { TNF: { mean: 6, sd: 1.414 } }
 */
export function geneReference(samples: ReadonlyArray<Record<string, number>>): GeneReference {
  if (!Array.isArray(samples)) assertArray(samples, "samples");
  const acc = new Map<string, number[]>();
  samples.forEach((s, row) => {
    assertObject(s, `samples[${row}]`);
    for (const [g, v] of Object.entries(s)) {
      if (v === undefined || v === null) continue;
      assertFinite(v, `samples[${row}].${g}`, row + 1);
      const list = acc.get(g) ?? [];
      list.push(v);
      acc.set(g, list);
    }
  });
  const out: GeneReference = {};
  for (const [g, xs] of acc) {
    if (xs.length < 2) continue;
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
    if (sd > 0) out[g] = { mean: m, sd };
  }
  return out;
}

/** A gene-set score with the genes it used. */
export interface PathwayScore {
  score: number;
  genesUsed: string[];
  genesMissing: string[];
}

/**
 * Mean z-score of a gene set in one sample. Genes missing from the sample or
 * the reference are skipped and listed; fewer than `minGenes` present throws.
 * @example
 * const reference = { TNF: { mean: 5, sd: 1 }, IL6: { mean: 3, sd: 2 } };
 * pathwayScore({ TNF: 7, IL6: 3 }, reference, ["TNF", "IL6"]).score // 1 (z-scores 2 and 0)
 * pathwayScore({ TNF: 7 }, reference, ["TNF", "IL6"], { minGenes: 1 }).genesMissing // ["IL6"]
 */
export function pathwayScore(
  expression: Record<string, number>,
  reference: GeneReference,
  geneSet: readonly string[],
  options: { minGenes?: number } = {},
): PathwayScore {
  assertObject(expression, "expression");
  assertObject(reference, "reference");
  if (!Array.isArray(geneSet) || geneSet.length === 0 || geneSet.some((g) => typeof g !== "string"))
    throw new InputError({ field: "geneSet", value: geneSet, expected: "a non-empty array of gene symbols" });
  optionsObject(options);
  const minGenes = options.minGenes ?? Math.ceil(geneSet.length / 2);
  if (!Number.isInteger(minGenes) || minGenes < 1)
    throw new InputError({ field: "options.minGenes", value: minGenes, expected: "a whole number >= 1" });
  const used: string[] = [];
  const missing: string[] = [];
  let sum = 0;
  for (const g of geneSet) {
    const x = Object.hasOwn(expression, g) ? expression[g] : undefined;
    const ref = Object.hasOwn(reference, g) ? reference[g] : undefined;
    if (x === undefined || x === null || !ref) {
      missing.push(g);
      continue;
    }
    assertFinite(x, `expression.${g}`);
    assertObject(ref, `reference.${g}`);
    assertFinite(ref.mean, `reference.${g}.mean`);
    assertPositive(ref.sd, `reference.${g}.sd`);
    sum += (x - ref.mean) / ref.sd;
    used.push(g);
  }
  if (used.length < minGenes || used.length === 0) {
    throw new InputError({
      field: "expression",
      value: `${used.length} of ${geneSet.length} genes`,
      expected: `at least ${Math.max(1, minGenes)} genes of the set (missing: ${missing.join(", ")})`,
    });
  }
  return { score: finiteOrThrow(sum / used.length, "pathway score"), genesUsed: used, genesMissing: missing };
}

/** Input of {@link pathwayFailure}. */
export interface PathwayFailureInput {
  /** Drug concentration (trough), ug/mL. */
  troughUgMl: number;
  /** Dissociation constant in ug/mL (the chapter uses ~1 ug/mL; see src/pk/occupancy.ts on the choice). */
  kdUgMl: number;
  /** TNF gene-set score (mean z). */
  tnfScore: number;
  /** IL-23/Th17 gene-set score (mean z). */
  il23Score: number;
}

/** Options of {@link pathwayFailure}. Defaults are teaching values, not validated cut-offs. */
export interface PathwayFailureOptions {
  /** Occupancy at or above which the target counts as saturated. Default: 0.9 (the chapter's "over 90 %"). */
  highOccupancy?: number;
  /** TNF score below which TNF activity counts as low. Default: 0 (below the reference mean). */
  tnfLowBelow?: number;
  /** IL-23/Th17 score at or above which that pathway counts as high. Default: 0.5. */
  il23HighAtOrAbove?: number;
  /**
   * The TNF pathway also counts as "not the driver" when the IL-23/Th17 score
   * exceeds the TNF score by at least this margin (in reference SDs), even if
   * the TNF score is not below `tnfLowBelow`. The TNF set holds genes that rise
   * with any inflammation (IL1B, IL6, OSM), so in a heavily inflamed biopsy its
   * absolute score tracks the burden; the contrast does not. Default: 1.
   * `Infinity` switches the contrast off.
   */
  il23DominanceMargin?: number;
}

/** Result of {@link pathwayFailure}. */
export interface PathwayFailureResult extends Reasoned {
  /** {@link PATHWAY_RESEARCH_NOTICE}. */
  disclaimer: string;
  occupancy: number;
  verdict: "pathway-failure" | "pharmacokinetic-failure" | "tnf-active-despite-occupancy";
  recommendation: string;
}

/**
 * Tells pathway failure (target saturated, targeted pathway quiet) from
 * pharmacokinetic failure (target not saturated).
 * @example pathwayFailure({ troughUgMl: 12, kdUgMl: 1, tnfScore: -0.8, il23Score: 1.4 }).verdict // "pathway-failure"
 */
export function pathwayFailure(input: PathwayFailureInput, options: PathwayFailureOptions = {}): PathwayFailureResult {
  const r = pathwayVerdict(input, options);
  return { ...r, disclaimer: PATHWAY_RESEARCH_NOTICE, reasons: [...r.reasons, PATHWAY_RESEARCH_NOTICE] };
}

function pathwayVerdict(input: PathwayFailureInput, options: PathwayFailureOptions): Omit<PathwayFailureResult, "disclaimer"> {
  if (input === null || typeof input !== "object")
    throw new InputError({ field: "input", value: input, expected: "a PathwayFailureInput object" });
  if (options === null || typeof options !== "object")
    throw new InputError({ field: "options", value: options, expected: "a PathwayFailureOptions object" });
  const occ = receptorOccupancy(input.troughUgMl, input.kdUgMl);
  const hi = assertInRange(options.highOccupancy ?? 0.9, "highOccupancy", 0, 1);
  const tnfLow = assertFinite(options.tnfLowBelow ?? 0, "tnfLowBelow");
  const il23Hi = assertFinite(options.il23HighAtOrAbove ?? 0.5, "il23HighAtOrAbove");
  const margin = options.il23DominanceMargin ?? 1;
  if (typeof margin !== "number" || Number.isNaN(margin) || margin < 0) {
    throw new InputError({ field: "il23DominanceMargin", value: margin, expected: "a number >= 0 (Infinity switches the contrast off)" });
  }
  const tnf = assertFinite(input.tnfScore, "tnfScore");
  const il23 = assertFinite(input.il23Score, "il23Score");
  const thresholds: Record<string, number | string> = {
    highOccupancy: hi,
    tnfLowBelow: tnfLow,
    il23HighAtOrAbove: il23Hi,
    il23DominanceMargin: Number.isFinite(margin) ? margin : "off",
    kdUgMl: input.kdUgMl,
  };
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  const occReason = `Occupancy = C / (C + KD) = ${input.troughUgMl} / (${input.troughUgMl} + ${input.kdUgMl}) = ${pct(occ)} (threshold ${pct(hi)}).`;
  if (occ < hi) {
    return {
      occupancy: occ,
      verdict: "pharmacokinetic-failure",
      recommendation: "Target not saturated: a pharmacokinetic problem; optimise exposure (see tdmDecision) before judging the pathway.",
      reasons: [occReason, "The drug does not saturate its target, so failure may be pharmacokinetic rather than a wrong pathway."],
      thresholds,
    };
  }
  const dominated = il23 - tnf >= margin;
  if (tnf < tnfLow || dominated) {
    const il23Active = il23 >= il23Hi;
    return {
      occupancy: occ,
      verdict: "pathway-failure",
      recommendation: il23Active
        ? "Switch out of class to an IL-23-targeted drug (ustekinumab, risankizumab, mirikizumab): TNF is blocked and quiet while the IL-23/Th17 axis is active."
        : "Switch out of class: TNF is blocked and quiet; the active pathway is not IL-23/Th17 by this score, so choose the class on other grounds (e.g. anti-integrin, JAK inhibitor).",
      reasons: [
        occReason,
        tnf < tnfLow
          ? `TNF gene-set score ${tnf.toFixed(2)} < ${tnfLow}: TNF-driven inflammation is low although the drug saturates TNF.`
          : `IL-23/Th17 score ${il23.toFixed(2)} exceeds the TNF score ${tnf.toFixed(2)} by ${(il23 - tnf).toFixed(2)} >= ${margin}: TNF is not the dominant pathway.`,
        `IL-23/Th17 gene-set score ${il23.toFixed(2)} ${il23Active ? ">=" : "<"} ${il23Hi}.`,
        "More of the same anti-TNF would not help: the inflammation runs on another pathway.",
      ],
      thresholds,
    };
  }
  return {
    occupancy: occ,
    verdict: "tnf-active-despite-occupancy",
    recommendation:
      "TNF signalling stays high despite a saturating serum level: consider a tissue sink (high mucosal TNF burden) and dose intensification, or out-of-class therapy if that fails.",
    reasons: [
      occReason,
      `TNF gene-set score ${tnf.toFixed(2)} >= ${tnfLow} and not exceeded by the IL-23/Th17 score (${il23.toFixed(2)}) by ${margin} or more: TNF-driven inflammation is still active.`,
    ],
    thresholds,
  };
}
