/** cli: the `ibd-lab` command (validate, report) and the report builder it uses. */
export { reportHtml } from "./html";
export { type CliIo, CliUsageError } from "./io";
export { type InputFile, type LoadedInputs, loadInputs, type ResolvedInputs, resolveInputs } from "./load";
export { main } from "./main";
export { buildReport, DISCLAIMER, type Report, type ReportOptions, type ReportSection, type ReportTable, reportJson } from "./report";
export {
  DECISION_ORDER,
  type PatientBlock,
  type PatientReport,
  type PatientsPart,
  patientReports,
  type ReportSummary,
  reportSummary,
} from "./report-patients";
export { formatLoadReport, formatValidate, type ValidateJson, validateJson } from "./validate";
