import { ViperError } from "../errors/index.ts";

/** Where a provider's server is when no base URL is given. */
export const DEFAULT_SERVER_URLS: Readonly<Record<string, string>> = {
  openai: "https://api.openai.com/v1",
  anthropic: "https://api.anthropic.com",
  ollama: "http://127.0.0.1:11434",
};

/** The environment variable each provider's client reads its key from. */
export const API_KEY_VARIABLES: Readonly<Record<string, string>> = {
  openai: "OPENAI_API_KEY",
  anthropic: "ANTHROPIC_API_KEY",
};

/** What the planner knew when its model call failed. */
export interface ModelCallContext {
  readonly provider: string;
  readonly model: string;
  readonly serverUrl: string;
  readonly timeoutMs: number;
  /** True when our own deadline, not the caller's signal, cancelled the call. */
  readonly timedOut: boolean;
}

/**
 * Turns whatever a LangChain chat model threw into a ViperError that names the server and what to check:
 * MODEL_SERVER for an unreachable, slow or failing server, CONFIG_INVALID for a missing key.
 */
export function toModelCallError(error: unknown, context: ModelCallContext): ViperError {
  if (ViperError.isInstance(error)) return error;
  const { provider, model, serverUrl, timeoutMs } = context;
  const message = error instanceof Error ? error.message : String(error);
  const where = `the ${provider} server at ${serverUrl} (model "${model}")`;
  const details = { provider, model, serverUrl, cause: message.slice(0, 500) };
  const keyVariable = API_KEY_VARIABLES[provider];
  if (keyVariable !== undefined && /api key|apikey|token provider/i.test(message) && /not found|missing|provide/i.test(message)) {
    return new ViperError({
      code: "CONFIG_INVALID",
      message: `No API key for ${provider}: set ${keyVariable}, or point --planner-base-url at a server that needs none.`,
      details,
      cause: error,
    });
  }
  if (context.timedOut) {
    return new ViperError({
      code: "MODEL_SERVER",
      message: `The planner got no answer from ${where} within ${timeoutMs} ms. Check that the server is up and not overloaded, or raise the timeout.`,
      details,
      cause: error,
    });
  }
  const status = statusOf(error);
  const hint =
    status === 401 || status === 403
      ? keyVariable
        ? `Check ${keyVariable}.`
        : "Check the server's credentials."
      : status === 404
        ? provider === "ollama"
          ? `Check the model name (ollama pull ${model}) and the URL.`
          : "Check the model name and that the URL ends where the API starts (e.g. .../v1)."
        : status === undefined
          ? "Check that the server is running and the URL (--planner-base-url) is right."
          : "Check the server's log.";
  const problem = status === undefined ? `Cannot reach ${where}` : `${where} answered with HTTP ${status}`;
  return new ViperError({ code: "MODEL_SERVER", message: `${problem}: ${(message.split("\n")[0] ?? "").replace(/\.+$/, "")}. ${hint}`, details: { ...details, status }, cause: error });
}

function statusOf(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const record = error as { status?: unknown; status_code?: unknown; response?: { status?: unknown } };
  for (const candidate of [record.status, record.status_code, record.response?.status]) {
    if (typeof candidate === "number") return candidate;
  }
  return undefined;
}
