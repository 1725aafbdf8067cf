/**
 * The registry of published population PK models: one model per file in this folder (in the
 * manner of nlmixr2lib's `inst/modeldb/specificDrugs/*.R`), each with its citations, and
 * {@link PK_MODELS} built from the list below. Adding a model is one new file here, plus its
 * import and its entry in {@link PUBLISHED_PK_MODELS} below; nothing dispatches on the model id. Which model serves which drug
 * and disease is decided in `../registry.ts` (`pkModelFor`), which reads {@link PK_MODELS}.
 * Values come from ../shared/domain-facts.md section 2 with the source named on every parameter;
 * anything marked `unverified` there (or interpreted here) says so in the `unverified` field.
 */
import type { PkModel } from "../types";
import { ADALIMUMAB_TERNANT_2015 } from "./adalimumab-ternant-2015";
import { INFLIXIMAB_BERENDS_2019_QSS } from "./infliximab-berends-2019-qss";
import { INFLIXIMAB_FASANMADE_2009 } from "./infliximab-fasanmade-2009";
import { INFLIXIMAB_FASANMADE_2011 } from "./infliximab-fasanmade-2011";
import { INFLIXIMAB_SONG_2025 } from "./infliximab-song-2025";
import { INFLIXIMAB_TERNANT_2021_DOUBLE } from "./infliximab-ternant-2021-double-tmdd";
import { USTEKINUMAB_XU_2022 } from "./ustekinumab-xu-2022";
import { VEDOLIZUMAB_ROSARIO_2015 } from "./vedolizumab-rosario-2015";

export { ADALIMUMAB_TERNANT_2015 } from "./adalimumab-ternant-2015";
export { INFLIXIMAB_BERENDS_2019_QSS, TNF_MW_KDA } from "./infliximab-berends-2019-qss";
export { INFLIXIMAB_FASANMADE_2009 } from "./infliximab-fasanmade-2009";
export { INFLIXIMAB_FASANMADE_2011 } from "./infliximab-fasanmade-2011";
export { INFLIXIMAB_SONG_2025 } from "./infliximab-song-2025";
export { INFLIXIMAB_TERNANT_2021_DOUBLE } from "./infliximab-ternant-2021-double-tmdd";
export { USTEKINUMAB_XU_2022 } from "./ustekinumab-xu-2022";
export { VEDOLIZUMAB_ROSARIO_2015 } from "./vedolizumab-rosario-2015";

/**
 * Every published model whose values are all in ibd-lab (each from its source, some read through
 * nlmixr2lib and marked `unverified` where so): one line per model file.
 */
export const PUBLISHED_PK_MODELS: readonly PkModel[] = [
  INFLIXIMAB_FASANMADE_2009,
  INFLIXIMAB_FASANMADE_2011,
  INFLIXIMAB_SONG_2025,
  INFLIXIMAB_BERENDS_2019_QSS,
  INFLIXIMAB_TERNANT_2021_DOUBLE,
  ADALIMUMAB_TERNANT_2015,
  VEDOLIZUMAB_ROSARIO_2015,
];

/**
 * Models kept out of {@link PUBLISHED_PK_MODELS} until their published values are all here
 * (`model.provisional` says what is missing): Xu 2022 for ustekinumab, the one drug without a
 * complete model (nlmixr2lib's ustekinumab models, Aguiar 2021 with TMDD and fat-free mass among them,
 * are candidates to replace it).
 */
export const PROVISIONAL_PK_MODELS: readonly PkModel[] = [USTEKINUMAB_XU_2022];

/**
 * Every model in ibd-lab by id (the file name of its module in `src/pk/models/`): the published
 * ones, then the provisional ones (`model.provisional` set).
 * @example Object.keys(PK_MODELS).length // 8
 * @example PK_MODELS["infliximab-fasanmade-2009"].parameters.CL.value // 0.407
 * @example PK_MODELS["ustekinumab-xu-2022"].provisional !== undefined // true
 */
export const PK_MODELS: Record<string, PkModel> = Object.fromEntries(
  [...PUBLISHED_PK_MODELS, ...PROVISIONAL_PK_MODELS].map((m) => [m.id, m]),
);
