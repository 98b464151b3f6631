import { describe, expect, it } from "vitest";
import { generateComposeScene } from "../../src/datasets/compose-scene.ts";
import { generateCountScene } from "../../src/datasets/count-scene.ts";
import { classifyScene } from "../../src/mllm/pixels/classify-scene.ts";
import { loadImage } from "../../src/tools/image-io.ts";
import { COCO_FIXTURE_PHOTOS, cocoPhotoPath } from "../fixtures/coco-photos.ts";
import { photoLikeImage, solidImage } from "../fixtures/synthetic-images.ts";

describe("classifyScene", () => {
  it("calls every generated scene plain", async () => {
    for (let seed = 0; seed < 40; seed++) {
      expect(classifyScene((await generateComposeScene({ seed })).image)).toBe("plain");
      expect(classifyScene((await generateCountScene({ seed, sizePx: 240 })).image)).toBe("plain");
    }
  });

  it("calls crowded counting images plain (objects cover much of the background)", async () => {
    for (let seed = 0; seed < 10; seed++) expect(classifyScene((await generateCountScene({ seed, count: 10, sizePx: 240 })).image)).toBe("plain");
  });

  it("calls noisy gradients, tiny images and images whose border is not one colour photo", () => {
    for (let seed = 0; seed < 5; seed++) expect(classifyScene(photoLikeImage({ widthPx: 200, heightPx: 150, seed }))).toBe("photo");
    expect(classifyScene(solidImage({ widthPx: 4, heightPx: 4, red: 255, green: 255, blue: 255 }))).toBe("photo");
    const half = solidImage({ widthPx: 100, heightPx: 100, red: 255, green: 255, blue: 255 });
    half.data.fill(0, 0, half.data.length / 2);
    expect(classifyScene(half)).toBe("photo");
  });

  it("calls a blank image plain (pixel analysis then finds nothing in it)", () => {
    expect(classifyScene(solidImage({ widthPx: 64, heightPx: 48, red: 240, green: 240, blue: 240 }))).toBe("plain");
  });

  it("calls every real COCO fixture photo a photo", async () => {
    expect(COCO_FIXTURE_PHOTOS.length).toBeGreaterThan(0);
    const plain: string[] = [];
    for (const file of COCO_FIXTURE_PHOTOS) if (classifyScene(await loadImage(cocoPhotoPath(file))) === "plain") plain.push(file);
    expect(plain).toEqual([]);
  });
});
