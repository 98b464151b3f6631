import type { TraceEntry } from "../../sandbox/index.ts";
import { ViperError } from "../errors/index.ts";
import { failedRecord } from "../eval/answer-question.ts";
import type { EvalApproach } from "../eval/approach.ts";
import type { EvalQuestion } from "../eval/eval-question.ts";
import type { EvalRecord } from "../eval/eval-record.ts";
import { recordsRun } from "../eval/record-concurrently.ts";
import type { QuestionRunner } from "../eval/evaluate-suite.ts";
import { createImageSourceDescriber, type ImageSource, type ImageSourceDescriber } from "./image-source.ts";
import { JOB_FORMAT, type EvalQuestionJob } from "./job-format.ts";
import { runQueued } from "./queued-run.ts";
import type { RedisLink } from "./redis-link.ts";

/** Options for {@link createQueueQuestionRunner}. */
export interface QueueQuestionRunnerOptions {
  readonly link: RedisLink;
  /** Names the approach in the manifest and summary, as the local answerer would ("program (rules)"). */
  readonly id: string;
  /** How workers answer: the planner they plan with, or the VLM they ask directly. */
  readonly approach: EvalApproach;
  /** The run (evalRunId). */
  readonly runId: string;
  /**
   * Picture files are sent as paths relative to this folder; each worker reads them under its own.
   * @defaultValue "/"
   */
  readonly dataRoot?: string;
  /** Drops results an earlier run left in Redis. @defaultValue false */
  readonly fresh?: boolean;
  /** Has workers send whole traces back, for `traces()` (the HTML report). @defaultValue false */
  readonly keepTraces?: boolean;
  /** Lines for the user (no worker connected, a worker that stopped). */
  readonly onNotice?: (message: string) => void;
  /** How often results are collected. @defaultValue 200 */
  readonly pollIntervalMs?: number;
}

/** A question runner whose questions are answered by queue workers, with the whole traces they sent. */
export interface QueueQuestionRunner extends QuestionRunner {
  /** Whole traces by question id, of the questions answered in this run (with `keepTraces`). */
  traces(questions: readonly EvalQuestion[]): Map<string, readonly TraceEntry[]>;
}

/**
 * Has an evaluation's questions answered by `viper worker`s: a job per question not yet recorded, and each
 * worker's record appended to the results file as it arrives, exactly as a local run writes it. A question
 * whose job the workers gave up is recorded with QUEUE_JOB_FAILED; one whose picture this machine cannot read
 * with IMAGE_INVALID, as locally.
 */
export function createQueueQuestionRunner(options: QueueQuestionRunnerOptions): QueueQuestionRunner {
  const { link, id, approach, runId, dataRoot = "/", fresh = false, keepTraces = false, onNotice, pollIntervalMs } = options;
  const traces = new Map<string, readonly TraceEntry[]>();
  return {
    id,
    async run({ questions, results, signal, onRecord }) {
      const startedAt = performance.now();
      const describer = createImageSourceDescriber({ dataRoot });
      const byId = new Map(questions.map((question) => [question.id, question]));
      const answered = new Map<string, EvalRecord>();
      const write = async (record: EvalRecord): Promise<void> => {
        answered.set(record.id, record);
        await results.append(record);
        onRecord?.(record);
      };
      const outcome = await runQueued({
        link,
        runId,
        kind: "eval",
        fresh,
        items: questions.map((question) => ({ key: question.id, job: () => questionJob({ question, runId, approach, describer, wantTrace: keepTraces }) })),
        isRecorded: (key) => results.previous.has(key) || answered.has(key),
        accept: async (key, result) => {
          if (result.trace !== undefined) traces.set(key, result.trace as readonly TraceEntry[]);
          await write(result.record as EvalRecord);
        },
        reject: (key, error) => write(failedRecord({ question: byId.get(key)!, error, totalMs: 0 })),
        signal,
        onNotice,
        pollIntervalMs,
      });
      return { ...recordsRun({ keys: questions.map((question) => question.id), results, fresh: answered, startedAt }), concurrency: outcome.workerSlots };
    },
    traces(questions) {
      return new Map(questions.flatMap((question) => (traces.has(question.id) ? [[question.id, traces.get(question.id)!] as const] : [])));
    },
  };
}

async function questionJob(options: { question: EvalQuestion; runId: string; approach: EvalApproach; describer: ImageSourceDescriber; wantTrace: boolean }): Promise<EvalQuestionJob> {
  const { question, runId, approach, describer, wantTrace } = options;
  return {
    format: JOB_FORMAT,
    kind: "eval-question",
    run: runId,
    approach,
    question: {
      id: question.id,
      family: question.family,
      question: question.question,
      expected: question.expected,
      groundTruthCount: question.groundTruthCount ?? null,
      imageKey: question.imageKey,
      imagePath: question.imagePath ?? null,
    },
    image: await imageSourceOf(question, describer),
    wantTrace,
  };
}

async function imageSourceOf(question: EvalQuestion, describer: ImageSourceDescriber): Promise<ImageSource> {
  if (question.recipe !== undefined) return { type: "recipe", recipe: question.recipe };
  if (question.imagePath !== undefined) return describer.file(question.imagePath);
  throw new ViperError({
    code: "CONFIG_INVALID",
    message: `Question ${question.id}'s picture is neither a file nor generated from a recipe, so a worker on another machine cannot get it; run this suite without --queue.`,
    details: { option: "--queue", question: question.id },
  });
}
