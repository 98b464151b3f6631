import { UnrecoverableError } from "bullmq";
import type { BatchRecord } from "../batch/batch-record.ts";
import { parseEvalApproach, type EvalApproach } from "../eval/approach.ts";
import type { EvalRecord } from "../eval/eval-record.ts";
import type { ExpectedAnswer } from "../eval/score.ts";
import { ViperError } from "../errors/index.ts";
import { parseImageSource, type ImageSource } from "./image-source.ts";

/**
 * Version of everything viper-ts writes to Redis: job data, run hashes and stored results. Raise it when
 * any of them changes shape; producers and workers refuse a queue, run or job of another format
 * (QUEUE_VERSION_MISMATCH) rather than misread it.
 */
export const JOB_FORMAT = 1;

/** A question as a worker needs it: everything of an EvalQuestion but the picture loader. */
export interface QueuedQuestion {
  readonly id: string;
  readonly family: string;
  readonly question: string;
  readonly expected: ExpectedAnswer;
  readonly groundTruthCount: number | null;
  readonly imageKey: string;
  /** The producer's path of the picture, written to the record as a local run writes it. */
  readonly imagePath: string | null;
}

/** Job data of one evaluation question. */
export interface EvalQuestionJob {
  readonly format: typeof JOB_FORMAT;
  readonly kind: "eval-question";
  /** The run's id (runKeys). */
  readonly run: string;
  readonly approach: EvalApproach;
  readonly question: QueuedQuestion;
  readonly image: ImageSource;
  /** True when the producer writes a report and wants the whole trace back. */
  readonly wantTrace: boolean;
}

/** Job data of one picture of a batch run (the program is in the run's hash, not in every job). */
export interface BatchImageJob {
  readonly format: typeof JOB_FORMAT;
  readonly kind: "batch-image";
  /** The run's id (runKeys). */
  readonly run: string;
  /** The picture's key in the results. */
  readonly key: string;
  readonly image: ImageSource;
}

/** Any job viper-ts queues. */
export type QueueJob = EvalQuestionJob | BatchImageJob;

/** What a worker stores for a job in the run's results hash, for the producer to write to its file. */
export interface StoredResult {
  readonly format: typeof JOB_FORMAT;
  readonly record: EvalRecord | BatchRecord;
  /** The run's whole trace, when the job asked for it. */
  readonly trace?: readonly unknown[];
  /** The worker that answered, and how many jobs it takes at once. */
  readonly worker: { readonly name: string; readonly concurrency: number };
}

/** The result key of a job: the question's id or the picture's key. */
export function jobKey(job: QueueJob): string {
  return job.kind === "eval-question" ? job.question.id : job.key;
}

/**
 * Reads a job's data.
 * @throws ViperError QUEUE_VERSION_MISMATCH for a job of another format; UnrecoverableError (the job fails
 * at once, without retries) for data this format cannot have produced.
 */
export function parseQueueJob(data: unknown): QueueJob {
  const job = (typeof data === "object" && data !== null ? data : {}) as Record<string, unknown>;
  if (job.format !== JOB_FORMAT) throw versionMismatch({ what: "A job in the queue", found: job.format });
  const { run } = job;
  const image = parseImageSource(job.image);
  if (typeof run !== "string" || image === undefined) throw malformed(job.kind);
  if (job.kind === "batch-image" && typeof job.key === "string") return { format: JOB_FORMAT, kind: job.kind, run, key: job.key, image };
  const approach = parseEvalApproach(job.approach);
  const question = parseQuestion(job.question);
  if (job.kind !== "eval-question" || approach === undefined || question === undefined) throw malformed(job.kind);
  return { format: JOB_FORMAT, kind: job.kind, run, approach, question, image, wantTrace: job.wantTrace === true };
}

/** The error for a queue, run or job written by a viper-ts with another job format; `what` names it ("The queue"). */
export function versionMismatch(options: { what: string; found: unknown }): ViperError {
  const { what, found } = options;
  const foundText = found === undefined ? "no job format" : `job format ${JSON.stringify(found)}`;
  return new ViperError({
    code: "QUEUE_VERSION_MISMATCH",
    message:
      `${what} was made by another version of viper-ts (${foundText}; this one writes and reads format ${JOB_FORMAT}). ` +
      `Run the same viper-ts version on the producer and every worker, or use another Redis database (redis://host:port/<db>).`,
    details: { found: found ?? null, expected: JOB_FORMAT },
  });
}

function parseQuestion(value: unknown): QueuedQuestion | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const question = value as Record<string, unknown>;
  const texts = ["id", "family", "question", "imageKey"].every((field) => typeof question[field] === "string");
  const expected = ["string", "number", "boolean"].includes(typeof question.expected);
  const count = question.groundTruthCount === null || typeof question.groundTruthCount === "number";
  const imagePath = question.imagePath === null || typeof question.imagePath === "string";
  return texts && expected && count && imagePath ? (question as unknown as QueuedQuestion) : undefined;
}

function malformed(kind: unknown): UnrecoverableError {
  return new UnrecoverableError(`QUEUE_VERSION_MISMATCH: a job of kind ${JSON.stringify(kind)} does not hold what job format ${JOB_FORMAT} writes; it was not made by this viper-ts.`);
}
