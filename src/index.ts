/**
 * ibd-lab: verified calculations for refractory inflammatory bowel disease.
 * Everything public is re-exported here and importable as `from "ibd-lab"`.
 */

export * from "./cohort/index";
export * from "./core/index";
export * from "./discordance/index";
export * from "./drugs/index";
export * from "./exercises/index";
export * from "./measurement/index";
export * from "./mimics/index";
export * from "./pk/index";
export * from "./plot/index";
export * from "./refractory/index";
export * from "./stricture/index";
