import type { TraceEntry } from "../../sandbox/index.ts";
import type { EvalRecord } from "../eval/eval-record.ts";
import type { EvalSummary } from "../eval/summarize.ts";
import { boxesFigure } from "./boxes-figure.ts";
import { failedQuestionHtml, passedTable, type FailedQuestionView } from "./eval-records-section.ts";
import { chartsSection, evalSummarySection } from "./eval-summary-section.ts";
import { escapeHtml } from "./html-escape.ts";
import { foundBoxGroups } from "./report-boxes.ts";
import { jpegDataUrl, toRgbImage, type ReportImage } from "./report-images.ts";
import { reportPage } from "./report-page.ts";

/** What {@link renderEvalReport} shows: one evaluation (viper eval's summary, charts and records). */
export interface EvalReportInput {
  readonly summary: EvalSummary;
  /** The accuracy charts as SVG documents (accuracyChartSvg). @defaultValue [] */
  readonly charts?: readonly string[];
  readonly records: readonly EvalRecord[];
  /** Whole traces by record id (results files keep only a summary); failed questions show them as timelines. @defaultValue none */
  readonly traces?: ReadonlyMap<string, readonly TraceEntry[]>;
  /**
   * The picture of a record, for the failed questions. @defaultValue reads `record.image` from disk (none for
   * generated pictures)
   */
  readonly loadRecordImage?: (record: EvalRecord) => Promise<ReportImage | null>;
  /** Longest side of a failed question's thumbnail, in pixels. @defaultValue 320 */
  readonly thumbnailSidePx?: number;
  /** JPEG quality of the thumbnails, 1–100. @defaultValue 70 */
  readonly thumbnailQuality?: number;
  /** @defaultValue "viper-ts evaluation: <suite>, <approach>" */
  readonly title?: string;
}

const IMAGE_CONCURRENCY = 4;
/** Failed questions laid out at once; later ones only when scrolled to. */
const EAGER_FAILURES = 20;

/**
 * Renders an evaluation as a self-contained HTML page: the summary tables and charts, then every failed
 * question with a thumbnail of its picture (found boxes drawn when the whole trace is known), its program
 * and its trace, then the correct ones compactly, without pictures, so 500 questions stay a few MB.
 */
export async function renderEvalReport(input: EvalReportInput): Promise<string> {
  const { summary, charts = [], records, traces = new Map(), thumbnailSidePx = 320, thumbnailQuality = 70 } = input;
  const loadRecordImage = input.loadRecordImage ?? defaultRecordImage;
  const title = input.title ?? `viper-ts evaluation: ${summary.suite}, ${summary.approach}`;
  const failed = records.filter((record) => !record.correct);
  const thumbnails = new Map<string, Promise<{ url: string; width: number; height: number } | null>>();
  const thumbnailOf = (record: EvalRecord): Promise<{ url: string; width: number; height: number } | null> => {
    const key = record.image ?? `record:${record.id}`;
    let thumbnail = thumbnails.get(key);
    if (thumbnail === undefined) {
      thumbnail = loadRecordImage(record).then(async (source) => {
        if (source === null) return null;
        const image = await toRgbImage(source);
        const url = (await jpegDataUrl(image, { maxSidePx: thumbnailSidePx, quality: thumbnailQuality }))!;
        return { url, width: image.width, height: image.height };
      });
      thumbnails.set(key, thumbnail);
    }
    return thumbnail;
  };
  const views = await mapLimited(failed, IMAGE_CONCURRENCY, async (record, index): Promise<FailedQuestionView> => {
    const trace = traces.get(record.id);
    let figure = "";
    let groups: FailedQuestionView["groups"] = [];
    try {
      const thumbnail = await thumbnailOf(record);
      if (thumbnail !== null) {
        groups = foundBoxGroups(trace ?? [], thumbnail);
        figure = boxesFigure({ imageUrl: thumbnail.url, width: thumbnail.width, height: thumbnail.height, groups, alt: `picture of ${record.id}`, className: "thumbnail", lazy: true, displayMaxWidthPx: thumbnailSidePx });
      }
    } catch (error) {
      figure = `<p class="note">Picture unavailable: ${escapeHtml(error instanceof Error ? error.message : String(error))}</p>`;
    }
    return { record, figure, trace, groups, deferred: index >= EAGER_FAILURES };
  });
  const body = [
    `<header><h1>${escapeHtml(title)}</h1></header>`,
    evalSummarySection(summary),
    chartsSection(charts),
    `<section id="failed"><h2>Wrong answers and errors <span class="count">${failed.length}</span></h2>`,
    failed.length === 0 ? `<p class="note">Every question was answered correctly.</p>` : views.map(failedQuestionHtml).join("\n"),
    "</section>",
    passedTable(records.filter((record) => record.correct)),
  ].join("\n");
  return reportPage({ title, body });
}

async function defaultRecordImage(record: EvalRecord): Promise<ReportImage | null> {
  return record.image;
}

/** Maps with at most `limit` calls in flight, keeping the order. */
async function mapLimited<Item, Result>(items: readonly Item[], limit: number, map: (item: Item, index: number) => Promise<Result>): Promise<Result[]> {
  const results: Result[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await map(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
