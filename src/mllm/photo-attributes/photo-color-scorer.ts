import type { PerceptionContext, TextImageScorer } from "../capabilities.ts";
import { routeCocoLabel } from "../labels/index.ts";
import { parseColorWord, type ColorName } from "../pixels/color-names.ts";
import type { RgbImage } from "../rgb-image.ts";
import { objectColorShares, type ColorNamer } from "./object-color.ts";

const FILLER_WORDS = new Set(["a", "an", "the", "is", "it", "colored", "coloured", "color", "colour", "in", "object", "thing"]);

/**
 * The colour a text names when it is a colour phrase ("red", "a grey object", "blue colored") or a colour
 * and an object the patch shows ("red car", as verify_property("car", "red") asks), else undefined.
 */
export function colorOfText(text: string): ColorName | undefined {
  const words = text.toLowerCase().split(/[^a-z]+/).filter(Boolean);
  const colors = words.map((word) => parseColorWord(word)).filter((color) => color !== undefined);
  const others = words.filter((word) => parseColorWord(word) === undefined && !FILLER_WORDS.has(word));
  const namesObject = others.length === 0 || routeCocoLabel(others.join(" ")) !== undefined;
  return colors.length === 1 && namesObject ? colors[0] : undefined;
}

/** Options for {@link createPhotoColorScorer}. */
export interface PhotoColorScorerOptions {
  /** Colour → word. @defaultValue the pixel back-end's nameColor */
  nameColor?: ColorNamer;
}

/**
 * Scores colour words against the object a photo patch shows (verify_property(name, "red")): the image is
 * the patch; its background is estimated from the original photo around the patch. A colour's score is its
 * share of the object's own pixels divided by the dominant colour's share, so the dominant colour scores 1.
 */
export function createPhotoColorScorer(options: PhotoColorScorerOptions = {}): TextImageScorer {
  return {
    specificationVersion: "v1",
    id: "photo-color",
    supports: (texts: readonly string[], context: PerceptionContext) =>
      context.scene === "photo" && texts.length > 0 && texts.every((text) => colorOfText(text) !== undefined),
    async score(_image: RgbImage, texts: readonly string[], context: PerceptionContext): Promise<number[]> {
      const shares = objectColorShares({ image: context.original, box: context.region, nameColor: options.nameColor });
      const dominant = Math.max(...Object.values(shares));
      return texts.map((text) => {
        const color = colorOfText(text);
        return color === undefined || dominant === 0 ? 0 : shares[color] / dominant;
      });
    },
  };
}
