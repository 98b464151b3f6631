export { listBatchImages, type BatchImage, type BatchImages } from "./batch-images.ts";
export { BATCH_SETUP_ERROR_CODES, failedBatchRecord, runProgramOnBatchImage, type BatchImageResult, type BatchRecord, type RunProgramOnBatchImageOptions } from "./batch-record.ts";
export { openBatchResultsFile, type BatchResultsFile } from "./batch-results-file.ts";
export { createLocalBatchRunner, type BatchRequest, type BatchRun, type BatchRunner, type LocalBatchRunnerOptions } from "./run-batch.ts";
export { runBatchToFile, type RunBatchToFileOptions } from "./batch-to-file.ts";
