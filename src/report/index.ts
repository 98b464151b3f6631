/** The HTML report: one self-contained page per run or per evaluation. */
export { renderEvalReport, type EvalReportInput } from "./eval-report.ts";
export { writeFailedRunReport, type FailedRunReportOptions } from "./failure-report.ts";
export { foundBoxGroups, patchToImagePixels, type FoundBoxGroup } from "./report-boxes.ts";
export type { ReportImage } from "./report-images.ts";
export { renderRunReport } from "./run-report.ts";
export type { ReportAttempt, ReportError, RunReportInput } from "./run-report-input.ts";
export { writeSuiteEvaluationReport, type SuiteEvaluationReportOptions } from "./suite-report.ts";
export { recordTraces, type TraceRecorder } from "./trace-recorder.ts";
export { writeEvalReport, writeRunReport } from "./write-report.ts";
