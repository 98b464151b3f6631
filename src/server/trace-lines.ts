import type { TraceEntry } from "../../sandbox/index.ts";

/** The trace as short lines for assistants and tools: `line 2: find("red circle") → 3 patches`. */
export function traceLines(trace: readonly TraceEntry[]): string[] {
  return trace.map((entry) => {
    const where = entry.line === null ? "" : `line ${entry.line}: `;
    const call = `${entry.tool}(${entry.args.map((arg) => JSON.stringify(arg)).join(", ")})`;
    const outcome = entry.error ? `error ${entry.error.code}` : (entry.result ?? "no result");
    return `${where}${call} → ${outcome}`;
  });
}
