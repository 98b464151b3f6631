import type { RgbImage } from "../mllm/rgb-image.ts";
import { answerQuestion } from "./answer-question.ts";
import type { EvalQuestion } from "./eval-question.ts";
import type { EvalRecord } from "./eval-record.ts";
import type { QuestionAnswerer } from "./question-answerer.ts";
import type { ResultsFile } from "./results-file.ts";
import { recordConcurrently, recordsRun, type RecordsRun } from "./record-concurrently.ts";

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

/** How an evaluation run went: its records in question order (earlier runs included), counts and time. */
export interface EvaluationRun extends RecordsRun<EvalRecord> {
  /** Questions answered at once, when the runner knows better than the requested concurrency (queue workers). */
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
  const fresh = await recordConcurrently({
    items: todo,
    concurrency,
    signal,
    keyOf: (question) => question.id,
    results,
    onRecord,
    work: async (question, stop) => {
      try {
        return await answerQuestion({ question, answerer, loadImage: () => images.acquire(question), signal: stop });
      } finally {
        images.release(question);
      }
    },
  });
  return recordsRun({ keys: questions.map((question) => question.id), results, fresh, startedAt });
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
