import { COLOR_NAMES, type ColorName } from "../mllm/pixels/color-names.ts";
import type { RgbImage } from "../mllm/rgb-image.ts";
import { COUNT_CATEGORIES, type CountCategory, iconSvg } from "./count-icons.ts";
import { COLOR_PALETTE, LIGHT_BACKGROUNDS, toHex } from "./palette.ts";
import { placeDisks } from "./placement.ts";
import { createRandom } from "./random.ts";
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
  /** Stable id, `count-<seed>`. */
  readonly sceneId: string;
  readonly seed: number;
  readonly category: CountCategory;
  /** The right answer: the number of icons. */
  readonly count: number;
  readonly objects: readonly CountObject[];
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
}

/** Icon colours: every palette colour but white, which would vanish on the light backgrounds. */
const ICON_COLORS = COLOR_NAMES.filter((name) => name !== "white");

/**
 * Generates a CCNL-style counting image: a square plain background with 1–10 non-overlapping icons of
 * one category, each of its own size, colour and rotation. The same options always give the same image.
 */
export async function generateCountScene(options: CountSceneOptions): Promise<CountScene> {
  const { seed, sizePx = 720 } = options;
  const random = createRandom(seed);
  const category = options.category ?? random.pick(COUNT_CATEGORIES);
  const count = options.count ?? random.int(1, 10);
  if (!Number.isInteger(count) || count < 1 || count > 10) throw new RangeError(`count must be an integer from 1 to 10, got ${count}.`);
  // Crowded images get smaller icons so that random placement still finds room.
  let largestRadiusPx = sizePx * (count <= 3 ? 0.14 : count <= 6 ? 0.11 : 0.09);
  const smallestRadiusPx = sizePx * 0.045;
  for (;;) {
    const radiiPx = Array.from({ length: count }, () => random.float(smallestRadiusPx, Math.max(smallestRadiusPx, largestRadiusPx)));
    const disks = placeDisks({ random, widthPx: sizePx, heightPx: sizePx, radiiPx, marginPx: sizePx * 0.015 });
    if (disks === undefined) {
      largestRadiusPx *= 0.95;
      continue;
    }
    const objects = disks.map((disk): CountObject => ({ ...disk, rotationDegrees: Math.round(random.float(-45, 45)), color: random.pick(ICON_COLORS) }));
    const svg = svgDocument({
      widthPx: sizePx,
      heightPx: sizePx,
      background: random.pick(LIGHT_BACKGROUNDS),
      elements: objects.map((object) => iconSvg({ category, ...object, fill: toHex(COLOR_PALETTE[object.color]) })),
    });
    return { sceneId: `count-${seed}`, seed, category, count, objects, width: sizePx, height: sizePx, svg, image: await renderSvg(svg) };
  }
}
