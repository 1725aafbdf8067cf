/**
 * The sources behind each step of the mimic workup, as short citations that the
 * workup copies into `WorkupStep.sources`, so every step says where its rule
 * comes from.
 *
 * How far each one was checked is said in the text: "abstract read" means the
 * figure or statement was read in the abstract or the label text during
 * development; "not re-read" marks a citation written from the literature
 * without re-reading the document (check it before relying on the detail).
 * The test characteristics used by the Bayes updates are in tests.ts, with
 * their own provenance.
 *
 * Hand-written: a list of citations; no package holds them.
 */

/** Citation keys used by the workup steps. */
export type MimicSourceId =
  | "idsaShea2017"
  | "escmid2016"
  | "eccoUc2017"
  | "eccoInfections2021"
  | "idsaDiarrhoea2017"
  | "long2016"
  | "takeuchi2006"
  | "eccoEsgar2019"
  | "eccoSurgery2020"
  | "bsgIbd2019"
  | "cesame2009"
  | "niceDg44"
  | "hofmannPoley1969"
  | "hofmannPoley1972"
  | "bsgDiarrhoea2018"
  | "colestyramineLabel"
  | "colesevelamLabel"
  | "siboMeta2020"
  | "uegMicroscopicColitis2021"
  | "smpcInduction";

/** Short citation per key. */
export const MIMIC_SOURCES: Readonly<Record<MimicSourceId, string>> = {
  idsaShea2017:
    "McDonald LC et al. Clinical practice guidelines for C. difficile infection in adults and children: 2017 update by IDSA and SHEA. Clin Infect Dis 2018;66:e1-e48 (two-step testing; test only patients with >= 3 unformed stools in 24 h and no other cause; no repeat testing within 7 days of the same episode). Not re-read.",
  escmid2016:
    "Crobach MJT et al. ESCMID update of the diagnostic guidance document for C. difficile infection. Clin Microbiol Infect 2016;22 Suppl 4:S63-81 (screen with NAAT or GDH, confirm with toxin; screen positive and toxin negative: C. difficile present, free toxin not found, colonisation or infection, a clinical decision). Not re-read.",
  eccoUc2017:
    "Magro F et al. Third European evidence-based consensus on diagnosis and management of ulcerative colitis, Part 1. J Crohns Colitis 2017;11:649-670 (stool microbiology including C. difficile at a flare; a colonic stricture in UC raises suspicion of cancer and needs biopsies; surveillance colonoscopy from 8 years after symptom onset). Not re-read.",
  eccoInfections2021:
    "Kucharzik T et al. ECCO guidelines on the prevention, diagnosis and management of infections in inflammatory bowel disease. J Crohns Colitis 2021;15:879-913 (enteric infections at a flare; CMV decided on tissue). Not re-read.",
  idsaDiarrhoea2017:
    "Shane AL et al. 2017 IDSA clinical practice guidelines for the diagnosis and management of infectious diarrhea. Clin Infect Dis 2017;65:e45-e80 (ova, cysts and parasites after travel or exposure, and in the immunocompromised). Not re-read.",
  long2016:
    "Long MD et al. Role of nonsteroidal anti-inflammatory drugs in exacerbations of inflammatory bowel disease. J Clin Gastroenterol 2016;50:152-156 (CCFA Partners, 791 patients in remission: NSAIDs >= 5 times a month, active Crohn's disease at 6 months in 23 % vs 15 %, adjusted RR 1.65; no effect seen in UC). Abstract read.",
  takeuchi2006:
    "Takeuchi K et al. Prevalence and mechanism of nonsteroidal anti-inflammatory drug-induced clinical relapse in patients with inflammatory bowel disease. Clin Gastroenterol Hepatol 2006;4:196-202 (relapse within days of starting a non-selective NSAID). Not re-read.",
  eccoEsgar2019:
    "Maaser C et al. ECCO-ESGAR guideline for diagnostic assessment in IBD, Part 1. J Crohns Colitis 2019;13:144-164 (cross-sectional imaging, MRI, CT or intestinal ultrasound, to detect abscesses and penetrating complications). Not re-read.",
  eccoSurgery2020:
    "Adamina M et al. ECCO guidelines on therapeutics in Crohn's disease: surgical treatment. J Crohns Colitis 2020;14:155-168 (drain an intra-abdominal abscess and treat it with antibiotics before starting or escalating immunosuppression). Not re-read.",
  bsgIbd2019:
    "Lamb CA et al. British Society of Gastroenterology consensus guidelines on the management of inflammatory bowel disease in adults. Gut 2019;68:s1-s106 (stool culture and C. difficile at a flare; cancer surveillance in long-standing colitis). Not re-read.",
  cesame2009:
    "Beaugerie L et al. Lymphoproliferative disorders in patients receiving thiopurines for inflammatory bowel disease: a prospective observational cohort study (CESAME). Lancet 2009;374:1617-1625. Not re-read.",
  niceDg44:
    "NICE DG44 (2021): SeHCAT for bile acid diarrhoea; 7-day retention <= 15 % abnormal (< 5 % severe, 5-10 % moderate, 10-15 % mild).",
  hofmannPoley1969:
    "Hofmann AF, Poley JR. Cholestyramine treatment of diarrhea associated with ileal resection. N Engl J Med 1969;281:397-402 (10 of 12 patients with < 100 cm of ileum resected responded to colestyramine, none of 8 with > 100 cm; none of 5 with faecal fat > 20 g/day). Abstract read; journal and pages not re-read.",
  hofmannPoley1972:
    "Hofmann AF, Poley JR. Role of bile acid malabsorption in pathogenesis of diarrhea and steatorrhea in patients with ileal resection. I. Response to cholestyramine or replacement of dietary long chain triglyceride by medium chain triglyceride. Gastroenterology 1972;62:918-934 (after long resections the diarrhoea is steatorrhoea: fat restriction or medium-chain triglycerides help, colestyramine does not and can increase faecal fat). Not re-read.",
  bsgDiarrhoea2018:
    "Arasaradnam RP et al. Guidelines for the investigation of chronic diarrhoea in adults: British Society of Gastroenterology, 3rd edition. Gut 2018;67:1380-1399 (bile acid diarrhoea; microscopic colitis needs colonic biopsies even when the mucosa looks normal). Not re-read.",
  colestyramineLabel:
    "Colestyramine label (Questran; US label text as quoted: take other drugs at least 1 hour before or 4 to 6 hours after colestyramine, or at as great an interval as possible). Quoted text read; the EU SmPC section 4.5 says the same in substance (not re-read).",
  colesevelamLabel:
    "Colesevelam SmPC (Cholestagel) 4.5: fewer interactions than colestyramine, but drugs with a narrow therapeutic index or known interactions (e.g. ciclosporin, levothyroxine, oral contraceptives) are taken at least 4 hours before it. Not re-read.",
  siboMeta2020:
    "Meta-analysis of breath tests against jejunal aspirate culture, J Neurogastroenterol Motil 2020 (doi 10.5056/jnm19113): see MIMIC_TESTS.glucoseBreathTest.",
  uegMicroscopicColitis2021:
    "Miehlke S et al. European guidelines on microscopic colitis: United European Gastroenterology and European Microscopic Colitis Group statements and recommendations. United European Gastroenterol J 2021;9:13-37 (chronic watery diarrhoea with normal-looking mucosa: biopsies from the right and left colon; budesonide first line). Not re-read.",
  smpcInduction:
    "EU SmPC section 4.2 of each drug, as tabulated in src/drugs/induction.ts (INDUCTION): when response to induction is judged.",
};

/** The citations for a list of keys, in order. */
export function sourcesFor(...ids: MimicSourceId[]): string[] {
  return ids.map((id) => MIMIC_SOURCES[id]);
}
