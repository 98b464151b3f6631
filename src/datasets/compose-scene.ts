import { COLOR_NAMES, type ColorName } from "../mllm/pixels/color-names.ts";
import type { PixelBox, RgbImage } from "../mllm/rgb-image.ts";
import { CONTRAST_BACKGROUND, LIGHT_BACKGROUNDS } from "./palette.ts";
import { placeDisks } from "./placement.ts";
import { createRandom, type Random } from "./random.ts";
import { BOUNDING_RADIUS_FRACTION, SCENE_SHAPES, shapeBox, type SceneShape } from "./shape-geometry.ts";
import { shapeSceneSvg } from "./shape-scene-svg.ts";
import { renderSvg } from "./svg-render.ts";

/** The two object sizes of compositional scenes. */
export const SCENE_SIZES = ["small", "large"] as const;

/** One of {@link SCENE_SIZES}. */
export type SceneSize = (typeof SCENE_SIZES)[number];

/**
 * One object of a scene graph. Coordinates are pixels with the origin at the TOP-LEFT (y grows down),
 * unlike the ImagePatch API, whose origin is the bottom-left.
 */
export interface SceneObject {
  readonly shape: SceneShape;
  readonly color: ColorName;
  readonly size: SceneSize;
  /** The drawn shape's bounding box (x1/y1 exclusive). */
  readonly box: PixelBox;
  /** Centre of `box`: the same point as an ImagePatch's horizontal_center/vertical_center (after flipping y). */
  readonly center: { readonly x: number; readonly y: number };
  /** Clockwise rotation in degrees. */
  readonly rotationDegrees: number;
}

/** A generated scene: the picture and its ground truth. */
export interface ComposeScene {
  /** Stable id, `compose-<seed>`. */
  readonly sceneId: string;
  readonly seed: number;
  readonly width: number;
  readonly height: number;
  readonly objects: readonly SceneObject[];
  /** The SVG it was rasterised from. */
  readonly svg: string;
  readonly image: RgbImage;
}

/** Options for {@link generateComposeScene}. */
export interface ComposeSceneOptions {
  readonly seed: number;
  /** @defaultValue 480 */
  readonly widthPx?: number;
  /** @defaultValue 320 */
  readonly heightPx?: number;
  /** @defaultValue 2 */
  readonly minObjects?: number;
  /** @defaultValue 10 */
  readonly maxObjects?: number;
}

/** Nominal sizes as fractions of the image's shorter side; large is 1.8× small. */
const SIZE_FRACTIONS: Readonly<Record<SceneSize, number>> = { small: 0.12, large: 0.215 };
const MARGIN_FRACTION = 0.02;
/** Layouts tried before giving up (crowded scenes also drop an object now and then, down to minObjects). */
const MAX_PLACEMENT_ATTEMPTS = 200;

/**
 * Generates a CLEVR-like 2D scene from a seed: a plain light background and 2–10 shapes of the 11 colours
 * and 2 sizes, apart from each other and from the border. The same seed always gives the same scene.
 */
export async function generateComposeScene(options: ComposeSceneOptions): Promise<ComposeScene> {
  const { seed, widthPx = 480, heightPx = 320, minObjects = 2, maxObjects = 10 } = options;
  if (!Number.isInteger(minObjects) || !Number.isInteger(maxObjects) || minObjects < 1 || maxObjects < minObjects) {
    throw new RangeError(`minObjects and maxObjects must be integers with 1 <= minObjects <= maxObjects, got ${minObjects} and ${maxObjects}.`);
  }
  const random = createRandom(seed);
  const shorterSide = Math.min(widthPx, heightPx);
  let objectCount = random.int(minObjects, maxObjects);
  for (let attempt = 0; ; attempt++) {
    if (attempt === MAX_PLACEMENT_ATTEMPTS) {
      throw new RangeError(`Cannot place ${objectCount} shapes apart from each other in a ${widthPx}x${heightPx} image; use a larger image or fewer objects.`);
    }
    const drafts = Array.from({ length: objectCount }, () => draftObject(random));
    const disks = placeDisks({
      random,
      widthPx,
      heightPx,
      radiiPx: drafts.map((draft) => SIZE_FRACTIONS[draft.size] * shorterSide * BOUNDING_RADIUS_FRACTION),
      marginPx: Math.max(4, MARGIN_FRACTION * shorterSide),
    });
    if (disks === undefined) {
      if (random.chance(0.5) && objectCount > minObjects) objectCount--;
      continue;
    }
    const placements = drafts.map((draft, index) => ({
      shape: draft.shape,
      centerX: disks[index]!.centerX,
      centerY: disks[index]!.centerY,
      sizePx: SIZE_FRACTIONS[draft.size] * shorterSide,
      rotationDegrees: draft.rotationDegrees,
    }));
    const objects = drafts.map((draft, index): SceneObject => {
      const box = shapeBox(placements[index]!);
      return { ...draft, box, center: { x: (box.x0 + box.x1) / 2, y: (box.y0 + box.y1) / 2 } };
    });
    const background = objects.some((object) => object.color === "white") ? CONTRAST_BACKGROUND : random.pick(LIGHT_BACKGROUNDS);
    const svg = shapeSceneSvg({ widthPx, heightPx, background, shapes: placements.map((placement, index) => ({ ...placement, color: objects[index]!.color })) });
    return { sceneId: `compose-${seed}`, seed, width: widthPx, height: heightPx, objects, svg, image: await renderSvg(svg) };
  }
}

function draftObject(random: Random): { shape: SceneShape; color: ColorName; size: SceneSize; rotationDegrees: number } {
  const shape = random.pick(SCENE_SHAPES);
  return {
    shape,
    color: random.pick(COLOR_NAMES),
    size: random.pick(SCENE_SIZES),
    rotationDegrees: shape === "circle" ? 0 : Math.round(random.float(0, 360)),
  };
}
