import { summarizeResult, toTraceValue, type PatchBox, type TraceEntry } from "../../sandbox/index.ts";
import type { AsyncToolName, SyncToolName, ToolCallDetails, ToolHost, ToolValue } from "../../sandbox/tool-host.ts";
import { notifyListener, type ToolCallEvent } from "./tool-call-event.ts";

/**
 * Wraps a run's tool host so that every call it answers is reported to `onToolCall` as it starts and ends.
 * It sits on the host side of the bridge, so it sees the same calls whether the program runs in this
 * process or in a pooled child process whose calls come back over IPC.
 */
export function observeToolHost(host: ToolHost, onToolCall: (event: ToolCallEvent) => void): ToolHost {
  const startedMs = performance.now();
  const boxes = new Map<number, PatchBox>();
  let nextIndex = 0;
  remember(host.root);

  function remember(value: ToolValue | undefined): void {
    if (Array.isArray(value)) value.forEach(remember);
    else if (typeof value === "object" && value !== null) boxes.set(value.$patch, { left: value.left, lower: value.lower, right: value.right, upper: value.upper });
  }

  function begin(tool: AsyncToolName | SyncToolName, target: number | null, args: readonly ToolValue[]): TraceEntry {
    const entry: TraceEntry = {
      type: "tool-call",
      index: nextIndex++,
      tool,
      target: target === null ? null : (boxes.get(target) ?? null),
      args: args.map(toTraceValue),
      result: null,
      resultValue: null,
      startMs: performance.now() - startedMs,
      durationMs: null,
      line: null,
    };
    notifyListener(onToolCall, { type: "tool-call-start", entry });
    return entry;
  }

  function end(entry: TraceEntry, outcome: { value: ToolValue } | { error: unknown }): void {
    const durationMs = performance.now() - startedMs - entry.startMs;
    if ("value" in outcome) {
      remember(outcome.value);
      const ended = { ...entry, durationMs, result: summarizeResult(outcome.value), resultValue: toTraceValue(outcome.value) };
      notifyListener(onToolCall, { type: "tool-call-end", entry: ended });
      return;
    }
    const { error } = outcome;
    const code = typeof error === "object" && error !== null && typeof (error as { code?: unknown }).code === "string" ? (error as { code: string }).code : "HOST_ERROR";
    const message = error instanceof Error ? error.message : String(error);
    notifyListener(onToolCall, { type: "tool-call-end", entry: { ...entry, durationMs, error: { code, message } } });
  }

  return {
    root: host.root,
    async call(tool, target, args, report) {
      let entry = begin(tool, target, args);
      // Details the host reports (e.g. a VLM's token counts) go to the trace as before, and to the event.
      const forward = (details: ToolCallDetails) => {
        entry = { ...entry, details };
        report?.(details);
      };
      try {
        const value = await host.call(tool, target, args, forward);
        end(entry, { value });
        return value;
      } catch (error) {
        end(entry, { error });
        throw error;
      }
    },
    callSync(tool, target, args) {
      const entry = begin(tool, target, args);
      try {
        const value = host.callSync(tool, target, args);
        // A host that answers crop from elsewhere (a sandbox process's host asks its parent) gives a promise.
        if (isPromiseLike(value)) {
          return Promise.resolve(value).then(
            (resolved) => {
              end(entry, { value: resolved });
              return resolved;
            },
            (error: unknown) => {
              end(entry, { error });
              throw error;
            },
          );
        }
        end(entry, { value });
        return value;
      } catch (error) {
        end(entry, { error });
        throw error;
      }
    },
  };
}

function isPromiseLike(value: ToolValue | PromiseLike<ToolValue>): value is PromiseLike<ToolValue> {
  return typeof (value as PromiseLike<ToolValue> | null)?.then === "function";
}
