import { describe, expect, it } from "vitest";
import { generateComposeScene } from "../../src/datasets/compose-scene.ts";
import { COUNT_CATEGORIES } from "../../src/datasets/count-icons.ts";
import { generateCountScene } from "../../src/datasets/count-scene.ts";
import { analyzeObjects } from "../../src/mllm/pixels/scene-objects.ts";
import { encodeJpeg, loadImage } from "../../src/tools/image-io.ts";
import { matchBoxes } from "../fixtures/box-matching.ts";

// Hundreds of whole-scene analyses: a budget for a loaded machine, not a speed target (bench/ has those).
const MANY_SCENES_MS = 180_000;

describe("pixel analysis on generated compositional scenes (200 seeded scenes)", () => {
  it("finds every object with IoU >= 0.9 and names at least 99% of colours, shapes and sizes right", { timeout: MANY_SCENES_MS }, async () => {
    const tally = { objects: 0, found: 0, color: 0, shape: 0, size: 0, extra: 0 };
    const mistakes: string[] = [];
    for (let seed = 10_000; seed < 10_200; seed++) {
      const scene = await generateComposeScene({ seed });
      const found = await analyzeObjects(scene.image);
      tally.extra += Math.max(0, found.length - scene.objects.length);
      const matches = matchBoxes(scene.objects.map((object) => object.box), found.map((object) => object.box));
      scene.objects.forEach((object, index) => {
        tally.objects++;
        const match = matches[index];
        if (match === undefined || match.iou < 0.9) {
          mistakes.push(`seed ${seed}: ${object.size} ${object.color} ${object.shape} IoU ${match?.iou.toFixed(3) ?? "none"}`);
          return;
        }
        tally.found++;
        const named = found[match.foundIndex]!;
        for (const attribute of ["color", "shape", "size"] as const) {
          if (named[attribute] === object[attribute]) tally[attribute]++;
          else mistakes.push(`seed ${seed}: ${attribute} of ${object.size} ${object.color} ${object.shape} read as ${named[attribute]}`);
        }
      });
    }
    expect(tally.found, mistakes.join("\n")).toBe(tally.objects);
    expect(tally.extra).toBe(0);
    for (const attribute of ["color", "shape", "size"] as const) {
      expect(tally[attribute] / tally.objects, `${attribute}: ${mistakes.join("\n")}`).toBeGreaterThanOrEqual(0.99);
    }
  });
});

describe("pixel analysis on JPEG-compressed scenes (quality 75, 50 scenes)", () => {
  it("still finds every object and names at least 99% of the attributes right", { timeout: MANY_SCENES_MS }, async () => {
    let objects = 0;
    let right = 0;
    let found = 0;
    for (let seed = 20_000; seed < 20_050; seed++) {
      const scene = await generateComposeScene({ seed });
      const named = await analyzeObjects(await loadImage(await encodeJpeg(scene.image, 75)));
      expect(named).toHaveLength(scene.objects.length);
      const matches = matchBoxes(scene.objects.map((object) => object.box), named.map((object) => object.box));
      scene.objects.forEach((object, index) => {
        objects++;
        const match = matches[index];
        if (match === undefined) return;
        if (match.iou >= 0.85) found++;
        const reading = named[match.foundIndex]!;
        if (reading.color === object.color && reading.shape === object.shape && reading.size === object.size) right++;
      });
    }
    expect(found).toBe(objects);
    expect(right / objects).toBeGreaterThanOrEqual(0.99);
  });
});

describe("pixel analysis on counting images", () => {
  it("counts exactly at 720x720 for every category and every count from 1 to 10", { timeout: MANY_SCENES_MS }, async () => {
    const wrong: string[] = [];
    for (let index = 0; index < 50; index++) {
      const category = COUNT_CATEGORIES[index % 5]!;
      const count = Math.floor(index / 5) + 1;
      const scene = await generateCountScene({ seed: 50_000 + index, category, count });
      const counted = (await analyzeObjects(scene.image)).length;
      if (counted !== count) wrong.push(`${category} ×${count} (seed ${scene.seed}) counted ${counted}`);
    }
    expect(wrong).toEqual([]);
  });

  it("counts at least 99% of 200 smaller counting images exactly", { timeout: MANY_SCENES_MS }, async () => {
    const wrong: string[] = [];
    for (let index = 0; index < 200; index++) {
      const category = COUNT_CATEGORIES[index % 5]!;
      const count = (Math.floor(index / 5) % 10) + 1;
      const scene = await generateCountScene({ seed: 60_000 + index, category, count, sizePx: 360 });
      const counted = (await analyzeObjects(scene.image)).length;
      if (counted !== count) wrong.push(`${category} ×${count} (seed ${scene.seed}) counted ${counted}`);
    }
    expect(wrong.length / 200, wrong.join("\n")).toBeLessThanOrEqual(0.01);
  });
});
