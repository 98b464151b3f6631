import { HumanMessage } from "@langchain/core/messages";
import { ViperError } from "../../errors/index.ts";
import type { VisualQA } from "../capabilities.ts";
import type { RgbImage } from "../rgb-image.ts";
import { chatModelFromSpec, type ChatModelSpecOptions } from "./chat-model-from-spec.ts";
import { imageDataUrl, type ImageDataUrlOptions } from "./image-data-url.ts";

/** Options for {@link createServedVlm}. */
export interface ServedVlmOptions extends ChatModelSpecOptions, ImageDataUrlOptions {
  /**
   * Added after the question, since simple_query wants a word, not a paragraph.
   * @defaultValue "\nAnswer the question using a single word or phrase."
   */
  readonly questionSuffix?: string;
}

/**
 * A VisualQA served by any LangChain chat model that takes images (Ollama `llava`, vLLM and other
 * OpenAI-compatible servers, OpenAI, Anthropic). The image travels as an `image_url` data-URL content
 * block with the question. A server that cannot be reached or answers with an error → MODEL_SERVER.
 * `dispose()` aborts requests still waiting, so a run stopped by its time limit does not keep the process
 * alive on a server that never answers.
 */
export function createServedVlm(options: ServedVlmOptions): VisualQA {
  const { questionSuffix = "\nAnswer the question using a single word or phrase." } = options;
  const { chatModel, url, provider, model } = chatModelFromSpec(options);
  const pending = new AbortController();
  return {
    specificationVersion: "v1",
    id: `${provider}:${model}`,
    supports: () => true,
    async answer(image: RgbImage, question: string): Promise<string> {
      const message = new HumanMessage({
        content: [
          { type: "text", text: `${question}${questionSuffix}` },
          { type: "image_url", image_url: { url: await imageDataUrl(image, options) } },
        ],
      });
      try {
        const reply = await chatModel.invoke([message], { signal: pending.signal });
        return reply.text.trim();
      } catch (error) {
        throw new ViperError({
          code: "MODEL_SERVER",
          message: `The VLM server at ${url} (${provider}:${model}) failed: ${firstLine(error)}. Check that it is running and serves ${model} (e.g. \`ollama pull ${model}\`), or change --vlm-base-url.`,
          details: { url, provider, model },
          cause: error,
        });
      }
    },
    async dispose() {
      pending.abort(new ViperError({ code: "MODEL_SERVER", message: `The VLM ${provider}:${model} was disposed while a question to ${url} was waiting.` }));
    },
  };
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split("\n")[0] ?? text;
}
