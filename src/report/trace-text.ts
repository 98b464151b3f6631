import type { TraceEntry, TraceValue } from "../../sandbox/index.ts";
import { escapeHtml, formatMs } from "./html-escape.ts";

const MAX_ARGUMENT_CHARS = 80;

/** A call as code, e.g. `find("person")` or `crop(0, 0, 320, 240)`, cut to a readable length. */
export function callText(entry: TraceEntry): string {
  const args = entry.args.map(valueText).join(", ");
  return `${entry.tool}(${args.length > MAX_ARGUMENT_CHARS ? `${args.slice(0, MAX_ARGUMENT_CHARS)}…` : args})`;
}

/** A trace value as text: strings quoted, patches as [left, lower, right, upper]. */
function valueText(value: TraceValue | null): string {
  if (value === null) return "null";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value !== "object") return String(value);
  if (Array.isArray(value)) return `[${value.map(valueText).join(", ")}]`;
  return `[${value.left}, ${value.lower}, ${value.right}, ${value.upper}]`;
}

/** What a call came to, as escaped HTML: its result summary, its error, or that it never finished. */
export function outcomeHtml(entry: TraceEntry): string {
  if (entry.error !== undefined) return `<span class="call-error">${escapeHtml(entry.error.code)}: ${escapeHtml(entry.error.message)}</span>`;
  if (entry.durationMs === null) return `<span class="call-error">did not finish</span>`;
  return `<span class="result">${escapeHtml(entry.result ?? "null")}</span>`;
}

/** "12 ms", or "—" for a call the run ended during. */
export function durationText(entry: TraceEntry): string {
  return entry.durationMs === null ? "—" : formatMs(entry.durationMs);
}
