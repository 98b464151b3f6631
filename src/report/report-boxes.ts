import type { PatchBox, TraceEntry, TraceValue } from "../../sandbox/index.ts";
import type { PixelBox } from "../mllm/rgb-image.ts";
import { patchToPixelBox } from "../tools/patch-box.ts";

/** One colour per find() call, distinct on photos and on plain backgrounds (Tableau 10). */
export const BOX_COLORS = ["#e15759", "#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2", "#edc948", "#ff9da7", "#9c755f", "#17becf"] as const;

/** The patches one find() call returned, in image pixel coordinates. */
export interface FoundBoxGroup {
  /** The trace index of the find() call. */
  readonly callIndex: number;
  /** What the program looked for: find()'s argument. */
  readonly label: string;
  /** The program line that called find(), when known. */
  readonly line: number | null;
  readonly color: string;
  /** Pixel boxes (origin top-left), clamped to the image. */
  readonly boxes: readonly PixelBox[];
}

/**
 * Converts a ViperGPT patch box (origin bottom-left, `upper > lower`) into the pixel box (origin top-left)
 * that the report draws, clamped to a `width` × `height` image. Null when nothing of it is inside.
 */
export function patchToImagePixels(patch: PatchBox, image: { readonly width: number; readonly height: number }): PixelBox | null {
  const box = patchToPixelBox(patch, image.height);
  const x0 = clamp(Math.min(box.x0, box.x1), image.width);
  const x1 = clamp(Math.max(box.x0, box.x1), image.width);
  const y0 = clamp(Math.min(box.y0, box.y1), image.height);
  const y1 = clamp(Math.max(box.y0, box.y1), image.height);
  return x1 > x0 && y1 > y0 ? { x0, y0, x1, y1 } : null;
}

/** The boxes every successful find() call in `trace` returned, one group (and colour) per call. */
export function foundBoxGroups(trace: readonly TraceEntry[], image: { readonly width: number; readonly height: number }): FoundBoxGroup[] {
  const groups: FoundBoxGroup[] = [];
  for (const entry of trace) {
    if (entry.tool !== "find" || !Array.isArray(entry.resultValue)) continue;
    const boxes = patchBoxesIn(entry.resultValue).flatMap((patch) => patchToImagePixels(patch, image) ?? []);
    const label = typeof entry.args[0] === "string" ? entry.args[0] : "find";
    groups.push({ callIndex: entry.index, label, line: entry.line, color: BOX_COLORS[groups.length % BOX_COLORS.length]!, boxes });
  }
  return groups;
}

/** The patch boxes in a trace or answer value (a patch, or a list holding patches). */
export function patchBoxesIn(value: TraceValue | null | undefined): PatchBox[] {
  if (value === null || value === undefined || typeof value !== "object") return [];
  if (Array.isArray(value)) return value.flatMap((item) => patchBoxesIn(item));
  return [value];
}

function clamp(value: number, limit: number): number {
  return Math.min(Math.max(value, 0), limit);
}
