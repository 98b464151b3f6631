import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildLoadWorkload, runLoad, type LoadWorkload } from "./load-workload.ts";
import { getJson, startTestServer, type TestServer } from "./support.ts";

const CLIENTS = 20;
const REQUESTS_PER_CLIENT = 10;

describe("viper serve under load (the short version of npm run bench serve)", () => {
  let server: TestServer;
  let workload: LoadWorkload;
  beforeAll(async () => {
    workload = await buildLoadWorkload({ seed: 4100, sceneCount: 4, requestCount: CLIENTS * REQUESTS_PER_CLIENT });
    server = await startTestServer({ service: { concurrency: 2, queueSize: CLIENTS } });
  }, 120_000);
  afterAll(() => server.close());

  it("answers 20 concurrent clients × 10 mixed ask/run requests, every answer right, none lost", async () => {
    expect(workload.distinctQuestions).toBeGreaterThanOrEqual(15);
    const outcomes = await runLoad({ url: server.url, requests: workload.requests, clients: CLIENTS });
    expect(outcomes).toHaveLength(CLIENTS * REQUESTS_PER_CLIENT);
    const wrong = outcomes.filter((outcome) => outcome.status !== 200 || JSON.stringify(outcome.answer) !== JSON.stringify(outcome.request.expected));
    expect(wrong.map((outcome) => `${outcome.request.route} → ${outcome.status} ${outcome.errorCode ?? JSON.stringify(outcome.answer)}, expected ${JSON.stringify(outcome.request.expected)}`)).toEqual([]);
    expect(outcomes.filter((outcome) => outcome.request.route === "/v1/run")).toHaveLength(100);
    expect(await getJson(`${server.url}/v1/health`)).toMatchObject({ status: "ok", running: 0, queued: 0 });
  }, 240_000);
});
