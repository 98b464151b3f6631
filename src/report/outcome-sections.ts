import type { ProgramAnswer } from "../../sandbox/index.ts";
import type { AnswerWarning } from "../tools/answer-warning.ts";
import { escapeHtml } from "./html-escape.ts";
import type { ReportAttempt, ReportError } from "./run-report-input.ts";

/** The answer as one line: strings as they are, patches as ImagePatch(left, lower, right, upper). */
export function answerText(answer: ProgramAnswer | null | undefined): string {
  if (answer === undefined || answer === null) return "null";
  if (typeof answer === "string") return answer;
  if (typeof answer !== "object") return String(answer);
  if (Array.isArray(answer)) return `[${answer.map(answerText).join(", ")}]`;
  return `ImagePatch(${answer.left}, ${answer.lower}, ${answer.right}, ${answer.upper})`;
}

/** The answer, big, with a note when it came from the VLM fallback. */
export function answerSection(answer: ProgramAnswer | null | undefined, fallback: boolean): string {
  const note = fallback
    ? `<p class="fallback">No program worked; the visual question-answering model answered the question directly (fallback).</p>`
    : "";
  return `<section id="answer"><h2>Answer</h2><p class="answer" data-testid="answer">${escapeHtml(answerText(answer))}</p>${note}</section>`;
}

/** The answer's warnings (e.g. it rests on a find() that found nothing), each with its program line. */
export function warningsSection(warnings: readonly AnswerWarning[]): string {
  if (warnings.length === 0) return "";
  const items = warnings.map((warning) => {
    const line = warning.line === null ? "" : ` <span class="line-ref">line ${warning.line}</span>`;
    return `<li class="warning" data-code="${escapeHtml(warning.code)}"><b>${escapeHtml(warning.code)}</b>${line}: ${escapeHtml(warning.message)}</li>`;
  });
  return `<section id="warnings"><h2>Warnings <span class="count">${warnings.length}</span></h2><ul class="warnings" data-testid="warnings">${items.join("")}</ul></section>`;
}

/** The error's code, message and details; the partial trace follows in the timeline. */
export function errorSection(error: ReportError, traceLength: number): string {
  const details = Object.entries(error.details)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `<dt>${escapeHtml(key)}</dt><dd><code>${escapeHtml(truncate(JSON.stringify(value) ?? String(value)))}</code></dd>`);
  const partial = traceLength === 0 ? "It made no tool calls before it stopped." : `The trace below shows the ${traceLength} tool calls it made before it stopped.`;
  return [
    `<section id="error"><h2>Error</h2>`,
    `<p class="error-code" data-testid="error-code">${escapeHtml(error.code)}</p>`,
    `<p class="error-message">${escapeHtml(error.message)}</p>`,
    details.length > 0 ? `<dl class="details">${details.join("")}</dl>` : "",
    `<p class="note">${partial}</p></section>`,
  ].join("");
}

/** ask's attempts in order: which program failed how, and which one worked. */
export function attemptsSection(attempts: readonly ReportAttempt[]): string {
  if (attempts.length === 0) return "";
  const items = attempts.map((attempt, index) => {
    const outcome = attempt.error === undefined ? `<span class="ok">worked</span>` : `<span class="call-error">${escapeHtml(attempt.error.code)}: ${escapeHtml(attempt.error.message)}</span>`;
    const kind = `attempt ${index + 1}${attempt.cached ? " (cached program)" : ""}`;
    const program = attempt.program === null ? `<p class="note">The planner gave no program.</p>` : `<details><summary>program</summary><pre><code>${escapeHtml(attempt.program)}</code></pre></details>`;
    return `<li class="attempt"><b>${escapeHtml(kind)}</b> — ${outcome}${program}</li>`;
  });
  return `<section id="attempts"><h2>Attempts <span class="count">${attempts.length}</span></h2><ol class="attempts">${items.join("")}</ol></section>`;
}

/** Milliseconds per stage as a small table. */
export function timingsTable(timings: Readonly<Record<string, number>>): string {
  const cells = Object.entries(timings)
    .filter(([, value]) => typeof value === "number" && Number.isFinite(value))
    .map(([key, value]) => `<tr><th>${escapeHtml(key)}</th><td>${value < 10 ? value.toFixed(1) : Math.round(value)}</td></tr>`);
  return cells.length === 0 ? "" : `<table class="timings"><tbody>${cells.join("")}</tbody></table>`;
}

function truncate(text: string): string {
  return text.length > 2000 ? `${text.slice(0, 2000)}…` : text;
}
