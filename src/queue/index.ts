export { createImageSourceDescriber, loadImageSource, type ImageSource, type ImageSourceDescriber } from "./image-source.ts";
export { JOB_FORMAT, type BatchImageJob, type EvalQuestionJob, type QueueJob, type QueuedQuestion, type StoredResult } from "./job-format.ts";
export { createQueueBatchRunner, type QueueBatchRunnerOptions } from "./queue-batch-runner.ts";
export { QUEUE_NAME } from "./queue-keys.ts";
export { createQueueQuestionRunner, type QueueQuestionRunner, type QueueQuestionRunnerOptions } from "./queue-question-runner.ts";
export { startQueueWorker, type QueueWorker, type QueueWorkerOptions, type WorkerJobEvent } from "./queue-worker.ts";
export { openRedisLink, type RedisLink, type RedisLinkOptions } from "./redis-link.ts";
export { parseRedisUrl, type RedisAddress } from "./redis-url.ts";
export { batchRunId, evalRunId } from "./run-id.ts";
