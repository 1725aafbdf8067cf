/**
 * Acute severe ulcerative colitis (ASUC) on IV steroids: the day-3 assessment
 * and the path to rescue therapy or colectomy. A research and teaching tool:
 * it restates published predictors and guideline steps, it does not make
 * clinical decisions.
 *
 * Predictors (all assessed on day 3 of IV corticosteroids):
 * - Travis / Oxford criteria: stool frequency > 8/day, or 3-8/day with CRP
 *   > 45 mg/L, predicts colectomy in ~85 % (Travis SPL et al. 1996, Gut 38:905).
 *   The abstract says "between three and eight"; we read it as 3 <= stools <= 8.
 * - Ho (Edinburgh) index: mean stool frequency over days 1-3 (< 4: 0; 4-6: 1;
 *   > 6-9: 2; > 9: 4 points), colonic dilatation >= 5.5 cm (4 points), albumin
 *   < 30 g/L on admission (1 point); 0-1, 2-3 and >= 4 points gave medical-
 *   therapy failure in 11 %, 43 % and 85 % (Ho GT et al. 2004, Aliment
 *   Pharmacol Ther 19:1079). The published bands overlap at 6 stools; we put
 *   exactly 6 in the 1-point band.
 * - Lindgren index: stools/day + 0.14 × CRP (mg/L) > 8 predicts failure in
 *   ~72 % (Lindgren SC et al. 1998, Eur J Gastroenterol Hepatol 10:831; as
 *   tabulated in the BSG 2019 guideline, Lamb et al., Gut 68:s1, Table 5).
 * Management steps: BSG 2019 (Lamb et al., Gut 68:s1) and ECCO 2017 (Harbord
 * et al., J Crohns Colitis 11:769): stool C. difficile testing and flexible
 * sigmoidoscopy with biopsies (CMV) on admission; joint medical-surgical care
 * from admission; rescue therapy with infliximab or ciclosporin when the day-3
 * assessment predicts failure; colectomy if no response to rescue in 4-7 days,
 * or at once for toxic megacolon, perforation or massive haemorrhage.
 *
 * Infection and rescue (BSG 2019; ECCO 2021 guideline on infections in IBD,
 * Kucharzik et al., J Crohns Colitis 15:879): tests are sent on admission and
 * rescue therapy or colectomy is not delayed while a CMV biopsy is read
 * (histology takes days). CMV found means adding ganciclovir to the plan; a
 * positive C. difficile toxin means treating it (oral vancomycin or
 * fidaxomicin) and reassessing. The screening that must precede infliximab or
 * ciclosporin (hepatitis B, tuberculosis, HIV, varicella zoster status; for
 * ciclosporin also magnesium, cholesterol, renal function and blood pressure)
 * is sent on admission so that it never delays rescue.
 *
 * Words: "emergency colectomy" is kept for toxic megacolon, perforation or
 * massive haemorrhage; a colectomy planned because no rescue agent is suitable,
 * or after failed rescue, is "urgent".
 */
import { InputError } from "../core/errors";
import type { Reasoned } from "../core/result";
import { assertInteger, assertNonNegative, assertPositive } from "../core/validate";

/** The research-use notice carried by every ASUC result. */
export const ASUC_DISCLAIMER = "Research and teaching tool: restates published predictors and guideline steps; not for clinical decisions.";

/** Input of {@link assessAsucDay3}. */
export interface AsucDay3Input {
  /** Day of IV corticosteroid treatment (day 1 = first day). Travis/Ho/Lindgren were derived on day 3. */
  dayOfIvSteroids: number;
  /** Stool frequency on the assessment day, per 24 h. */
  stoolsPerDay: number;
  /** CRP on the assessment day, mg/L. */
  crpMgL: number;
  /** Mean daily stool frequency over days 1-3 (Ho index). Omitted: Ho index not computed. */
  meanStoolsDays1to3?: number;
  /** Transverse colon diameter on plain film, mm (Ho index; >= 55 mm = dilatation). */
  colonicDiameterMm?: number;
  /** Albumin on admission, g/dL (Ho index; < 3.0 g/dL = < 30 g/L). */
  albuminAdmissionGdl?: number;
  /** Stool C. difficile toxin (sent on admission). Default: "pending" (no result yet). */
  cdiffToxin?: InfectionResult;
  /** CMV on colonic biopsy (immunohistochemistry; takes days). Default: "pending". */
  cmvBiopsy?: InfectionResult;
  /** Pre-rescue screening (hepatitis B, tuberculosis, HIV, varicella zoster status) complete and clear. Default: false (not known). */
  rescueScreeningComplete?: boolean;
  /** Signs of toxic megacolon, perforation or massive haemorrhage. Default: false. */
  surgicalEmergency?: boolean;
  /** Previous thiopurine failure (favours infliximab over ciclosporin as rescue). */
  thiopurineFailure?: boolean;
  /** Previous anti-TNF failure (favours ciclosporin, or colectomy). */
  antiTnfFailure?: boolean;
  /** Contraindications to ciclosporin (e.g. low cholesterol or magnesium, renal impairment, uncontrolled hypertension). */
  ciclosporinContraindicated?: boolean;
}

/** A result sent on admission: found, not found, or not back yet. */
export type InfectionResult = "positive" | "negative" | "pending";

/** What to send on admission so that rescue therapy is never delayed (BSG 2019; ECCO 2021 infections guideline). */
export const ASUC_RESCUE_SCREENING =
  "hepatitis B (HBsAg, anti-HBc), tuberculosis (interferon-gamma release assay and chest X-ray), HIV, varicella zoster serology; for ciclosporin also magnesium, cholesterol, renal function and blood pressure";

/** One step of the plan, with who is involved. */
export interface AsucStep {
  when: string;
  action: string;
  /** Who is brought in at this step. */
  involves: string[];
}

/** Result of {@link assessAsucDay3}. */
export interface AsucDay3Result extends Reasoned {
  travisPositive: boolean;
  /** Ho index points (undefined when its inputs are missing) and its published failure rate. */
  hoScore?: number;
  hoFailureRate?: number;
  lindgrenScore: number;
  lindgrenPositive: boolean;
  /**
   * emergency-colectomy: toxic megacolon, perforation or massive haemorrhage;
   * urgent-colectomy: failure predicted and no suitable rescue agent (a planned operation);
   * rescue-therapy: failure predicted (never delayed for a pending CMV biopsy);
   * treat-infection-and-reassess: failure predicted with a positive C. difficile toxin;
   * continue-iv-steroids: no predictor met.
   */
  decision: "emergency-colectomy" | "urgent-colectomy" | "rescue-therapy" | "treat-infection-and-reassess" | "continue-iv-steroids";
  /** Suggested rescue agent when the decision is rescue therapy. */
  rescueAgent?: "infliximab" | "ciclosporin" | "either";
  plan: AsucStep[];
  disclaimer: string;
}

function infectionResult(v: unknown, field: string): InfectionResult {
  if (v === undefined) return "pending";
  if (v !== "positive" && v !== "negative" && v !== "pending")
    throw new InputError({ field, value: v, expected: '"positive", "negative", "pending" or absent' });
  return v;
}

/**
 * Ho index points for the mean stool frequency of days 1-3: < 4 is 0, 4-6 is 1,
 * > 6-9 is 2, > 9 is 4 (Ho 2004, Aliment Pharmacol Ther 19:1079).
 * @example hoStoolPoints(5) // 1
 * @example hoStoolPoints(10) // 4
 */
export function hoStoolPoints(meanStools: number): number {
  const x = assertNonNegative(meanStools, "meanStoolsDays1to3");
  if (x < 4) return 0;
  if (x <= 6) return 1;
  if (x <= 9) return 2;
  return 4;
}

/**
 * Day-3 assessment of ASUC on IV steroids.
 * @example assessAsucDay3({ dayOfIvSteroids: 3, stoolsPerDay: 6, crpMgL: 60 }).travisPositive // true (3-8 stools and CRP > 45)
 */
export function assessAsucDay3(input: AsucDay3Input): AsucDay3Result {
  if (input === null || typeof input !== "object")
    throw new InputError({ field: "input", value: input, expected: "an AsucDay3Input object" });
  const day = assertInteger(input.dayOfIvSteroids, "dayOfIvSteroids", 1);
  const stools = assertNonNegative(input.stoolsPerDay, "stoolsPerDay");
  const crp = assertNonNegative(input.crpMgL, "crpMgL");
  const reasons: string[] = [ASUC_DISCLAIMER];
  const thresholds: Record<string, number | string> = {
    travisStoolsAbove: 8,
    travisStoolsLowerBound: 3,
    travisCrpAboveMgL: 45,
    lindgrenAbove: 8,
    lindgrenCrpFactor: 0.14,
    hoDilatationMm: 55,
    hoAlbuminBelowGdl: 3,
    hoHighRiskAtOrAbove: 4,
  };
  if (day !== 3) reasons.push(`The predictors were derived on day 3 of IV steroids; this is day ${day}, so read them with caution.`);

  const travisPositive = stools > 8 || (stools >= 3 && stools <= 8 && crp > 45);
  reasons.push(
    travisPositive
      ? `Travis/Oxford criteria met: ${stools} stools/day${stools > 8 ? " > 8" : ` (3-8) with CRP ${crp} mg/L > 45`}; about 85 % of such patients needed colectomy (Travis 1996).`
      : `Travis/Oxford criteria not met: ${stools} stools/day, CRP ${crp} mg/L.`,
  );
  const lindgrenScore = stools + 0.14 * crp;
  const lindgrenPositive = lindgrenScore > 8;
  reasons.push(
    `Lindgren index ${lindgrenScore.toFixed(1)} (stools + 0.14 × CRP) ${lindgrenPositive ? "> 8: ~72 % failure of medical therapy" : "<= 8"} (Lindgren 1998).`,
  );

  let hoScore: number | undefined;
  let hoFailureRate: number | undefined;
  if (input.meanStoolsDays1to3 !== undefined && input.colonicDiameterMm !== undefined && input.albuminAdmissionGdl !== undefined) {
    const diam = assertPositive(input.colonicDiameterMm, "colonicDiameterMm");
    const alb = assertPositive(input.albuminAdmissionGdl, "albuminAdmissionGdl");
    if (alb > 7)
      throw new InputError({
        field: "albuminAdmissionGdl",
        value: alb,
        expected: "albumin in g/dL (a value above 7 looks like g/L: convert with src/core/units.ts)",
      });
    hoScore = hoStoolPoints(input.meanStoolsDays1to3) + (diam >= 55 ? 4 : 0) + (alb < 3 ? 1 : 0);
    hoFailureRate = hoScore >= 4 ? 0.85 : hoScore >= 2 ? 0.43 : 0.11;
    reasons.push(
      `Ho index ${hoScore} (mean stools ${input.meanStoolsDays1to3}, colon ${diam} mm, albumin ${alb} g/dL): published failure rate ${Math.round(hoFailureRate * 100)} % (Ho 2004).`,
    );
  }

  const plan: AsucStep[] = [
    {
      when: "Admission (day 1)",
      action: `IV methylprednisolone 60 mg/day or hydrocortisone 100 mg four times daily; stool C. difficile toxin; flexible sigmoidoscopy with biopsies for CMV; VTE prophylaxis; plain abdominal film; screening for rescue therapy sent now (${ASUC_RESCUE_SCREENING}).`,
      involves: ["gastroenterologist", "colorectal surgeon (joint care from admission)", "IBD nurse", "dietitian"],
    },
  ];

  const cdiff = infectionResult(input.cdiffToxin, "cdiffToxin");
  const cmv = infectionResult(input.cmvBiopsy, "cmvBiopsy");
  for (const [old, replacement] of [
    ["cdiffExcluded", "cdiffToxin"],
    ["cmvExcluded", "cmvBiopsy"],
  ] as const) {
    if ((input as unknown as Record<string, unknown>)[old] !== undefined)
      throw new InputError({
        field: old,
        value: (input as unknown as Record<string, unknown>)[old],
        expected: `${replacement}: "positive", "negative" or "pending" (${old} was replaced, so that a positive result can be told from a pending one)`,
      });
  }
  if (input.rescueScreeningComplete !== undefined && typeof input.rescueScreeningComplete !== "boolean")
    throw new InputError({ field: "rescueScreeningComplete", value: input.rescueScreeningComplete, expected: "true, false or absent" });
  thresholds.rescueScreening = ASUC_RESCUE_SCREENING;

  let decision: AsucDay3Result["decision"];
  let rescueAgent: AsucDay3Result["rescueAgent"];
  if (input.surgicalEmergency) {
    decision = "emergency-colectomy";
    reasons.push("Toxic megacolon, perforation or massive haemorrhage: emergency subtotal colectomy, whatever the scores.");
    plan.push({
      when: "Now",
      action: "Emergency subtotal colectomy with end ileostomy.",
      involves: ["colorectal surgeon", "anaesthetist", "gastroenterologist", "stoma nurse", "critical care"],
    });
  } else if (travisPositive || (hoScore !== undefined && hoScore >= 4) || lindgrenPositive) {
    if (cdiff === "positive") {
      decision = "treat-infection-and-reassess";
      reasons.push(
        "Steroid failure is predicted and the C. difficile toxin is positive: treat the infection now (oral vancomycin or fidaxomicin) and reassess within 24-48 hours with the surgeon; rescue therapy or colectomy follows if the colitis does not improve (BSG 2019; ECCO 2021 infections guideline).",
      );
      plan.push({
        when: "Day 3 (today)",
        action:
          "Start oral vancomycin or fidaxomicin; continue IV steroids; MDT discussion; reassess in 24-48 hours for rescue therapy or colectomy.",
        involves: ["gastroenterologist", "microbiologist", "colorectal surgeon", "IBD MDT"],
      });
    } else {
      decision = "rescue-therapy";
      if (input.antiTnfFailure && input.ciclosporinContraindicated) {
        rescueAgent = undefined;
        reasons.push(
          "Previous anti-TNF failure and ciclosporin contraindicated: no suitable rescue agent; an urgent (planned) colectomy is the safer option.",
        );
        decision = "urgent-colectomy";
      } else if (input.antiTnfFailure) {
        rescueAgent = "ciclosporin";
        reasons.push("Previous anti-TNF failure: ciclosporin is the rescue agent (infliximab already failed).");
      } else if (input.thiopurineFailure || input.ciclosporinContraindicated) {
        rescueAgent = "infliximab";
        reasons.push(
          `${input.ciclosporinContraindicated ? "Ciclosporin is contraindicated" : "Thiopurines have failed, so ciclosporin cannot bridge to them"}: infliximab is the rescue agent.`,
        );
      } else {
        rescueAgent = "either";
        reasons.push(
          "Infliximab and ciclosporin are equally effective as rescue (CYSIF, Laharie 2012 Lancet 380:1909; CONSTRUCT, Williams 2016 Lancet Gastroenterol Hepatol 1:15); choose by experience and the maintenance plan.",
        );
      }
      if (cmv === "pending")
        reasons.push(
          "The CMV biopsy result is pending: histology takes days, and rescue therapy or colectomy is not delayed for it (BSG 2019; ECCO 2021 infections guideline); if CMV colitis is found, ganciclovir is added.",
        );
      if (cmv === "positive")
        reasons.push(
          "CMV colitis on biopsy: add IV ganciclovir to the plan; it does not replace or delay rescue therapy (ECCO 2021 infections guideline).",
        );
      if (cdiff === "pending")
        reasons.push(
          "The C. difficile toxin result is not back: it was due on admission and takes hours; have it before the first rescue dose today, and if positive treat it and reassess.",
        );
      if (decision === "rescue-therapy") {
        reasons.push(
          input.rescueScreeningComplete
            ? "Pre-rescue screening is complete and clear."
            : `Pre-rescue screening is not recorded as complete (${ASUC_RESCUE_SCREENING}): chase the results sent on admission today; a positive hepatitis B or tuberculosis result needs specialist advice before infliximab.`,
        );
        const agent = rescueAgent === "either" ? "infliximab 5 mg/kg or ciclosporin 2 mg/kg/day IV" : rescueAgent;
        plan.push({
          when: "Day 3 (today)",
          action: `Start rescue therapy (${agent}) once the screening results are checked${cmv === "positive" ? ", with IV ganciclovir for CMV colitis" : ""}${cmv === "pending" ? "; do not wait for the CMV biopsy (add ganciclovir if it is positive)" : ""}; the surgeon reviews the patient and discusses colectomy as an equal option; MDT discussion.`,
          involves: [
            "gastroenterologist",
            "colorectal surgeon",
            "IBD MDT",
            "stoma nurse (pre-operative counselling)",
            ...(cmv !== "negative" ? ["histopathologist", "virologist"] : []),
          ],
        });
        plan.push({
          when: "Day 4-7 of rescue",
          action:
            "Assess response to rescue; no response -> urgent colectomy (no sequential third-line rescue outside specialist centres).",
          involves: ["gastroenterologist", "colorectal surgeon", "IBD MDT"],
        });
      } else {
        plan.push({
          when: "Day 3 (today)",
          action: "Urgent (planned) subtotal colectomy with end ileostomy after MDT discussion and stoma counselling.",
          involves: ["colorectal surgeon", "IBD MDT", "stoma nurse"],
        });
      }
    }
  } else {
    decision = "continue-iv-steroids";
    reasons.push(
      "No predictor of steroid failure is met on this day: continue IV steroids and reassess daily; convert to oral steroids once stool frequency settles.",
    );
    if (cdiff === "positive")
      reasons.push("The C. difficile toxin is positive: treat it (oral vancomycin or fidaxomicin) alongside the steroids.");
    if (cmv === "positive") reasons.push("CMV colitis on biopsy: add ganciclovir.");
    plan.push({
      when: "Day 3-7",
      action: "Continue IV steroids; daily stool chart, CRP; reassess on day 5 and day 7.",
      involves: ["gastroenterologist", "colorectal surgeon (daily joint review)"],
    });
  }
  return {
    travisPositive,
    hoScore,
    hoFailureRate,
    lindgrenScore,
    lindgrenPositive,
    decision,
    rescueAgent,
    plan,
    disclaimer: ASUC_DISCLAIMER,
    reasons,
    thresholds,
  };
}
