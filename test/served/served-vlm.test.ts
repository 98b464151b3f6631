import type { ServerResponse } from "node:http";
import sharp from "sharp";
import { afterEach, describe, expect, it } from "vitest";
import type { PerceptionContext } from "../../src/mllm/capabilities.ts";
import type { RgbImage } from "../../src/mllm/rgb-image.ts";
import { createServedVlm } from "../../src/mllm/served/index.ts";
import { closedPortUrl, type LoopbackServer, startLoopbackServer } from "./loopback-server.ts";

/** A 20 x 10 image, left half red and right half blue, so a decoded upload can be checked. */
function redBlueImage(): RgbImage {
  const width = 20;
  const height = 10;
  const data = new Uint8Array(width * height * 3);
  for (let pixel = 0; pixel < width * height; pixel++) {
    const isLeft = pixel % width < width / 2;
    data.set(isLeft ? [230, 20, 20] : [20, 20, 230], pixel * 3);
  }
  return { width, height, data };
}

const image = redBlueImage();
const context: PerceptionContext = { scene: "photo", original: image, region: { x0: 0, y0: 0, x1: 20, y1: 10 }, cache: new Map() };

/** Decodes an uploaded base64 JPEG and checks it is our image (size and colours survive). */
async function expectOurImage(base64: string): Promise<void> {
  const { data, info } = await sharp(Buffer.from(base64, "base64")).raw().toBuffer({ resolveWithObject: true });
  expect([info.width, info.height]).toEqual([20, 10]);
  const leftRed = data[(5 * 20 + 2) * info.channels] ?? 0;
  const rightBlue = data[(5 * 20 + 17) * info.channels + 2] ?? 0;
  expect(leftRed).toBeGreaterThan(180);
  expect(rightBlue).toBeGreaterThan(180);
}

function sendJson(response: ServerResponse, body: unknown): void {
  response.writeHead(200, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("served VLM over the OpenAI chat-completions protocol (vLLM, OpenAI-compatible)", () => {
  it("sends the question with the image as a data URL and returns the server's answer", async () => {
    server = await startLoopbackServer((_request, response) =>
      sendJson(response, {
        id: "chatcmpl-1", object: "chat.completion", created: 0, model: "llava-hf/llava-1.5-7b-hf",
        choices: [{ index: 0, message: { role: "assistant", content: " red \n" }, finish_reason: "stop" }],
        usage: { prompt_tokens: 10, completion_tokens: 1, total_tokens: 11 },
      }),
    );
    const vlm = createServedVlm({ spec: "vllm:llava-hf/llava-1.5-7b-hf", baseUrl: `${server.url}/v1` });
    expect(await vlm.answer(image, "What colour is the left half?", context)).toBe("red");

    const [request] = server.received;
    expect(request?.path).toBe("/v1/chat/completions");
    expect(request?.body.model).toBe("llava-hf/llava-1.5-7b-hf");
    const [message] = request?.body.messages as { role: string; content: { type: string; text?: string; image_url?: { url: string } }[] }[];
    expect(message?.role).toBe("user");
    const text = message?.content.find((part) => part.type === "text");
    const picture = message?.content.find((part) => part.type === "image_url");
    expect(text?.text).toContain("What colour is the left half?");
    expect(picture?.image_url?.url).toMatch(/^data:image\/jpeg;base64,/);
    await expectOurImage(picture?.image_url?.url.split(",")[1] ?? "");
    expect(vlm.id).toBe("vllm:llava-hf/llava-1.5-7b-hf");
  });

  it("turns a server error into MODEL_SERVER naming the URL", async () => {
    server = await startLoopbackServer((_request, response) => {
      response.writeHead(500, { "content-type": "application/json" });
      response.end(JSON.stringify({ error: { message: "model crashed", type: "server_error" } }));
    });
    const vlm = createServedVlm({ spec: "openai-compatible:llava", baseUrl: `${server.url}/v1` });
    await expect(vlm.answer(image, "What is it?", context)).rejects.toMatchObject({ code: "MODEL_SERVER", message: expect.stringContaining(server.url) });
  });
});

describe("served VLM over Ollama's /api/chat", () => {
  it("sends the question with the image as base64 and returns the server's answer", async () => {
    server = await startLoopbackServer((request, response) => {
      const done = { model: "llava", created_at: "2024-01-01T00:00:00Z", message: { role: "assistant", content: "" }, done: true, done_reason: "stop" };
      const part = { model: "llava", created_at: "2024-01-01T00:00:00Z", message: { role: "assistant", content: "blue" }, done: false };
      if (request.body.stream === false) return sendJson(response, { ...done, message: { role: "assistant", content: "blue" } });
      response.writeHead(200, { "content-type": "application/x-ndjson" });
      response.end(`${JSON.stringify(part)}\n${JSON.stringify(done)}\n`);
    });
    const vlm = createServedVlm({ spec: "ollama:llava", baseUrl: server.url });
    expect(await vlm.answer(image, "What colour is the right half?", context)).toBe("blue");

    const [request] = server.received;
    expect(request?.path).toBe("/api/chat");
    expect(request?.body.model).toBe("llava");
    // LangChain's Ollama adapter sends each content block as its own user message (text, then image).
    const messages = request?.body.messages as { role: string; content: string; images?: string[] }[];
    expect(messages.every((message) => message.role === "user")).toBe(true);
    expect(messages.map((message) => message.content).join("\n")).toContain("What colour is the right half?");
    const images = messages.flatMap((message) => message.images ?? []);
    expect(images).toHaveLength(1);
    await expectOurImage((images[0] ?? "").replace(/^data:image\/jpeg;base64,/, ""));
  });
});

describe("served VLM failures", () => {
  it.each(["ollama:llava", "vllm:llava"])("a dead server (%s) fails fast with MODEL_SERVER naming the URL", async (spec) => {
    const url = await closedPortUrl();
    const vlm = createServedVlm({ spec, baseUrl: spec.startsWith("vllm") ? `${url}/v1` : url, timeoutMs: 5000 });
    const started = Date.now();
    await expect(vlm.answer(image, "What is it?", context)).rejects.toMatchObject({ code: "MODEL_SERVER", message: expect.stringContaining(url) });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it.each(["llava", "ollama:", "gemini:pro"])("rejects the spec %j with CONFIG_INVALID listing the providers", (spec) => {
    expect(() => createServedVlm({ spec })).toThrow(expect.objectContaining({ code: "CONFIG_INVALID", message: expect.stringContaining("ollama") }));
  });

  it("asks for --vlm-base-url when a vLLM spec has none", () => {
    expect(() => createServedVlm({ spec: "vllm:llava" })).toThrow(expect.objectContaining({ code: "CONFIG_INVALID", message: expect.stringContaining("--vlm-base-url") }));
  });
});
