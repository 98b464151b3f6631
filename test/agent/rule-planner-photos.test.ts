import { afterAll, beforeAll, expect, it } from "vitest";
import { createAgent } from "../../src/agent/agent.ts";
import { createRulePlanner } from "../../src/agent/rule-planner.ts";
import type { RgbImage } from "../../src/mllm/rgb-image.ts";
import { createPerception, type Perception } from "../../src/tools/create-perception.ts";
import { loadImage } from "../../src/tools/image-io.ts";
import { cocoPhotoPath } from "../fixtures/coco-photos.ts";
import { describeRequiring } from "../fixtures/test-requirements.ts";
import { YOLOX_MODELS_DIR, YOLOX_NANO_FILE } from "../detectors/coco-tiny.ts";

/**
 * The rule planner on COCO val2017 photos with the offline default (YOLOX-Nano): counts with relations
 * and group words answered from detector classes. Expected answers are the annotations' (checked by hand
 * to be what YOLOX-Nano finds at its default threshold).
 */
describeRequiring([YOLOX_NANO_FILE], "rule planner on photos (real YOLOX)", () => {
  let perception: Perception;
  let street: RgbImage;
  let bedroom: RgbImage;
  beforeAll(async () => {
    perception = await createPerception({ modelsDir: YOLOX_MODELS_DIR });
    // Three cars right of a bus (two white, one red), two people left of it.
    street = await loadImage(cocoPhotoPath("000000436738.jpg"));
    // A cat lying on a bed.
    bedroom = await loadImage(cocoPhotoPath("000000458255.jpg"));
  });
  afterAll(async () => {
    await perception.dispose();
  });

  it.each([
    ["How many cars are right of the bus?", 3],
    ["How many cars are to the left of the bus?", 0],
    ["How many people are left of the bus?", 2],
    ["How many red cars are right of the bus?", 1],
    ["How many white cars are right of the bus?", 2],
  ])("counts with attributes and a relation: %s → %s", async (question, expected) => {
    const agent = createAgent({ planner: createRulePlanner(), perception, vlmFallback: false });
    expect((await agent.ask(street, question)).answer).toBe(expected);
  }, 60_000);

  it("names the animal on the bed from the detector's classes", async () => {
    const agent = createAgent({ planner: createRulePlanner(), perception, vlmFallback: false });
    const result = await agent.ask(bedroom, "What animal is on the bed?");
    expect(result.answer).toBe("cat");
    expect(result.trace.map((entry) => entry.args[0])).toEqual(["bed", "animal", "bird", "cat"]);
  }, 60_000);
});
