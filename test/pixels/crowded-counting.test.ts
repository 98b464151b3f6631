import { describe, expect, it } from "vitest";
import { COUNT_CATEGORIES } from "../../src/datasets/count-icons.ts";
import { generateCountScene } from "../../src/datasets/count-scene.ts";
import { analyzeObjects } from "../../src/mllm/pixels/scene-objects.ts";

/** Every category with every count from 1 to 10, twice: 100 crowded scenes from fixed seeds. */
const SCENES = Array.from({ length: 100 }, (_, index) => ({ seed: 70_000 + index, category: COUNT_CATEGORIES[index % 5]!, count: (Math.floor(index / 5) % 10) + 1 }));

describe("counting touching and overlapping objects (crowded counting scenes)", () => {
  it("counts at least 99% of 100 crowded scenes exactly, though most scenes have objects in contact", { timeout: 600_000 }, async () => {
    const wrong: string[] = [];
    let scenesInContact = 0;
    for (const { seed, category, count } of SCENES) {
      const scene = await generateCountScene({ seed, category, count, crowded: true });
      if (scene.contactPairs > 0) scenesInContact++;
      const counted = (await analyzeObjects(scene.image)).length;
      if (counted !== count) wrong.push(`${category} ×${count} (seed ${seed}, ${scene.contactPairs} contacts) counted ${counted}`);
    }
    // Every scene with two or more icons is crowded: each icon after the first leans on another.
    expect(scenesInContact).toBe(SCENES.filter((scene) => scene.count > 1).length);
    expect(wrong.length, wrong.join("\n")).toBeLessThanOrEqual(1);
  });
});
