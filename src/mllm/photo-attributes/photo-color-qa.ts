import type { Detector, PerceptionContext, VisualQA } from "../capabilities.ts";
import { routeCocoLabel } from "../labels/index.ts";
import type { PixelBox, RgbImage } from "../rgb-image.ts";
import { dominantObjectColor, type ColorNamer } from "./object-color.ts";

const COLOR_QUESTION = /^\s*what\s+colou?r\s+(?:is|are)\s+(.+?)\s*\??\s*$/i;

/** Options for {@link createPhotoColorQA}. */
export interface PhotoColorQAOptions {
  /**
   * Finds the object the question names ("the car") inside the patch. Without it, or when it finds
   * nothing, the whole patch is taken as the object (simple_query on a patch from find()).
   * @defaultValue none
   */
  detector?: Detector;
  /** Colour → word. @defaultValue the pixel back-end's nameColor */
  nameColor?: ColorNamer;
}

/**
 * Answers "what color is the <object>?" about photos: finds the object (any class the detector knows),
 * takes its highest-scoring box, and names the dominant colour of its own pixels.
 */
export function createPhotoColorQA(options: PhotoColorQAOptions = {}): VisualQA {
  const { detector, nameColor } = options;
  const subjectOf = (question: string) => COLOR_QUESTION.exec(question)?.[1];
  return {
    specificationVersion: "v1",
    id: "photo-color",
    supports(question: string, context: PerceptionContext) {
      const subject = subjectOf(question);
      if (context.scene !== "photo" || subject === undefined) return false;
      // "it"/"this" refer to the patch itself; a named object must be one the detector can find.
      return /^(it|this|that|this object|the object)$/i.test(subject) || (detector ? detector.supports(subject, context) : routeCocoLabel(subject) !== undefined);
    },
    async answer(image: RgbImage, question: string, context: PerceptionContext): Promise<string> {
      const subject = subjectOf(question) ?? "";
      let box: PixelBox = context.region;
      if (detector?.supports(subject, context)) {
        const [best] = (await detector.detect(image, subject, context)).sort((a, b) => b.score - a.score);
        if (best) box = { x0: best.box.x0 + context.region.x0, y0: best.box.y0 + context.region.y0, x1: best.box.x1 + context.region.x0, y1: best.box.y1 + context.region.y0 };
      }
      return dominantObjectColor({ image: context.original, box, nameColor });
    },
  };
}
