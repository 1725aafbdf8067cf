/**
 * Brute force for the solver tests: the posterior probability of reaching a target trough for each
 * candidate of a grid, from forecastTroughs with the same seed and draws as the solver uses; and the
 * adalimumab and vedolizumab fits both the dose and the interval solvers are checked on.
 */
import { type CandidateRegimen, forecastTroughs, type MapResult, mapEstimate } from "../../src/pk/bayes";
import { ADALIMUMAB_TERNANT_2015, VEDOLIZUMAB_ROSARIO_2015 } from "../../src/pk/models";
import { repeatedRegimen } from "../../src/pk/regimen";

/** Adalimumab 160/80 mg then 40 mg every other week, one trough of 2 ug/mL at day 97.9 (Ternant 2015, 70 kg). */
export function adalimumabFit(): MapResult {
  const ada = repeatedRegimen({
    route: "sc",
    amountMg: 40,
    intervalDays: 14,
    count: 6,
    startDays: 28,
    loading: [
      { timeDays: 0, amountMg: 160, route: "sc" },
      { timeDays: 14, amountMg: 80, route: "sc" },
    ],
  });
  return mapEstimate(ADALIMUMAB_TERNANT_2015, ada, [{ timeDays: 97.9, concentrationUgMl: 2 }], { weightKg: 70 });
}

/** Probability at target of each candidate, forecastTroughs in chunks of at most 100 candidates. */
export function probabilities(
  f: MapResult,
  cands: CandidateRegimen[],
  startDays: number,
  target: number,
  nDraws: number,
  seed: number,
): number[] {
  const out: number[] = [];
  for (let i = 0; i < cands.length; i += 100) {
    const chunk = forecastTroughs(f, cands.slice(i, i + 100), { startDays, targetTroughUgMl: target, nDraws, seed });
    for (const c of chunk) out.push(c.probabilityAtTarget as number);
  }
  return out;
}

/** Vedolizumab 300 mg at weeks 0, 2 and 6, then every 8 weeks (3 doses from day 42), one level of 8 ug/mL at day 153.9 (Rosario 2015, 70 kg). */
export function vedolizumabFit(): MapResult {
  const vdz = repeatedRegimen({
    route: "iv",
    amountMg: 300,
    intervalDays: 56,
    count: 3,
    startDays: 42,
    loading: [
      { timeDays: 0, amountMg: 300, route: "iv" },
      { timeDays: 14, amountMg: 300, route: "iv" },
    ],
  });
  return mapEstimate(VEDOLIZUMAB_ROSARIO_2015, vdz, [{ timeDays: 153.9, concentrationUgMl: 8 }], { weightKg: 70, albuminGdl: 3.5 });
}
