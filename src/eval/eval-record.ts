import type { ExpectedAnswer } from "./score.ts";

/** What a run's trace amounted to: enough to see how a question was answered without the whole trace. */
export interface TraceSummary {
  /** Number of perception/tool calls the program made. */
  readonly toolCalls: number;
  /** The tools it called, each once, in first-use order. */
  readonly tools: readonly string[];
}

/** One line of a results file: a question, the answer it got, and how. */
export interface EvalRecord {
  readonly id: string;
  readonly family: string;
  readonly question: string;
  readonly expected: ExpectedAnswer;
  /** The true count for counting questions, else null. */
  readonly groundTruthCount: number | null;
  /** The picture's file, when it has one. */
  readonly image: string | null;
  /** The answer the program (or the VLM, with --direct) gave; null on error. */
  readonly answer: unknown;
  readonly correct: boolean;
  /** The program that ran; null with --direct or when planning failed before a program existed. */
  readonly program: string | null;
  readonly trace: TraceSummary;
  /** Milliseconds per stage as the answerer reported them, plus `totalMs` (image loading included). */
  readonly timings: Readonly<Record<string, number>>;
  /** Why the question got no answer, or null. */
  readonly error: null | { readonly code: string; readonly message: string };
  /** True when the agent fell back to asking the VLM directly. */
  readonly fallback: boolean;
}
