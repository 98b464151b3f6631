import { boxesFigure } from "./boxes-figure.ts";
import { cropsSection } from "./crops-section.ts";
import { escapeHtml } from "./html-escape.ts";
import { answerSection, attemptsSection, errorSection, timingsTable, warningsSection } from "./outcome-sections.ts";
import { programSection } from "./program-section.ts";
import { foundBoxGroups, patchBoxesIn, patchToImagePixels, type FoundBoxGroup } from "./report-boxes.ts";
import { jpegDataUrl, toRgbImage } from "./report-images.ts";
import { reportPage } from "./report-page.ts";
import { reportErrorOf, traceOfError, type RunReportInput } from "./run-report-input.ts";
import { timelineSection } from "./timeline-section.ts";

/**
 * Renders one run as a self-contained HTML page: the image with every find() result drawn as labelled
 * boxes (a colour per call), the crops, the answer (or the error and the partial trace), the program with
 * each line's tool calls and results, the trace as a timeline, and ask's attempts. Everything taken from
 * the run is escaped; images are inlined as JPEG data URLs.
 */
export async function renderRunReport(input: RunReportInput): Promise<string> {
  const image = await toRgbImage(input.image);
  const error = reportErrorOf(input.error);
  const trace = input.trace !== undefined && input.trace.length > 0 ? input.trace : traceOfError(input.error);
  const timings = numericEntries(input.timings ?? {});
  const groups = foundBoxGroups(trace, image);
  const answerBoxes = error === null ? patchBoxesIn(input.answer ?? null).flatMap((patch) => patchToImagePixels(patch, image) ?? []) : [];
  const imageUrl = (await jpegDataUrl(image, { maxSidePx: 1600, quality: 82 }))!;
  const title = input.title ?? "viper-ts report";
  const errorLine = typeof error?.details.line === "number" ? error.details.line : null;
  // A sandbox run's timings start where the trace's clock does; a timeout's limit bounds unfinished calls.
  const spanMs = "isolateMs" in timings ? timings.totalMs : typeof error?.details.wallTimeoutMs === "number" ? error.details.wallTimeoutMs : undefined;

  const body = [
    `<header><h1>${escapeHtml(title)}</h1>`,
    input.question === undefined ? "" : `<p class="question">Question: <b data-testid="question">${escapeHtml(input.question)}</b></p>`,
    "</header>",
    `<div class="top"><div>`,
    boxesFigure({ imageUrl, width: image.width, height: image.height, groups, answerBoxes, alt: "the image the program ran on" }),
    legend(groups, answerBoxes.length),
    `<p class="note">Image ${image.width}×${image.height} px. Boxes are drawn in image pixels from the ViperGPT patch coordinates (origin bottom-left).</p>`,
    `</div><div>`,
    error === null ? answerSection(input.answer, input.fallback === true) + warningsSection(input.warnings ?? []) : errorSection(error, trace.length),
    timingsTable(timings),
    `</div></div>`,
    await cropsSection({ image, trace, groups }),
    input.program === null ? `<section><h2>Program</h2><p class="note">No program ran.</p></section>` : programSection({ program: input.program, trace, groups, errorLine }),
    timelineSection({ trace, groups, spanMs }),
    attemptsSection(input.attempts ?? []),
  ].join("\n");
  return reportPage({ title: input.question === undefined ? title : `${title}: ${input.question}`, body });
}

function legend(groups: readonly FoundBoxGroup[], answerBoxCount: number): string {
  if (groups.length === 0 && answerBoxCount === 0) return `<p class="note legend-empty">The program found no objects (no find() results to draw).</p>`;
  const items = groups.map((group) => {
    const line = group.line === null ? "" : ` <span class="line-ref">line ${group.line}</span>`;
    return `<li data-call="${group.callIndex}"><span class="swatch" style="background:${group.color}"></span>find(${escapeHtml(JSON.stringify(group.label))}): <b>${group.boxes.length}</b>${line}</li>`;
  });
  if (answerBoxCount > 0) items.push(`<li><span class="swatch" style="background:#fff;border:2px dashed #333"></span>answer: <b>${answerBoxCount}</b></li>`);
  return `<ul class="legend">${items.join("")}</ul>`;
}

function numericEntries(timings: object): Record<string, number> {
  return Object.fromEntries(Object.entries(timings).filter(([, value]) => typeof value === "number" && Number.isFinite(value)));
}
