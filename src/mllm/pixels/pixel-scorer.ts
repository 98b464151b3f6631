import type { PerceptionContext, TextImageScorer } from "../capabilities.ts";
import type { RgbImage } from "../rgb-image.ts";
import { PHOTO_REASON, PIXEL_VOCABULARY, pixelsCannotServe } from "./no-backend.ts";
import { parseObjectQuery, queryScore } from "./object-query.ts";
import { mainObject } from "./region.ts";
import { sceneObjects } from "./scene-objects.ts";

const SCORER_ADVICE = "For other words or photos configure a CLIP-like scorer or a VLM (e.g. --vlm ollama:llava).";

/**
 * Scores texts such as "red", "circle", "large red circle" or "circle red" (the order does not matter)
 * against the object a patch shows: 1 when every word fits, ×0.1 for each word that does not. A text
 * that names a shape is scored against the biggest object of that shape in the patch, if there is one,
 * so verify_property("circle", "red") on a crop looks at the circle, not at a neighbour.
 */
export function createPixelScorer(): TextImageScorer {
  return {
    specificationVersion: "v1",
    id: "pixels",
    supports: (texts: readonly string[], context: PerceptionContext) =>
      context.scene === "plain" && texts.length > 0 && texts.every((text) => parseObjectQuery(text) !== undefined),
    async score(_image: RgbImage, texts: readonly string[], context: PerceptionContext): Promise<number[]> {
      const request = texts.join(" | ");
      if (context.scene !== "plain") throw pixelsCannotServe({ primitive: "score", request, reason: PHOTO_REASON, advice: SCORER_ADVICE });
      const objects = await sceneObjects(context);
      return texts.map((text) => {
        const query = parseObjectQuery(text);
        if (query === undefined) {
          throw pixelsCannotServe({ primitive: "score", request: text, reason: `it only knows ${PIXEL_VOCABULARY}`, advice: SCORER_ADVICE });
        }
        const subject = mainObject(objects, context.region, (object) => query.shape === undefined || object.shape === query.shape);
        return subject === undefined ? 0 : queryScore(subject, query);
      });
    },
  };
}
