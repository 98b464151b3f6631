import { ViperError } from "../../errors/index.ts";

/** The parts of a transformers.js tokenizer the prompt builder uses. */
export interface PromptTokenizer {
  readonly chat_template?: unknown;
  apply_chat_template(messages: unknown[], options: Record<string, unknown>): unknown;
}

/** Options for {@link buildVlmPrompt}. */
export interface VlmPromptOptions {
  readonly tokenizer: PromptTokenizer;
  readonly question: string;
  /** The placeholder the model's merge step replaces with image features, e.g. "<image>". */
  readonly imageToken: string;
  /** How many image features the vision encoder gives for this image. */
  readonly imageTokenCount: number;
  /** Model id, for messages. */
  readonly model: string;
}

/**
 * The text prompt for one image and one question: the model's chat template when it has one (one image
 * placeholder, then the question), else the LLaVA-1.5 format, with the placeholder repeated once per image
 * feature, as transformers.js's merge step requires.
 */
export function buildVlmPrompt({ tokenizer, question, imageToken, imageTokenCount, model }: VlmPromptOptions): string {
  const messages = [{ role: "user", content: [{ type: "image" }, { type: "text", text: question }] }];
  const templated = tokenizer.chat_template ? tokenizer.apply_chat_template(messages, { add_generation_prompt: true, tokenize: false }) : `USER: ${imageToken}\n${question} ASSISTANT:`;
  if (typeof templated !== "string" || !templated.includes(imageToken)) {
    throw new ViperError({
      code: "MODEL_LOAD",
      message: `The chat template of ${model} does not place the image token ${imageToken}; this model is not a LLaVA-style image-text-to-text model transformers.js can run here.`,
      details: { model, imageToken },
    });
  }
  return templated.replace(imageToken, imageToken.repeat(imageTokenCount));
}
