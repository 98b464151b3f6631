import type { SandboxPolicy } from "../../sandbox/index.ts";
import { failedBatchRecord, type BatchRecord } from "../batch/batch-record.ts";
import type { BatchRunner } from "../batch/run-batch.ts";
import { recordsRun } from "../eval/record-concurrently.ts";
import { createImageSourceDescriber } from "./image-source.ts";
import { JOB_FORMAT } from "./job-format.ts";
import { runQueued } from "./queued-run.ts";
import type { RedisLink } from "./redis-link.ts";

/** The run hash fields that hold a batch's program and sandbox limits (JSON), which workers read once per run. */
export const BATCH_FIELDS = { program: "program", policy: "policy" } as const;

/** Options for {@link createQueueBatchRunner}. */
export interface QueueBatchRunnerOptions {
  readonly link: RedisLink;
  /** The run (batchRunId). */
  readonly runId: string;
  /** The program, run on every picture. */
  readonly source: string;
  /** Sandbox limits of every run; unset ones keep the defaults. */
  readonly policy?: Partial<SandboxPolicy>;
  /**
   * Picture files are sent as paths relative to this folder; each worker reads them under its own.
   * @defaultValue "/"
   */
  readonly dataRoot?: string;
  /** Drops results an earlier run left in Redis. @defaultValue false */
  readonly fresh?: boolean;
  /** Lines for the user (no worker connected, a worker that stopped). */
  readonly onNotice?: (message: string) => void;
  /** How often results are collected. @defaultValue 200 */
  readonly pollIntervalMs?: number;
}

/**
 * Has a batch run's pictures done by `viper worker`s: the program goes into the run's hash once, a job per
 * picture not yet recorded, and each worker's record is appended to the results file as it arrives, exactly
 * as a local batch run writes it.
 */
export function createQueueBatchRunner(options: QueueBatchRunnerOptions): BatchRunner {
  const { link, runId, source, policy = {}, dataRoot = "/", fresh = false, onNotice, pollIntervalMs } = options;
  return {
    async run({ images, results, signal, onRecord }) {
      const startedAt = performance.now();
      const describer = createImageSourceDescriber({ dataRoot });
      const answered = new Map<string, BatchRecord>();
      const write = async (record: BatchRecord): Promise<void> => {
        answered.set(record.image, record);
        await results.append(record);
        onRecord?.(record);
      };
      await runQueued({
        link,
        runId,
        kind: "batch",
        fields: { [BATCH_FIELDS.program]: source, [BATCH_FIELDS.policy]: JSON.stringify(policy) },
        fresh,
        items: images.map((image) => ({
          key: image.key,
          job: async () => ({ format: JOB_FORMAT, kind: "batch-image" as const, run: runId, key: image.key, image: await describer.file(image.path) }),
        })),
        isRecorded: (key) => results.previous.has(key) || answered.has(key),
        accept: (_key, result) => write(result.record as BatchRecord),
        reject: (key, error) => write(failedBatchRecord({ key, error, timings: {} })),
        signal,
        onNotice,
        pollIntervalMs,
      });
      return recordsRun({ keys: images.map((image) => image.key), results, fresh: answered, startedAt });
    },
  };
}
