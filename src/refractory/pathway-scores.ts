/**
 * `pathwayScores(records)`: baseline TNF and IL-23/Th17 pathway scores per patient from the gene
 * expression of patient records (src/records `PatientRecord`, from `patientRecords`).
 */
import { InputError } from "../core/errors";
import { checkRecords } from "../records/check";
import type { PatientRecord } from "../records/types";
import { geneReference, IL23_TH17_GENE_SET, pathwayScore, TNF_GENE_SET } from "./pathway";

/**
 * Baseline pathway scores per patient: the first biopsy (earliest date of the record's gene
 * expression; a gene read twice that day: the later reading), each gene z-scored against all
 * patients' first biopsies ({@link geneReference}), then averaged over the TNF and IL-23/Th17 gene
 * sets ({@link pathwayScore}). A patient without gene expression, or whose first biopsy cannot be
 * scored (too few reference genes of a set), is left out. Keys in the records' order.
 *
 * @throws InputError when `records` is not an array of patient records (naming the record and field).
 * @example
 * const scores = pathwayScores(patientRecords(loadCohort("data/uc")));
 * scores.get("UC001") // { date: "2023-07-31", tnf: -0.69, il23: -0.93 }
 */
export function pathwayScores(records: readonly PatientRecord[]): Map<string, { date: string; tnf: number; il23: number }> {
  checkRecords(records, ["geneExpression"]);
  const first = new Map<string, { date: string; expr: Record<string, number> }>();
  for (const rec of records) {
    if (rec.geneExpression.length === 0) continue;
    let date = rec.geneExpression[0].date;
    for (const g of rec.geneExpression) if (g.date < date) date = g.date;
    const expr = new Map<string, number>();
    for (const g of rec.geneExpression) if (g.date === date) expr.set(g.gene, g.log2Expression);
    // fromEntries defines own properties, so a gene named like a prototype key stays data.
    first.set(rec.patientId, { date, expr: Object.fromEntries(expr) });
  }
  const out = new Map<string, { date: string; tnf: number; il23: number }>();
  if (first.size === 0) return out;
  const ref = geneReference([...first.values()].map((x) => x.expr));
  for (const [id, { date, expr }] of first) {
    try {
      out.set(id, {
        date,
        tnf: pathwayScore(expr, ref, TNF_GENE_SET).score,
        il23: pathwayScore(expr, ref, IL23_TH17_GENE_SET).score,
      });
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
    }
  }
  return out;
}
