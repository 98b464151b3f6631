import { COLOR_NAMES, type ColorName } from "../mllm/pixels/color-names.ts";
import type { RgbImage } from "../mllm/rgb-image.ts";
import { COUNT_CATEGORIES, type CountCategory, iconSvg } from "./count-icons.ts";
import { COLOR_PALETTE, LIGHT_BACKGROUNDS, toHex } from "./palette.ts";
import { placeCrowded } from "./crowded-placement.ts";
import { placeDisks } from "./placement.ts";
import { createRandom, type Random } from "./random.ts";
import { renderSilhouette } from "./silhouette.ts";
import { renderSvg, svgDocument } from "./svg-render.ts";

/** The question asked of every counting image (the wording of the CCNL counting study). */
export const COUNT_QUESTION = "How many objects are in this photo? Answer please with a number between 1 and 10.";

/** One icon of a counting image, in pixels with the origin at the top-left. */
export interface CountObject {
  readonly centerX: number;
  readonly centerY: number;
  /** Radius of the circle that holds the icon. */
  readonly radiusPx: number;
  readonly rotationDegrees: number;
  readonly color: ColorName;
}

/** A generated counting image and its answer. */
export interface CountScene {
  /** Stable id, `count-<seed>` (`count-crowded-<seed>` for a crowded scene). */
  readonly sceneId: string;
  readonly seed: number;
  readonly category: CountCategory;
  /** The right answer: the number of icons. */
  readonly count: number;
  /** In drawing order: a later icon covers an earlier one where they overlap. */
  readonly objects: readonly CountObject[];
  /** Pairs of icons that touch or overlap (always 0 unless crowded). */
  readonly contactPairs: number;
  readonly width: number;
  readonly height: number;
  readonly svg: string;
  readonly image: RgbImage;
}

/** Options for {@link generateCountScene}. */
export interface CountSceneOptions {
  readonly seed: number;
  /** Fixes the category; by default the seed picks one. */
  readonly category?: CountCategory;
  /** Fixes the number of icons (1–10); by default the seed picks one. */
  readonly count?: number;
  /** @defaultValue 720 (the study's 720×720 images) */
  readonly sizePx?: number;
  /**
   * Crowds the icons: each one after the first touches or overlaps another (an icon of another colour may
   * cover up to a fifth of it; two icons of one colour only touch), instead of keeping them apart.
   * @defaultValue false
   */
  readonly crowded?: boolean;
}

/** Icon colours: every palette colour but white, which would vanish on the light backgrounds. */
const ICON_COLORS = COLOR_NAMES.filter((name) => name !== "white");

/**
 * Generates a CCNL-style counting image: a square plain background with 1–10 icons of one category, each
 * of its own size, colour and rotation, apart from each other (or crowded, see `crowded`). The same
 * options always give the same image.
 */
export async function generateCountScene(options: CountSceneOptions): Promise<CountScene> {
  const { seed, sizePx = 720, crowded = false } = options;
  const random = createRandom(seed);
  const category = options.category ?? random.pick(COUNT_CATEGORIES);
  const count = options.count ?? random.int(1, 10);
  if (!Number.isInteger(count) || count < 1 || count > 10) throw new RangeError(`count must be an integer from 1 to 10, got ${count}.`);
  // Images with many icons get smaller ones so that random placement still finds room.
  let largestRadiusPx = sizePx * (count <= 3 ? 0.14 : count <= 6 ? 0.11 : 0.09);
  const smallestRadiusPx = sizePx * 0.045;
  const place = crowded ? placeCrowdedIcons : placeApart;
  for (;;) {
    const radiiPx = Array.from({ length: count }, () => random.float(smallestRadiusPx, Math.max(smallestRadiusPx, largestRadiusPx)));
    const placed = await place({ random, sizePx, radiiPx, category });
    if (placed === undefined) {
      largestRadiusPx *= 0.95;
      continue;
    }
    const svg = svgDocument({
      widthPx: sizePx,
      heightPx: sizePx,
      background: random.pick(LIGHT_BACKGROUNDS),
      elements: placed.objects.map((object) => iconSvg({ category, ...object, fill: toHex(COLOR_PALETTE[object.color]) })),
    });
    const sceneId = crowded ? `count-crowded-${seed}` : `count-${seed}`;
    return { sceneId, seed, category, count, objects: placed.objects, contactPairs: placed.contactPairs, width: sizePx, height: sizePx, svg, image: await renderSvg(svg) };
  }
}

/** One way of placing icons of the given radii, or undefined when they do not fit. */
type IconPlacer = (options: { random: Random; sizePx: number; radiiPx: readonly number[]; category: CountCategory }) => Promise<{ objects: CountObject[]; contactPairs: number } | undefined>;

/** Icons apart from each other and from the border by 1.5% of the image side. */
const placeApart: IconPlacer = async ({ random, sizePx, radiiPx }) => {
  const disks = placeDisks({ random, widthPx: sizePx, heightPx: sizePx, radiiPx, marginPx: sizePx * 0.015 });
  if (disks === undefined) return undefined;
  return { objects: disks.map((disk) => ({ ...disk, rotationDegrees: Math.round(random.float(-45, 45)), color: random.pick(ICON_COLORS) })), contactPairs: 0 };
};

/** Icons leaning on each other (src/datasets/crowded-placement.ts), placed by their drawn silhouettes. */
const placeCrowdedIcons: IconPlacer = async ({ random, sizePx, radiiPx, category }) => {
  const drafts = radiiPx.map((radiusPx) => ({ radiusPx, rotationDegrees: Math.round(random.float(-45, 45)), color: random.pick(ICON_COLORS) }));
  const silhouettes = await Promise.all(
    drafts.map((draft) => {
      const sidePx = Math.ceil(2 * draft.radiusPx) + 4;
      return renderSilhouette({ element: iconSvg({ category, centerX: sidePx / 2, centerY: sidePx / 2, radiusPx: draft.radiusPx, rotationDegrees: draft.rotationDegrees, fill: "#000" }), sidePx });
    }),
  );
  const placement = placeCrowded({ random, widthPx: sizePx, heightPx: sizePx, marginPx: Math.round(sizePx * 0.015), silhouettes, groups: drafts.map((draft) => draft.color) });
  if (placement === undefined) return undefined;
  return { objects: drafts.map((draft, index) => ({ ...draft, ...placement.centers[index]! })), contactPairs: placement.contactPairs };
};
