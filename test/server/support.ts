import { readFile } from "node:fs/promises";
import type { FastifyInstance } from "fastify";
import type { VisualQA } from "../../src/mllm/capabilities.ts";
import { createHttpServer, type HttpServerOptions } from "../../src/server/http/create-http-server.ts";
import { listenHttp, type ListeningHttpServer } from "../../src/server/http/listen.ts";
import { createViperService, type ViperService, type ViperServiceOptions } from "../../src/server/viper-service.ts";
import { pixelPerception } from "../fixtures/pixel-perception.ts";

/** The examples folder with shapes.png, the image root of the test servers. */
export const EXAMPLE_IMAGES = new URL("../../examples/images/", import.meta.url).pathname;

/** examples/images/shapes.png as a data: URL. */
export async function shapesDataUrl(): Promise<string> {
  return `data:image/png;base64,${(await readFile(`${EXAMPLE_IMAGES}shapes.png`)).toString("base64")}`;
}

/** A running test server on 127.0.0.1 (a port the OS picks) over the real pixel perception. */
export interface TestServer extends ListeningHttpServer {
  readonly app: FastifyInstance;
  readonly service: ViperService;
}

/** Starts `viper serve`'s app on loopback with the pixel back-ends and `examples/images` as image root. */
export async function startTestServer(options: {
  service?: Partial<ViperServiceOptions>;
  http?: Omit<HttpServerOptions, "service">;
} = {}): Promise<TestServer> {
  const service = createViperService({ perception: pixelPerception(), images: { imageRoot: EXAMPLE_IMAGES }, ...options.service });
  const app = await createHttpServer({ service, ...options.http });
  const listening = await listenHttp({ app, service, host: "127.0.0.1", port: 0, hasToken: options.http?.token !== undefined });
  return { ...listening, app, service };
}

/** GETs a JSON document. */
export async function getJson(url: string): Promise<any> {
  return (await fetch(url)).json();
}

/** POSTs JSON and returns the status, headers and parsed body. */
export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, any> };
}

/**
 * A FAKE visual question-answering back-end for questions containing "hold": each call waits until the test
 * releases it, so a test can act while a run is known to be in flight. `started` resolves on the first call.
 */
export function holdingVisualQa(answer = "held") {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let markStarted!: () => void;
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  const backend: VisualQA = {
    specificationVersion: "v1",
    id: "fake-holding-vqa",
    supports: (question) => question.includes("hold"),
    async answer() {
      markStarted();
      await released;
      return answer;
    },
  };
  return { backend, started, release };
}

/** A program that asks the holding back-end once. */
export const HOLDING_PROGRAM = `async function execute_command(image: ImagePatch): Promise<Answer> {
  const circles = await image.find("circle");
  return await image.simple_query("hold please");
}`;
