/** One server-sent event as a client receives it. */
export interface ReceivedEvent {
  readonly event: string;
  readonly data: any;
}

/**
 * POSTs JSON with `Accept: text/event-stream` through fetch (a real HTTP client) and yields each event as
 * its bytes arrive, so a test can act between events.
 */
export async function* streamEvents(url: string, body: unknown, headers: Record<string, string> = {}): AsyncGenerator<ReceivedEvent> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", accept: "text/event-stream", ...headers }, body: JSON.stringify(body) });
  if (!response.headers.get("content-type")?.startsWith("text/event-stream")) {
    throw new Error(`expected an event stream, got ${response.status} ${await response.text()}`);
  }
  const decoder = new TextDecoder();
  let buffered = "";
  for await (const chunk of response.body!) {
    buffered += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffered.indexOf("\n\n")) >= 0) {
      const block = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? "message";
      const data = /^data: (.*)$/m.exec(block)?.[1];
      yield { event, data: data === undefined ? null : JSON.parse(data) };
    }
  }
}
