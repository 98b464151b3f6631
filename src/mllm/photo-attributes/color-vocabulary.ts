/** Basic colour words the photo back-ends can recognise, with their accepted spellings. */
export const PHOTO_COLOR_NAMES = ["red", "orange", "yellow", "green", "blue", "purple", "pink", "brown", "black", "white", "gray"] as const;

/** One of {@link PHOTO_COLOR_NAMES}. */
export type PhotoColorName = (typeof PHOTO_COLOR_NAMES)[number];

const SPELLINGS: Readonly<Record<string, PhotoColorName>> = Object.freeze({
  ...Object.fromEntries(PHOTO_COLOR_NAMES.map((name) => [name, name])),
  grey: "gray",
  violet: "purple",
  tan: "brown",
  beige: "brown",
});

/** The basic colour a word names ("grey" → "gray"), or undefined when it is not a colour word. */
export function parseColorWord(word: string): PhotoColorName | undefined {
  return SPELLINGS[word.trim().toLowerCase()];
}
