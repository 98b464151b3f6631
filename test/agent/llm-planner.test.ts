import { afterEach, describe, expect, it } from "vitest";
import { createLlmPlanner } from "../../src/agent/llm-planner.ts";
import { type FakeModelServer, startFailingServer, startFakeAnthropicServer, startFakeOllamaServer, startFakeOpenAiServer, startSilentServer } from "./fake-model-servers.ts";
import { rejectionOf } from "../fixtures/rejection.ts";
import { fenced } from "./support.ts";

const PROGRAM = fenced('return await image.count("foo");');

describe("createLlmPlanner through the real LangChain clients", () => {
  const servers: FakeModelServer[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.close();
  });

  it("asks an OpenAI-compatible server with the generated prompt and extracts the program", async () => {
    const server = await startFakeOpenAiServer([PROGRAM]);
    servers.push(server);
    const planner = createLlmPlanner({ model: "openai:fake-coder", baseUrl: server.url });
    expect(planner.id).toBe(`openai:fake-coder@${server.url}`);
    expect(await planner.plan({ question: "How many foo are there?" })).toContain('return await image.count("foo");');
    const [request] = server.requests;
    expect(request?.model).toBe("fake-coder");
    expect(request?.temperature).toBe(0);
    const messages = request?.messages as Array<{ role: string; content: string }>;
    expect(messages.map((message) => message.role)).toEqual(["system", "user"]);
    expect(messages[0]?.content).toContain("declare class ImagePatch");
    expect(messages[1]?.content).toBe("Question: How many foo are there?");
  });

  it("asks Anthropic's Messages API at a base URL, with the system prompt separate", async () => {
    const server = await startFakeAnthropicServer([PROGRAM]);
    servers.push(server);
    const planner = createLlmPlanner({ model: "anthropic:fake-claude", baseUrl: server.url, apiKey: "fake-key" });
    expect(await planner.plan({ question: "How many foo?" })).toContain('return await image.count("foo");');
    const request = server.requests[0];
    expect(request?.model).toBe("fake-claude");
    expect(JSON.stringify(request?.system)).toContain("declare class ImagePatch");
    expect(request?.messages).toEqual([{ role: "user", content: "Question: How many foo?" }]);
  });

  it("sends earlier attempts and their problems as the rest of the conversation", async () => {
    const server = await startFakeOllamaServer([PROGRAM]);
    servers.push(server);
    const planner = createLlmPlanner({ model: "ollama:fake-llama", baseUrl: server.url });
    await planner.plan({ question: "How many foo?", feedback: [{ output: "```ts\nbad\n```", problem: "- line 1: Cannot find name 'bad'." }] });
    const messages = server.requests[0]?.messages as Array<{ role: string; content: string }>;
    expect(messages.map((message) => message.role)).toEqual(["system", "user", "assistant", "user"]);
    expect(messages[2]?.content).toBe("```ts\nbad\n```");
    expect(messages[3]?.content).toContain("- line 1: Cannot find name 'bad'.");
  });

  it("turns a dead server into MODEL_SERVER that names the URL and what to check, without hanging", async () => {
    const server = await startFakeOpenAiServer([PROGRAM]);
    const deadUrl = server.url;
    await server.close();
    for (const [model, baseUrl] of [["openai:fake", deadUrl], ["ollama:fake", deadUrl.replace(/\/v1$/, "")]] as const) {
      const started = performance.now();
      const error = await rejectionOf(createLlmPlanner({ model, baseUrl, maxRetries: 0 }).plan({ question: "How many foo?" }));
      expect(error.code).toBe("MODEL_SERVER");
      expect(error.message).toContain(baseUrl);
      expect(error.message).toMatch(/Check that the server is running/);
      expect(performance.now() - started).toBeLessThan(10_000);
    }
  });

  it("gives up on a server that never answers after timeoutMs", async () => {
    const server = await startSilentServer();
    servers.push(server);
    const started = performance.now();
    const error = await rejectionOf(createLlmPlanner({ model: "openai:fake", baseUrl: server.url, timeoutMs: 300, maxRetries: 0 }).plan({ question: "q" }));
    expect(error.code).toBe("MODEL_SERVER");
    expect(error.message).toContain("within 300 ms");
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it("explains HTTP failures: a refused key points at the key variable", async () => {
    const server = await startFailingServer(401);
    servers.push(server);
    const error = await rejectionOf(createLlmPlanner({ model: "openai:fake", baseUrl: server.url, maxRetries: 0 }).plan({ question: "q" }));
    expect(error.code).toBe("MODEL_SERVER");
    expect(error.message).toContain("HTTP 401");
    expect(error.message).toContain("OPENAI_API_KEY");
  });

  it("rejects a malformed planner name and a missing key with CONFIG_INVALID", async () => {
    expect(() => createLlmPlanner({ model: "gpt-4o-mini" })).toThrow(/not "<provider>:<model>"/);
    const saved = process.env.OPENAI_API_KEY;
    delete process.env.OPENAI_API_KEY;
    try {
      const error = await rejectionOf(createLlmPlanner({ model: "openai:gpt-4o-mini" }).plan({ question: "q" }));
      expect(error.code).toBe("CONFIG_INVALID");
      expect(error.message).toContain("set OPENAI_API_KEY");
    } finally {
      if (saved !== undefined) process.env.OPENAI_API_KEY = saved;
    }
  });
});
