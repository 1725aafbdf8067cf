/** cohort: schema, safe CSV loading and the seeded sample cohorts (issue 3; data dictionary in data/README.md, its column tables generated from the schema by dictionary.ts). */
export { dataDictionaryMarkdown, dictionaryMarkers, dictionaryTable, updateDataDictionary } from "./dictionary";
export { type GenerateCohortOptions, generateCohort, TEACHING_PATIENTS } from "./generate";
export { type CohortLoadAll, type LoadCohortOptions, loadCohort } from "./load";
export {
  type CohortColumn,
  type CohortLoad,
  type CohortTable,
  type Conversion,
  daysFromCivil,
  isoDate,
  type LoadReport,
  parseCohortCsv,
  type ReadCohortOptions,
  type Reject,
  readCohortCsv,
} from "./read";
export { type CohortRecord, tableRecords } from "./records";
export {
  COHORT_SCHEMA,
  COHORT_TABLE_NAMES,
  type CohortTableName,
  type ColumnSpec,
  type ColumnType,
  type DateOrderRule,
  type TableSpec,
} from "./schema";
