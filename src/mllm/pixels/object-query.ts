import { type ColorName, parseColorWord } from "./color-names.ts";
import type { SizeName } from "./object-size.ts";
import type { PixelObject } from "./scene-objects.ts";
import { parseShapeAdjective, parseShapeWord, type ShapeName } from "./shape-names.ts";

/** What a label such as "large blue shape" or "red circles" asks for; absent fields match anything. */
export interface ObjectQuery {
  readonly color?: ColorName;
  readonly size?: SizeName;
  readonly shape?: Exclude<ShapeName, "other">;
}

/** Nouns that name any object. */
const GENERIC_NOUNS = new Set(["object", "objects", "thing", "things", "shape", "shapes", "item", "items", "figure", "figures", "one", "ones"]);
const SIZE_WORDS: Readonly<Record<string, SizeName>> = { small: "small", little: "small", tiny: "small", large: "large", big: "large", huge: "large" };
/** Words that carry no constraint: articles, determiners and the filler of prompts like "a photo of a red circle". */
const FILLER_WORDS = new Set(["a", "an", "the", "this", "that", "these", "those", "some", "any", "all", "of", "photo", "picture", "image", "color", "colour", "colored", "coloured", "sized", "size"]);

/**
 * Reads a label made of colour, size and shape words in any order ("red circle", "circle red",
 * "large blue shape", "small things"). Returns undefined when a word is unknown or two words contradict
 * each other (pixel analysis cannot serve such a label).
 */
export function parseObjectQuery(label: string): ObjectQuery | undefined {
  const words = label.toLowerCase().replace(/[^a-z0-9\s-]/g, " ").split(/\s+/).filter((word) => word.length > 0);
  if (words.length === 0) return undefined;
  const query: { color?: ColorName; size?: SizeName; shape?: Exclude<ShapeName, "other"> } = {};
  let meaningful = 0;
  for (const word of words) {
    if (FILLER_WORDS.has(word)) continue;
    meaningful++;
    const color = parseColorWord(word);
    const size = SIZE_WORDS[word];
    const shape = parseShapeWord(word) ?? parseShapeAdjective(word);
    if (color !== undefined) {
      if (query.color !== undefined && query.color !== color) return undefined;
      query.color = color;
    } else if (size !== undefined) {
      if (query.size !== undefined && query.size !== size) return undefined;
      query.size = size;
    } else if (shape !== undefined) {
      if (query.shape !== undefined && query.shape !== shape) return undefined;
      query.shape = shape;
    } else if (!GENERIC_NOUNS.has(word)) {
      return undefined;
    }
  }
  return meaningful === 0 ? undefined : query;
}

/** True when an object has every attribute the query asks for. */
export function matchesQuery(object: PixelObject, query: ObjectQuery): boolean {
  return (
    (query.color === undefined || object.color === query.color) &&
    (query.size === undefined || object.size === query.size) &&
    (query.shape === undefined || object.shape === query.shape)
  );
}

/**
 * How well an object fits a query, in [0, 1]: 1 when every attribute matches, and a factor of 0.1 for
 * each attribute that does not (so one mismatch already scores below one half).
 */
export function queryScore(object: PixelObject, query: ObjectQuery): number {
  let score = 1;
  if (query.color !== undefined && object.color !== query.color) score *= 0.1;
  if (query.size !== undefined && object.size !== query.size) score *= 0.1;
  if (query.shape !== undefined && object.shape !== query.shape) score *= 0.1;
  return score;
}
