import type { Detection, Detector, PerceptionContext } from "../capabilities.ts";
import type { RgbImage } from "../rgb-image.ts";
import { PHOTO_REASON, PIXEL_VOCABULARY, pixelsCannotServe } from "./no-backend.ts";
import { matchesQuery, parseObjectQuery } from "./object-query.ts";
import { objectsInRegion, toImageBox } from "./region.ts";
import { SHAPE_NAMES } from "./shape-names.ts";
import { sceneObjects } from "./scene-objects.ts";

const DETECTOR_ADVICE = "For photos or other kinds of objects configure a learned detector: --detector yolox (COCO classes) or --detector owlv2 / grounding-dino (any name).";

/**
 * The pixel-analysis detector (id "pixels"): finds shapes by colour, size and shape word in plain-
 * background scenes. The original image is segmented once per run; a request on a crop returns the
 * objects whose centre lies in the crop, boxed in the crop's pixels (clipped to it).
 */
export function createPixelDetector(): Detector {
  return {
    specificationVersion: "v1",
    id: "pixels",
    // Colour and size words qualify these nouns ("large red circles"); "object", "shape" and "thing" name any.
    vocabulary: [...SHAPE_NAMES.filter((name) => name !== "other"), "object", "shape", "thing"],
    scenes: ["plain"],
    supports: (label: string, context: PerceptionContext) => context.scene === "plain" && parseObjectQuery(label) !== undefined,
    async detect(image: RgbImage, label: string, context: PerceptionContext): Promise<Detection[]> {
      if (context.scene !== "plain") throw pixelsCannotServe({ primitive: "find", request: label, reason: PHOTO_REASON, advice: DETECTOR_ADVICE });
      const query = parseObjectQuery(label);
      if (query === undefined) {
        throw pixelsCannotServe({ primitive: "find", request: label, reason: `it only knows ${PIXEL_VOCABULARY}`, advice: DETECTOR_ADVICE });
      }
      return objectsInRegion(await sceneObjects(context), context.region)
        .filter((object) => matchesQuery(object, query))
        .map((object) => ({ box: toImageBox(object.box, context.region, image), score: 1, label }));
    },
  };
}
