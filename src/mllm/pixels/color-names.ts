/** The colour words viper-ts understands and names (CLEVR-like scenes and counting images). */
export const COLOR_NAMES = ["red", "orange", "yellow", "green", "blue", "purple", "pink", "brown", "black", "white", "gray"] as const;

/** One of {@link COLOR_NAMES}. */
export type ColorName = (typeof COLOR_NAMES)[number];

/** Spellings accepted in labels and questions besides the names themselves. */
const COLOR_SYNONYMS: Readonly<Record<string, ColorName>> = { grey: "gray", violet: "purple", cyan: "blue" };

/** The colour name a word stands for ("grey" → "gray"), or undefined when it is not a colour word. */
export function parseColorWord(word: string): ColorName | undefined {
  const lower = word.toLowerCase();
  if ((COLOR_NAMES as readonly string[]).includes(lower)) return lower as ColorName;
  return COLOR_SYNONYMS[lower];
}

/** An RGB colour, each channel 0–255. */
export interface Rgb {
  readonly red: number;
  readonly green: number;
  readonly blue: number;
}

/**
 * Names the colour of a mean RGB value with hue/saturation/value rules. Made for the flat colours of
 * synthetic scenes, and written to degrade sensibly on the mean colour of a real crop (dark → black, pale
 * and unsaturated → white or gray, dark orange → brown, pale red → pink).
 */
export function nameColor(color: Rgb): ColorName {
  const { hue, saturation, value } = toHsv(color);
  if (value < 0.2) return "black";
  if (saturation < 0.2 || (value < 0.35 && saturation < 0.35)) {
    if (value > 0.82) return "white";
    if (value < 0.3) return "black";
    return "gray";
  }
  if (hue >= 15 && hue < 48 && value < 0.66) return "brown";
  if ((hue < 15 || hue >= 345) && value < 0.45 && saturation < 0.7) return "brown";
  if (hue < 12 || hue >= 345) return saturation < 0.45 && value > 0.75 ? "pink" : "red";
  if (hue < 40) return "orange";
  if (hue < 68) return "yellow";
  if (hue < 165) return "green";
  if (hue < 255) return "blue";
  // Magenta sits between purple and pink: dark magenta reads as purple, bright magenta as pink.
  if (hue < 290 || (hue < 320 && value < 0.7)) return "purple";
  return "pink";
}

/** Hue in degrees [0, 360), saturation and value in [0, 1]. */
function toHsv({ red, green, blue }: Rgb): { hue: number; saturation: number; value: number } {
  const max = Math.max(red, green, blue);
  const min = Math.min(red, green, blue);
  const chroma = max - min;
  let hue = 0;
  if (chroma > 0) {
    if (max === red) hue = ((green - blue) / chroma) % 6;
    else if (max === green) hue = (blue - red) / chroma + 2;
    else hue = (red - green) / chroma + 4;
    hue *= 60;
    if (hue < 0) hue += 360;
  }
  return { hue, saturation: max === 0 ? 0 : chroma / max, value: max / 255 };
}
