import { ViperError } from "../errors/index.ts";
import type { RgbImage } from "../mllm/rgb-image.ts";
import type { EvalQuestion } from "./eval-question.ts";
import type { EvalRecord } from "./eval-record.ts";
import type { AnswerOutcome, QuestionAnswerer } from "./question-answerer.ts";
import type { ResultsFile } from "./results-file.ts";
import { isCorrectAnswer } from "./score.ts";
import { summarizeTrace } from "./trace-summary.ts";

/** Options for {@link runEvaluation}. */
export interface RunEvaluationOptions {
  /** The questions to answer, in order (questions about one picture next to each other). */
  readonly questions: readonly EvalQuestion[];
  readonly answerer: QuestionAnswerer;
  /** Where records go; questions whose id it already holds are skipped. */
  readonly results: ResultsFile;
  /**
   * Questions answered at the same time.
   * @defaultValue 2
   */
  readonly concurrency?: number;
  /** Stops the run: no new question starts, questions under way are cancelled and NOT recorded. */
  readonly signal?: AbortSignal;
  /** Called after each record is written. */
  readonly onRecord?: (record: EvalRecord) => void;
}

/**
 * Errors that say the set-up is wrong (a model missing or not downloadable, a device absent, a bad option)
 * rather than that one question is hard: every other question would fail the same way, so the run stops
 * with the error instead of recording it for every question, and a rerun after fixing the set-up retries.
 */
export const SETUP_ERROR_CODES: ReadonlySet<string> = new Set(["MODEL_NOT_FOUND", "MODEL_DOWNLOAD", "MODEL_LOAD", "DEVICE_UNAVAILABLE", "CONFIG_INVALID"]);

/** How a run went. */
export interface EvaluationRun {
  /** The records of every question in `questions` that has one, in question order (earlier runs included). */
  readonly records: readonly EvalRecord[];
  /** Questions answered by this run. */
  readonly answeredNow: number;
  /** Questions skipped because the results file already had them. */
  readonly resumed: number;
  /** Wall-clock time of this run. */
  readonly elapsedMs: number;
  /** True when the signal stopped the run before every question had a record. */
  readonly interrupted: boolean;
}

/**
 * Answers every question that has no record yet, `concurrency` at a time, appending one record per question
 * as soon as it is answered, so an interrupted run loses nothing it finished. A question that fails is
 * recorded with its error and the run goes on, unless the error is a set-up error
 * ({@link SETUP_ERROR_CODES}): then no new question starts, questions under way are cancelled, and the
 * run rejects with that error (what was recorded stays recorded).
 */
export async function runEvaluation(options: RunEvaluationOptions): Promise<EvaluationRun> {
  const { questions, answerer, results, concurrency = 2, signal = new AbortController().signal, onRecord } = options;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new ViperError({ code: "CONFIG_INVALID", message: `--concurrency must be a whole number ≥ 1; got ${concurrency}.`, details: { concurrency } });
  }
  const startedAt = performance.now();
  const todo = questions.filter((question) => !results.previous.has(question.id));
  const images = createImageCache(todo);
  const fresh = new Map<string, EvalRecord>();
  const stopOnSetupError = new AbortController();
  const stop = AbortSignal.any([signal, stopOnSetupError.signal]);
  let setupError: unknown;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (!stop.aborted && next < todo.length) {
      const question = todo[next++]!;
      const answered = await answerOne({ question, answerer, images, signal: stop });
      if (answered === undefined) return;
      if ("setupError" in answered) {
        setupError ??= answered.setupError;
        stopOnSetupError.abort();
        return;
      }
      fresh.set(question.id, answered.record);
      await results.append(answered.record);
      onRecord?.(answered.record);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(todo.length, 1)) }, worker));
  if (setupError !== undefined) throw setupError;
  const records = questions.flatMap((question) => results.previous.get(question.id) ?? fresh.get(question.id) ?? []);
  return {
    records,
    answeredNow: fresh.size,
    resumed: questions.length - todo.length,
    elapsedMs: performance.now() - startedAt,
    interrupted: records.length < questions.length,
  };
}

/** Answers one question; undefined when the run was stopped before it finished. */
async function answerOne(options: {
  question: EvalQuestion;
  answerer: QuestionAnswerer;
  images: ImageCache;
  signal: AbortSignal;
}): Promise<{ record: EvalRecord } | { setupError: unknown } | undefined> {
  const { question, answerer, images, signal } = options;
  const startedAt = performance.now();
  let outcome: AnswerOutcome | undefined;
  let failure: unknown;
  try {
    const image = await images.acquire(question);
    outcome = await answerer.answer({ image, imageKey: question.imageKey, question: question.question, signal });
  } catch (error) {
    if (signal.aborted) return undefined;
    if (ViperError.isInstance(error) && SETUP_ERROR_CODES.has(error.code)) return { setupError: error };
    failure = error;
  } finally {
    images.release(question);
  }
  const totalMs = Math.round(performance.now() - startedAt);
  const base = {
    id: question.id,
    family: question.family,
    question: question.question,
    expected: question.expected,
    groundTruthCount: question.groundTruthCount ?? null,
    image: question.imagePath ?? null,
  };
  if (outcome === undefined) {
    const details = ViperError.isInstance(failure) ? failure.details : {};
    const record: EvalRecord = {
      ...base,
      answer: null,
      correct: false,
      program: failedProgram(details),
      trace: summarizeTrace(Array.isArray(details.trace) ? details.trace : []),
      timings: { totalMs },
      error: describeFailure(failure),
      fallback: false,
    };
    return { record };
  }
  const record: EvalRecord = {
    ...base,
    answer: outcome.answer,
    correct: isCorrectAnswer({ expected: question.expected, answer: outcome.answer }),
    program: outcome.program,
    trace: summarizeTrace(outcome.trace),
    timings: { ...outcome.timings, totalMs },
    error: null,
    fallback: outcome.fallback,
  };
  return { record };
}

/** The program that failed: the error's own, or the last one the agent tried (details.attempts). */
function failedProgram(details: Record<string, unknown>): string | null {
  if (typeof details.program === "string") return details.program;
  const attempts = Array.isArray(details.attempts) ? (details.attempts as Array<{ program?: unknown }>) : [];
  const programs = attempts.map((attempt) => attempt.program).filter((program): program is string => typeof program === "string");
  return programs.at(-1) ?? null;
}

function describeFailure(error: unknown): { code: string; message: string } {
  if (ViperError.isInstance(error)) return { code: error.code, message: error.message };
  return { code: "INTERNAL", message: error instanceof Error ? error.message : String(error) };
}

interface ImageCache {
  acquire(question: EvalQuestion): Promise<RgbImage>;
  release(question: EvalQuestion): void;
}

/**
 * Loads each picture once for all the questions about it, and forgets it when the last of them is done, so
 * memory holds only the pictures of questions under way.
 */
function createImageCache(questions: readonly EvalQuestion[]): ImageCache {
  const remaining = new Map<string, number>();
  for (const question of questions) remaining.set(question.imageKey, (remaining.get(question.imageKey) ?? 0) + 1);
  const loading = new Map<string, Promise<RgbImage>>();
  return {
    acquire(question) {
      let image = loading.get(question.imageKey);
      if (image === undefined) {
        image = question.loadImage();
        loading.set(question.imageKey, image);
      }
      return image;
    },
    release(question) {
      const left = (remaining.get(question.imageKey) ?? 1) - 1;
      remaining.set(question.imageKey, left);
      if (left <= 0) loading.delete(question.imageKey);
    },
  };
}
