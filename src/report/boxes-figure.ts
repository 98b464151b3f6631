import type { PixelBox } from "../mllm/rgb-image.ts";
import { escapeHtml } from "./html-escape.ts";
import type { FoundBoxGroup } from "./report-boxes.ts";

/** Options for {@link boxesFigure}. */
export interface BoxesFigureOptions {
  /** The picture as a data URL. */
  readonly imageUrl: string;
  /** Size of the ORIGINAL image: boxes are in its pixels, whatever size the data URL was shrunk to. */
  readonly width: number;
  readonly height: number;
  /** Boxes per find() call. */
  readonly groups: readonly FoundBoxGroup[];
  /** Patches the program answered with, drawn dashed. @defaultValue [] */
  readonly answerBoxes?: readonly PixelBox[];
  /** Alt text of the picture. */
  readonly alt: string;
  /** Extra class for size (e.g. "thumbnail"). @defaultValue "" */
  readonly className?: string;
  /** Widest the figure is shown, in CSS pixels. @defaultValue the image's width */
  readonly displayMaxWidthPx?: number;
  /** Let the browser decode the picture only when it scrolls into view (long evaluation reports). @defaultValue false */
  readonly lazy?: boolean;
}

/**
 * The picture with an SVG overlay whose viewBox is the original image's pixel grid, so boxes land on the
 * objects at any display size. Every found patch is one `rect.box` (with `data-label`), numbered per call.
 */
export function boxesFigure(options: BoxesFigureOptions): string {
  const { imageUrl, width, height, groups, answerBoxes = [], alt, className = "", lazy = false, displayMaxWidthPx = width } = options;
  const fontSize = Math.max(9, Math.round(Math.min(width, height) / 36));
  const labelled = groups.flatMap((group) =>
    group.boxes.map((box, index) => foundBox({ box, color: group.color, label: `${group.label} ${index + 1}`, group, fontSize })),
  );
  const answers = answerBoxes.map(
    (box) => `<rect class="answer-box" x="${box.x0}" y="${box.y0}" width="${box.x1 - box.x0}" height="${box.y1 - box.y0}"/>`,
  );
  return [
    `<figure class="scene ${escapeHtml(className)}" style="aspect-ratio:${width}/${height};max-width:${Math.min(width, displayMaxWidthPx)}px">`,
    `<img src="${imageUrl}" alt="${escapeHtml(alt)}" decoding="async"${lazy ? ' loading="lazy"' : ""}>`,
    `<svg class="overlay" viewBox="0 0 ${width} ${height}" preserveAspectRatio="none" font-size="${fontSize}">`,
    ...labelled,
    ...answers,
    "</svg></figure>",
  ].join("");
}

function foundBox(options: { box: PixelBox; color: string; label: string; group: FoundBoxGroup; fontSize: number }): string {
  const { box, color, label, group, fontSize } = options;
  const labelWidth = Math.ceil(label.length * fontSize * 0.6) + 6;
  const labelHeight = fontSize + 4;
  // The label sits above the box, or inside its top edge when the box touches the top of the image.
  const labelTop = box.y0 >= labelHeight ? box.y0 - labelHeight : box.y0;
  return [
    `<g class="found" data-call="${group.callIndex}" data-label="${escapeHtml(group.label)}">`,
    `<rect class="box" x="${box.x0}" y="${box.y0}" width="${box.x1 - box.x0}" height="${box.y1 - box.y0}" stroke="${color}"/>`,
    `<rect class="tag" x="${box.x0}" y="${labelTop}" width="${labelWidth}" height="${labelHeight}" fill="${color}"/>`,
    `<text x="${box.x0 + 3}" y="${labelTop + fontSize}">${escapeHtml(label)}</text>`,
    "</g>",
  ].join("");
}
