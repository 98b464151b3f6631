import { describe, expect, it } from "vitest";
import { createTransformersVlm } from "../../src/mllm/transformers/index.ts";
import { TINY_MODELS } from "../fixtures/onnx/index.ts";
import { gradientImage, photoContext, useTinyModels } from "./tiny-models-setup.ts";

const models = useTinyModels();

describe.each([
  ["LLaVA-OneVision (Qwen2, chat template)", TINY_MODELS.llavaOnevision],
  ["LLaVA-1.5 (Llama, no chat template)", TINY_MODELS.llava],
])("in-process VLM on a tiny random %s", (_name, model) => {
  it("answers a question about an image with text, deterministically", async () => {
    const vlm = createTransformersVlm({ model, modelsDir: models.folder(), maxNewTokens: 6 });
    const image = gradientImage();
    const answer = await vlm.answer(image, "What colour is the square?", photoContext(image));
    expect(typeof answer).toBe("string");
    expect(answer.length).toBeGreaterThan(0);
    expect(await vlm.answer(image, "What colour is the square?", photoContext(image))).toBe(answer);
    await vlm.dispose?.();
  });

  it("answers concurrent questions (batched into one generation) without mixing them up", async () => {
    const vlm = createTransformersVlm({ model, modelsDir: models.folder(), maxNewTokens: 4 });
    const image = gradientImage();
    const questions = ["Is there a square?", "How many squares?", "Is there a square?"];
    const answers = await Promise.all(questions.map((question) => vlm.answer(image, question, photoContext(image))));
    expect(answers[2]).toBe(answers[0]);
    await vlm.dispose?.();
  });

  it("shrinks large images before the processor and still answers", async () => {
    const vlm = createTransformersVlm({ model, modelsDir: models.folder(), maxNewTokens: 3, maxImageSidePx: 32 });
    const image = gradientImage(300, 200);
    expect(typeof (await vlm.answer(image, "What is this?", photoContext(image)))).toBe("string");
    await vlm.dispose?.();
  });
});

describe("in-process VLM routing", () => {
  it("claims every question (it is the general fallback)", () => {
    const vlm = createTransformersVlm({ model: TINY_MODELS.llava, modelsDir: "/nonexistent" });
    const image = gradientImage();
    expect(vlm.id).toBe("hf-vlm");
    expect(vlm.supports("anything at all?", photoContext(image, "plain"))).toBe(true);
  });
});
