import type { PatchBox } from "./answer.ts";
import type { AsyncToolName, SyncToolName, ToolCallDetails, ToolValue } from "./tool-host.ts";

/** A value as the trace shows it: copied, patches reduced to their boxes, long strings and lists cut. */
export type TraceValue = string | number | boolean | null | PatchBox | TraceValue[];

/** One tool call the program made, in the order the calls started. */
export interface TraceEntry {
  readonly type: "tool-call";
  /** Position in the trace, from 0. */
  readonly index: number;
  readonly tool: AsyncToolName | SyncToolName;
  /** Box of the patch the method was called on; null for a free function. */
  readonly target: PatchBox | null;
  /** The arguments as they crossed the bridge. */
  readonly args: readonly TraceValue[];
  /** A short human summary of the result ("3 patches", "\"red\"", "true"); null while running or on error. */
  readonly result: string | null;
  /** The result itself, trimmed for the trace; null while running or on error. */
  readonly resultValue: TraceValue | null;
  /** When the call started, in ms since the run started. */
  readonly startMs: number;
  /** How long the host took; null if the run ended first. */
  readonly durationMs: number | null;
  /** The program's TypeScript line that made the call, when the stack showed it. */
  readonly line: number | null;
  /** Set when the call failed. */
  readonly error?: { readonly code: string; readonly message: string };
  /** Facts the host reported about serving the call, e.g. a VLM's `{ visualTokensIn, visualTokensOut }`. */
  readonly details?: ToolCallDetails;
}

/** A trace entry while its call is running (the bridge fills in the outcome). */
export type PendingTraceEntry = { -readonly [Key in keyof TraceEntry]: TraceEntry[Key] };

const MAX_TRACE_STRING = 500;
const MAX_TRACE_ITEMS = 100;
/** Deepest list nesting a trace value keeps (bridge values are at most 2 deep; this bounds any other). */
const MAX_TRACE_DEPTH = 4;

/**
 * Copies a bridge value for the trace: patches become boxes, strings over 500 characters and lists over
 * 100 items are cut, and lists nested deeper than 4 become "[…]".
 */
export function toTraceValue(value: ToolValue | undefined, depth = 0): TraceValue {
  if (value === undefined || value === null) return null;
  if (typeof value === "string") return value.length > MAX_TRACE_STRING ? `${value.slice(0, MAX_TRACE_STRING)}…` : value;
  if (typeof value !== "object") return value;
  if (Array.isArray(value)) {
    return depth >= MAX_TRACE_DEPTH ? "[…]" : value.slice(0, MAX_TRACE_ITEMS).map((item) => toTraceValue(item, depth + 1));
  }
  return { left: value.left, lower: value.lower, right: value.right, upper: value.upper };
}

/** A one-line summary of a tool's result for people reading the trace. */
export function summarizeResult(value: ToolValue | undefined): string {
  if (value === undefined || value === null) return "null";
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (typeof value !== "object") return String(value);
  if (!Array.isArray(value)) return `patch [${value.left}, ${value.lower}, ${value.right}, ${value.upper}]`;
  if (value.length > 0 && value.every((item) => typeof item === "object" && item !== null && !Array.isArray(item))) {
    return value.length === 1 ? "1 patch" : `${value.length} patches`;
  }
  return value.length === 0 ? "0 patches" : `${value.length} items`;
}
