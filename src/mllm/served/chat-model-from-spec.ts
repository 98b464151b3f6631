import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { ViperError } from "../../errors/index.ts";
import { CHAT_PROVIDERS, type ChatProvider, createChatModel, isChatProvider } from "./chat-model-factory.ts";

/** The providers `--vlm <provider>:<model>` accepts. */
export const SERVED_PROVIDERS = CHAT_PROVIDERS;

/** One of {@link SERVED_PROVIDERS}. */
export type ServedProvider = ChatProvider;

/** Options for {@link chatModelFromSpec}. */
export interface ChatModelSpecOptions {
  /** `<provider>:<model>`, e.g. "ollama:llava", "vllm:llava-hf/llava-1.5-7b-hf", "openai:gpt-4o-mini". */
  readonly spec: string;
  /** Server URL; required for vllm / openai-compatible. @defaultValue the provider's default */
  readonly baseUrl?: string;
  /** API key. @defaultValue OPENAI_API_KEY / ANTHROPIC_API_KEY, or "not-needed" for local servers */
  readonly apiKey?: string;
  /** Give up on one request after this long. @defaultValue 120000 */
  readonly timeoutMs?: number;
}

/** A parsed spec and the chat model built for it. */
export interface ChatModelFromSpec {
  readonly provider: ServedProvider;
  readonly model: string;
  /** The server the model talks to (for error messages). */
  readonly url: string;
  readonly chatModel: BaseChatModel;
}

/** Builds a LangChain chat model from a `<provider>:<model>` spec. A bad spec → CONFIG_INVALID. */
export function chatModelFromSpec({ spec, baseUrl, apiKey, timeoutMs = 120_000 }: ChatModelSpecOptions): ChatModelFromSpec {
  const separator = spec.indexOf(":");
  const provider = spec.slice(0, separator);
  const model = spec.slice(separator + 1);
  if (separator <= 0 || model.length === 0 || !isChatProvider(provider)) {
    throw new ViperError({
      code: "CONFIG_INVALID",
      message: `"${spec}" is not a VLM spec: use <provider>:<model> with provider one of ${SERVED_PROVIDERS.join(", ")} (e.g. ollama:llava).`,
      details: { spec },
    });
  }
  if ((provider === "vllm" || provider === "openai-compatible") && baseUrl === undefined) {
    throw new ViperError({
      code: "CONFIG_INVALID",
      message: `--vlm ${spec} needs the server's URL: add --vlm-base-url (e.g. http://localhost:8000/v1).`,
      details: { spec },
    });
  }
  switch (provider) {
    case "ollama": {
      const url = baseUrl ?? "http://127.0.0.1:11434";
      // The Ollama client keeps LangChain's default retries; the others fail fast (as they always have).
      return { provider, model, url, chatModel: createChatModel({ provider, model, baseUrl: url }) };
    }
    case "anthropic": {
      const url = baseUrl ?? "https://api.anthropic.com";
      const chatModel = createChatModel({ provider, model, baseUrl: url, apiKey: apiKey ?? process.env.ANTHROPIC_API_KEY, maxRetries: 0, timeoutMs });
      return { provider, model, url, chatModel };
    }
    default: {
      const url = baseUrl ?? "https://api.openai.com/v1";
      const key = apiKey ?? (provider === "openai" ? process.env.OPENAI_API_KEY : undefined) ?? "not-needed";
      return { provider, model, url, chatModel: createChatModel({ provider, model, baseUrl: url, apiKey: key, maxRetries: 0, timeoutMs }) };
    }
  }
}
