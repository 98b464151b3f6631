import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateCountScene } from "../../src/datasets/count-scene.ts";
import { loadOpenCv } from "../../src/mllm/pixels/opencv/load-opencv.ts";
import { withMats } from "../../src/mllm/pixels/opencv/mat-scope.ts";
import { analyzeObjects } from "../../src/mllm/pixels/scene-objects.ts";

const PIXELS_FOLDER = join(import.meta.dirname, "..", "..", "src", "mllm", "pixels");
/**
 * Calls that allocate OpenCV.js memory: constructors, factories, MatVector.get(index), clone, roi.
 * (Scalar, Point, Rect and Size are plain JavaScript values.)
 */
const ALLOCATING = /new cv\.(Mat|MatVector)\(|cv\.Mat\.(ones|zeros|eye)\(|cv\.matFromArray\(|\.get\(index\)|\.clone\(|\.roi\(/;

describe("OpenCV.js memory in pixel analysis", () => {
  it("creates every Mat inside scope.track(...), so each is deleted when its scope ends", async () => {
    const files = (await readdir(PIXELS_FOLDER, { recursive: true })).filter((file) => file.endsWith(".ts"));
    const untracked: string[] = [];
    for (const file of files) {
      const lines = (await readFile(join(PIXELS_FOLDER, file), "utf8")).split("\n");
      lines.forEach((line, index) => {
        if (ALLOCATING.test(line) && !/scope\.track\(/.test(line)) untracked.push(`${file}:${index + 1}: ${line.trim()}`);
      });
    }
    expect(untracked).toEqual([]);
  });

  it("deletes the tracked Mats when the body returns and when it throws, and refuses an async body", async () => {
    const cv = await loadOpenCv();
    const kept: Array<InstanceType<typeof cv.Mat>> = [];
    withMats((scope) => kept.push(scope.track(new cv.Mat(4, 4, cv.CV_8UC1))));
    expect(() =>
      withMats((scope) => {
        kept.push(scope.track(new cv.Mat(4, 4, cv.CV_8UC1)));
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(kept.map((mat) => mat.isDeleted())).toEqual([true, true]);
    expect(() => withMats(async () => 1)).toThrow(/synchronous/);
  });

  it("does not grow WebAssembly memory or the process over 150 analyses of a crowded scene", { timeout: 300_000 }, async () => {
    const cv = await loadOpenCv();
    const { image } = await generateCountScene({ seed: 3, count: 10, crowded: true });
    for (let run = 0; run < 10; run++) await analyzeObjects(image);
    const heapBefore = cv.HEAPU8.length;
    const rssBefore = process.memoryUsage().rss;
    for (let run = 0; run < 150; run++) await analyzeObjects(image);
    // One analysis allocates a few MB of Mats: leaking them would add hundreds of MB here.
    expect(cv.HEAPU8.length).toBe(heapBefore);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(100 * 1024 * 1024);
  });
});
