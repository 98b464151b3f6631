import type { ServerResponse } from "node:http";

/** A server-sent event stream on one response. */
export interface EventStream {
  /** Sends one event whose data is `data` as JSON; does nothing once the client has gone. */
  send(event: string, data: unknown): void;
  end(): void;
}

/**
 * Starts a `text/event-stream` response (status 200) on `response` and returns a writer for its events.
 * Each event is `event: <name>` plus one `data:` line of JSON (JSON has no raw newlines), then a blank line.
 */
export function openEventStream(response: ServerResponse): EventStream {
  response.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache, no-transform",
    connection: "keep-alive",
    // Proxies such as nginx buffer responses unless told not to; events must arrive as they happen.
    "x-accel-buffering": "no",
  });
  response.flushHeaders();
  const open = () => !response.writableEnded && !response.destroyed;
  return {
    send(event, data) {
      if (open()) response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    end() {
      if (open()) response.end();
    },
  };
}
