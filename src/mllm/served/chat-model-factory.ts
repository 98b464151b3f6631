import { ChatAnthropic } from "@langchain/anthropic";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { ChatOllama } from "@langchain/ollama";
import { ChatOpenAI } from "@langchain/openai";

/** The chat-model providers viper-ts builds clients for; vllm and openai-compatible speak OpenAI's API. */
export const CHAT_PROVIDERS = ["ollama", "openai", "vllm", "openai-compatible", "anthropic"] as const;

/** One of {@link CHAT_PROVIDERS}. */
export type ChatProvider = (typeof CHAT_PROVIDERS)[number];

/** Whether `name` is one of {@link CHAT_PROVIDERS}. */
export function isChatProvider(name: string): name is ChatProvider {
  return (CHAT_PROVIDERS as readonly string[]).includes(name);
}

/** Options for {@link createChatModel}. */
export interface ChatModelOptions {
  readonly provider: ChatProvider;
  /** The model's name on its server, e.g. "gpt-4o-mini", "llava". */
  readonly model: string;
  /** The server (OpenAI-compatible: ending in /v1). @defaultValue the client's own default server */
  readonly baseUrl?: string;
  /** API key. @defaultValue the client's own (OPENAI_API_KEY, ANTHROPIC_API_KEY) */
  readonly apiKey?: string;
  /** @defaultValue 0 */
  readonly temperature?: number;
  /** Deadline of one request in the OpenAI and Anthropic clients, in milliseconds. @defaultValue the client's own */
  readonly timeoutMs?: number;
  /** Retries of a failed request inside LangChain. @defaultValue LangChain's default */
  readonly maxRetries?: number;
}

/**
 * The one place a LangChain chat model is built from a provider and a model, for the planner (text) and
 * for served VLMs and language models (perception): each provider's client class with its own names for
 * the server URL, key and timeout.
 */
export function createChatModel(options: ChatModelOptions): BaseChatModel {
  const { provider, model, baseUrl, apiKey, temperature = 0, timeoutMs, maxRetries } = options;
  const common = { model, temperature, ...(maxRetries === undefined ? {} : { maxRetries }) };
  const key = apiKey === undefined ? {} : { apiKey };
  switch (provider) {
    case "ollama":
      // Ollama takes no key.
      return new ChatOllama({ ...common, ...(baseUrl === undefined ? {} : { baseUrl }) });
    case "anthropic":
      return new ChatAnthropic({
        ...common,
        ...key,
        ...(baseUrl === undefined ? {} : { anthropicApiUrl: baseUrl }),
        ...(timeoutMs === undefined ? {} : { clientOptions: { timeout: timeoutMs } }),
      });
    case "openai":
    case "vllm":
    case "openai-compatible":
      return new ChatOpenAI({
        ...common,
        ...key,
        ...(timeoutMs === undefined ? {} : { timeout: timeoutMs }),
        ...(baseUrl === undefined ? {} : { configuration: { baseURL: baseUrl } }),
      });
  }
}
