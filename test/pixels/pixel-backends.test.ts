import { beforeAll, describe, expect, it } from "vitest";
import { ViperError } from "../../src/errors/index.ts";
import { createPixelBackends } from "../../src/mllm/pixels/index.ts";
import type { PixelBox, RgbImage } from "../../src/mllm/rgb-image.ts";
import { boxIou } from "../fixtures/box-matching.ts";
import { perceptionRequest } from "../fixtures/perception-context.ts";
import { renderShapeScene } from "../fixtures/shape-scene.ts";

const { detector, visualQA, scorer } = createPixelBackends();

/** Left to right: large red circle, small blue square, large green triangle, small red star. */
let scene: RgbImage;
let boxes: PixelBox[];
const LEFT_HALF: PixelBox = { x0: 0, y0: 0, x1: 200, y1: 200 };

beforeAll(async () => {
  ({ image: scene, boxes } = await renderShapeScene({
    widthPx: 400,
    heightPx: 200,
    shapes: [
      { shape: "circle", color: "red", centerX: 60, centerY: 100, sizePx: 80, rotationDegrees: 0 },
      { shape: "square", color: "blue", centerX: 160, centerY: 60, sizePx: 40, rotationDegrees: 30 },
      { shape: "triangle", color: "green", centerX: 260, centerY: 110, sizePx: 80, rotationDegrees: 10 },
      { shape: "star", color: "red", centerX: 345, centerY: 150, sizePx: 40, rotationDegrees: 0 },
    ],
  }));
});

const whole = () => perceptionRequest({ original: scene });

describe("pixel detector", () => {
  it("finds objects by shape, colour and size words in any order, singular or plural", async () => {
    const { image, context } = whole();
    const find = async (label: string) => (await detector.detect(image, label, context)).length;
    expect(await find("object")).toBe(4);
    expect(await find("things")).toBe(4);
    expect(await find("circle")).toBe(1);
    expect(await find("balls")).toBe(1);
    expect(await find("red things")).toBe(2);
    expect(await find("red star")).toBe(1);
    expect(await find("large shapes")).toBe(2);
    expect(await find("small red shape")).toBe(1);
    expect(await find("Large Blue Shape")).toBe(0);
    expect(await find("yellow circle")).toBe(0);
  });

  it("boxes each object tightly and labels it with the requested label", async () => {
    const { image, context } = whole();
    const [circle] = await detector.detect(image, "red circle", context);
    expect(circle?.label).toBe("red circle");
    expect(circle?.score).toBe(1);
    expect(boxIou(circle!.box, boxes[0]!)).toBeGreaterThan(0.95);
  });

  it("inside a crop, returns the objects whose centre is in it, boxed in the crop's pixels", async () => {
    const { image, context } = perceptionRequest({ original: scene, region: { x0: 150, y0: 0, x1: 400, y1: 200 } });
    const found = await detector.detect(image, "shape", context);
    expect(found).toHaveLength(3);
    const square = (await detector.detect(image, "square", context))[0]!;
    // The square sticks out of the crop on the left: its box is clipped to the crop.
    expect(boxes[1]!.x0).toBeLessThan(150);
    expect(boxIou(square.box, { x0: 0, y0: boxes[1]!.y0, x1: boxes[1]!.x1 - 150, y1: boxes[1]!.y1 })).toBeGreaterThan(0.9);
    const left = perceptionRequest({ original: scene, region: LEFT_HALF });
    expect(await detector.detect(left.image, "objects", left.context)).toHaveLength(2);
  });

  it("judges size against the whole original image, not the crop", async () => {
    // The crop holds only the small square; relative to the scene it is still small.
    const { image, context } = perceptionRequest({ original: scene, region: { x0: 130, y0: 20, x1: 190, y1: 100 } });
    expect(await detector.detect(image, "small square", context)).toHaveLength(1);
    expect(await detector.detect(image, "large square", context)).toHaveLength(0);
  });

  it("segments the original once per image and reuses the shared cache", async () => {
    const cache = new Map<string, unknown>();
    const first = perceptionRequest({ original: scene, cache });
    await detector.detect(first.image, "circle", first.context);
    const cached = cache.get("pixels:objects");
    expect(cached).toBeDefined();
    const second = perceptionRequest({ original: scene, region: LEFT_HALF, cache });
    await detector.detect(second.image, "star", second.context);
    expect(cache.get("pixels:objects")).toBe(cached);
  });

  it("supports only plain scenes and labels in its vocabulary", () => {
    const { context } = whole();
    for (const label of ["circle", "red square", "large blue shape", "small things", "grey stars", "round object"]) expect(detector.supports(label, context), label).toBe(true);
    for (const label of ["apple", "person", "red car", "", "red blue circle", "large small star"]) expect(detector.supports(label, context), label).toBe(false);
    expect(detector.supports("circle", perceptionRequest({ original: scene, scene: "photo" }).context)).toBe(false);
  });

  it("refuses an unsupported label or a photo with NO_BACKEND naming what to configure", async () => {
    const { image, context } = whole();
    const error = await detector.detect(image, "apple", context).catch((caught: unknown) => caught);
    expect(ViperError.hasCode(error, "NO_BACKEND")).toBe(true);
    expect((error as Error).message).toMatch(/"apple".*--detector/s);
    const photo = perceptionRequest({ original: scene, scene: "photo" });
    await expect(detector.detect(photo.image, "circle", photo.context)).rejects.toThrow(/photo.*--detector yolox/s);
  });
});

describe("pixel visual QA", () => {
  const ask = (question: string, region?: PixelBox) => {
    const { image, context } = perceptionRequest({ original: scene, ...(region === undefined ? {} : { region }) });
    return visualQA.answer(image, question, context);
  };

  it("answers colour, shape and size questions about a patch's main object", async () => {
    const circlePatch = boxes[0]!;
    expect(await ask("What color is this?", circlePatch)).toBe("red");
    expect(await ask("What shape is this?", circlePatch)).toBe("circle");
    expect(await ask("What size is it?", circlePatch)).toBe("large");
    expect(await ask("what is this?", boxes[2]!)).toBe("green triangle");
  });

  it("answers about a named object of the whole image", async () => {
    expect(await ask("What color is the square?")).toBe("blue");
    expect(await ask("What shape is the green object?")).toBe("triangle");
    expect(await ask("What is the colour of the star?")).toBe("red");
    expect(await ask("What size is the red star?")).toBe("small");
    expect(await ask("What color is the rectangle?")).toBe("none");
  });

  it("counts and checks existence, reading only the first sentence", async () => {
    expect(await ask("How many objects are in this photo? Answer please with a number between 1 and 10.")).toBe("4");
    expect(await ask("How many red things are there?")).toBe("2");
    expect(await ask("How many circles are there in the image?")).toBe("1");
    expect(await ask("How many shapes are there?", LEFT_HALF)).toBe("2");
    expect(await ask("Is there a star?")).toBe("yes");
    expect(await ask("Are there any yellow shapes?")).toBe("no");
    expect(await ask("Is this a circle?", boxes[0]!)).toBe("yes");
    expect(await ask("Is this a large blue square?", boxes[1]!)).toBe("no");
  });

  it("supports only the questions it can answer, and refuses others with NO_BACKEND", async () => {
    const { image, context } = whole();
    expect(visualQA.supports("What color is the circle?", context)).toBe(true);
    expect(visualQA.supports("What is the man holding?", context)).toBe(false);
    expect(visualQA.supports("How many apples are there?", context)).toBe(false);
    expect(visualQA.supports("What color is the circle?", perceptionRequest({ original: scene, scene: "photo" }).context)).toBe(false);
    await expect(visualQA.answer(image, "Why is the sky blue?", context)).rejects.toThrow(/--vlm/);
  });
});

describe("pixel text-image scorer", () => {
  const score = (texts: string[], region: PixelBox) => {
    const { image, context } = perceptionRequest({ original: scene, region });
    return scorer.score(image, texts, context);
  };

  it("scores colour, shape and size words against the patch's object (word order free)", async () => {
    expect(await score(["red", "green", "blue"], boxes[1]!)).toEqual([0.1, 0.1, 1]);
    expect(await score(["circle", "square", "star"], boxes[0]!)).toEqual([1, 0.1, 0.1]);
    expect(await score(["red circle", "circle red", "large red circle", "small red circle", "blue square"], boxes[0]!)).toEqual([1, 1, 1, 0.1, 0.010000000000000002]);
  });

  it("scores a text that names a shape against that shape when the patch holds several objects", async () => {
    // verify_property("star", "red") on the right half: the star is red even though the triangle is bigger.
    const rightHalf = { x0: 200, y0: 0, x1: 400, y1: 200 };
    expect(await score(["red star", "green star"], rightHalf)).toEqual([1, 0.1]);
  });

  it("gives 0 on a patch with no object and refuses unknown words", async () => {
    expect(await score(["red"], { x0: 0, y0: 0, x1: 15, y1: 15 })).toEqual([0]);
    const { context } = whole();
    expect(scorer.supports(["red", "blue"], context)).toBe(true);
    expect(scorer.supports(["red", "wooden"], context)).toBe(false);
    expect(scorer.supports([], context)).toBe(false);
    await expect(score(["a photo of a cat"], boxes[0]!)).rejects.toThrow(/NO_BACKEND|cannot serve/);
  });
});
