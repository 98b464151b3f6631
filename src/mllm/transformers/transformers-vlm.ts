import { ViperError } from "../../errors/index.ts";
import type { PerceptionDetails, VisualQA } from "../capabilities.ts";
import type { RgbImage } from "../rgb-image.ts";
import { firstLine } from "./device-selection.ts";
import { lazyModel } from "./lazy-model.ts";
import { loadPretrained } from "./load-pretrained.ts";
import { createMicroBatcher } from "./micro-batcher.ts";
import { isTokenReduction, TOKEN_REDUCTIONS, type TokenReduction } from "./token-reduction/index.ts";
import type { TransformersModelOptions } from "./transformers-options.ts";
import { generateAnswers } from "./vlm-generate.ts";
import { loadVlm, type LoadedVlm } from "./vlm-model.ts";
import { prepareQuestion, type PreparedQuestion } from "./vlm-question.ts";
import { reductionUnsupported } from "./vlm-token-reduction.ts";

/** The default in-process VLM: LLaVA-OneVision with Qwen2-0.5B (about 3.6 GB in fp32, 0.9 GB in q4f16). */
export const DEFAULT_VLM_MODEL = "onnx-community/llava-onevision-qwen2-0.5b-ov-hf";

/** Options for {@link createTransformersVlm}. */
export interface TransformersVlmOptions extends Partial<TransformersModelOptions> {
  /** @defaultValue {@link DEFAULT_VLM_MODEL} */
  readonly model?: string;
  /** Longest answer, in tokens. @defaultValue 24 */
  readonly maxNewTokens?: number;
  /**
   * Added after the question (LLaVA's own short-answer instruction), since simple_query wants a word.
   * @defaultValue "\nAnswer the question using a single word or phrase."
   */
  readonly questionSuffix?: string;
  /**
   * Images larger than this (longest side, pixels) are shrunk first: models with dynamic resolution
   * (image tokens grow with the image) stay within a bounded number of image tokens. Fixed-resolution
   * models (LLaVA) resize to their input size anyway.
   * @defaultValue 768
   */
  readonly maxImageSidePx?: number;
  /**
   * Most image tokens one image may put in the prompt. When the vision encoder would give more (models
   * whose processor keeps the image's resolution), the image is shrunk until it fits; a model that gives
   * more at any image size is a CONFIG_INVALID error. LLaVA-1.5 gives 576, LLaVA-OneVision 729 here.
   * @defaultValue 1024
   */
  readonly maxImageTokens?: number;
  /**
   * Most questions answered by one batched generation. Concurrent questions (e.g. a program's
   * `Promise.all` over patches) are collected into batches; 1 answers them one at a time.
   * @defaultValue 4
   */
  readonly maxBatchSize?: number;
  /** How long a question arriving at an idle model waits for others to batch with. @defaultValue 5 */
  readonly batchWindowMs?: number;
  /**
   * Visual-token reduction before the language model: "all" tokens, or LLaVA-PruMerge's adaptive
   * selection and merge ("prumerge", "prumerge+"). Needs a vision encoder export with `cls_attention` and
   * `keys` outputs (docs/MODELS.md); without them the VLM says so once through `onNotice` and uses all
   * tokens. "all" stays the default until PruMerge's accuracy is measured on real weights.
   * @defaultValue "all"
   */
  readonly tokenReduction?: TokenReduction;
}

interface Question {
  readonly image: RgbImage;
  readonly question: string;
  readonly report?: (details: PerceptionDetails) => void;
}

/**
 * A LLaVA-family VisualQA run in-process by transformers.js (LLaVA-1.5, LLaVA-OneVision and other models
 * whose ONNX export is `vision_encoder` + `embed_tokens` + `decoder_model_merged`). Loads on first use,
 * answers with greedy decoding, batches concurrent questions whose images give the same number of image
 * tokens into one generation (LLaVA classes only; others go one at a time), optionally reduces each
 * image's visual tokens with PruMerge (`tokenReduction`), reports each question's visual tokens in and out
 * through its context's `report`, and frees its sessions on `dispose()`.
 */
export function createTransformersVlm(options: TransformersVlmOptions = {}): VisualQA {
  const settings = { ...options, model: options.model ?? DEFAULT_VLM_MODEL };
  const {
    maxNewTokens = 24,
    questionSuffix = "\nAnswer the question using a single word or phrase.",
    maxImageSidePx = 768,
    maxImageTokens = 1024,
    maxBatchSize = 4,
    batchWindowMs = 5,
    tokenReduction = "all",
  } = options;
  if (!Number.isInteger(maxImageTokens) || maxImageTokens < 1) {
    throw new ViperError({ code: "CONFIG_INVALID", message: `maxImageTokens must be a whole number of at least 1; got ${maxImageTokens}.`, details: { option: "maxImageTokens", value: maxImageTokens } });
  }
  if (!isTokenReduction(tokenReduction)) {
    throw new ViperError({ code: "CONFIG_INVALID", message: `tokenReduction must be one of ${TOKEN_REDUCTIONS.join(", ")}; got ${String(tokenReduction)}.`, details: { option: "tokenReduction", value: tokenReduction } });
  }
  // The reduction the loaded export can do: the requested one, or "all" (said once) when it lacks the outputs.
  let reduction: TokenReduction = tokenReduction;
  const loaded = lazyModel(
    async () => {
      const vlm = (await loadPretrained(settings, loadVlm)).value;
      const unsupported = tokenReduction === "all" ? undefined : reductionUnsupported(vlm.visionSession);
      if (unsupported !== undefined) {
        reduction = "all";
        settings.onNotice?.(`${settings.model} cannot use ${tokenReduction} token reduction: ${unsupported} (export it as docs/MODELS.md, "Visual-token reduction", shows); every image gives all its visual tokens.`);
      }
      return vlm;
    },
    async ({ model }) => {
      await model.dispose();
    },
  );
  const featureCounts = new Map<string, Promise<number>>();
  let batchesFail = false;

  async function answerBatch(questions: readonly Question[]): Promise<Array<string | Error>> {
    const vlm = await loaded.get();
    const prepared = await Promise.all(
      questions.map(({ image, question }) =>
        prepareQuestion({ loaded: vlm, image, question: `${question}${questionSuffix}`, model: settings.model, maxImageSidePx, maxImageTokens, featureCounts, tokenReduction: reduction }).catch(asError),
      ),
    );
    prepared.forEach((entry, index) => {
      if (!(entry instanceof Error)) questions[index]!.report?.({ tokenReduction: reduction, visualTokensIn: entry.visualTokensIn, visualTokensOut: entry.imageTokenCount });
    });
    const answers: Array<string | Error> = prepared.map((entry) => (entry instanceof Error ? entry : ""));
    for (const group of compatibleGroups(prepared, vlm.batchable && !batchesFail)) {
      const texts = await answerGroup(vlm, group.map((index) => prepared[index] as PreparedQuestion));
      group.forEach((index, position) => (answers[index] = texts[position]!));
    }
    return answers;
  }

  /**
   * An export whose vision encoder or decoder has a fixed batch size of 1 rejects a batch: its questions
   * are then answered one at a time, and so are all later ones.
   */
  async function answerGroup(vlm: LoadedVlm, questions: readonly PreparedQuestion[]): Promise<Array<string | Error>> {
    if (questions.length > 1 && !batchesFail) {
      try {
        return await generateAnswers(vlm, questions, maxNewTokens);
      } catch (error) {
        batchesFail = true;
        settings.onNotice?.(`${settings.model} cannot answer ${questions.length} questions in one batch (${firstLine(error)}); answering one at a time.`);
      }
    }
    const answers: Array<string | Error> = [];
    for (const question of questions) answers.push(await generateAnswers(vlm, [question], maxNewTokens).then(([text]) => text!, asError));
    return answers;
  }

  // One batch at a time: each holds a full key-value cache, and ONNX Runtime already uses every core.
  const batcher = createMicroBatcher<Question, string | Error>({ maxBatchSize, windowMs: batchWindowMs, run: answerBatch });

  return {
    specificationVersion: "v1",
    id: "hf-vlm",
    supports: () => true,
    async answer(image, question, context): Promise<string> {
      const answer = await batcher.submit({ image, question, report: context.report });
      if (answer instanceof Error) throw answer;
      return answer;
    },
    dispose: () => loaded.dispose(),
  };
}

/**
 * Indices of the prepared questions that can share a generation: same vision-input shapes (so the same
 * image token count and stackable pixels), or image features computed ahead (any token counts), in arrival
 * order; every question alone when the model cannot batch. Failed preparations are left out (their error
 * is their answer).
 */
function compatibleGroups(prepared: ReadonlyArray<PreparedQuestion | Error>, batchable: boolean): number[][] {
  const groups = new Map<string, number[]>();
  prepared.forEach((entry, index) => {
    if (entry instanceof Error) return;
    const key = !batchable ? `alone:${index}` : entry.imageFeatures === undefined ? entry.shapeKey : "precomputed";
    groups.set(key, [...(groups.get(key) ?? []), index]);
  });
  return [...groups.values()];
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
