import type { EvalRecord } from "./eval-record.ts";
import { openRecordsFile, type RecordsFile } from "./records-file.ts";

/** An evaluation's results file opened for appending, with the records a previous run already wrote. */
export type ResultsFile = RecordsFile<EvalRecord>;

/**
 * Opens (or creates) a JSONL results file. A last line cut short by a crash is dropped, so its question
 * runs again; any other line that is not a record is an `EVAL_INPUT` error naming the line.
 */
export function openResultsFile(path: string): Promise<ResultsFile> {
  return openRecordsFile<EvalRecord>({ path, keyOf: evalRecordKey, recordName: "evaluation record", errorCode: "EVAL_INPUT", outOption: "--out" });
}

function evalRecordKey(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const record = value as Partial<EvalRecord>;
  return typeof record.id === "string" && typeof record.correct === "boolean" ? record.id : undefined;
}
