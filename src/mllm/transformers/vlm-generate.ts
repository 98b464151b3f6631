import { cat, StoppingCriteria, Tensor } from "@huggingface/transformers";
import type { LoadedVlm } from "./vlm-model.ts";
import type { PreparedQuestion } from "./vlm-question.ts";

/**
 * Answers questions whose images have the same processed shape in ONE greedy `generate`: prompts are
 * left-padded to the longest (attention mask 0 on the padding), images stacked on the batch axis. Rows
 * that finish early keep being computed until every row has ended (transformers.js stops a batch only
 * then), and their tokens after the end token are dropped, so each answer is what generating it alone
 * gives. One question is the same call with a batch of one. Questions whose image features were computed
 * ahead (reduced tokens) are the exception to the same-shape rule: their features, one row per placeholder,
 * go in whole through a stand-in for `pixel_values`, so rows may hold different numbers of image tokens.
 */
export async function generateAnswers(loaded: LoadedVlm, questions: readonly PreparedQuestion[], maxNewTokens: number): Promise<string[]> {
  const { tokenizer, model, endTokenIds } = loaded;
  const promptLength = Math.max(...questions.map((question) => question.promptIds.length));
  const padId = BigInt(tokenizer.pad_token_id ?? [...endTokenIds][0] ?? 0);
  const ids = new BigInt64Array(questions.length * promptLength).fill(padId);
  const mask = new BigInt64Array(questions.length * promptLength);
  questions.forEach(({ promptIds }, row) => {
    const start = row * promptLength + promptLength - promptIds.length;
    ids.set(promptIds, start);
    mask.fill(1n, start, (row + 1) * promptLength);
  });
  const dims = [questions.length, promptLength];
  const pixelValues = imageInputs(loaded, questions);
  const output = (await model.generate({
    input_ids: new Tensor("int64", ids, dims),
    attention_mask: new Tensor("int64", mask, dims),
    pixel_values: pixelValues,
    max_new_tokens: maxNewTokens,
    do_sample: false,
    stopping_criteria: [new EveryRowEnded(promptLength, endTokenIds)],
  } as never)) as Tensor;
  const rows = output.tolist() as bigint[][];
  return rows.map((row) => {
    const generated = row.slice(promptLength).map(Number);
    const end = generated.findIndex((token) => endTokenIds.has(token));
    return tokenizer.decode(end === -1 ? generated : generated.slice(0, end), { skip_special_tokens: true }).trim();
  });
}

/** The stacked images, or a stand-in that the model's image encoding answers with the precomputed features. */
function imageInputs({ precomputedFeatures }: LoadedVlm, questions: readonly PreparedQuestion[]): Tensor {
  const features = questions.map((question) => question.imageFeatures);
  if (features.every((tensor) => tensor !== undefined)) {
    const standIn = new Tensor("float32", new Float32Array(0), [questions.length, 0]);
    precomputedFeatures.set(standIn, features.length === 1 ? features[0]! : cat(features, 0));
    return standIn;
  }
  return questions.length === 1 ? questions[0]!.visionInputs.pixel_values! : cat(questions.map((question) => question.visionInputs.pixel_values!), 0);
}

/** Stops a batch once every row has produced an end token somewhere in its answer. */
class EveryRowEnded extends StoppingCriteria {
  readonly #promptLength: number;
  readonly #endTokenIds: ReadonlySet<number>;

  constructor(promptLength: number, endTokenIds: ReadonlySet<number>) {
    super();
    this.#promptLength = promptLength;
    this.#endTokenIds = endTokenIds;
  }

  // transformers.js passes bigint ids although its types say number.
  override _call(inputIds: Array<Array<number | bigint>>): boolean[] {
    return inputIds.map((row) => row.slice(this.#promptLength).some((token) => this.#endTokenIds.has(Number(token))));
  }
}
