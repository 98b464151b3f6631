import type { TraceEntry } from "../../sandbox/index.ts";
import type { RgbImage } from "../mllm/rgb-image.ts";
import { escapeHtml } from "./html-escape.ts";
import { type FoundBoxGroup, patchBoxesIn, patchToImagePixels } from "./report-boxes.ts";
import { jpegDataUrl } from "./report-images.ts";

/** Options for {@link cropsSection}. */
export interface CropsSectionOptions {
  readonly image: RgbImage;
  readonly trace: readonly TraceEntry[];
  readonly groups: readonly FoundBoxGroup[];
  /** Thumbnails shown at most; the rest are counted. @defaultValue 60 */
  readonly maxThumbnails?: number;
  /** Longest side of a thumbnail in pixels. @defaultValue 128 */
  readonly thumbnailSidePx?: number;
}

/**
 * Small pictures of the regions the program worked on: every crop() it made and every patch find()
 * returned, cut from the image, each captioned with what it was and the program line.
 */
export async function cropsSection(options: CropsSectionOptions): Promise<string> {
  const { image, trace, groups, maxThumbnails = 60, thumbnailSidePx = 128 } = options;
  const regions = [
    ...trace.flatMap((entry) =>
      entry.tool === "crop"
        ? patchBoxesIn(entry.resultValue).map((patch) => ({ patch, caption: "crop", line: entry.line, color: "#555" }))
        : [],
    ),
    ...groups.flatMap((group) => group.boxes.map((box, index) => ({ box, caption: `${group.label} ${index + 1}`, line: group.line, color: group.color }))),
  ];
  if (regions.length === 0) return "";
  const shown = regions.slice(0, maxThumbnails);
  const thumbnails = await Promise.all(
    shown.map(async (region) => {
      const box = "box" in region ? region.box : patchToImagePixels(region.patch, image);
      const url = box === null ? null : await jpegDataUrl(image, { region: box, maxSidePx: thumbnailSidePx, quality: 80 });
      const where = region.line === null ? "" : ` · line ${region.line}`;
      const picture = url === null ? `<div class="empty-crop">empty</div>` : `<img src="${url}" alt="${escapeHtml(region.caption)}">`;
      return `<figure class="crop" style="border-color:${region.color}">${picture}<figcaption>${escapeHtml(region.caption)}${where}</figcaption></figure>`;
    }),
  );
  const more = regions.length > shown.length ? `<p class="note">and ${regions.length - shown.length} more not shown</p>` : "";
  return `<section id="crops"><h2>Crops and found patches <span class="count">${regions.length}</span></h2><div class="crops">${thumbnails.join("")}</div>${more}</section>`;
}
