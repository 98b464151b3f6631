import type { RgbImage } from "../mllm/rgb-image.ts";

/** What answering one question produced. */
export interface AnswerOutcome {
  readonly answer: unknown;
  /** The program that produced the answer; null when none ran (direct VQA). */
  readonly program: string | null;
  /** The run's trace entries (summarised into the results file). */
  readonly trace: readonly unknown[];
  /** Milliseconds per stage. */
  readonly timings: Readonly<Record<string, number>>;
  /** True when the answer came from the direct-VQA fallback. */
  readonly fallback: boolean;
}

/** One question to answer about a picture. */
export interface AnswerRequest {
  readonly image: RgbImage;
  /** Shared by the questions about the same picture (lets an answerer reuse per-image work). */
  readonly imageKey: string;
  readonly question: string;
  readonly signal: AbortSignal;
}

/**
 * Answers evaluation questions: the agent (planner + sandbox + perception) or a VLM asked directly. Throws
 * (preferably a ViperError) when it cannot answer; the runner records the error and goes on.
 */
export interface QuestionAnswerer {
  /** Names the approach in summaries, e.g. "program (rules)" or "direct (ollama:llava)". */
  readonly id: string;
  answer(request: AnswerRequest): Promise<AnswerOutcome>;
  /** Frees models and sessions. */
  dispose(): Promise<void>;
}
