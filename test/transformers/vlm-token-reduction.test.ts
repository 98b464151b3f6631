import { Tensor } from "@huggingface/transformers";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { PerceptionDetails } from "../../src/mllm/capabilities.ts";
import type { RgbImage } from "../../src/mllm/rgb-image.ts";
import { toFloat16Bits } from "../../src/mllm/transformers/float16.ts";
import { createTransformersVlm, type TransformersVlmOptions } from "../../src/mllm/transformers/index.ts";
import { encodeReducedImage, type VisionSession } from "../../src/mllm/transformers/vlm-token-reduction.ts";
import { llavaFixture, TINY_MODELS } from "../fixtures/onnx/index.ts";
import { photoLikeImage } from "../fixtures/synthetic-images.ts";
import { referencePruMerge } from "./reference-prumerge.ts";
import { photoContext, recordSessionRuns, runsOf, useTinyModels, type RecordedRun } from "./tiny-models-setup.ts";

const models = useTinyModels();
const model = TINY_MODELS.llavaPrumerge;
const imageTokenId = (llavaFixture("llava")["config.json"] as { image_token_index: number }).image_token_index;
/** Photo-like images whose class-token attention keeps different numbers of tokens in the tiny encoder. */
const IMAGES = [1, 2, 3, 4].map((seed) => photoLikeImage({ widthPx: 96, heightPx: 72, seed }));
const QUESTIONS = ["What is this?", "Is there a teapot on the table?", "How many cups?", "What colour is the wall?"];

interface Answered {
  readonly answers: string[];
  readonly details: PerceptionDetails[];
  readonly runs: RecordedRun[];
}

/** Asks the questions concurrently (or one by one with maxBatchSize 1), recording details and session runs. */
async function ask(options: TransformersVlmOptions, images: readonly RgbImage[] = IMAGES, questions: readonly string[] = QUESTIONS): Promise<Answered> {
  const vlm = createTransformersVlm({ model, modelsDir: models.folder(), maxNewTokens: 5, ...options });
  const details: PerceptionDetails[] = [];
  const askOne = (image: RgbImage, index: number) => vlm.answer(image, questions[index]!, { ...photoContext(image), report: (reported) => (details[index] = reported) });
  const oneByOne = async () => {
    const answers: string[] = [];
    for (const [index, image] of images.entries()) answers.push(await askOne(image, index));
    return answers;
  };
  const recorder = recordSessionRuns();
  let runs: RecordedRun[] = [];
  const answers = await (options.maxBatchSize === 1 ? oneByOne() : Promise.all(images.map(askOne))).finally(() => (runs = recorder.stop()));
  await vlm.dispose?.();
  return { answers, details, runs };
}

/** Runs the fixture's vision encoder ourselves on recorded pixels, for the reference computation. */
async function encoderOutputs(pixelValues: unknown): Promise<Record<string, { dims: readonly number[]; data: Float32Array }>> {
  const { InferenceSession } = createRequire(import.meta.url)("onnxruntime-node") as { InferenceSession: { create(path: string): Promise<VisionSession & { release(): Promise<void> }> } };
  const session = await InferenceSession.create(join(models.folder(), model, "onnx/vision_encoder.onnx"));
  try {
    return (await session.run({ pixel_values: pixelValues })) as Record<string, { dims: readonly number[]; data: Float32Array }>;
  } finally {
    await session.release();
  }
}

describe("PruMerge in the in-process VLM (tiny LLaVA-1.5 with 576 visual tokens and cls_attention / keys outputs)", () => {
  it("puts one placeholder per kept token in the prompt and feeds the language model exactly the merged tokens", async () => {
    const { details, runs } = await ask({ tokenReduction: "prumerge" }, IMAGES.slice(0, 1), QUESTIONS.slice(0, 1));
    const reductionRun = runsOf(runs, "cls_attention").at(-1)!;
    const outputs = await encoderOutputs(reductionRun.inputs.pixel_values);
    const expected = referencePruMerge(
      { features: outputs.image_features!.data, featureSize: 16, clsAttention: outputs.cls_attention!.data, keys: outputs.keys!.data, keySize: 16 },
      false,
    );
    expect(details[0]).toEqual({ tokenReduction: "prumerge", visualTokensIn: 576, visualTokensOut: expected.kept.length });
    expect(expected.kept.length).toBeLessThan(576);

    const promptIds = Array.from(runsOf(runs, "inputs_embeds")[0]!.inputs.input_ids!.data, Number);
    const imagePositions = promptIds.flatMap((id, position) => (id === imageTokenId ? [position] : []));
    expect(imagePositions).toHaveLength(expected.kept.length);
    const prefill = runsOf(runs, "logits")[0]!.inputs.inputs_embeds!;
    imagePositions.forEach((position, row) => {
      const embedded = Array.from(prefill.data).slice(position * 16, (position + 1) * 16).map(Number);
      embedded.forEach((value, feature) => expect(value).toBeCloseTo(expected.features[row]![feature]!, 4));
    });
  });

  it("runs the vision encoder once per image to reduce it, and not again during generation", async () => {
    const { runs } = await ask({ tokenReduction: "prumerge" }, IMAGES.slice(0, 2), QUESTIONS.slice(0, 2));
    // One measurement of the 576-token shape (first image), then one reduction run per image.
    expect(runsOf(runs, "image_features").map((run) => run.inputs.pixel_values!.dims.join("x"))).toEqual(["1x3x336x336", "1x3x336x336", "1x3x336x336"]);
  });

  it("batches questions whose images keep different numbers of tokens into one generation, each answer what it gets alone", async () => {
    const alone = await ask({ tokenReduction: "prumerge", maxBatchSize: 1 });
    const together = await ask({ tokenReduction: "prumerge" });
    const kept = together.details.map((detail) => detail.visualTokensOut);
    expect(new Set(kept).size).toBeGreaterThan(1);
    expect(alone.details.map((detail) => detail.visualTokensOut)).toEqual(kept);
    expect(together.answers).toEqual(alone.answers);
    expect(new Set(alone.answers).size).toBeGreaterThan(1);
    for (const step of runsOf(together.runs, "logits")) expect(step.inputs.inputs_embeds!.dims[0]).toBe(4);
  });

  it("PruMerge+ keeps the important tokens plus spatially uniform samples: more than PruMerge, fewer than all", async () => {
    const plain = await ask({ tokenReduction: "prumerge" });
    const plus = await ask({ tokenReduction: "prumerge+" });
    plus.details.forEach((detail, index) => {
      expect(detail.tokenReduction).toBe("prumerge+");
      expect(detail.visualTokensOut).toBeGreaterThan(plain.details[index]!.visualTokensOut as number);
      expect(detail.visualTokensOut).toBeLessThan(576);
    });
  });

  it("gives the language model all 576 tokens with tokenReduction all (the default)", async () => {
    const { details, runs } = await ask({}, IMAGES.slice(0, 1), QUESTIONS.slice(0, 1));
    expect(details[0]).toEqual({ tokenReduction: "all", visualTokensIn: 576, visualTokensOut: 576 });
    const promptIds = Array.from(runsOf(runs, "inputs_embeds")[0]!.inputs.input_ids!.data, Number);
    expect(promptIds.filter((id) => id === imageTokenId)).toHaveLength(576);
  });

  it("rejects an unknown tokenReduction with CONFIG_INVALID naming the choices", () => {
    expect(() => createTransformersVlm({ model, tokenReduction: "half" as never })).toThrow(expect.objectContaining({ code: "CONFIG_INVALID", message: expect.stringContaining("all, prumerge, prumerge+") }));
  });
});

describe("PruMerge asked of an export without cls_attention and keys (the plain tiny LLaVA)", () => {
  it("says so once, uses all tokens, and answers exactly as tokenReduction all does", async () => {
    const notices: string[] = [];
    const options = { model: TINY_MODELS.llava, onNotice: (message: string) => notices.push(message) };
    const reduced = await ask({ ...options, tokenReduction: "prumerge" });
    const all = await ask({ ...options, tokenReduction: "all" });
    expect(notices).toEqual([expect.stringMatching(/cannot use prumerge token reduction: its vision encoder has no cls_attention or keys output .*all its visual tokens/)]);
    expect(reduced.answers).toEqual(all.answers);
    for (const detail of reduced.details) expect(detail).toEqual({ tokenReduction: "all", visualTokensIn: 4, visualTokensOut: 4 });
  });
});

describe("PruMerge on a float16 vision encoder (fake ONNX session)", () => {
  it("reduces in float32 and hands back float16 features, as the float16 text embeddings they are written into", async () => {
    const tokens = { features: Float32Array.from({ length: 64 * 4 }, (_, index) => Math.cos(index)), clsAttention: Float32Array.from({ length: 64 }, (_, index) => (index % 9 === 0 ? 0.2 : 0.001)), keys: Float32Array.from({ length: 64 * 3 }, (_, index) => Math.sin(index * 0.7)) };
    const half = (values: Float32Array, dims: number[]) => ({ type: "float16", dims, data: toFloat16Bits(values) });
    const fakeSession: VisionSession = {
      inputNames: ["pixel_values"],
      outputNames: ["image_features", "cls_attention", "keys"],
      run: async () => ({ image_features: half(tokens.features, [1, 64, 4]), cls_attention: half(tokens.clsAttention, [1, 64]), keys: half(tokens.keys, [1, 64, 3]) }),
    };
    const reduced = await encodeReducedImage({ session: fakeSession, visionInputs: { pixel_values: new Tensor("float32", new Float32Array(3), [1, 3, 1, 1]) }, reduction: "prumerge", model: "fake" });
    const asHalf = (values: Float32Array) => new Tensor("float16", toFloat16Bits(values), [values.length]).to("float32").data as Float32Array;
    const expected = referencePruMerge({ features: asHalf(tokens.features), featureSize: 4, clsAttention: asHalf(tokens.clsAttention), keys: asHalf(tokens.keys), keySize: 3 }, false);
    expect(reduced.features.type).toBe("float16");
    expect(reduced.tokensOut).toBe(expected.kept.length);
    expect(expected.kept).toEqual([0, 9, 18, 27, 36, 45, 54, 63]);
    Array.from(reduced.features.to("float32").data as Float32Array).forEach((value, index) => expect(value).toBeCloseTo(expected.features[Math.floor(index / 4)]![index % 4]!, 2));
  });
});

describe("an export whose extra outputs do not line up with image_features", () => {
  it("is a MODEL_LOAD error naming the shapes (fake ONNX session giving cls_attention for the CLS token too)", async () => {
    const output = (dims: number[]) => ({ type: "float32", dims, data: new Float32Array(dims.reduce((product, dim) => product * dim, 1)) });
    const fakeSession: VisionSession = {
      inputNames: ["pixel_values"],
      outputNames: ["image_features", "cls_attention", "keys"],
      run: async () => ({ image_features: output([1, 4, 2]), cls_attention: output([1, 5]), keys: output([1, 4, 3]) }),
    };
    const pixels = new Tensor("float32", new Float32Array(3), [1, 3, 1, 1]);
    await expect(encodeReducedImage({ session: fakeSession, visionInputs: { pixel_values: pixels }, reduction: "prumerge", model: "fake" })).rejects.toMatchObject({
      code: "MODEL_LOAD",
      message: expect.stringContaining("cls_attention [1, 5]"),
    });
  });
});
