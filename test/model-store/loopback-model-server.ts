import { createHash } from "node:crypto";
import { createServer } from "node:http";
import type { ModelEntry } from "../../src/mllm/model-store/index.ts";
import { listenOnLoopback } from "../fixtures/loopback-http.ts";

/** How the loopback server answers one request. */
export type LoopbackReply = "ok" | "http-503" | "http-404" | "drop-midway" | "wrong-bytes";

/** A real HTTP server on 127.0.0.1 serving one generated "model" file; replies follow a script. */
export interface LoopbackModelServer {
  readonly entry: ModelEntry;
  readonly bytes: Buffer;
  /** Replies already given, in order. */
  readonly replies: LoopbackReply[];
  close(): Promise<void>;
}

/** Generated model bytes: deterministic, not all equal, so a truncated or altered copy changes the sha256. */
export function generatedModelBytes(sizeBytes: number): Buffer {
  const bytes = Buffer.alloc(sizeBytes);
  for (let index = 0; index < sizeBytes; index++) bytes[index] = (index * 31 + (index >> 8)) & 0xff;
  return bytes;
}

/**
 * Starts the server. `script` gives the reply for each request in turn; after it runs out, every reply is
 * "ok". The returned entry points at the server and carries the file's real size and sha256.
 */
export async function startLoopbackModelServer(script: LoopbackReply[], sizeBytes = 256 * 1024): Promise<LoopbackModelServer> {
  const bytes = generatedModelBytes(sizeBytes);
  const replies: LoopbackReply[] = [];
  const server = createServer((request, response) => {
    const reply = script[replies.length] ?? "ok";
    replies.push(reply);
    if (reply === "http-503" || reply === "http-404") {
      response.writeHead(reply === "http-503" ? 503 : 404).end("unavailable");
      return;
    }
    const body = reply === "wrong-bytes" ? Buffer.from(bytes).fill(7, 0, 16) : bytes;
    response.writeHead(200, { "content-type": "application/octet-stream", "content-length": String(body.length) });
    if (reply === "drop-midway") {
      response.write(body.subarray(0, body.length >> 1), () => response.socket?.destroy());
      return;
    }
    response.end(body);
  });
  const { url, close } = await listenOnLoopback(server);
  const entry: ModelEntry = {
    id: "loopback-model",
    description: "generated test file",
    fileName: "loopback_model.onnx",
    url: `${url}/loopback_model.onnx`,
    sizeBytes,
    sha256: [createHash("sha256").update(bytes).digest("hex")],
    licence: "test",
  };
  return {
    entry,
    bytes,
    replies,
    close,
  };
}
