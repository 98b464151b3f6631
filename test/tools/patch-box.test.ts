import { describe, expect, it } from "vitest";
import { cropBoxToPatchBox, patchArea, patchToPixelBox, pixelToPatchBox } from "../../src/tools/patch-box.ts";

describe("ViperGPT patch boxes (origin bottom-left) and pixel boxes (origin top-left)", () => {
  const imageHeight = 100;

  it("maps a patch near the top of the image to small pixel rows", () => {
    const patch = { left: 10, lower: 70, right: 30, upper: 90 };
    expect(patchToPixelBox(patch, imageHeight)).toEqual({ x0: 10, y0: 10, x1: 30, y1: 30 });
  });

  it("round-trips between the two conventions", () => {
    const box = { x0: 5, y0: 60, x1: 25, y1: 95 };
    const patch = pixelToPatchBox(box, imageHeight);
    expect(patch).toEqual({ left: 5, lower: 5, right: 25, upper: 40 });
    expect(patch.upper).toBeGreaterThan(patch.lower);
    expect(patchToPixelBox(patch, imageHeight)).toEqual(box);
  });

  it("places a box found inside a crop at absolute coordinates", () => {
    const parent = { left: 50, lower: 20, right: 90, upper: 60 };
    // The crop's top-left pixel is (50, 40) in the original image: a box at crop pixels (0..10, 0..5)
    // covers original x 50..60 and original pixel rows 40..45, i.e. patch y 55..60.
    expect(cropBoxToPatchBox({ x0: 0, y0: 0, x1: 10, y1: 5 }, parent)).toEqual({ left: 50, lower: 55, right: 60, upper: 60 });
  });

  it("rounds outwards and clamps crop boxes to the parent patch", () => {
    const parent = { left: 0, lower: 0, right: 20, upper: 20 };
    expect(cropBoxToPatchBox({ x0: -3.5, y0: 1.2, x1: 25, y1: 4.1 }, parent)).toEqual({ left: 0, lower: 15, right: 20, upper: 19 });
  });

  it("gives degenerate boxes no area", () => {
    expect(patchArea({ left: 5, lower: 5, right: 5, upper: 9 })).toBe(0);
    expect(patchArea({ left: 0, lower: 0, right: 4, upper: 3 })).toBe(12);
  });
});
