import { describe, expect, it } from "vitest";
import { COUNT_CATEGORIES } from "../../src/datasets/count-icons.ts";
import { COUNT_QUESTION, generateCountScene } from "../../src/datasets/count-scene.ts";

describe("counting image generator (CCNL-style)", () => {
  it("draws 720x720 RGB images with the requested number of icons of one category", async () => {
    for (const category of COUNT_CATEGORIES) {
      const scene = await generateCountScene({ seed: 9, category, count: 10 });
      expect(scene.width).toBe(720);
      expect(scene.image.data.length).toBe(720 * 720 * 3);
      expect(scene.category).toBe(category);
      expect(scene.objects).toHaveLength(10);
      expect(scene.svg.match(/<g /g)).toHaveLength(10);
    }
  });

  it("keeps icons apart and inside the image, with varied size, colour and rotation", async () => {
    const scene = await generateCountScene({ seed: 5, category: "butterflies", count: 10 });
    for (const [index, object] of scene.objects.entries()) {
      expect(object.centerX - object.radiusPx).toBeGreaterThan(0);
      expect(object.centerX + object.radiusPx).toBeLessThan(720);
      for (const other of scene.objects.slice(index + 1)) {
        expect(Math.hypot(object.centerX - other.centerX, object.centerY - other.centerY)).toBeGreaterThan(object.radiusPx + other.radiusPx);
      }
    }
    expect(new Set(scene.objects.map((object) => object.color)).size).toBeGreaterThan(2);
    expect(new Set(scene.objects.map((object) => Math.round(object.radiusPx))).size).toBeGreaterThan(5);
    expect(new Set(scene.objects.map((object) => object.rotationDegrees)).size).toBeGreaterThan(5);
    expect(scene.objects.some((object) => object.color === "white")).toBe(false);
  });

  it("is deterministic and picks category and count from the seed when not given", async () => {
    const first = await generateCountScene({ seed: 77 });
    const second = await generateCountScene({ seed: 77 });
    expect(Buffer.from(second.image.data).equals(Buffer.from(first.image.data))).toBe(true);
    expect(first.count).toBeGreaterThanOrEqual(1);
    expect(first.count).toBeLessThanOrEqual(10);
    expect(COUNT_CATEGORIES).toContain(first.category);
    expect(COUNT_QUESTION).toBe("How many objects are in this photo? Answer please with a number between 1 and 10.");
  });

  it("refuses counts outside 1 to 10", async () => {
    await expect(generateCountScene({ seed: 1, count: 0 })).rejects.toThrow(/1 to 10/);
    await expect(generateCountScene({ seed: 1, count: 11 })).rejects.toThrow(/1 to 10/);
    await expect(generateCountScene({ seed: 1, count: 2.5 })).rejects.toThrow(/1 to 10/);
  });
});
