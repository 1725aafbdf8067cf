/**
 * Writes data/tour.csv: a small synthetic table for notebooks/00-tour.ipynb.
 * 60 patient-visits with a symptom score (PRO2-like, 0-9 scale) and fecal
 * calprotectin (ug/g), drawn from a seeded generator so the file is identical
 * on every run. The generating model: true inflammation T ~ Bernoulli(0.45);
 * log calprotectin ~ N(log 60, 0.6) when quiet, N(log 500, 0.7) when inflamed;
 * symptoms ~ round(N(2 + 3.2 T, 2)) clipped to 0-9, so symptoms track
 * inflammation only loosely (the chapter's point).
 */
import { createRng } from "../../src/core/random";

export function tourCsv(seed = 20261125): string {
  const rng = createRng(seed);
  const lines = ["patient_id,inflamed,symptom_score,calprotectin_ug_g"];
  for (let i = 1; i <= 60; i++) {
    const inflamed = rng.bernoulli(0.45) ? 1 : 0;
    const fcp = inflamed ? rng.lognormal(Math.log(500), 0.7) : rng.lognormal(Math.log(60), 0.6);
    const symptoms = Math.min(9, Math.max(0, Math.round(rng.normal(2 + 3.2 * inflamed, 2))));
    lines.push(`T${String(i).padStart(3, "0")},${inflamed},${symptoms},${Math.round(fcp)}`);
  }
  return `${lines.join("\n")}\n`;
}
