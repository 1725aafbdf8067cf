/** measurement: reliability and agreement (issue 4). */

export * from "./blandAltman";
export * from "./icc";
export * from "./iccOneWay";
export * from "./kappa";
export * from "./krippendorff";
export type { DataFrameLike, FlatRatings, LongRating, RatingsInput, RatingsOptions } from "./ratings";
export * from "./reliability";
export * from "./repeatability";
export * from "./simulate";
