import type { TraceSummary } from "./eval-record.ts";

/**
 * Summarises a run's trace (sandbox/trace.ts: one entry of type "tool-call" per call, whatever its outcome):
 * how many tool calls the program made and which tools.
 */
export function summarizeTrace(trace: readonly unknown[]): TraceSummary {
  const tools: string[] = [];
  let toolCalls = 0;
  for (const entry of trace) {
    if (typeof entry !== "object" || entry === null) continue;
    const { type, tool } = entry as { type?: unknown; tool?: unknown };
    if (type !== "tool-call") continue;
    toolCalls++;
    if (typeof tool === "string" && !tools.includes(tool)) tools.push(tool);
  }
  return { toolCalls, tools };
}
