import { ViperError } from "../../errors/index.ts";

/** What pixel analysis understands, for error messages. */
export const PIXEL_VOCABULARY =
  "objects/things/shapes/items, circle, square, rectangle, triangle, star (singular or plural), with a colour (red, orange, yellow, green, blue, purple, pink, brown, black, white, gray) and a size (small, large)";

/** The NO_BACKEND error for a request that pixel analysis cannot serve; `advice` says what to configure. */
export function pixelsCannotServe(options: { primitive: string; request: string; reason: string; advice: string }): ViperError {
  const { primitive, request, reason, advice } = options;
  return new ViperError({
    code: "NO_BACKEND",
    message: `Pixel analysis cannot serve ${primitive}(${JSON.stringify(request)}): ${reason}. ${advice}`,
    details: { backend: "pixels", primitive, request },
  });
}

/** The reason and advice when the image is a photo rather than a plain-background scene. */
export const PHOTO_REASON = "it only reads plain-background scenes (synthetic shapes and counting images) and this image is a photo";
