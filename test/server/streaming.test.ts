import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pixelPerception } from "../fixtures/pixel-perception.ts";
import { streamEvents, type ReceivedEvent } from "./event-stream-client.ts";
import { HOLDING_PROGRAM, holdingVisualQa, startTestServer, type TestServer } from "./support.ts";

describe("viper serve streams a run as server-sent events", () => {
  const holding = holdingVisualQa("a held answer");
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ service: { perception: pixelPerception([holding.backend]) } });
  });
  afterAll(async () => {
    holding.release();
    await server.close();
  });

  it("delivers tool-call events while the run is still going, then the result", async () => {
    const received: ReceivedEvent[] = [];
    for await (const event of streamEvents(`${server.url}/v1/run`, { image: "shapes.png", program: HOLDING_PROGRAM })) {
      received.push(event);
      // The run waits inside simple_query until released: everything so far reached the client mid-run.
      if (event.event === "tool-call-start" && event.data.entry.tool === "simple_query") {
        expect(received.map((item) => item.event)).toEqual(["program-start", "tool-call-start", "tool-call-end", "tool-call-start"]);
        expect(received[2]!.data.entry).toMatchObject({ tool: "find", args: ["circle"], result: expect.stringMatching(/patch/) });
        holding.release();
      }
    }
    const last = received.at(-1)!;
    expect(last.event).toBe("result");
    expect(last.data).toMatchObject({ answer: "a held answer", error: null, program: HOLDING_PROGRAM });
    expect(received.map((item) => item.event)).toEqual(["program-start", "tool-call-start", "tool-call-end", "tool-call-start", "tool-call-end", "result"]);
    // The streamed calls are the ones the trace records.
    const ended = received.filter((item) => item.event === "tool-call-end").map((item) => [item.data.entry.tool, item.data.entry.result]);
    expect(ended).toEqual(last.data.trace.map((entry: { tool: string; result: string }) => [entry.tool, entry.result]));
  });

  it("streams planning, the program attempt and its tool calls for /v1/ask", async () => {
    const received: ReceivedEvent[] = [];
    for await (const event of streamEvents(`${server.url}/v1/ask`, { image: "shapes.png", question: "Is there a blue square?" })) received.push(event);
    const names = received.map((item) => item.event);
    expect(names.slice(0, 3)).toEqual(["plan-start", "plan-end", "program-start"]);
    expect(names.indexOf("tool-call-end")).toBeLessThan(names.indexOf("result"));
    expect(names.at(-1)).toBe("result");
    expect(received.at(-1)!.data).toMatchObject({ answer: "yes", error: null });
    expect(received[1]!.data.program).toBe(received.at(-1)!.data.program);
  });

  it("ends a failed run's stream with the result object carrying the typed error", async () => {
    const received: ReceivedEvent[] = [];
    const program = `async function execute_command(image: ImagePatch): Promise<Answer> {\n  await image.find("circle");\n  throw new Error("broken");\n}`;
    for await (const event of streamEvents(`${server.url}/v1/run`, { image: "shapes.png", program })) received.push(event);
    expect(received.map((item) => item.event)).toEqual(["program-start", "tool-call-start", "tool-call-end", "program-error", "result"]);
    expect(received.at(-1)!.data.error.code).toBe("PROGRAM_RUNTIME");
    expect(received.at(-1)!.data.trace).toHaveLength(1);
  });

  it("answers a request refused before it starts with a plain JSON error, not a stream", async () => {
    const response = await fetch(`${server.url}/v1/ask`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream" },
      body: JSON.stringify({ image: "shapes.png", question: "q?", planner: "nope" }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as any).error.code).toBe("REQUEST_INVALID");
  });
});
