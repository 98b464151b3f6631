import { ViperError } from "../errors/index.ts";
import type { ToolCallEvent } from "../tools/tool-call-event.ts";

/** A stage's failure as events carry it. */
export interface EventError {
  readonly code: string;
  readonly message: string;
}

/**
 * What an agent call is doing, in order, for progress displays and streaming (`viper serve` sends each as a
 * server-sent event). Names are noun-then-verb so a sequence reads as a story: `plan-start`, `plan-end`,
 * `program-start`, `tool-call-start`, `tool-call-end`, ..., `program-error` or the call's result.
 * `attempt` counts programs tried in this call, from 1.
 */
export type AgentEvent =
  | { readonly type: "plan-start"; readonly attempt: number }
  | { readonly type: "plan-end"; readonly attempt: number; readonly program: string }
  | { readonly type: "plan-error"; readonly attempt: number; readonly error: EventError }
  | { readonly type: "program-start"; readonly attempt: number; readonly program: string; readonly cached: boolean }
  | { readonly type: "program-error"; readonly attempt: number; readonly stage: "check" | "run"; readonly error: EventError }
  | { readonly type: "fallback-start" }
  | ToolCallEvent;

/** An error as events and attempts carry it: its code and message (INTERNAL for anything not a ViperError). */
export function eventError(error: unknown): EventError {
  if (ViperError.isInstance(error)) return { code: error.code, message: error.message };
  return { code: "INTERNAL", message: error instanceof Error ? error.message : String(error) };
}
