import type { ProgramAnswer, TraceEntry } from "../../sandbox/index.ts";
import { ViperError } from "../errors/index.ts";
import type { AnswerWarning } from "../tools/answer-warning.ts";
import type { AskAttempt, AskResult } from "./agent-types.ts";

/**
 * The one result object of every front door: what `viper run|ask --json` prints, and what `viper serve`,
 * `viper mcp` and the LangChain tool return (ARCHITECTURE.md's CLI contract).
 */
export interface JsonResult {
  readonly answer: ProgramAnswer | null;
  readonly program: string | null;
  readonly trace: readonly TraceEntry[];
  readonly timings: object;
  /** Cautions about the answer (contract 2); empty when there are none or on an error. */
  readonly warnings: readonly AnswerWarning[];
  readonly error: null | { readonly code: string; readonly message: string; readonly details?: Record<string, unknown> };
  /** `ask` only: every attempt in order. */
  readonly attempts?: readonly AskAttempt[];
  /** `ask` only: true when a visual question-answering back-end answered directly. */
  readonly fallback?: boolean;
}

/** A run's warnings, where the result carries them (results without the field have none). */
type MaybeWarned = { readonly warnings?: readonly AnswerWarning[] };

/** The result object of a question the agent answered. */
export function jsonFromAsk(result: AskResult & MaybeWarned): JsonResult {
  const { answer, program, trace, timings, attempts, fallback, warnings = [] } = result;
  return { answer, program, trace, timings: { ...timings }, warnings, attempts, fallback, error: null };
}

/** The result object of a program that ran (`viper run`, `POST /v1/run`). */
export function jsonFromRun(run: { readonly answer: ProgramAnswer; readonly trace: readonly TraceEntry[]; readonly timings: object } & MaybeWarned, program: string): JsonResult {
  return { answer: run.answer, program, trace: run.trace, timings: { ...run.timings }, warnings: run.warnings ?? [], error: null };
}

/**
 * The result object of a failure: the error plus whatever trace the run got to. `program` defaults to the
 * last program the agent tried (from the error's `details.attempts`), so callers see what failed.
 */
export function jsonFailure(error: unknown, program: string | null = lastProgram(error), timings: object = {}): JsonResult {
  const viperError = ViperError.isInstance(error) ? error : undefined;
  const trace = (viperError?.details.trace as TraceEntry[] | undefined) ?? [];
  const { trace: _omitted, ...details } = viperError?.details ?? {};
  return {
    answer: null,
    program,
    trace,
    timings,
    warnings: [],
    error: viperError
      ? { code: viperError.code, message: viperError.message, details }
      : { code: "INTERNAL", message: error instanceof Error ? error.message : String(error) },
  };
}

function lastProgram(error: unknown): string | null {
  if (!ViperError.isInstance(error) || !Array.isArray(error.details.attempts)) return null;
  const programs = (error.details.attempts as Array<{ program: string | null }>).map((attempt) => attempt.program).filter((program) => program !== null);
  return programs.at(-1) ?? null;
}
