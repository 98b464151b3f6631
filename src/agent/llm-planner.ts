import type { Callbacks } from "@langchain/core/callbacks/manager";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { BaseMessage } from "@langchain/core/messages";
import { ViperError } from "../errors/index.ts";
import type { CapabilityView } from "./capabilities/capability-view.ts";
import { API_KEY_VARIABLES, DEFAULT_SERVER_URLS, toModelCallError } from "./model-server-error.ts";
import type { PlanFeedback, Planner, PlanRequest } from "./planner.ts";

/** Options for {@link createLlmPlanner}. Give `model` or `chatModel`. */
export interface LlmPlannerOptions {
  /**
   * `"<provider>:<model>"` with provider openai, anthropic or ollama (vllm and openai-compatible also work,
   * with `baseUrl`), e.g. "openai:gpt-4o-mini", "ollama:llama3.1".
   */
  model?: string;
  /** A ready LangChain chat model, used as is instead of `model` (its own settings apply). */
  chatModel?: BaseChatModel;
  /**
   * Server of an OpenAI-compatible API (vLLM, llama.cpp, LM Studio: `http://host:port/v1`), of Ollama, or of
   * Anthropic. With no key in the environment, a placeholder key is sent.
   * @defaultValue the provider's own server
   */
  baseUrl?: string;
  /** API key. @defaultValue the provider's environment variable (OPENAI_API_KEY, ANTHROPIC_API_KEY) */
  apiKey?: string;
  /** Sampling temperature. @defaultValue 0 (programs should not vary from run to run) */
  temperature?: number;
  /** Deadline for one model call, in milliseconds. @defaultValue 120_000 */
  timeoutMs?: number;
  /** Retries of a failed call (connection errors, 5xx, 429) inside LangChain. @defaultValue 1 */
  maxRetries?: number;
  /** LangChain callbacks for every call (LangSmith tracing also works from its environment variables alone). */
  callbacks?: Callbacks;
}

const PLACEHOLDER_API_KEY = "not-needed";
const SUPPORTED = "Supported here: openai, anthropic, ollama (and any OpenAI-compatible server with --planner-base-url).";

/**
 * A planner that asks a chat model for the program, through LangChain. The prompt comes from the API
 * declaration ({@link buildPlannerPrompt}); feedback from failed attempts is sent as the rest of the
 * conversation, so the model sees what it wrote and why it failed.
 */
export function createLlmPlanner(options: LlmPlannerOptions): Planner {
  const { temperature = 0, timeoutMs = 120_000, maxRetries = 1, callbacks } = options;
  const target = resolveTarget(options);
  let modelPromise: Promise<BaseChatModel> | undefined;
  const loadModel = () => (modelPromise ??= options.chatModel ? Promise.resolve(options.chatModel) : initModel(options, target, { temperature, timeoutMs, maxRetries }));

  return {
    id: target.id,
    repairs: true,
    async plan({ question, feedback = [], signal, capabilities }: PlanRequest): Promise<string> {
      const model = await loadModel();
      const messages = await conversation(question, feedback, capabilities);
      const deadline = AbortSignal.timeout(timeoutMs);
      let reply: BaseMessage;
      try {
        reply = await model.invoke(messages, {
          signal: signal ? AbortSignal.any([signal, deadline]) : deadline,
          callbacks,
          runName: "viper-planner",
          metadata: { question, attempt: feedback.length + 1 },
        });
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        throw toModelCallError(error, { ...target, timeoutMs, timedOut: deadline.aborted });
      }
      // Loaded here: extraction parses with TypeScript, which the rule planner's processes never load.
      const { extractProgram } = await import("./extract-program.ts");
      return extractProgram(textOf(reply));
    },
  };
}

interface Target {
  readonly id: string;
  readonly provider: string;
  readonly model: string;
  readonly serverUrl: string;
}

function resolveTarget({ model, chatModel, baseUrl }: LlmPlannerOptions): Target {
  if (chatModel) {
    const name = chatModel.getName();
    return { id: `chat-model:${name}`, provider: name, model: name, serverUrl: baseUrl ?? "(set by the chat model)" };
  }
  const match = model === undefined ? null : /^([a-z][\w-]*):(.+)$/.exec(model.trim());
  if (!match) {
    throw new ViperError({
      code: "CONFIG_INVALID",
      message: `The planner "${model ?? ""}" is not "<provider>:<model>". Use e.g. --planner openai:gpt-4o-mini, --planner anthropic:claude-sonnet-4-5 or --planner ollama:llama3.1 (or --planner rules).`,
      details: { planner: model ?? null },
    });
  }
  const provider = match[1] as string;
  const modelName = match[2] as string;
  const serverUrl = baseUrl ?? DEFAULT_SERVER_URLS[provider] ?? `(the ${provider} default)`;
  return { id: baseUrl ? `${provider}:${modelName}@${baseUrl}` : `${provider}:${modelName}`, provider, model: modelName, serverUrl };
}

async function initModel(options: LlmPlannerOptions, target: Target, settings: { temperature: number; timeoutMs: number; maxRetries: number }): Promise<BaseChatModel> {
  const { provider, model } = target;
  // Imported here so that the offline default (rule planner) does not pay for loading LangChain's clients.
  const { createChatModel, isChatProvider } = await import("../mllm/served/chat-model-factory.ts");
  if (!isChatProvider(provider)) {
    throw new ViperError({
      code: "CONFIG_INVALID",
      message: `Cannot create the ${provider} chat model "${model}": unknown provider "${provider}". ${SUPPORTED}`,
      details: { provider, model },
    });
  }
  const apiKey = options.apiKey ?? (options.baseUrl && !hasKeyInEnvironment(provider) ? PLACEHOLDER_API_KEY : undefined);
  try {
    return createChatModel({ provider, model, baseUrl: options.baseUrl, apiKey, ...settings });
  } catch (error) {
    throw new ViperError({
      code: "CONFIG_INVALID",
      message: `Cannot create the ${provider} chat model "${model}": ${error instanceof Error ? error.message.split("\n")[0] : String(error)}. ${SUPPORTED}`,
      details: { provider, model },
      cause: error,
    });
  }
}

function hasKeyInEnvironment(provider: string): boolean {
  const variable = API_KEY_VARIABLES[provider];
  return variable !== undefined && (process.env[variable] ?? "") !== "";
}

async function conversation(question: string, feedback: readonly PlanFeedback[], capabilities: CapabilityView | undefined): Promise<BaseMessage[]> {
  // Loaded on the first plan: the prompt parses the declaration with TypeScript, the messages are LangChain's.
  const [{ buildPlannerPrompt }, { AIMessage, HumanMessage, SystemMessage }] = await Promise.all([import("./prompt.ts"), import("@langchain/core/messages")]);
  const prompt = buildPlannerPrompt({ question, capabilities });
  const messages: BaseMessage[] = [new SystemMessage(prompt.system), new HumanMessage(prompt.user)];
  for (const attempt of feedback) {
    messages.push(new AIMessage(attempt.output));
    messages.push(new HumanMessage(`That did not work:\n${attempt.problem}\n\nFix it. Answer with the whole corrected program in one \`\`\`ts block.`));
  }
  return messages;
}

function textOf(message: BaseMessage): string {
  if (typeof message.content === "string") return message.content;
  return message.content.map((part) => (part.type === "text" && typeof part.text === "string" ? part.text : "")).join("");
}
