/** The shape words pixel analysis names; "other" is anything that is none of the five. */
export const SHAPE_NAMES = ["circle", "square", "rectangle", "triangle", "star", "other"] as const;

/** One of {@link SHAPE_NAMES}. */
export type ShapeName = (typeof SHAPE_NAMES)[number];

/** Nouns (singular and plural) that name a shape in labels and questions. */
const SHAPE_NOUNS: Readonly<Record<string, Exclude<ShapeName, "other">>> = {
  circle: "circle", circles: "circle", disk: "circle", disks: "circle", disc: "circle", discs: "circle", ball: "circle", balls: "circle", sphere: "circle", spheres: "circle", dot: "circle", dots: "circle",
  square: "square", squares: "square", cube: "square", cubes: "square",
  rectangle: "rectangle", rectangles: "rectangle", bar: "rectangle", bars: "rectangle",
  triangle: "triangle", triangles: "triangle",
  star: "star", stars: "star",
};

/** The shape a noun names ("balls" → "circle"), or undefined. */
export function parseShapeWord(word: string): Exclude<ShapeName, "other"> | undefined {
  return SHAPE_NOUNS[word.toLowerCase()];
}

/** Shape adjectives ("round", "square", "triangular") as they appear in "a round object". */
const SHAPE_ADJECTIVES: Readonly<Record<string, Exclude<ShapeName, "other">>> = {
  round: "circle", circular: "circle", rectangular: "rectangle", triangular: "triangle", "star-shaped": "star",
};

/** The shape an adjective names ("round" → "circle"), or undefined. */
export function parseShapeAdjective(word: string): Exclude<ShapeName, "other"> | undefined {
  return SHAPE_ADJECTIVES[word.toLowerCase()];
}
