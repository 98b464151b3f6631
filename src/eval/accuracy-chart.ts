import type { AccuracyRow } from "./summarize.ts";
import { percent } from "./summary-table.ts";

/** Options for {@link accuracyChartSvg}. */
export interface AccuracyChartOptions {
  /** Chart title, e.g. "synthetic-count — program (rules): 99.6%". */
  readonly title: string;
  /** Label of the x axis, e.g. "ground-truth count". */
  readonly axisLabel: string;
  /** One bar per row, left to right. */
  readonly rows: readonly AccuracyRow[];
}

const HEIGHT = 360;
const PLOT_TOP = 50;
const PLOT_BOTTOM = 290;
const LEFT = 60;
const BAR_SLOT = 56;

/**
 * A self-contained SVG bar chart of accuracy per group (like the per-count chart of the LLaVA counting
 * study): one bar per row with its accuracy and question count, a 0–100% axis, no external fonts or files.
 */
export function accuracyChartSvg(options: AccuracyChartOptions): string {
  const { title, axisLabel, rows } = options;
  const width = LEFT + 20 + Math.max(rows.length, 1) * BAR_SLOT;
  const plotHeight = PLOT_BOTTOM - PLOT_TOP;
  const grid = [0, 0.25, 0.5, 0.75, 1].map((fraction) => {
    const y = PLOT_BOTTOM - fraction * plotHeight;
    return `<line x1="${LEFT}" y1="${y}" x2="${width - 10}" y2="${y}" stroke="#ddd"/><text x="${LEFT - 6}" y="${y + 4}" text-anchor="end">${fraction * 100}%</text>`;
  });
  const bars = rows.map((row, index) => {
    const x = LEFT + 10 + index * BAR_SLOT;
    const barHeight = row.accuracy * plotHeight;
    const top = PLOT_BOTTOM - barHeight;
    return [
      `<rect x="${x}" y="${top.toFixed(1)}" width="${BAR_SLOT - 16}" height="${barHeight.toFixed(1)}" fill="#4878a8"><title>${escapeXml(row.key)}: ${row.correct}/${row.total}</title></rect>`,
      `<text x="${x + (BAR_SLOT - 16) / 2}" y="${(top - 5).toFixed(1)}" text-anchor="middle">${percent(row.accuracy)}</text>`,
      `<text x="${x + (BAR_SLOT - 16) / 2}" y="${PLOT_BOTTOM + 16}" text-anchor="middle">${escapeXml(row.key)}</text>`,
      `<text x="${x + (BAR_SLOT - 16) / 2}" y="${PLOT_BOTTOM + 30}" text-anchor="middle" fill="#777">n=${row.total}</text>`,
    ].join("");
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${HEIGHT}" viewBox="0 0 ${width} ${HEIGHT}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${width / 2}" y="24" text-anchor="middle" font-size="14">${escapeXml(title)}</text>`,
    ...grid,
    ...bars,
    `<text x="${LEFT + (width - LEFT) / 2}" y="${HEIGHT - 12}" text-anchor="middle">${escapeXml(axisLabel)}</text>`,
    `<text transform="translate(16 ${(PLOT_TOP + PLOT_BOTTOM) / 2}) rotate(-90)" text-anchor="middle">accuracy</text>`,
    "</svg>",
    "",
  ].join("\n");
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
