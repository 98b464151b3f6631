import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { PatchBox } from "../../sandbox/index.ts";
import type { RgbImage } from "../../src/mllm/rgb-image.ts";
import { createOwlDetector, createTransformersVlm } from "../../src/mllm/transformers/index.ts";
import { loadImage } from "../../src/tools/image-io.ts";
import { pixelToPatchBox } from "../../src/tools/patch-box.ts";
import { TINY_MODELS } from "../fixtures/onnx/index.ts";
import { renderShapeScene } from "../fixtures/shape-scene.ts";
import { photoLikeImage } from "../fixtures/synthetic-images.ts";
import { COCO_PHOTO, countSessionRuns, program, runWithModels, useModelFolders } from "./integration-setup.ts";

const folders = useModelFolders();

/** Every learned primitive of the ImagePatch API in one program, on a label outside COCO's 80. */
function everyPrimitive(label: string): string {
  return program(`
  const answer = await image.simple_query("What is in the picture?");
  const found = await image.find("${label}");
  const target = found.length > 0 ? found[0] : image;
  const isRed = await target.verify_property("${label}", "red");
  const kind = await target.best_text_match(["a ${label}", "a bus", "a cat"]);
  const best = await best_image_match([...found, image], ["${label}"]);
  const depth = await image.compute_depth();
  const cornerDepth = await image.crop(0, 0, image.width / 2, image.height / 2).compute_depth();
  return [answer, found, isRed, kind, best, depth, cornerDepth];`);
}

/**
 * The detector and scorer come from the models folder under their default hub ids; the VLM is named by
 * its folder (`hf:/path/to/model`), as a user's own export would be.
 */
function tinyModelOptions() {
  return {
    modelsDir: folders.defaults(),
    vlm: `hf:${vlmFolder()}`,
    detector: "owlv2",
    scorer: "clip",
    depth: "depth-anything",
  };
}

function vlmFolder(): string {
  return join(folders.tiny(), TINY_MODELS.llavaOnevision);
}

function insideImage(box: PatchBox, image: RgbImage): boolean {
  return box.left >= 0 && box.lower >= 0 && box.right <= image.width && box.upper <= image.height && box.right > box.left && box.upper > box.lower;
}

describe.each([
  ["a real COCO photo", "zebra crossing", () => loadImage(COCO_PHOTO)],
  ["a generated photo-like scene", "teapot", async () => photoLikeImage({ widthPx: 160, heightPx: 120, seed: 5 })],
])("the ImagePatch API on in-process tiny models: %s", (_name, label, makeImage) => {
  it("answers every learned primitive with the right type, from the configured models", async () => {
    const image = await makeImage();
    const runs = countSessionRuns();
    let runsTo = (_outputName: string, _unlessOutput?: string) => Number.NaN;
    const run = await runWithModels(image, everyPrimitive(label), tinyModelOptions()).finally(() => (runsTo = runs.stop()));
    const [answer, found, isRed, kind, best, depth, cornerDepth] = run.answer as [string, PatchBox[], boolean, string, PatchBox, number, number];

    // simple_query: the in-process VLM's own answer for the whole image.
    const vlm = createTransformersVlm({ model: vlmFolder() });
    const wholeImage = { scene: "photo" as const, original: image, region: { x0: 0, y0: 0, x1: image.width, y1: image.height }, cache: new Map() };
    expect(answer).toBe((await vlm.answer(image, "What is in the picture?", wholeImage)).trim());
    expect(answer.length).toBeGreaterThan(0);
    await vlm.dispose?.();

    // find: OWLv2's detections (the exact boxes are checked below), as patches inside the image.
    expect(found.length).toBeGreaterThan(0);
    for (const box of found) expect(insideImage(box, image)).toBe(true);

    expect(typeof isRed).toBe("boolean");
    expect([`a ${label}`, "a bus", "a cat"]).toContain(kind);
    expect([...found, { left: 0, lower: 0, right: image.width, upper: image.height }]).toContainEqual(best);
    for (const value of [depth, cornerDepth]) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(1);
    }
    // Two compute_depth calls, one depth map.
    expect(runsTo("predicted_depth")).toBe(1);
    // verify_property, best_text_match and best_image_match share found[0]'s embedding (one vision-tower
    // run); best_image_match embeds every other candidate together (16 per run).
    expect(runsTo("image_embeds", "logits")).toBe(1 + Math.ceil(found.length / 16));
    expect(run.trace.map((entry) => entry.tool)).toEqual([
      "simple_query", "find", "verify_property", "best_text_match", "best_image_match", "compute_depth", "crop", "compute_depth",
    ]);
  });
});

describe("routing on a generated plain-background scene with in-process models configured", () => {
  it("leaves shapes to pixel analysis and sends a free-form question to the in-process VLM", async () => {
    const { image } = await renderShapeScene({ widthPx: 120, heightPx: 80, shapes: [{ shape: "circle", color: "red", centerX: 40, centerY: 40, sizePx: 30, rotationDegrees: 0 }] });
    const run = await runWithModels(image, program(`
  const circles = await image.find("circle");
  const answer = await circles[0].simple_query("Who painted this?");
  return [circles.length, answer];`), tinyModelOptions());
    const [count, answer] = run.answer as [number, string];
    expect(count).toBe(1);
    expect(typeof answer).toBe("string");
    expect(answer.length).toBeGreaterThan(0);
  });
});

describe("find() boxes from OWLv2 through the API", () => {
  it("are the detector's own boxes, flipped to the bottom-left origin and rounded outwards", async () => {
    const image = photoLikeImage({ widthPx: 96, heightPx: 64, seed: 9 });
    const run = await runWithModels(image, program(`return await image.find("teapot");`), { modelsDir: folders.defaults(), detector: "owlv2" });
    const detector = createOwlDetector({ modelsDir: folders.defaults() });
    const context = { scene: "photo" as const, original: image, region: { x0: 0, y0: 0, x1: 96, y1: 64 }, cache: new Map() };
    const detections = await detector.detect(image, "teapot", context);
    await detector.dispose?.();
    const expected = detections.map(({ box }) => pixelToPatchBox({ x0: Math.floor(box.x0), y0: Math.floor(box.y0), x1: Math.ceil(box.x1), y1: Math.ceil(box.y1) }, 64));
    expect(run.answer).toEqual(expected);
    expect((run.answer as PatchBox[]).length).toBeGreaterThan(0);
  });
});
