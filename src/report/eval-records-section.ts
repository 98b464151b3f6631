import { isProgramAnswer } from "../../sandbox/answer.ts";
import type { TraceEntry } from "../../sandbox/index.ts";
import type { EvalRecord } from "../eval/eval-record.ts";
import { escapeHtml, formatMs } from "./html-escape.ts";
import { answerText } from "./outcome-sections.ts";
import { programTable } from "./program-section.ts";
import type { FoundBoxGroup } from "./report-boxes.ts";
import { timelineTable } from "./timeline-section.ts";

/** One failed question, ready to show: its record, its picture (HTML) and, when kept, its whole trace. */
export interface FailedQuestionView {
  readonly record: EvalRecord;
  /** The thumbnail figure, or "" when the picture could not be had. */
  readonly figure: string;
  /** The run's whole trace; undefined when only the record's summary is known (e.g. resumed records). */
  readonly trace: readonly TraceEntry[] | undefined;
  readonly groups: readonly FoundBoxGroup[];
  /**
   * Lay the question out only when it scrolls near the view (CSS content-visibility): long reports open
   * fast, while the first questions render at once (and in screenshots).
   */
  readonly deferred: boolean;
}

/** A failed question in full: picture with its boxes, question, expected and given answer, error, program, trace. */
export function failedQuestionHtml(view: FailedQuestionView): string {
  const { record, figure, trace, groups, deferred } = view;
  const error = record.error === null ? "" : `<p class="call-error"><b>${escapeHtml(record.error.code)}</b>: ${escapeHtml(record.error.message)}</p>`;
  const fallback = record.fallback ? `<p class="fallback">Answered by the VLM fallback.</p>` : "";
  const program = record.program === null
    ? `<p class="note">No program ran.</p>`
    : programTable({ program: record.program, trace: trace ?? [], groups, errorLine: null });
  const traceHtml = trace !== undefined
    ? timelineTable({ trace, groups })
    : `<p class="note">${record.trace.toolCalls} tool calls (${escapeHtml(record.trace.tools.join(", ") || "none")}); the full trace was not kept for this record.</p>`;
  return [
    `<article class="failure${deferred ? " deferred" : ""}" data-id="${escapeHtml(record.id)}">`,
    `<div class="failure-head">${figure}<div>`,
    `<h3>${escapeHtml(record.id)} <span class="count">${escapeHtml(record.family)} · ${formatMs(record.timings.totalMs ?? 0)}</span></h3>`,
    `<p class="question">${escapeHtml(record.question)}</p>`,
    `<p>expected <b class="right">${escapeHtml(String(record.expected))}</b>, got <b class="wrong">${escapeHtml(recordAnswerText(record.answer))}</b></p>`,
    error,
    fallback,
    `</div></div>`,
    `<h4>Program</h4>${program}<h4>Trace</h4>${traceHtml}`,
    `</article>`,
  ].join("");
}

/** The questions answered correctly, one compact row each, the program folded away. */
export function passedTable(records: readonly EvalRecord[]): string {
  if (records.length === 0) return "";
  const rows = records.map((record) => {
    const program = record.program === null ? (record.fallback ? "fallback" : "—") : `<details><summary>program</summary><pre><code>${escapeHtml(record.program)}</code></pre></details>`;
    return [
      `<tr data-id="${escapeHtml(record.id)}"><td>${escapeHtml(record.id)}</td><td>${escapeHtml(record.family)}</td>`,
      `<td>${escapeHtml(record.question)}</td><td>${escapeHtml(recordAnswerText(record.answer))}</td>`,
      `<td>${escapeHtml(record.trace.tools.join(", "))}</td><td>${formatMs(record.timings.totalMs ?? 0)}</td><td>${program}</td></tr>`,
    ].join("");
  });
  return [
    `<section id="passed"><h2>Correct answers <span class="count">${records.length}</span></h2>`,
    `<table class="records"><thead><tr><th>id</th><th>family</th><th>question</th><th>answer</th><th>tools</th><th>time</th><th>program</th></tr></thead>`,
    `<tbody>${rows.join("")}</tbody></table></section>`,
  ].join("");
}

function recordAnswerText(answer: unknown): string {
  if (answer === null || answer === undefined) return "no answer";
  return isProgramAnswer(answer) ? answerText(answer) : (JSON.stringify(answer) ?? String(answer));
}
