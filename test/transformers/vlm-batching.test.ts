import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { RgbImage } from "../../src/mllm/rgb-image.ts";
import { createTransformersVlm, type TransformersVlmOptions } from "../../src/mllm/transformers/index.ts";
import { llavaFixture, TINY_MODELS, writeFixtureFiles, writeTinyModels } from "../fixtures/onnx/index.ts";
import { gradientImage, photoContext, recordSessionRuns, runsOf, useTinyModels } from "./tiny-models-setup.ts";

const models = useTinyModels();

/** Different images and questions of different lengths, so batched prompts need left padding. */
const IMAGES = [gradientImage(48, 36), gradientImage(30, 60), gradientImage(64, 64), gradientImage(20, 20), gradientImage(40, 40), gradientImage(36, 48)];
const QUESTIONS = [
  "What colour is this?",
  "Is there a square in the picture at all?",
  "Why?",
  "How many objects are there in the image, counting everything you can see?",
  "Is it red?",
  "What is the object on the left made of?",
];

async function askTogether(options: TransformersVlmOptions, images: readonly RgbImage[], questions: readonly string[]): Promise<string[]> {
  const vlm = createTransformersVlm({ modelsDir: models.folder(), maxNewTokens: 6, ...options });
  try {
    return await Promise.all(images.map((image, index) => vlm.answer(image, questions[index]!, photoContext(image))));
  } finally {
    await vlm.dispose?.();
  }
}

async function askOneByOne(options: TransformersVlmOptions, images: readonly RgbImage[], questions: readonly string[]): Promise<string[]> {
  const vlm = createTransformersVlm({ modelsDir: models.folder(), maxNewTokens: 6, maxBatchSize: 1, ...options });
  const answers: string[] = [];
  for (const [index, image] of images.entries()) answers.push(await vlm.answer(image, questions[index]!, photoContext(image)));
  await vlm.dispose?.();
  return answers;
}

describe.each([
  ["LLaVA-OneVision", TINY_MODELS.llavaOnevision],
  ["LLaVA-1.5", TINY_MODELS.llava],
])("batched questions on a tiny random %s", (_name, model) => {
  it("answers concurrent questions in one generation, each answer exactly what the question gets alone", async () => {
    const alone = await askOneByOne({ model }, IMAGES.slice(0, 4), QUESTIONS.slice(0, 4));
    const runs = recordSessionRuns();
    let recorded = [] as ReturnType<typeof runs.stop>;
    const together = await askTogether({ model }, IMAGES.slice(0, 4), QUESTIONS.slice(0, 4)).finally(() => (recorded = runs.stop()));
    expect(together).toEqual(alone);
    // Random weights still give different answers, so a mix-up between rows would show.
    expect(new Set(alone).size).toBeGreaterThan(1);
    // One measurement of the image token count (one image), then one vision pass over the stacked four.
    expect(runsOf(recorded, "image_features").map((run) => run.inputs.pixel_values!.dims[0])).toEqual([1, 4]);
    // Every decoding step serves all four rows.
    for (const step of runsOf(recorded, "logits")) expect(step.inputs.inputs_embeds!.dims[0]).toBe(4);
  });

  it("splits more concurrent questions than maxBatchSize into several batches, in arrival order", async () => {
    const alone = await askOneByOne({ model }, IMAGES, QUESTIONS);
    const runs = recordSessionRuns();
    let recorded = [] as ReturnType<typeof runs.stop>;
    const together = await askTogether({ model, maxBatchSize: 4 }, IMAGES, QUESTIONS).finally(() => (recorded = runs.stop()));
    expect(together).toEqual(alone);
    expect(runsOf(recorded, "image_features").map((run) => run.inputs.pixel_values!.dims[0])).toEqual([1, 4, 2]);
  });
});

describe("a batch whose rows end at different steps (tiny LLaVA-1.5 with a second end token)", () => {
  it("cuts each answer at its own end token, as generating it alone does", async () => {
    // Random weights never pick the real end token, so the third token the first question generates alone
    // is declared an end token too: that row ends early while the others go on.
    const folder = await writeTinyModels({ llava: TINY_MODELS.llava });
    const runs = recordSessionRuns();
    let recorded = [] as ReturnType<typeof runs.stop>;
    await askOneByOne({ model: TINY_MODELS.llava, modelsDir: folder }, IMAGES.slice(0, 1), QUESTIONS.slice(0, 1)).finally(() => (recorded = runs.stop()));
    const generated = runsOf(recorded, "inputs_embeds").slice(1).map((run) => Number(run.inputs.input_ids!.data[0]));
    const extraEnd = generated[2]!;
    expect(generated.slice(0, 2)).not.toContain(extraEnd);
    const configPath = join(folder, TINY_MODELS.llava, "generation_config.json");
    const config = JSON.parse(await readFile(configPath, "utf8")) as { eos_token_id: number };
    await writeFile(configPath, JSON.stringify({ ...config, eos_token_id: [config.eos_token_id, extraEnd] }));

    const options = { model: TINY_MODELS.llava, modelsDir: folder };
    const alone = await askOneByOne(options, IMAGES.slice(0, 4), QUESTIONS.slice(0, 4));
    const together = await askTogether(options, IMAGES.slice(0, 4), QUESTIONS.slice(0, 4));
    await rm(folder, { recursive: true, force: true });
    expect(together).toEqual(alone);
    expect(alone[0]!.length).toBeLessThan(Math.max(...alone.slice(1).map((answer) => answer.length)));
  });
});

describe("an export that cannot take a batch (vision encoder with a fixed batch size of 1)", () => {
  it("answers the batch's questions one at a time, says so once, and stops trying to batch", async () => {
    const folder = await mkdtemp(join(tmpdir(), "viper-ts-batch-of-one-"));
    await writeFixtureFiles(join(folder, "tiny-random/llava-batch-of-one"), llavaFixture("llava", { visionBatchOfOne: true }));
    const notices: string[] = [];
    const options = { model: "tiny-random/llava-batch-of-one", modelsDir: folder, onNotice: (message: string) => notices.push(message) };
    const alone = await askOneByOne(options, IMAGES.slice(0, 3), QUESTIONS.slice(0, 3));
    const vlm = createTransformersVlm({ ...options, maxNewTokens: 6 });
    const ask = () => Promise.all(IMAGES.slice(0, 3).map((image, index) => vlm.answer(image, QUESTIONS[index]!, photoContext(image))));
    expect(await ask()).toEqual(alone);
    const runs = recordSessionRuns();
    let recorded = [] as ReturnType<typeof runs.stop>;
    expect(await ask().finally(() => (recorded = runs.stop()))).toEqual(alone);
    await vlm.dispose?.();
    await rm(folder, { recursive: true, force: true });
    expect(notices).toEqual([expect.stringMatching(/cannot answer 3 questions in one batch .*one at a time/)]);
    expect(runsOf(recorded, "image_features").map((run) => run.inputs.pixel_values!.dims[0])).toEqual([1, 1, 1]);
  });
});

describe("batching images of different token counts (tiny native-resolution LLaVA)", () => {
  const model = TINY_MODELS.llavaNativeResolution;

  it("generates each token count apart and still gives every question its own answer", async () => {
    // 28 x 28 → 4 image tokens, 56 x 28 → 8: the two 28 x 28 images batch, the other goes alone.
    const images = [gradientImage(28, 28), gradientImage(56, 28), gradientImage(28, 28)];
    const questions = QUESTIONS.slice(0, 3);
    const alone = await askOneByOne({ model }, images, questions);
    const runs = recordSessionRuns();
    let recorded = [] as ReturnType<typeof runs.stop>;
    const together = await askTogether({ model }, images, questions).finally(() => (recorded = runs.stop()));
    expect(together).toEqual(alone);
    const generations = runsOf(recorded, "image_features").map((run) => run.inputs.pixel_values!.dims.join("x"));
    expect(generations).toEqual(["1x3x28x28", "1x3x28x56", "2x3x28x28", "1x3x28x56"]);
  });
});

describe("the image-token cap (maxImageTokens)", () => {
  const imageTokenId = (llavaFixture("llava", { nativeResolution: true })["config.json"] as { image_token_index: number }).image_token_index;

  it("shrinks a large image until the prompt holds at most maxImageTokens image tokens", async () => {
    // At native resolution 420 x 280 would be 30 x 20 = 600 image tokens.
    const runs = recordSessionRuns();
    let recorded = [] as ReturnType<typeof runs.stop>;
    const vlm = createTransformersVlm({ model: TINY_MODELS.llavaNativeResolution, modelsDir: models.folder(), maxNewTokens: 2, maxImageTokens: 40 });
    const image = gradientImage(420, 280);
    const answer = await vlm.answer(image, "What is this?", photoContext(image)).finally(() => (recorded = runs.stop()));
    await vlm.dispose?.();
    expect(typeof answer).toBe("string");
    const [prompt] = runsOf(recorded, "inputs_embeds");
    const imageTokens = Array.from(prompt!.inputs.input_ids!.data).filter((token) => Number(token) === imageTokenId).length;
    expect(imageTokens).toBeLessThanOrEqual(40);
    expect(imageTokens).toBeGreaterThan(20);
    const [, , height, width] = runsOf(recorded, "image_features").at(-1)!.inputs.pixel_values!.dims;
    expect((height! / 14) * (width! / 14)).toBe(imageTokens);
    expect(width! / height!).toBeCloseTo(420 / 280, 0);
  });

  it("leaves images already within the cap at their resolution", async () => {
    const runs = recordSessionRuns();
    let recorded = [] as ReturnType<typeof runs.stop>;
    const vlm = createTransformersVlm({ model: TINY_MODELS.llavaNativeResolution, modelsDir: models.folder(), maxNewTokens: 2, maxImageTokens: 40 });
    const image = gradientImage(84, 56);
    await vlm.answer(image, "What is this?", photoContext(image)).finally(() => (recorded = runs.stop()));
    await vlm.dispose?.();
    expect(runsOf(recorded, "image_features").at(-1)!.inputs.pixel_values!.dims).toEqual([1, 3, 56, 84]);
  });

  it("is a CONFIG_INVALID error naming the needed value when the model's fixed token count exceeds it", async () => {
    const vlm = createTransformersVlm({ model: TINY_MODELS.llava, modelsDir: models.folder(), maxImageTokens: 3 });
    const image = gradientImage();
    await expect(vlm.answer(image, "What is this?", photoContext(image))).rejects.toMatchObject({ code: "CONFIG_INVALID", message: expect.stringContaining("at least 4") });
    await vlm.dispose?.();
  });

  it.each([0, 2.5, Number.NaN])("rejects maxImageTokens %s", (maxImageTokens) => {
    expect(() => createTransformersVlm({ model: TINY_MODELS.llava, maxImageTokens })).toThrow(expect.objectContaining({ code: "CONFIG_INVALID" }));
  });

  it.each([
    ["maxBatchSize", { maxBatchSize: 0 }],
    ["batchWindowMs", { batchWindowMs: -1 }],
  ])("rejects a bad %s", (option, options) => {
    expect(() => createTransformersVlm({ model: TINY_MODELS.llava, ...options })).toThrow(expect.objectContaining({ code: "CONFIG_INVALID", details: expect.objectContaining({ option }) }));
  });
});
