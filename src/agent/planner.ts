import type { CapabilityView } from "./capabilities/capability-view.ts";

/** What went wrong with an earlier attempt, fed back to a planner that can repair. */
export interface PlanFeedback {
  /** What the planner produced: its raw answer, or the program that failed. */
  readonly output: string;
  /** The problem, written for the model: diagnostics with lines, or the runtime error and the trace so far. */
  readonly problem: string;
}

/** One request to a planner. */
export interface PlanRequest {
  /** The question about the image, in natural language. */
  readonly question: string;
  /** Earlier attempts at this question and why each failed, oldest first. Empty or absent on the first try. */
  readonly feedback?: readonly PlanFeedback[];
  /** Cancels the request. */
  readonly signal?: AbortSignal;
  /**
   * What the configured perception serves for this image: a language-model planner's prompt leaves out
   * the members with no back-end and says what find can name. @defaultValue the whole API, no set-up section
   */
  readonly capabilities?: CapabilityView;
}

/**
 * Turns a question into a program (TypeScript source defining `execute_command`). Version 1 of the
 * interface; implementations: {@link createLlmPlanner} and {@link createRulePlanner}.
 */
export interface Planner {
  /**
   * Identifies the planner and its model, e.g. "rules" or "openai:gpt-4o-mini"; part of the program cache key.
   */
  readonly id: string;
  /** Whether feedback can change the answer. A deterministic planner's failure is final. */
  readonly repairs: boolean;
  /**
   * Whether its programs are correct against the API by construction (the rule planner's templates, each
   * checked by a test), so the agent runs them without type-checking. @defaultValue false
   */
  readonly trusted?: boolean;
  /** The program for `request.question`; throws ViperError (PLANNER_OUTPUT, PLANNER_UNSUPPORTED, MODEL_SERVER, ...). */
  plan(request: PlanRequest): Promise<string>;
}
