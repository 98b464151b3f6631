import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { listenOnLoopback, readJsonBody } from "../fixtures/loopback-http.ts";

/** A FAKE model server on 127.0.0.1 (random port) that answers with canned completions in order. */
export interface FakeModelServer {
  /** Base URL as a client is configured with it (OpenAI: ends in /v1; Ollama: the root). */
  readonly url: string;
  /** The JSON bodies of the requests it got, in order. */
  readonly requests: Array<Record<string, unknown>>;
  close(): Promise<void>;
}

/** Speaks the OpenAI chat-completions protocol (JSON or SSE streaming, as the client asks). */
export function startFakeOpenAiServer(completions: readonly string[]): Promise<FakeModelServer> {
  return startServer("/v1", async (request, response, body, index) => {
    if (request.method !== "POST" || request.url !== "/v1/chat/completions") return notFound(response);
    const content = completions[Math.min(index, completions.length - 1)] ?? "";
    const model = String(body.model);
    const base = { id: `chatcmpl-fake-${index}`, created: 1_700_000_000, model };
    if (body.stream === true) {
      response.writeHead(200, { "content-type": "text/event-stream" });
      for (const piece of pieces(content)) {
        response.write(`data: ${JSON.stringify({ ...base, object: "chat.completion.chunk", choices: [{ index: 0, delta: { role: "assistant", content: piece }, finish_reason: null }] })}\n\n`);
      }
      response.write(`data: ${JSON.stringify({ ...base, object: "chat.completion.chunk", choices: [{ index: 0, delta: {}, finish_reason: "stop" }] })}\n\n`);
      response.end("data: [DONE]\n\n");
      return;
    }
    sendJson(response, 200, {
      ...base,
      object: "chat.completion",
      choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop", logprobs: null }],
      usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
    });
  });
}

/** Speaks Ollama's /api/chat (NDJSON streaming, which @langchain/ollama requests, or one JSON object). */
export function startFakeOllamaServer(completions: readonly string[]): Promise<FakeModelServer> {
  return startServer("", async (request, response, body, index) => {
    if (request.method !== "POST" || request.url !== "/api/chat") return notFound(response);
    const content = completions[Math.min(index, completions.length - 1)] ?? "";
    const base = { model: String(body.model), created_at: "2025-01-01T00:00:00Z" };
    const done = { ...base, message: { role: "assistant", content: "" }, done: true, done_reason: "stop", total_duration: 1, prompt_eval_count: 10, eval_count: 10 };
    if (body.stream === false) {
      sendJson(response, 200, { ...done, message: { role: "assistant", content } });
      return;
    }
    response.writeHead(200, { "content-type": "application/x-ndjson" });
    for (const piece of pieces(content)) response.write(`${JSON.stringify({ ...base, message: { role: "assistant", content: piece }, done: false })}\n`);
    response.end(`${JSON.stringify(done)}\n`);
  });
}

/** Speaks Anthropic's Messages API (non-streaming, as @langchain/anthropic's invoke asks by default). */
export function startFakeAnthropicServer(completions: readonly string[]): Promise<FakeModelServer> {
  return startServer("", async (request, response, body, index) => {
    if (request.method !== "POST" || request.url !== "/v1/messages") return notFound(response);
    const text = completions[Math.min(index, completions.length - 1)] ?? "";
    sendJson(response, 200, {
      id: `msg_fake_${index}`,
      type: "message",
      role: "assistant",
      model: String(body.model),
      content: [{ type: "text", text }],
      stop_reason: "end_turn",
      stop_sequence: null,
      usage: { input_tokens: 10, output_tokens: 10 },
    });
  });
}

/** A FAKE server that answers every request with an HTTP status and an OpenAI-style error body. */
export function startFailingServer(status: number): Promise<FakeModelServer> {
  return startServer("/v1", async (_request, response) => {
    sendJson(response, status, { error: { message: `fake failure ${status}`, type: "invalid_request_error", code: null } });
  });
}

/** A FAKE server that accepts requests and never answers (until closed). */
export function startSilentServer(): Promise<FakeModelServer> {
  return startServer("/v1", () => new Promise(() => {}));
}

type Handler = (request: IncomingMessage, response: ServerResponse, body: Record<string, unknown>, index: number) => Promise<void>;

async function startServer(path: string, handle: Handler): Promise<FakeModelServer> {
  const requests: Array<Record<string, unknown>> = [];
  const server = createServer(async (request, response) => {
    const body = await readJsonBody(request);
    requests.push(body);
    await handle(request, response, body, requests.length - 1);
  });
  const { url, close } = await listenOnLoopback(server);
  return { url: `${url}${path}`, requests, close };
}

/** Splits a completion into a few chunks, as a streaming server would send it. */
function pieces(content: string): string[] {
  const size = Math.max(1, Math.ceil(content.length / 4));
  const parts: string[] = [];
  for (let start = 0; start < content.length; start += size) parts.push(content.slice(start, start + size));
  return parts;
}

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(value));
}

function notFound(response: ServerResponse): Promise<void> {
  sendJson(response, 404, { error: "not found" });
  return Promise.resolve();
}
