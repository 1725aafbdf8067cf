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
  /** C. difficile toxin result: true = negative (excluded). Omitted: not known. */
  cdiffExcluded?: boolean;
  /** CMV colitis excluded on biopsy. Omitted: not known. */
  cmvExcluded?: boolean;
  /** Signs of toxic megacolon, perforation or massive haemorrhage. Default: false. */
  surgicalEmergency?: boolean;
  /** Previous thiopurine failure (favours infliximab over ciclosporin as rescue). */
  thiopurineFailure?: boolean;
  /** Previous anti-TNF failure (favours ciclosporin, or colectomy). */
  antiTnfFailure?: boolean;
  /** Contraindications to ciclosporin (e.g. low cholesterol or magnesium, renal impairment, uncontrolled hypertension). */
  ciclosporinContraindicated?: boolean;
}

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
  /** "emergency-colectomy" | "rescue-therapy" | "continue-iv-steroids" | "exclude-infection-first". */
  decision: "emergency-colectomy" | "rescue-therapy" | "continue-iv-steroids" | "exclude-infection-first";
  /** Suggested rescue agent when the decision is rescue therapy. */
  rescueAgent?: "infliximab" | "ciclosporin" | "either";
  plan: AsucStep[];
  disclaimer: string;
}

/** Ho index points for mean stool frequency (Ho 2004). */
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
      action:
        "IV methylprednisolone 60 mg/day or hydrocortisone 100 mg four times daily; stool C. difficile toxin; flexible sigmoidoscopy with biopsies for CMV; VTE prophylaxis; plain abdominal film.",
      involves: ["gastroenterologist", "colorectal surgeon (joint care from admission)", "IBD nurse", "dietitian"],
    },
  ];

  let decision: AsucDay3Result["decision"];
  let rescueAgent: AsucDay3Result["rescueAgent"];
  const infectionOpen = input.cdiffExcluded !== true || input.cmvExcluded !== true;
  if (input.surgicalEmergency) {
    decision = "emergency-colectomy";
    reasons.push("Toxic megacolon, perforation or massive haemorrhage: emergency subtotal colectomy, whatever the scores.");
    plan.push({
      when: "Now",
      action: "Emergency subtotal colectomy with end ileostomy.",
      involves: ["colorectal surgeon", "anaesthetist", "gastroenterologist", "stoma nurse", "critical care"],
    });
  } else if (travisPositive || (hoScore !== undefined && hoScore >= 4) || lindgrenPositive) {
    if (infectionOpen) {
      decision = "exclude-infection-first";
      reasons.push(
        `Steroid failure is predicted, but ${[input.cdiffExcluded !== true ? "C. difficile" : "", input.cmvExcluded !== true ? "CMV" : ""].filter(Boolean).join(" and ")} ${input.cdiffExcluded !== true && input.cmvExcluded !== true ? "are" : "is"} not excluded: obtain the results today; rescue immunosuppression on top of an untreated infection is dangerous.`,
      );
      plan.push({
        when: "Day 3 (today)",
        action:
          "Chase C. difficile toxin and CMV biopsy results; discuss in the MDT; start rescue the same day once infection is excluded.",
        involves: ["gastroenterologist", "microbiologist", "histopathologist", "colorectal surgeon"],
      });
    } else {
      decision = "rescue-therapy";
      if (input.antiTnfFailure && input.ciclosporinContraindicated) {
        rescueAgent = undefined;
        reasons.push("Previous anti-TNF failure and ciclosporin contraindicated: no suitable rescue agent; colectomy is the safer option.");
        decision = "emergency-colectomy";
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
      if (decision === "rescue-therapy") {
        plan.push({
          when: "Day 3 (today)",
          action: `Start rescue therapy (${rescueAgent === "either" ? "infliximab 5 mg/kg or ciclosporin 2 mg/kg/day IV" : rescueAgent}); the surgeon reviews the patient and discusses colectomy as an equal option; MDT discussion.`,
          involves: ["gastroenterologist", "colorectal surgeon", "IBD MDT", "stoma nurse (pre-operative counselling)"],
        });
        plan.push({
          when: "Day 4-7 of rescue",
          action: "Assess response to rescue; no response -> colectomy (no sequential third-line rescue outside specialist centres).",
          involves: ["gastroenterologist", "colorectal surgeon", "IBD MDT"],
        });
      } else {
        plan.push({ when: "Day 3 (today)", action: "Subtotal colectomy.", involves: ["colorectal surgeon", "IBD MDT", "stoma nurse"] });
      }
    }
  } else {
    decision = "continue-iv-steroids";
    reasons.push(
      "No predictor of steroid failure is met on this day: continue IV steroids and reassess daily; convert to oral steroids once stool frequency settles.",
    );
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
