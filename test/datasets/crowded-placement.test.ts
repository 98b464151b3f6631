import { describe, expect, it } from "vitest";
import { iconSvg } from "../../src/datasets/count-icons.ts";
import { type CountScene, generateCountScene } from "../../src/datasets/count-scene.ts";
import { placeCrowded } from "../../src/datasets/crowded-placement.ts";
import { createRandom } from "../../src/datasets/random.ts";
import { renderSilhouette } from "../../src/datasets/silhouette.ts";

/** Each icon's silhouette over the whole image, in drawing order. */
async function silhouettesOf(scene: CountScene): Promise<Uint8Array[]> {
  return Promise.all(
    scene.objects.map(async (object) => (await renderSilhouette({ element: iconSvg({ category: scene.category, ...object, fill: "#000" }), sidePx: scene.width })).mask),
  );
}

describe("crowded counting scenes", () => {
  it("are deterministic and have their own ids", async () => {
    const first = await generateCountScene({ seed: 11, count: 8, crowded: true });
    const second = await generateCountScene({ seed: 11, count: 8, crowded: true });
    expect(Buffer.from(second.image.data).equals(Buffer.from(first.image.data))).toBe(true);
    expect(first.sceneId).toBe("count-crowded-11");
    expect((await generateCountScene({ seed: 11, count: 8 })).contactPairs).toBe(0);
  });

  it("make every icon after the first touch or overlap another, within the overlap limits, inside the margins", { timeout: 120_000 }, async () => {
    for (const [seed, category] of [[1, "squares"], [2, "people"], [3, "butterflies"], [4, "apples"], [5, "triangles"]] as const) {
      const scene = await generateCountScene({ seed, category, count: 9, crowded: true });
      expect(scene.contactPairs).toBeGreaterThanOrEqual(scene.count - 1);
      const masks = await silhouettesOf(scene);
      const areas = masks.map((mask) => mask.reduce((sum, value) => sum + value, 0));
      const margin = Math.round(scene.width * 0.015);
      masks.forEach((mask, index) => {
        for (let position = 0; position < mask.length; position++) {
          if (mask[position] === 0) continue;
          const x = position % scene.width;
          const y = (position - x) / scene.width;
          expect(Math.min(x, y, scene.width - 1 - x, scene.height - 1 - y), `icon ${index} of seed ${seed}`).toBeGreaterThanOrEqual(margin);
        }
      });
      for (let first = 0; first < masks.length; first++) {
        let hidden = 0;
        for (let second = first + 1; second < masks.length; second++) {
          let shared = 0;
          for (let position = 0; position < masks[first]!.length; position++) if (masks[first]![position] && masks[second]![position]) shared++;
          const sameColor = scene.objects[first]!.color === scene.objects[second]!.color;
          expect(shared, `icons ${first} and ${second} of seed ${seed}`).toBeLessThanOrEqual(sameColor ? 0 : 0.2 * Math.min(areas[first]!, areas[second]!));
          hidden += shared;
        }
        // Pixels covered twice count twice here, so this bounds the hidden share from above.
        expect(hidden / areas[first]!).toBeLessThanOrEqual(0.3 * (masks.length - first));
      }
    }
  });
});

describe("placeCrowded", () => {
  it("gives up (undefined) when an object cannot fit inside the margins", () => {
    const silhouette = { sidePx: 50, mask: new Uint8Array(2500).fill(1), areaPx: 2500 };
    expect(placeCrowded({ random: createRandom(1), widthPx: 40, heightPx: 40, marginPx: 2, silhouettes: [silhouette], groups: ["red"] })).toBeUndefined();
  });

  it("places a second square against the first, touching it", () => {
    const silhouette = { sidePx: 10, mask: new Uint8Array(100).fill(1), areaPx: 100 };
    const placed = placeCrowded({ random: createRandom(7), widthPx: 100, heightPx: 100, marginPx: 2, silhouettes: [silhouette, silhouette], groups: ["red", "red"] })!;
    const [a, b] = placed.centers;
    // Same colour: they touch (next pixels) but do not overlap.
    expect(Math.max(Math.abs(a!.centerX - b!.centerX), Math.abs(a!.centerY - b!.centerY))).toBe(10);
    expect(placed.contactPairs).toBe(1);
  });
});
