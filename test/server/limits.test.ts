import { afterEach, describe, expect, it } from "vitest";
import { pixelPerception } from "../fixtures/pixel-perception.ts";
import { getJson, HOLDING_PROGRAM, holdingVisualQa, postJson, startTestServer, type TestServer } from "./support.ts";

describe("viper serve limits", () => {
  let server: TestServer | undefined;
  let holding = holdingVisualQa();
  afterEach(async () => {
    holding.release();
    await server?.close();
    server = undefined;
    holding = holdingVisualQa();
  });
  const held = { image: "shapes.png", program: HOLDING_PROGRAM };

  it("runs --concurrency requests, queues --queue-size more, refuses the next with 429 and Retry-After", async () => {
    server = await startTestServer({ service: { perception: pixelPerception([holding.backend]), concurrency: 1, queueSize: 1 } });
    const first = postJson(`${server.url}/v1/run`, held);
    await holding.started;
    const second = postJson(`${server.url}/v1/run`, held);
    await expect.poll(async () => (await getJson(`${server!.url}/v1/health`)).queued).toBe(1);
    const third = await postJson(`${server.url}/v1/run`, held);
    expect(third.status).toBe(429);
    expect(third.body.error.code).toBe("SERVER_BUSY");
    expect(Number(third.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    holding.release();
    const answers = await Promise.all([first, second]);
    expect(answers.map((answer) => [answer.status, answer.body.answer])).toEqual([[200, "held"], [200, "held"]]);
  });

  it("ends a request that outlives --request-timeout-ms with 504 REQUEST_TIMEOUT and frees its slot", async () => {
    server = await startTestServer({ service: { perception: pixelPerception([holding.backend]), concurrency: 1, requestTimeoutMs: 300 } });
    const response = await postJson(`${server.url}/v1/run`, held);
    expect(response.status).toBe(504);
    expect(response.body.error.code).toBe("REQUEST_TIMEOUT");
    expect(response.body.program).toBe(HOLDING_PROGRAM);
    const health = await getJson(`${server.url}/v1/health`);
    expect(health).toMatchObject({ status: "ok", running: 0, queued: 0 });
  });

  it("shuts down gracefully: admitted requests answer, new ones get 503 SERVER_CLOSING", async () => {
    server = await startTestServer({ service: { perception: pixelPerception([holding.backend]), concurrency: 1, queueSize: 4 } });
    const running = postJson(`${server.url}/v1/run`, held);
    await holding.started;
    const queued = postJson(`${server.url}/v1/run`, held);
    await expect.poll(async () => (await getJson(`${server!.url}/v1/health`)).queued).toBe(1);
    const closed = server.close();
    const refused = await postJson(`${server.url}/v1/run`, held);
    expect(refused.status).toBe(503);
    expect(refused.body.error.code).toBe("SERVER_CLOSING");
    const health = await fetch(`${server.url}/v1/health`);
    expect([health.status, ((await health.json()) as any).status]).toEqual([503, "closing"]);
    holding.release();
    const answers = await Promise.all([running, queued]);
    expect(answers.map((answer) => [answer.status, answer.body.answer])).toEqual([[200, "held"], [200, "held"]]);
    await closed;
    server = undefined;
  });
});
