import { openRecordsFile, type RecordsFile } from "../eval/records-file.ts";
import type { BatchRecord } from "./batch-record.ts";

/** A batch run's JSON Lines results file, with the records a previous run already wrote (keyed by image). */
export type BatchResultsFile = RecordsFile<BatchRecord>;

/**
 * Opens (or creates) a batch results file. A last line cut short by a crash is dropped, so its picture
 * runs again; any other line that is not a batch record is a `BATCH_INPUT` error naming the line.
 */
export function openBatchResultsFile(path: string): Promise<BatchResultsFile> {
  return openRecordsFile<BatchRecord>({ path, keyOf: batchRecordKey, recordName: "batch record", errorCode: "BATCH_INPUT", outOption: "--out" });
}

function batchRecordKey(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const record = value as Partial<BatchRecord>;
  return typeof record.image === "string" && "answer" in record && "error" in record ? record.image : undefined;
}
