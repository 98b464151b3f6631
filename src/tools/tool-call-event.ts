import type { TraceEntry } from "../../sandbox/index.ts";

/**
 * A tool call as it happens, for progress displays and streaming: `tool-call-start` when the host begins
 * the call, `tool-call-end` with its result or error. The entry has the trace's shape, with `line` null
 * (the program line is known only inside the sandbox); the run's `trace` stays the record.
 */
export interface ToolCallEvent {
  readonly type: "tool-call-start" | "tool-call-end";
  readonly entry: TraceEntry;
}

/**
 * Calls `listener` with `event`, keeping a failing listener away from the run: progress is for watching,
 * and a broken display must not change an answer.
 */
export function notifyListener<Event>(listener: ((event: Event) => void) | undefined, event: Event): void {
  if (listener === undefined) return;
  try {
    listener(event);
  } catch {
    // deliberately ignored: see the doc comment
  }
}
