import { rm } from "node:fs/promises";
import { createHash } from "node:crypto";
import { evalOutputPaths } from "../eval/output-paths.ts";
import { claimManifest } from "../eval/run-manifest.ts";
import type { BatchImages } from "./batch-images.ts";
import type { BatchRecord } from "./batch-record.ts";
import { openBatchResultsFile } from "./batch-results-file.ts";
import type { BatchRun, BatchRunner } from "./run-batch.ts";

/** Options for {@link runBatchToFile}. */
export interface RunBatchToFileOptions {
  readonly images: BatchImages;
  /** The program (checked against the results file's manifest: another program is not resumed). */
  readonly source: string;
  /** Runs it: in this process or on queue workers. */
  readonly runner: BatchRunner;
  /** The JSON Lines results file; its manifest `<name>.run.json` is written beside it. */
  readonly resultsPath: string;
  /** Deletes earlier results instead of resuming them. @defaultValue false */
  readonly fresh?: boolean;
  /** Stops the run; what was done stays recorded. */
  readonly signal?: AbortSignal;
  /** Told about the work before the run (for progress displays). */
  readonly onStart?: (start: { total: number; alreadyDone: number; alreadyAnswered: number }) => void;
  readonly onRecord?: (record: BatchRecord) => void;
}

/**
 * A resumable batch run: checks (or writes) the manifest beside the results file, so results of another
 * program or picture set are never mixed in (BATCH_INPUT), opens the file and runs the pictures it does not
 * hold yet.
 */
export async function runBatchToFile(options: RunBatchToFileOptions): Promise<BatchRun> {
  const { images, source, runner, resultsPath, fresh = false, signal, onStart, onRecord } = options;
  const manifestPath = evalOutputPaths({ resultsFile: resultsPath }).manifest;
  if (fresh) await Promise.all([resultsPath, manifestPath].map((path) => rm(path, { force: true })));
  await claimManifest({
    path: manifestPath,
    manifest: { suite: "batch", identity: { images: images.source, program: createHash("sha256").update(source).digest("hex").slice(0, 16) }, approach: "program" },
    resultsPath,
    errorCode: "BATCH_INPUT",
    outOptions: "--out",
    runName: "batch run",
  });
  const results = await openBatchResultsFile(resultsPath);
  try {
    const keys = new Set(images.images.map((image) => image.key));
    const previous = [...results.previous.values()].filter((record) => keys.has(record.image));
    onStart?.({ total: images.images.length, alreadyDone: previous.length, alreadyAnswered: previous.filter((record) => record.error === null).length });
    return await runner.run({ images: images.images, results, signal, onRecord });
  } finally {
    await results.close();
  }
}
