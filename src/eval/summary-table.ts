import type { AccuracyRow, EvalSummary } from "./summarize.ts";

/** The summary as plain-text tables for a terminal: per family, per ground-truth count, overall, speed. */
export function formatSummary(summary: EvalSummary): string {
  const lines = [`${summary.suite} — ${summary.approach}`, "", table("family", summary.byFamily)];
  if (summary.byCount.length > 0) lines.push("", table("count", summary.byCount));
  const { overall, throughput } = summary;
  lines.push(
    "",
    `overall: ${percent(overall.accuracy)} (${overall.correct}/${overall.total}), errors ${overall.errors}, fallbacks ${summary.fallbacks}`,
  );
  const codes = Object.entries(summary.errorsByCode);
  if (codes.length > 0) lines.push(`errors by code: ${codes.map(([code, count]) => `${code} ${count}`).join(", ")}`);
  lines.push(
    `this run: ${throughput.answeredNow} questions in ${(throughput.elapsedMs / 1000).toFixed(1)} s = ` +
      `${throughput.questionsPerSecond} questions/s at concurrency ${throughput.concurrency}; median ${summary.medianQuestionMs} ms a question`,
  );
  return lines.join("\n");
}

function table(title: string, rows: readonly AccuracyRow[]): string {
  const header = [title, "questions", "correct", "errors", "accuracy"];
  const body = rows.map((row) => [row.key, String(row.total), String(row.correct), String(row.errors), percent(row.accuracy)]);
  const widths = header.map((cell, column) => Math.max(cell.length, ...body.map((line) => line[column]!.length)));
  const format = (cells: readonly string[]): string =>
    cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join("  ");
  return [format(header), widths.map((width) => "-".repeat(width)).join("  "), ...body.map(format)].join("\n");
}

/** 0.9876 → "98.8%". */
export function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}
