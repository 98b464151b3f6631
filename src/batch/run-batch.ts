import { runConcurrently } from "../eval/run-concurrently.ts";
import type { PerceptionBackends } from "../mllm/capabilities.ts";
import { loadImage } from "../tools/image-io.ts";
import type { BatchImage } from "./batch-images.ts";
import { runProgramOnBatchImage, type BatchImageResult, type BatchRecord } from "./batch-record.ts";
import type { BatchResultsFile } from "./batch-results-file.ts";

/** What a batch runner is asked to do: run the program on `images`, appending each record to `results`. */
export interface BatchRequest {
  readonly images: readonly BatchImage[];
  /** Pictures whose key it already holds are skipped. */
  readonly results: BatchResultsFile;
  /** Stops the run: no new picture starts; what was recorded stays recorded. */
  readonly signal?: AbortSignal;
  /** Called after each record is written. */
  readonly onRecord?: (record: BatchRecord) => void;
}

/** How a batch run went. */
export interface BatchRun {
  /** The records of every picture that has one, in picture order (earlier runs included). */
  readonly records: readonly BatchRecord[];
  /** Pictures answered by this run. */
  readonly answeredNow: number;
  /** Pictures skipped because the results file already had them. */
  readonly resumed: number;
  readonly elapsedMs: number;
  /** True when the signal stopped the run before every picture had a record. */
  readonly interrupted: boolean;
}

/** Runs a batch: in this process ({@link createLocalBatchRunner}) or on queue workers. */
export interface BatchRunner {
  run(request: BatchRequest): Promise<BatchRun>;
}

/** Options for {@link createLocalBatchRunner}. */
export interface LocalBatchRunnerOptions {
  /** The program, run on every picture. */
  readonly source: string;
  readonly perception: PerceptionBackends;
  /**
   * Pictures worked on at the same time.
   * @defaultValue 2
   */
  readonly concurrency?: number;
}

/**
 * Runs the program on every picture without a record yet, `concurrency` at a time in this process, appending
 * one record per picture as soon as it is done, so an interrupted run loses nothing it finished. A picture
 * that fails is recorded with its error; a set-up error (a missing model, a program that does not parse)
 * stops the run and rejects with it.
 */
export function createLocalBatchRunner(options: LocalBatchRunnerOptions): BatchRunner {
  const { source, perception, concurrency = 2 } = options;
  return {
    async run({ images, results, signal = new AbortController().signal, onRecord }) {
      const startedAt = performance.now();
      const todo = images.filter((image) => !results.previous.has(image.key));
      const fresh = new Map<string, BatchRecord>();
      const stopOnSetupError = new AbortController();
      const stop = AbortSignal.any([signal, stopOnSetupError.signal]);
      let setupError: unknown;
      await runConcurrently({
        items: todo,
        concurrency,
        signal: stop,
        work: async (image) => {
          const result: BatchImageResult | undefined = await runProgramOnBatchImage({ key: image.key, loadImage: () => loadImage(image.path), source, perception, signal: stop });
          if (result === undefined) return false;
          if ("setupError" in result) {
            setupError ??= result.setupError;
            stopOnSetupError.abort();
            return false;
          }
          fresh.set(image.key, result.record);
          await results.append(result.record);
          onRecord?.(result.record);
          return true;
        },
      });
      if (setupError !== undefined) throw setupError;
      return batchRun({ images, results, fresh, startedAt });
    },
  };
}

/** The records of `images` in order, from the file's earlier ones and this run's, and the run's counts. */
export function batchRun(options: { images: readonly BatchImage[]; results: BatchResultsFile; fresh: ReadonlyMap<string, BatchRecord>; startedAt: number }): BatchRun {
  const { images, results, fresh, startedAt } = options;
  const records = images.flatMap((image) => results.previous.get(image.key) ?? fresh.get(image.key) ?? []);
  return {
    records,
    answeredNow: fresh.size,
    resumed: images.filter((image) => results.previous.has(image.key)).length,
    elapsedMs: performance.now() - startedAt,
    interrupted: records.length < images.length,
  };
}
