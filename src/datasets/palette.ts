import type { ColorName, Rgb } from "../mllm/pixels/color-names.ts";

/**
 * The fill colour the generators use for each colour name: saturated, far from each other and from the
 * neighbouring hues, so that a reader (or nameColor) cannot take one for another.
 */
export const COLOR_PALETTE: Readonly<Record<ColorName, Rgb>> = {
  red: { red: 215, green: 30, blue: 35 },
  orange: { red: 250, green: 135, blue: 10 },
  yellow: { red: 245, green: 210, blue: 20 },
  green: { red: 35, green: 160, blue: 60 },
  blue: { red: 35, green: 85, blue: 215 },
  purple: { red: 130, green: 55, blue: 180 },
  pink: { red: 245, green: 110, blue: 185 },
  brown: { red: 125, green: 75, blue: 35 },
  black: { red: 25, green: 25, blue: 25 },
  white: { red: 255, green: 255, blue: 255 },
  gray: { red: 128, green: 128, blue: 128 },
};

/** Light backgrounds that every palette colour except white stands out on. */
export const LIGHT_BACKGROUNDS: readonly Rgb[] = [
  { red: 255, green: 255, blue: 255 },
  { red: 238, green: 238, blue: 238 },
  { red: 246, green: 242, blue: 232 },
  { red: 236, green: 242, blue: 248 },
];

/** A mid-light gray background used when a scene holds a white object (white on white would vanish). */
export const CONTRAST_BACKGROUND: Rgb = { red: 196, green: 200, blue: 204 };

/** `#rrggbb` for SVG. */
export function toHex({ red, green, blue }: Rgb): string {
  return `#${[red, green, blue].map((channel) => channel.toString(16).padStart(2, "0")).join("")}`;
}
