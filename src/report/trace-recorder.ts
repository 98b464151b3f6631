import type { TraceEntry } from "../../sandbox/index.ts";
import type { EvalQuestion } from "../eval/eval-question.ts";
import type { QuestionAnswerer } from "../eval/question-answerer.ts";
import { traceOfError } from "./run-report-input.ts";

/** An answerer that keeps every run's whole trace for the report, and the traces it kept. */
export interface TraceRecorder {
  readonly answerer: QuestionAnswerer;
  /** Whole traces by question id, for the questions this recorder saw answered (or fail). */
  traces(questions: readonly EvalQuestion[]): Map<string, readonly TraceEntry[]>;
}

/**
 * Wraps an answerer so the evaluation report can show whole traces: results files keep only a summary of
 * each trace, so the recorder holds on to the trace of each answer, and to the partial trace of each error.
 */
export function recordTraces(answerer: QuestionAnswerer): TraceRecorder {
  const byQuestion = new Map<string, readonly TraceEntry[]>();
  const keyOf = (imageKey: string, question: string): string => `${imageKey}\u0000${question}`;
  return {
    answerer: {
      id: answerer.id,
      dispose: () => answerer.dispose(),
      async answer(request) {
        try {
          const outcome = await answerer.answer(request);
          byQuestion.set(keyOf(request.imageKey, request.question), outcome.trace as readonly TraceEntry[]);
          return outcome;
        } catch (error) {
          byQuestion.set(keyOf(request.imageKey, request.question), traceOfError(error));
          throw error;
        }
      },
    },
    traces(questions) {
      const traces = new Map<string, readonly TraceEntry[]>();
      for (const question of questions) {
        const trace = byQuestion.get(keyOf(question.imageKey, question.question));
        if (trace !== undefined) traces.set(question.id, trace);
      }
      return traces;
    },
  };
}
