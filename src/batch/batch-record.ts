import type { SandboxIsolation, SandboxPolicy } from "../../sandbox/index.ts";
import { ViperError } from "../errors/index.ts";
import { SETUP_ERROR_CODES } from "../eval/answer-question.ts";
import type { PerceptionBackends } from "../mllm/capabilities.ts";
import type { RgbImage } from "../mllm/rgb-image.ts";
import type { AnswerWarning } from "../tools/answer-warning.ts";
import { runProgramOnImage } from "../tools/run-program-on-image.ts";

/** One line of a batch run's results: a picture and what the program answered about it. */
export interface BatchRecord {
  /** The picture's key: its path relative to the folder, or its line in the list. */
  readonly image: string;
  /** The program's answer; null on error. */
  readonly answer: unknown;
  /** Why the picture got no answer (`line`: the program's line, when the error has one), or null. */
  readonly error: null | { readonly code: string; readonly message: string; readonly line?: number };
  /** Milliseconds: `loadMs` (reading the picture), the program run's stages, `totalMs` (both). */
  readonly timings: Readonly<Record<string, number>>;
  /** Cautions about the answer (answers resting on empty evidence, ...), as `--json` prints them. */
  readonly warnings: readonly AnswerWarning[];
}

/**
 * Failures that every picture would share, so a batch run stops on the first instead of recording it for
 * every picture: the evaluation's set-up errors, and a program that does not even parse.
 */
export const BATCH_SETUP_ERROR_CODES: ReadonlySet<string> = new Set([...SETUP_ERROR_CODES, "PROGRAM_SYNTAX"]);

/** What running the program on one picture gave: its record, or a set-up error to stop the run on. */
export type BatchImageResult = { readonly record: BatchRecord } | { readonly setupError: unknown };

/** Options for {@link runProgramOnBatchImage}. */
export interface RunProgramOnBatchImageOptions {
  /** The picture's key, written to the record. */
  readonly key: string;
  readonly loadImage: () => Promise<RgbImage>;
  /** The program, `async function execute_command(image: ImagePatch): Promise<Answer>`. */
  readonly source: string;
  readonly perception: PerceptionBackends;
  readonly signal: AbortSignal;
  /** Sandbox limits of the run; unset ones keep the defaults (docs/SANDBOX.md). */
  readonly policy?: Partial<SandboxPolicy>;
  /** Where the program runs (docs/SANDBOX.md, "Process isolation"). @defaultValue "in-process" */
  readonly isolation?: SandboxIsolation;
  /** Rewrites an error before it is recorded (the CLI names the flag of a tripped limit). @defaultValue unchanged */
  readonly mapError?: (error: unknown) => unknown;
  /** Codes of errors that stop the run instead of being recorded. @defaultValue {@link BATCH_SETUP_ERROR_CODES} */
  readonly setupErrorCodes?: ReadonlySet<string>;
}

/**
 * Runs the batch's program on one picture in the sandbox and makes its record; a failure becomes a record
 * with the error, except a set-up error, which is handed back. Undefined when `signal` stopped it first.
 * Batch runs in this process and queue workers build their records here, so both write the same records.
 */
export async function runProgramOnBatchImage(options: RunProgramOnBatchImageOptions): Promise<BatchImageResult | undefined> {
  const { key, loadImage, source, perception, signal, policy, isolation, mapError = (error: unknown) => error, setupErrorCodes = BATCH_SETUP_ERROR_CODES } = options;
  const startedAt = performance.now();
  let loadMs = 0;
  try {
    const image = await loadImage();
    loadMs = Math.round(performance.now() - startedAt);
    const run = await runProgramOnImage({ image, source, perception, policy, isolation, signal });
    const { transpileMs, isolateMs, runMs } = run.timings;
    const timings = { loadMs, transpileMs: Math.round(transpileMs), isolateMs: Math.round(isolateMs), runMs: Math.round(runMs), totalMs: elapsedSince(startedAt) };
    return { record: { image: key, answer: run.answer, error: null, timings, warnings: warningsOf(run) } };
  } catch (error) {
    if (signal.aborted) return undefined;
    if (ViperError.isInstance(error) && setupErrorCodes.has(error.code)) return { setupError: error };
    return { record: failedBatchRecord({ key, error: mapError(error), timings: { loadMs, totalMs: elapsedSince(startedAt) } }) };
  }
}

/** The record of a picture that got no answer. */
export function failedBatchRecord(options: { key: string; error: unknown; timings: Readonly<Record<string, number>> }): BatchRecord {
  const { key, error, timings } = options;
  return { image: key, answer: null, error: describeFailure(error), timings, warnings: [] };
}

/** The run's warnings, once program runs carry them (answer-warnings contract); none before. */
function warningsOf(run: object): readonly AnswerWarning[] {
  return "warnings" in run && Array.isArray(run.warnings) ? (run.warnings as AnswerWarning[]) : [];
}

function describeFailure(error: unknown): BatchRecord["error"] {
  if (!ViperError.isInstance(error)) return { code: "INTERNAL", message: error instanceof Error ? error.message : String(error) };
  const { line } = error.details;
  return { code: error.code, message: error.message, ...(typeof line === "number" ? { line } : {}) };
}

function elapsedSince(startedAt: number): number {
  return Math.round(performance.now() - startedAt);
}
