import type { SandboxIsolation, SandboxPolicy } from "../../sandbox/index.ts";
import { recordConcurrently, recordsRun, type RecordsRun } from "../eval/record-concurrently.ts";
import type { PerceptionBackends } from "../mllm/capabilities.ts";
import { loadImage } from "../tools/image-io.ts";
import type { BatchImage } from "./batch-images.ts";
import { runProgramOnBatchImage, type BatchRecord } from "./batch-record.ts";
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

/** How a batch run went: the records of every picture that has one, in picture order, and the counts. */
export type BatchRun = RecordsRun<BatchRecord>;

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
  /** Sandbox limits of every run; unset ones keep the defaults. */
  readonly policy?: Partial<SandboxPolicy>;
  /** Where the programs run (docs/SANDBOX.md, "Process isolation"). @defaultValue "in-process" */
  readonly isolation?: SandboxIsolation;
  /** Rewrites an error before it is recorded (the CLI names the flag of a tripped limit). @defaultValue unchanged */
  readonly mapError?: (error: unknown) => unknown;
}

/**
 * Runs the program on every picture without a record yet, `concurrency` at a time in this process, appending
 * one record per picture as soon as it is done, so an interrupted run loses nothing it finished. A picture
 * that fails is recorded with its error; a set-up error (a missing model, a program that does not parse)
 * stops the run and rejects with it.
 */
export function createLocalBatchRunner(options: LocalBatchRunnerOptions): BatchRunner {
  const { source, perception, concurrency = 2, policy, isolation, mapError } = options;
  return {
    async run({ images, results, signal = new AbortController().signal, onRecord }) {
      const startedAt = performance.now();
      const fresh = await recordConcurrently({
        items: images.filter((image) => !results.previous.has(image.key)),
        concurrency,
        signal,
        keyOf: (image) => image.key,
        results,
        onRecord,
        work: (image, stop) => runProgramOnBatchImage({ key: image.key, loadImage: () => loadImage(image.path), source, perception, policy, isolation, mapError, signal: stop }),
      });
      return recordsRun({ keys: images.map((image) => image.key), results, fresh, startedAt });
    },
  };
}
