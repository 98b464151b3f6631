import { describe, expect, it } from "vitest";
import { generateComposeScene } from "../../src/datasets/compose-scene.ts";
import { CONTRAST_BACKGROUND } from "../../src/datasets/palette.ts";
import { boxIou } from "../fixtures/box-matching.ts";

describe("compositional scene generator", () => {
  it("is deterministic: the same seed gives the same pixels and scene graph", async () => {
    const first = await generateComposeScene({ seed: 1234 });
    const second = await generateComposeScene({ seed: 1234 });
    expect(second.objects).toEqual(first.objects);
    expect(Buffer.from(second.image.data).equals(Buffer.from(first.image.data))).toBe(true);
    const other = await generateComposeScene({ seed: 1235 });
    expect(other.objects).not.toEqual(first.objects);
  });

  it("places 2 to 10 objects inside the image, apart from each other, over many seeds", async () => {
    const counts = new Set<number>();
    for (let seed = 0; seed < 80; seed++) {
      const scene = await generateComposeScene({ seed });
      counts.add(scene.objects.length);
      expect(scene.objects.length).toBeGreaterThanOrEqual(2);
      expect(scene.objects.length).toBeLessThanOrEqual(10);
      for (const [index, object] of scene.objects.entries()) {
        expect(object.box.x0).toBeGreaterThan(0);
        expect(object.box.y0).toBeGreaterThan(0);
        expect(object.box.x1).toBeLessThan(scene.width);
        expect(object.box.y1).toBeLessThan(scene.height);
        expect(object.center).toEqual({ x: (object.box.x0 + object.box.x1) / 2, y: (object.box.y0 + object.box.y1) / 2 });
        for (const other of scene.objects.slice(index + 1)) {
          const gap = Math.hypot(object.center.x - other.center.x, object.center.y - other.center.y);
          expect(gap).toBeGreaterThan(10);
          expect(boxIou(object.box, other.box)).toBeLessThan(0.2);
        }
      }
    }
    expect(counts.size).toBeGreaterThanOrEqual(7);
  });

  it("draws large objects about 1.8 times the size of small ones", async () => {
    const widths: Record<string, number[]> = { small: [], large: [] };
    for (let seed = 0; seed < 30; seed++) {
      for (const object of (await generateComposeScene({ seed })).objects) if (object.shape === "circle") widths[object.size]!.push(object.box.x1 - object.box.x0);
    }
    const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
    expect(mean(widths.large!) / mean(widths.small!)).toBeGreaterThan(1.6);
  });

  it("puts white objects on a gray background so they stay visible", async () => {
    let checked = 0;
    for (let seed = 0; seed < 60 && checked < 3; seed++) {
      const scene = await generateComposeScene({ seed });
      if (!scene.objects.some((object) => object.color === "white")) continue;
      checked++;
      expect(Array.from(scene.image.data.subarray(0, 3))).toEqual([CONTRAST_BACKGROUND.red, CONTRAST_BACKGROUND.green, CONTRAST_BACKGROUND.blue]);
    }
    expect(checked).toBe(3);
  });

  it("refuses object counts it cannot honour instead of looping forever", async () => {
    await expect(generateComposeScene({ seed: 1, minObjects: 0 })).rejects.toThrow(RangeError);
    await expect(generateComposeScene({ seed: 1, minObjects: 5, maxObjects: 3 })).rejects.toThrow(RangeError);
    await expect(generateComposeScene({ seed: 1, widthPx: 8, heightPx: 8, minObjects: 2, maxObjects: 2 })).rejects.toThrow(/Cannot place 2 shapes/);
  });
});
