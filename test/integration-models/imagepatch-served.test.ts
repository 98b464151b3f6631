import type { ServerResponse } from "node:http";
import sharp from "sharp";
import { afterEach, describe, expect, it } from "vitest";
import { loadImage } from "../../src/tools/image-io.ts";
import { type LoopbackServer, startLoopbackServer } from "../served/loopback-server.ts";
import { COCO_PHOTO, program, runWithModels } from "./integration-setup.ts";

/** A fake VLM server's answer; the program must hand back exactly this (trimmed). */
const SERVER_ANSWER = "a cat on a red bus";

function sendJson(response: ServerResponse, body: unknown): void {
  response.writeHead(200, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}

/** Fake vLLM / OpenAI-compatible server: answers every chat completion with {@link SERVER_ANSWER}. */
function openAiCompatible(): Promise<LoopbackServer> {
  return startLoopbackServer((_request, response) =>
    sendJson(response, {
      id: "chatcmpl-1", object: "chat.completion", created: 0, model: "llava",
      choices: [{ index: 0, message: { role: "assistant", content: `  ${SERVER_ANSWER}\n` }, finish_reason: "stop" }],
      usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
    }),
  );
}

/** Fake Ollama server: answers /api/chat with {@link SERVER_ANSWER}, streamed or not. */
function ollama(): Promise<LoopbackServer> {
  return startLoopbackServer((request, response) => {
    const done = { model: "llava", created_at: "2024-01-01T00:00:00Z", message: { role: "assistant", content: "" }, done: true, done_reason: "stop" };
    if (request.body.stream === false) return sendJson(response, { ...done, message: { role: "assistant", content: SERVER_ANSWER } });
    const part = { ...done, message: { role: "assistant", content: SERVER_ANSWER }, done: false };
    response.writeHead(200, { "content-type": "application/x-ndjson" });
    response.end(`${JSON.stringify(part)}\n${JSON.stringify(done)}\n`);
  });
}

/** The width and height of an uploaded base64 JPEG. */
async function uploadedSize(base64: string): Promise<[number, number]> {
  const { width = 0, height = 0 } = await sharp(Buffer.from(base64.replace(/^data:image\/jpeg;base64,/, ""), "base64")).metadata();
  return [width, height];
}

// The program asks about the left half of the photo, so the upload must be that crop: 320 x 480.
const askAboutLeftHalf = program(`
  const left = image.crop(0, 0, image.width / 2, image.height);
  return await left.simple_query("What is on the left?");`);

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("simple_query through a served VLM, driven by a program", () => {
  it("openai-compatible:<model> sends the patch's pixels with the question and returns the server's answer", async () => {
    server = await openAiCompatible();
    const run = await runWithModels(await loadImage(COCO_PHOTO), askAboutLeftHalf, { vlm: "openai-compatible:llava-v1.6", vlmBaseUrl: `${server.url}/v1` });
    expect(run.answer).toBe(SERVER_ANSWER);

    expect(server.received).toHaveLength(1);
    const [request] = server.received;
    expect(request?.path).toBe("/v1/chat/completions");
    expect(request?.body.model).toBe("llava-v1.6");
    const [message] = request?.body.messages as { content: { type: string; text?: string; image_url?: { url: string } }[] }[];
    expect(message?.content.find((part) => part.type === "text")?.text).toContain("What is on the left?");
    const url = message?.content.find((part) => part.type === "image_url")?.image_url?.url ?? "";
    expect(url).toMatch(/^data:image\/jpeg;base64,/);
    expect(await uploadedSize(url)).toEqual([320, 480]);
  });

  it("ollama:<model> sends the patch as a base64 image with the question and returns the server's answer", async () => {
    server = await ollama();
    const run = await runWithModels(await loadImage(COCO_PHOTO), askAboutLeftHalf, { vlm: "ollama:llava", vlmBaseUrl: server.url });
    expect(run.answer).toBe(SERVER_ANSWER);

    const [request] = server.received;
    expect(request?.path).toBe("/api/chat");
    expect(request?.body.model).toBe("llava");
    const messages = request?.body.messages as { content: string; images?: string[] }[];
    expect(messages.map((message) => message.content).join("\n")).toContain("What is on the left?");
    const images = messages.flatMap((message) => message.images ?? []);
    expect(images).toHaveLength(1);
    expect(await uploadedSize(images[0] ?? "")).toEqual([320, 480]);
  });

  it("a server that is down fails the run with MODEL_SERVER naming its URL", async () => {
    server = await openAiCompatible();
    const { url } = server;
    await server.close();
    server = undefined;
    await expect(runWithModels(await loadImage(COCO_PHOTO), askAboutLeftHalf, { vlm: "vllm:llava", vlmBaseUrl: `${url}/v1` })).rejects.toMatchObject({
      code: "MODEL_SERVER",
      message: expect.stringContaining(url),
    });
  });
});
