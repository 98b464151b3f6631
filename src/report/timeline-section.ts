import type { TraceEntry } from "../../sandbox/index.ts";
import { escapeHtml, formatMs } from "./html-escape.ts";
import type { FoundBoxGroup } from "./report-boxes.ts";
import { callText, durationText, outcomeHtml } from "./trace-text.ts";

/** Options for {@link timelineSection}. */
export interface TimelineSectionOptions {
  readonly trace: readonly TraceEntry[];
  readonly groups: readonly FoundBoxGroup[];
  /**
   * How long the run lasted, in ms since it started; the axis covers at least this, and calls the run ended
   * during are drawn up to it. @defaultValue the end of the last call
   */
  readonly spanMs?: number;
  /** Calls drawn at most (the rest are counted). @defaultValue 400 */
  readonly maxRows?: number;
}

/**
 * The trace as a timeline: one row per tool call with a bar from its start to its end, on an axis from the
 * run's start to its end, so the slow calls stand out. Failed calls are red, unfinished ones hatched.
 */
export function timelineSection(options: TimelineSectionOptions): string {
  return `<section id="timeline"><h2>Trace <span class="count">${options.trace.length} calls</span></h2>${timelineTable(options)}</section>`;
}

/** The timeline alone (also used inside evaluation reports). */
export function timelineTable(options: TimelineSectionOptions): string {
  const { trace, groups, maxRows = 400 } = options;
  if (trace.length === 0) return `<p class="note">The program made no tool calls.</p>`;
  const lastEnd = Math.max(...trace.map((entry) => entry.startMs + (entry.durationMs ?? 0)));
  const spanMs = Math.max(lastEnd, options.spanMs ?? 0, 1);
  const colors = new Map(groups.map((group) => [group.callIndex, group.color]));
  const rows = trace.slice(0, maxRows).map((entry) => {
    const endMs = entry.durationMs === null ? spanMs : entry.startMs + entry.durationMs;
    const left = (entry.startMs / spanMs) * 100;
    const width = Math.max(((endMs - entry.startMs) / spanMs) * 100, 0.4);
    const state = entry.error !== undefined ? "failed" : entry.durationMs === null ? "unfinished" : "done";
    const color = colors.get(entry.index);
    const style = `left:${left.toFixed(2)}%;width:${Math.min(width, 100 - left).toFixed(2)}%${color === undefined || state !== "done" ? "" : `;background:${color}`}`;
    const line = entry.line === null ? "" : `<span class="line-ref">line ${entry.line}</span>`;
    return [
      `<tr class="trace-entry ${state}" data-index="${entry.index}" data-tool="${escapeHtml(entry.tool)}">`,
      `<td class="index">${entry.index}</td>`,
      `<td class="what"><code>${escapeHtml(callText(entry))}</code> ${line}<br>→ ${outcomeHtml(entry)}</td>`,
      `<td class="track"><div class="bar" style="${style}" title="${escapeHtml(`${formatMs(entry.startMs)} + ${durationText(entry)}`)}"></div></td>`,
      `<td class="duration">${durationText(entry)}</td></tr>`,
    ].join("");
  });
  const more = trace.length > maxRows ? `<p class="note">and ${trace.length - maxRows} more calls not shown</p>` : "";
  const axis = `<tr class="axis"><td></td><td></td><td class="track"><span>0</span><span class="axis-end">${formatMs(spanMs)}</span></td><td></td></tr>`;
  return `<table class="timeline"><tbody>${rows.join("")}${axis}</tbody></table>${more}`;
}
