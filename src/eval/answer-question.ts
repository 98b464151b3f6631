import { ViperError } from "../errors/index.ts";
import type { RgbImage } from "../mllm/rgb-image.ts";
import type { EvalQuestion } from "./eval-question.ts";
import type { EvalRecord } from "./eval-record.ts";
import type { AnswerOutcome, QuestionAnswerer } from "./question-answerer.ts";
import { isCorrectAnswer } from "./score.ts";
import { summarizeTrace } from "./trace-summary.ts";

/**
 * Errors that say the set-up is wrong (a model missing or not downloadable, a device absent, a bad option)
 * rather than that one question is hard: every other question would fail the same way, so the run stops
 * with the error instead of recording it for every question, and a rerun after fixing the set-up retries.
 */
export const SETUP_ERROR_CODES: ReadonlySet<string> = new Set(["MODEL_NOT_FOUND", "MODEL_DOWNLOAD", "MODEL_LOAD", "DEVICE_UNAVAILABLE", "CONFIG_INVALID"]);

/** What answering one question gave: its record and the run's whole trace, or a set-up error to stop on. */
export type QuestionResult = { readonly record: EvalRecord; readonly trace: readonly unknown[] } | { readonly setupError: unknown };

/** Options for {@link answerQuestion}. */
export interface AnswerQuestionOptions {
  readonly question: EvalQuestion;
  readonly answerer: QuestionAnswerer;
  /** Gives the picture (a cache shared by the questions about it). @defaultValue `question.loadImage` */
  readonly loadImage?: () => Promise<RgbImage>;
  readonly signal: AbortSignal;
  /** Codes of errors that stop the run instead of being recorded. @defaultValue {@link SETUP_ERROR_CODES} */
  readonly setupErrorCodes?: ReadonlySet<string>;
}

/**
 * Answers one question and scores it into its record; a failure becomes a record with the error, except a
 * set-up error (`setupErrorCodes`), which is handed back to stop the run. Undefined when `signal`
 * stopped the question before it finished (it is then not recorded). Evaluation runs in this process and
 * queue workers build their records here, so both write the same records.
 */
export async function answerQuestion(options: AnswerQuestionOptions): Promise<QuestionResult | undefined> {
  const { question, answerer, loadImage = () => question.loadImage(), signal, setupErrorCodes = SETUP_ERROR_CODES } = options;
  const startedAt = performance.now();
  let outcome: AnswerOutcome;
  try {
    const image = await loadImage();
    outcome = await answerer.answer({ image, imageKey: question.imageKey, question: question.question, signal });
  } catch (error) {
    if (signal.aborted) return undefined;
    if (ViperError.isInstance(error) && setupErrorCodes.has(error.code)) return { setupError: error };
    const details = ViperError.isInstance(error) ? error.details : {};
    const trace = Array.isArray(details.trace) ? (details.trace as unknown[]) : [];
    return { record: failedRecord({ question, error, totalMs: elapsedSince(startedAt), trace }), trace };
  }
  const record: EvalRecord = {
    ...recordBase(question),
    answer: outcome.answer,
    correct: isCorrectAnswer({ expected: question.expected, answer: outcome.answer }),
    program: outcome.program,
    trace: summarizeTrace(outcome.trace),
    timings: { ...outcome.timings, totalMs: elapsedSince(startedAt) },
    error: null,
    fallback: outcome.fallback,
  };
  return { record, trace: outcome.trace };
}

/** The record of a question that got no answer: wrong, with the error's code and message. */
export function failedRecord(options: { question: EvalQuestion; error: unknown; totalMs: number; trace?: readonly unknown[] }): EvalRecord {
  const { question, error, totalMs, trace = [] } = options;
  return {
    ...recordBase(question),
    answer: null,
    correct: false,
    program: failedProgram(ViperError.isInstance(error) ? error.details : {}),
    trace: summarizeTrace(trace),
    timings: { totalMs },
    error: describeFailure(error),
    fallback: false,
  };
}

function recordBase(question: EvalQuestion): Pick<EvalRecord, "id" | "family" | "question" | "expected" | "groundTruthCount" | "image"> {
  return {
    id: question.id,
    family: question.family,
    question: question.question,
    expected: question.expected,
    groundTruthCount: question.groundTruthCount ?? null,
    image: question.imagePath ?? null,
  };
}

function elapsedSince(startedAt: number): number {
  return Math.round(performance.now() - startedAt);
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
