import type { SandboxIsolation, SandboxPolicy } from "../../sandbox/index.ts";
import { BATCH_SETUP_ERROR_CODES, runProgramOnBatchImage } from "../batch/batch-record.ts";
import { answerQuestion, SETUP_ERROR_CODES } from "../eval/answer-question.ts";
import type { EvalApproach } from "../eval/approach.ts";
import type { EvalQuestion } from "../eval/eval-question.ts";
import type { EvalRecord } from "../eval/eval-record.ts";
import type { QuestionAnswerer } from "../eval/question-answerer.ts";
import type { BatchRecord } from "../batch/batch-record.ts";
import type { PerceptionBackends } from "../mllm/capabilities.ts";
import type { RgbImage } from "../mllm/rgb-image.ts";
import { loadImageSource, type ImageSource } from "./image-source.ts";
import type { QueueJob } from "./job-format.ts";

/** What a worker needs to answer jobs, kept across jobs. */
export interface JobContext {
  readonly perception: PerceptionBackends;
  /** The answerer of an approach (made once per approach). */
  answerer(approach: EvalApproach): Promise<QuestionAnswerer>;
  /** A batch run's program and sandbox limits, or undefined when the run is gone (finished or cancelled). */
  batchProgram(runId: string): Promise<BatchProgram | undefined>;
  /** Rewrites a batch run's error before it is recorded (the CLI names the flag of a tripped limit). */
  readonly mapError?: (error: unknown) => unknown;
  /** Where batch programs run (question answerers carry their own). */
  readonly isolation?: SandboxIsolation;
  /** A job's picture, shared by the jobs about the same picture that come close together. */
  image(runId: string, imageKey: string, source: ImageSource): Promise<RgbImage>;
}

/** A batch run's program and the sandbox limits it runs under. */
export interface BatchProgram {
  readonly source: string;
  readonly policy: Partial<SandboxPolicy>;
}

/** What answering a job gave: its record (and whole trace), a set-up error, or "no-run" for a finished run. */
export type JobAnswer = { readonly record: EvalRecord | BatchRecord; readonly trace: readonly unknown[] } | { readonly setupError: unknown } | "no-run";

// A picture this worker cannot get as the producer described it says the worker's data root is wrong, not
// that the question is: the job goes back to the queue for another worker.
const WORKER_SETUP_CODES: ReadonlySet<string> = new Set([...SETUP_ERROR_CODES, "QUEUE_IMAGE_UNAVAILABLE"]);
const WORKER_BATCH_SETUP_CODES: ReadonlySet<string> = new Set([...BATCH_SETUP_ERROR_CODES, "QUEUE_IMAGE_UNAVAILABLE"]);

/**
 * Answers one job the way a local run answers the same question or picture (answerQuestion /
 * runProgramOnBatchImage), so the record is the same. Undefined when `signal` stopped it first.
 */
export async function answerJob(options: { job: QueueJob; context: JobContext; signal: AbortSignal }): Promise<JobAnswer | undefined> {
  const { job, context, signal } = options;
  if (job.kind === "batch-image") {
    const program = await context.batchProgram(job.run);
    if (program === undefined) return "no-run";
    const result = await runProgramOnBatchImage({
      key: job.key,
      loadImage: () => context.image(job.run, job.key, job.image),
      source: program.source,
      policy: program.policy,
      mapError: context.mapError,
      isolation: context.isolation,
      perception: context.perception,
      signal,
      setupErrorCodes: WORKER_BATCH_SETUP_CODES,
    });
    return result === undefined || "setupError" in result ? result : { record: result.record, trace: [] };
  }
  let answerer: QuestionAnswerer;
  try {
    answerer = await context.answerer(job.approach);
  } catch (error) {
    return { setupError: error };
  }
  const { groundTruthCount, imagePath, ...rest } = job.question;
  const loadImage = (): Promise<RgbImage> => context.image(job.run, job.question.imageKey, job.image);
  const question: EvalQuestion = {
    ...rest,
    ...(groundTruthCount === null ? {} : { groundTruthCount }),
    ...(imagePath === null ? {} : { imagePath }),
    loadImage,
  };
  return answerQuestion({ question, answerer, loadImage, signal, setupErrorCodes: WORKER_SETUP_CODES });
}

/**
 * A job context over `perception`: answerers made by `answererFor` once per approach, programs read from
 * the run's hash once per run, and the last few pictures kept (questions about one picture are queued
 * next to each other, so a worker often gets several in a row and decodes the picture once).
 */
export function createJobContext(options: {
  perception: PerceptionBackends;
  answererFor: (approach: EvalApproach) => Promise<QuestionAnswerer>;
  readBatchProgram: (runId: string) => Promise<BatchProgram | undefined>;
  mapError?: (error: unknown) => unknown;
  isolation?: SandboxIsolation;
  dataRoot: string;
  keptImages: number;
}): JobContext {
  const { perception, answererFor, readBatchProgram, mapError, isolation, dataRoot, keptImages } = options;
  const answerers = new Map<string, Promise<QuestionAnswerer>>();
  const programs = new Map<string, Promise<BatchProgram | undefined>>();
  const images = new Map<string, Promise<RgbImage>>();
  const remembered = <T>(cache: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> => {
    let value = cache.get(key);
    if (value === undefined) {
      value = make();
      cache.set(key, value);
      // A failure is not remembered: the next job tries again.
      value.catch(() => cache.delete(key));
    }
    return value;
  };
  return {
    perception,
    mapError,
    isolation,
    answerer: (approach) => remembered(answerers, JSON.stringify(approach), () => answererFor(approach)),
    async batchProgram(runId) {
      const program = await remembered(programs, runId, () => readBatchProgram(runId));
      // A run that is gone may be started again (same program, same results file): ask again next time.
      if (program === undefined) programs.delete(runId);
      return program;
    },
    image(runId, imageKey, source) {
      const key = `${runId}\u0000${imageKey}`;
      const image = remembered(images, key, () => loadImageSource(source, { dataRoot }));
      // Most recently used last; the oldest beyond `keptImages` is forgotten.
      images.delete(key);
      images.set(key, image);
      for (const oldest of images.keys()) {
        if (images.size <= keptImages) break;
        images.delete(oldest);
      }
      return image;
    },
  };
}
