import type { AccuracyRow, EvalSummary } from "../eval/summarize.ts";
import { percent } from "../eval/summary-table.ts";
import { escapeHtml, formatMs } from "./html-escape.ts";

/** The evaluation's summary as HTML tables: overall, per family, per ground-truth count, errors, speed. */
export function evalSummarySection(summary: EvalSummary): string {
  const { overall, throughput } = summary;
  const errors = Object.entries(summary.errorsByCode).map(([code, count]) => `<tr><td><code>${escapeHtml(code)}</code></td><td>${count}</td></tr>`);
  return [
    `<section id="summary"><h2>Summary</h2>`,
    `<p class="overall" data-testid="overall">Accuracy <b>${percent(overall.accuracy)}</b> (${overall.correct} of ${overall.total} correct), ${overall.errors} errors, ${summary.fallbacks} fallbacks.</p>`,
    `<p class="note">${throughput.answeredNow} questions answered in this run in ${formatMs(throughput.elapsedMs)} (${throughput.questionsPerSecond} questions/s at concurrency ${throughput.concurrency}); median ${formatMs(summary.medianQuestionMs)} a question.</p>`,
    accuracyTable("family", summary.byFamily),
    summary.byCount.length > 0 ? accuracyTable("ground-truth count", summary.byCount) : "",
    errors.length > 0 ? `<table class="summary"><thead><tr><th>error code</th><th>questions</th></tr></thead><tbody>${errors.join("")}</tbody></table>` : "",
    "</section>",
  ].join("\n");
}

/**
 * The accuracy charts (SVG documents) as images. An `<img>` never runs scripts inside an SVG, so a chart
 * is shown safely whatever text it holds.
 */
export function chartsSection(charts: readonly string[]): string {
  if (charts.length === 0) return "";
  const images = charts.map((svg, index) => `<img src="data:image/svg+xml;base64,${Buffer.from(svg, "utf8").toString("base64")}" alt="accuracy chart ${index + 1}">`);
  return `<section class="charts"><h2>Charts</h2>${images.join("")}</section>`;
}

function accuracyTable(title: string, rows: readonly AccuracyRow[]): string {
  const body = rows.map(
    (row) => `<tr><td>${escapeHtml(row.key)}</td><td>${row.total}</td><td>${row.correct}</td><td>${row.errors}</td><td>${percent(row.accuracy)}</td></tr>`,
  );
  return `<table class="summary"><thead><tr><th>${escapeHtml(title)}</th><th>questions</th><th>correct</th><th>errors</th><th>accuracy</th></tr></thead><tbody>${body.join("")}</tbody></table>`;
}

