import type { ProgramAnswer, SandboxIsolation, SandboxPolicy, TraceEntry } from "../../sandbox/index.ts";
import type { PerceptionBackends } from "../mllm/capabilities.ts";
import type { AnswerWarning } from "../tools/answer-warning.ts";
import type { AgentEvent } from "./agent-event.ts";
import type { ImageInput } from "./image-input.ts";
import type { Planner } from "./planner.ts";
import type { ProgramCache } from "./program-cache.ts";
import type { ProgramChecker } from "./program-checker.ts";

/** Options for {@link createAgent}. */
export interface AgentOptions {
  /** Writes the programs: {@link createRulePlanner} (offline) or {@link createLlmPlanner}. */
  planner: Planner;
  /** Back-ends that serve the programs' perception calls (and the fallback's visual question answering). */
  perception: PerceptionBackends;
  /** Sandbox limits for every run; unset fields take the sandbox defaults. */
  policy?: Partial<SandboxPolicy>;
  /**
   * Where programs run: `"in-process"`, `"process"` (crash-isolated sandbox processes, for untrusted
   * programs) or a ProcessPool; see runProgramOnImage and docs/SANDBOX.md.
   * @defaultValue "in-process"
   */
  isolation?: SandboxIsolation;
  /** Repairs after the first attempt (planners that can repair only). @defaultValue 2 */
  maxRepairs?: number;
  /** Where working programs are kept; `false` turns caching off. @defaultValue an in-memory LRU of 256 programs */
  cache?: ProgramCache | false;
  /**
   * When no program works, ask a visual question-answering back-end that supports the question directly
   * (ViperGPT's fallback), and mark the result `fallback: true`.
   * @defaultValue true
   */
  vlmFallback?: boolean;
  /**
   * The checker for programs of planners that are not `trusted`, used with the capability view of each
   * image. @defaultValue the process-wide warm checker, loaded (with TypeScript) on the first check
   */
  checker?: ProgramChecker;
}

/** Per-call options of {@link Agent.ask} and {@link Agent.runProgram}. */
export interface AgentCallOptions {
  /** Cancels planning and the run. */
  signal?: AbortSignal;
  /** Hears each stage as it happens: planning, each program attempt, every tool call. @defaultValue none */
  onEvent?: (event: AgentEvent) => void;
}

/** One try at answering: the program (null when the planner gave none) and, if it failed, why. */
export interface AskAttempt {
  readonly program: string | null;
  /** True when the program came from the cache. */
  readonly cached?: boolean;
  readonly error?: { readonly code: string; readonly message: string };
}

/** Time spent in each stage of {@link Agent.ask}, in milliseconds, summed over attempts. */
export interface AskTimings {
  planMs: number;
  checkMs: number;
  runMs: number;
  totalMs: number;
}

/** The outcome of {@link Agent.ask}. */
export interface AskResult {
  /** The normalised answer (numbers stay numbers; "Yes." → "yes"). */
  readonly answer: ProgramAnswer;
  /** The program that produced the answer; null when the answer came from the fallback. */
  readonly program: string | null;
  /** What the successful run did, call by call (empty for the fallback). */
  readonly trace: readonly TraceEntry[];
  readonly timings: AskTimings;
  /** Every attempt in order, the successful one last. */
  readonly attempts: readonly AskAttempt[];
  /** True when no program worked and a visual question-answering back-end answered directly. */
  readonly fallback: boolean;
  /** Why the answer may be wrong although the program returned it (empty for the fallback). */
  readonly warnings: readonly AnswerWarning[];
}

/** The outcome of {@link Agent.runProgram}. */
export interface RunResult {
  readonly answer: ProgramAnswer;
  readonly program: string;
  readonly trace: readonly TraceEntry[];
  readonly timings: { checkMs: number; runMs: number; totalMs: number };
  /** Why the answer may be wrong although the program returned it. */
  readonly warnings: readonly AnswerWarning[];
}

/** Answers questions about images by planning, checking, running and repairing programs. */
export interface Agent {
  readonly planner: Planner;
  /** The back-ends the agent's programs use (open image sessions with these to share caches across asks). */
  readonly perception: PerceptionBackends;
  /**
   * Answers `question` about `image`. Throws the last attempt's ViperError (with `details.attempts`) when
   * no program works and no fallback can answer.
   */
  ask(image: ImageInput, question: string, options?: AgentCallOptions): Promise<AskResult>;
  /** Checks and runs a given program on `image`, with no planner. */
  runProgram(image: ImageInput, source: string, options?: AgentCallOptions): Promise<RunResult>;
}
