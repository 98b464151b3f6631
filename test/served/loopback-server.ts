import { createServer, type ServerResponse } from "node:http";
import { listenOnLoopback, readJsonBody } from "../fixtures/loopback-http.ts";

/** One request the fake server received. */
export interface ReceivedRequest {
  readonly path: string;
  readonly body: Record<string, unknown>;
}

/** A fake model server on 127.0.0.1 (port chosen by the OS) that records requests. */
export interface LoopbackServer {
  readonly url: string;
  readonly received: ReceivedRequest[];
  close(): Promise<void>;
}

/** Starts a fake server; `respond` writes the reply for each parsed request. */
export async function startLoopbackServer(respond: (request: ReceivedRequest, response: ServerResponse) => void): Promise<LoopbackServer> {
  const received: ReceivedRequest[] = [];
  const server = createServer(async (request, response) => {
    const parsed = { path: request.url ?? "", body: await readJsonBody(request) };
    received.push(parsed);
    respond(parsed, response);
  });
  const { url, close } = await listenOnLoopback(server);
  return { url, received, close };
}

/** A port nothing listens on: bound once, then released. */
export async function closedPortUrl(): Promise<string> {
  const { url, close } = await listenOnLoopback(createServer());
  await close();
  return url;
}
