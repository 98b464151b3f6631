import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { ViperError } from "../../errors/index.ts";
import type { TextModel } from "../capabilities.ts";

/** Options for {@link createChatTextModel}. */
export interface ChatTextModelOptions {
  /** The LangChain chat model that answers. */
  readonly chatModel: BaseChatModel;
  /** Id shown in traces, e.g. "openai:gpt-4o-mini". */
  readonly id: string;
  /** The server, for error messages. */
  readonly url: string;
}

/**
 * ViperGPT's llm_query over any LangChain chat model: text in, text out. A server failure is a
 * MODEL_SERVER error naming the URL. `dispose()` aborts requests still waiting (see createServedVlm).
 */
export function createChatTextModel({ chatModel, id, url }: ChatTextModelOptions): TextModel {
  const pending = new AbortController();
  return {
    specificationVersion: "v1",
    id,
    async complete(prompt) {
      try {
        const message = await chatModel.invoke([{ role: "user", content: prompt }], { signal: pending.signal });
        return typeof message.content === "string" ? message.content : message.text;
      } catch (error) {
        throw new ViperError({
          code: "MODEL_SERVER",
          message: `The language model ${id} at ${url} did not answer llm_query: ${error instanceof Error ? error.message : String(error)}. Check that the server is running and the model name is right.`,
          details: { model: id, url },
          cause: error,
        });
      }
    },
    async dispose() {
      pending.abort(new ViperError({ code: "MODEL_SERVER", message: `The language model ${id} was disposed while a request to ${url} was waiting.` }));
    },
  };
}
