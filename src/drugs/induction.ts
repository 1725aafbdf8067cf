/**
 * How long induction lasts before primary (non-)response can be judged, per
 * drug and per disease, with the extended induction the label allows.
 *
 * The chapter gives "8-14 weeks"; the figure is drug- and disease-specific.
 * Sources are the EU summaries of product characteristics (SmPC, section 4.2,
 * which says when to stop in a patient without therapeutic benefit), read in
 * the SmPC text or the manufacturer's dosing summary of it; `verified: false`
 * marks a value that could not be checked against the label text here.
 * The date each source was checked, and how, is in docs/clinical-rules.md.
 *
 * Hand-written: a table of label facts; no package holds them.
 */
import { InputError } from "../core/errors";
import { drugClassOf } from "./classes";
import type { AdvancedDrug, Disease } from "./types";

/** One drug in one disease. */
export interface InductionRule {
  /** Weeks from the first dose at which response to standard induction is judged. */
  weeks: number;
  /** Weeks at which response is judged when the label's extended induction is used; absent when the label has none. */
  extendedWeeks?: number;
  /** Licensed for this disease in the EU. An unlicensed entry keeps the nearest trial or label figure. */
  licensed: boolean;
  /** The source and what it says. */
  source: string;
  /** Whether the figure was checked against the source's text. */
  verified: boolean;
}

const NOT_LICENSED = (drug: string, disease: Disease, weeks: number, basis: string): InductionRule => ({
  weeks,
  licensed: false,
  source: `${drug} is not licensed for ${disease === "UC" ? "ulcerative colitis" : "Crohn's disease"} in the EU; ${basis}`,
  verified: false,
});

/** Induction length per drug and disease (SmPC section 4.2 unless stated). */
export const INDUCTION: Readonly<Record<AdvancedDrug, Readonly<Record<Disease, InductionRule>>>> = {
  infliximab: {
    UC: {
      weeks: 14,
      licensed: true,
      source:
        "Remicade SmPC 4.2 (UC): clinical response is usually achieved within 14 weeks (three doses); reconsider therapy without benefit by then.",
      verified: true,
    },
    CD: {
      weeks: 14,
      licensed: true,
      source:
        "Remicade SmPC 4.2 (CD): 5 mg/kg at weeks 0 and 2 (then 6); no further infliximab in a patient not responding after 2 doses, i.e. within 6 weeks of the first infusion. The label's week 6 is its earliest stopping point; response is judged here at week 14, before the first maintenance dose, as PANTS did for primary non-response (Kennedy 2019, Lancet Gastroenterol Hepatol 4:341), so that non-response is not called early.",
      verified: true,
    },
  },
  adalimumab: {
    UC: {
      weeks: 8,
      licensed: true,
      source:
        "Humira SmPC 4.2 (UC): clinical response is usually achieved within 2-8 weeks; do not continue in patients failing to respond by then.",
      verified: true,
    },
    CD: {
      weeks: 12,
      licensed: true,
      source:
        "Humira SmPC 4.2 (CD): some patients not responding by week 4 benefit from continued therapy through week 12; reconsider in a patient not responding by then.",
      verified: true,
    },
  },
  golimumab: {
    UC: {
      weeks: 14,
      licensed: true,
      source:
        "Simponi SmPC 4.2 (UC): clinical response is usually achieved within 12-14 weeks (after 4 doses); reconsider without benefit by then.",
      verified: true,
    },
    CD: NOT_LICENSED("Golimumab", "CD", 14, "the UC figure is kept."),
  },
  certolizumab: {
    UC: NOT_LICENSED("Certolizumab pegol", "UC", 12, "the CD figure is kept."),
    CD: NOT_LICENSED(
      "Certolizumab pegol",
      "CD",
      12,
      "US label: 400 mg at weeks 0, 2 and 4, then every 4 weeks in responders; PRECiSE 2 judged induction response at week 6 (Schreiber 2007, NEJM 357:239). 12 weeks is this toolkit's conservative choice, not a label figure.",
    ),
  },
  vedolizumab: {
    UC: {
      weeks: 10,
      licensed: true,
      source: "Entyvio SmPC 4.2 (UC, IV): discontinue if no evidence of therapeutic benefit is observed by week 10.",
      verified: true,
    },
    CD: {
      weeks: 14,
      licensed: true,
      source:
        "Entyvio SmPC 4.2 (CD, IV): non-responders may receive a dose at week 10; discontinue if no evidence of therapeutic benefit is observed by week 14.",
      verified: true,
    },
  },
  ustekinumab: {
    UC: {
      weeks: 16,
      licensed: true,
      source: "Stelara SmPC 4.2 (UC): consider discontinuing without therapeutic benefit 16 weeks after the IV induction dose.",
      verified: true,
    },
    CD: {
      weeks: 16,
      licensed: true,
      source: "Stelara SmPC 4.2 (CD): consider discontinuing without therapeutic benefit 16 weeks after the IV induction dose.",
      verified: true,
    },
  },
  risankizumab: {
    UC: {
      weeks: 12,
      licensed: true,
      source:
        "Skyrizi SmPC 4.2 (UC): 1200 mg IV at weeks 0, 4 and 8; SC maintenance from week 12. Whether the UC section has a stopping week (the CD section's is week 24) could not be checked against the label text; week 12 is the end of IV induction.",
      verified: false,
    },
    CD: {
      weeks: 24,
      licensed: true,
      source:
        "Skyrizi SmPC 4.2 (CD): 600 mg IV at weeks 0, 4 and 8, 360 mg SC from week 12 every 8 weeks; consider discontinuing in patients who have shown no evidence of therapeutic benefit by week 24.",
      verified: true,
    },
  },
  mirikizumab: {
    UC: {
      weeks: 12,
      extendedWeeks: 24,
      licensed: true,
      source:
        "Omvoh SmPC 4.2 (UC): IV induction at weeks 0, 4 and 8; without adequate benefit at week 12, extended induction at weeks 12, 16 and 20; discontinue without benefit by week 24.",
      verified: true,
    },
    CD: {
      weeks: 12,
      licensed: true,
      source:
        "Omvoh SmPC 4.2 (CD): 900 mg IV at weeks 0, 4 and 8; 300 mg SC maintenance from week 12 (VIVID-1). A stopping week could not be checked against the label text; week 12 is the end of IV induction.",
      verified: false,
    },
  },
  tofacitinib: {
    UC: {
      weeks: 8,
      extendedWeeks: 16,
      licensed: true,
      source:
        "Xeljanz SmPC 4.2 (UC): 10 mg twice daily for 8 weeks, extendable by 8 weeks; discontinue without therapeutic benefit by week 16.",
      verified: true,
    },
    CD: NOT_LICENSED("Tofacitinib", "CD", 8, "the UC figure is kept."),
  },
  upadacitinib: {
    UC: {
      weeks: 8,
      extendedWeeks: 16,
      licensed: true,
      source:
        "Rinvoq SmPC 4.2 (UC): 45 mg once daily for 8 weeks, extendable by 8 weeks; discontinue without therapeutic benefit by week 16.",
      verified: true,
    },
    CD: {
      weeks: 12,
      extendedWeeks: 24,
      licensed: true,
      source:
        "Rinvoq SmPC 4.2 (CD): 45 mg once daily for 12 weeks; without adequate benefit, 30 mg once daily, discontinued without therapeutic benefit after 24 weeks of treatment.",
      verified: true,
    },
  },
  ozanimod: {
    UC: {
      weeks: 10,
      licensed: true,
      source:
        "Zeposia SmPC 4.2 (UC) gives the dose (0.92 mg once daily after a 7-day escalation) but no stopping week; 10 weeks is the induction period of the True North trial on which the UC licence rests (Sandborn 2021, NEJM 385:1280).",
      verified: true,
    },
    CD: NOT_LICENSED("Ozanimod", "CD", 10, "the UC figure is kept."),
  },
};

/** Options of {@link inductionWeeks}. */
export interface InductionOptions {
  /** The label's extended induction is being used. Default: false. */
  extended?: boolean;
}

/** Result of {@link inductionWeeks}. */
export interface InductionWeeks {
  /** Week from the first dose at which response is judged. */
  weeks: number;
  /** The disease the figure is for; undefined when the disease was not given. */
  disease?: Disease;
  /** Whether the extended-induction figure was used. */
  extended: boolean;
  /** Plain sentence: which figure, and why. */
  reason: string;
  /** The label text or other source behind the figure. */
  source: string;
}

/**
 * The week at which response to a drug's induction is judged, for a disease,
 * with or without the label's extended induction. Without a disease, the
 * longer of the two figures is used, so that non-response is never called early.
 * @example inductionWeeks("upadacitinib", "CD").weeks // 12
 * @example inductionWeeks("upadacitinib", "UC", { extended: true }).weeks // 16
 */
export function inductionWeeks(drug: AdvancedDrug, disease?: Disease, options: InductionOptions = {}): InductionWeeks {
  drugClassOf(drug, "drug");
  if (disease !== undefined && disease !== "UC" && disease !== "CD")
    throw new InputError({ field: "disease", value: disease, expected: '"UC", "CD" or absent' });
  if (options === null || typeof options !== "object")
    throw new InputError({ field: "options", value: options, expected: "an options object" });
  const extended = options.extended ?? false;
  if (typeof extended !== "boolean") throw new InputError({ field: "options.extended", value: extended, expected: "true or false" });
  const rows = INDUCTION[drug];
  const pick = (d: Disease): { rule: InductionRule; weeks: number; ext: boolean } => {
    const rule = rows[d];
    const ext = extended && rule.extendedWeeks !== undefined;
    return { rule, weeks: ext ? (rule.extendedWeeks as number) : rule.weeks, ext };
  };
  if (disease === undefined) {
    const uc = pick("UC");
    const cd = pick("CD");
    const longer = cd.weeks > uc.weeks ? cd : uc;
    return {
      weeks: longer.weeks,
      extended: longer.ext,
      reason: `Disease not given: ${drug}'s longer induction (${longer.weeks} weeks${uc.weeks === cd.weeks ? ", the same in UC and CD" : `; UC ${uc.weeks}, CD ${cd.weeks}`}) is used, so non-response is not called early.`,
      source: longer.rule.source,
    };
  }
  const p = pick(disease);
  const notes: string[] = [];
  if (extended && !p.ext) notes.push(`the ${drug} label has no extended induction in ${disease}, so the standard figure is used`);
  if (!p.rule.licensed) notes.push(`${drug} is not licensed for ${disease} in the EU`);
  return {
    weeks: p.weeks,
    disease,
    extended: p.ext,
    reason: `${drug} in ${disease}: response judged at week ${p.weeks}${p.ext ? " (extended induction)" : ""}${notes.length ? `; ${notes.join("; ")}` : ""}.`,
    source: p.rule.source,
  };
}
