import { ChatAnthropic } from "@langchain/anthropic";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { ChatOllama } from "@langchain/ollama";
import { ChatOpenAI } from "@langchain/openai";
import { ViperError } from "../../errors/index.ts";

/** The providers `--vlm <provider>:<model>` accepts. */
export const SERVED_PROVIDERS = ["ollama", "openai", "vllm", "openai-compatible", "anthropic"] as const;

/** One of {@link SERVED_PROVIDERS}. */
export type ServedProvider = (typeof SERVED_PROVIDERS)[number];

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
  const provider = spec.slice(0, separator) as ServedProvider;
  const model = spec.slice(separator + 1);
  if (separator <= 0 || model.length === 0 || !SERVED_PROVIDERS.includes(provider)) {
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
      return { provider, model, url, chatModel: new ChatOllama({ model, baseUrl: url, temperature: 0 }) };
    }
    case "anthropic": {
      const url = baseUrl ?? "https://api.anthropic.com";
      const chatModel = new ChatAnthropic({ model, anthropicApiUrl: url, apiKey: apiKey ?? process.env.ANTHROPIC_API_KEY, temperature: 0, maxRetries: 0, clientOptions: { timeout: timeoutMs } });
      return { provider, model, url, chatModel };
    }
    default: {
      const url = baseUrl ?? "https://api.openai.com/v1";
      const key = apiKey ?? (provider === "openai" ? process.env.OPENAI_API_KEY : undefined) ?? "not-needed";
      const chatModel = new ChatOpenAI({ model, apiKey: key, temperature: 0, maxRetries: 0, timeout: timeoutMs, configuration: { baseURL: url } });
      return { provider, model, url, chatModel };
    }
  }
}
