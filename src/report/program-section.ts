import type { TraceEntry } from "../../sandbox/index.ts";
import { escapeHtml } from "./html-escape.ts";
import type { FoundBoxGroup } from "./report-boxes.ts";
import { callText, durationText, outcomeHtml } from "./trace-text.ts";

/** Options for {@link programSection}. */
export interface ProgramSectionOptions {
  readonly program: string;
  readonly trace: readonly TraceEntry[];
  readonly groups: readonly FoundBoxGroup[];
  /** The line an error points at, highlighted. @defaultValue none */
  readonly errorLine?: number | null;
  /** Heading. @defaultValue "Program" */
  readonly heading?: string;
}

/**
 * The program line by line, each line followed by the tool calls it made and what they returned, so the
 * line that decided the answer can be read off. Calls the stack did not place go under the program.
 */
export function programSection(options: ProgramSectionOptions): string {
  const { program, trace, groups, errorLine = null, heading = "Program" } = options;
  return `<section class="program-section"><h2>${escapeHtml(heading)}</h2>${programTable({ program, trace, groups, errorLine })}</section>`;
}

/** The program table alone (also used inside evaluation reports). */
export function programTable(options: Omit<ProgramSectionOptions, "heading">): string {
  const { program, trace, groups, errorLine = null } = options;
  const lines = program.replace(/\r\n?/g, "\n").replace(/\n$/, "").split("\n");
  const colors = new Map(groups.map((group) => [group.callIndex, group.color]));
  const byLine = new Map<number, TraceEntry[]>();
  const unplaced: TraceEntry[] = [];
  for (const entry of trace) {
    if (entry.line !== null && entry.line >= 1 && entry.line <= lines.length) byLine.set(entry.line, [...(byLine.get(entry.line) ?? []), entry]);
    else unplaced.push(entry);
  }
  const rows = lines.map((text, index) => {
    const line = index + 1;
    const calls = byLine.get(line) ?? [];
    const rowClass = line === errorLine ? "error-line" : calls.length > 0 ? "has-calls" : "";
    return `<tr class="${rowClass}" data-line="${line}"><td class="line-number">${line}</td><td class="code"><code>${escapeHtml(text)}</code></td><td class="calls">${callsHtml(calls, colors)}</td></tr>`;
  });
  const tail = unplaced.length === 0 ? "" : `<tr><td class="line-number">?</td><td class="code note">calls without a program line</td><td class="calls">${callsHtml(unplaced, colors)}</td></tr>`;
  return `<table class="program"><tbody>${rows.join("")}${tail}</tbody></table>`;
}

function callsHtml(calls: readonly TraceEntry[], colors: ReadonlyMap<number, string>): string {
  const shown = calls.slice(0, 8).map((entry) => {
    const color = colors.get(entry.index);
    const swatch = color === undefined ? "" : `<span class="swatch" style="background:${color}"></span>`;
    return `<div class="call">${swatch}<code>${escapeHtml(callText(entry))}</code> → ${outcomeHtml(entry)} <span class="duration">${durationText(entry)}</span></div>`;
  });
  if (calls.length > shown.length) shown.push(`<div class="call note">… ${calls.length - shown.length} more calls on this line (in a loop)</div>`);
  return shown.join("");
}
