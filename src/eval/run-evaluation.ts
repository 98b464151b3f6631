import type { RgbImage } from "../mllm/rgb-image.ts";
import { answerQuestion, type QuestionResult } from "./answer-question.ts";
import type { EvalQuestion } from "./eval-question.ts";
import type { EvalRecord } from "./eval-record.ts";
import type { QuestionAnswerer } from "./question-answerer.ts";
import type { ResultsFile } from "./results-file.ts";
import { runConcurrently } from "./run-concurrently.ts";

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
  /** Questions that were answered at once, when the runner knows better than the requested concurrency (queue workers). */
  readonly concurrency?: number;
}

/**
 * Answers every question that has no record yet, `concurrency` at a time, appending one record per question
 * as soon as it is answered, so an interrupted run loses nothing it finished. A question that fails is
 * recorded with its error and the run goes on, unless the error is a set-up error (SETUP_ERROR_CODES in
 * answer-question.ts): then no new question starts, questions under way are cancelled, and the run rejects
 * with that error (what was recorded stays recorded).
 */
export async function runEvaluation(options: RunEvaluationOptions): Promise<EvaluationRun> {
  const { questions, answerer, results, concurrency = 2, signal = new AbortController().signal, onRecord } = options;
  const startedAt = performance.now();
  const todo = questions.filter((question) => !results.previous.has(question.id));
  const images = createImageCache(todo);
  const fresh = new Map<string, EvalRecord>();
  const stopOnSetupError = new AbortController();
  const stop = AbortSignal.any([signal, stopOnSetupError.signal]);
  let setupError: unknown;
  await runConcurrently({
    items: todo,
    concurrency,
    signal: stop,
    work: async (question) => {
      let answered: QuestionResult | undefined;
      try {
        answered = await answerQuestion({ question, answerer, loadImage: () => images.acquire(question), signal: stop });
      } finally {
        images.release(question);
      }
      if (answered === undefined) return false;
      if ("setupError" in answered) {
        setupError ??= answered.setupError;
        stopOnSetupError.abort();
        return false;
      }
      fresh.set(question.id, answered.record);
      await results.append(answered.record);
      onRecord?.(answered.record);
      return true;
    },
  });
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
