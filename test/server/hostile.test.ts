import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProcessPool, type ProcessPool } from "../../sandbox/index.ts";
import { getJson, postJson, startTestServer, type TestServer } from "./support.ts";

/** A program whose execute_command body is `body`. */
const program = (body: string) => `async function execute_command(image: ImagePatch): Promise<Answer> {\n${body}\n}`;

const NORMAL = { program: program('return (await image.find("red circle")).length;'), answer: 3 };
const HOSTILE = [
  { name: "an infinite loop", program: program("while (true) {}"), code: "SANDBOX_CPU" },
  { name: "an infinite loop after an await", program: program('await image.find("circle");\nfor (;;) {}'), code: "SANDBOX_CPU" },
  // Big allocations reach the memory limit long before the CPU budget, even on a loaded machine.
  { name: "a memory bomb", program: program("const items: number[][] = [];\nwhile (true) items.push(new Array(100_000).fill(items.length));"), code: "SANDBOX_MEMORY" },
  { name: "a huge fill", program: program("return new Array(1e9).fill(0).length;"), code: "SANDBOX_MEMORY" },
  // V8 cannot allocate the sort's work array and aborts its whole process (issue 16's V8-fatal family):
  // only the sandbox process dies.
  {
    name: "a program that makes V8 abort",
    program: program('let reads = 0;\nawait image.exists("circle");\nreturn Array.prototype.sort.call({ get length() { reads += 1; return reads === 1 ? 3 : 2 ** 28; } }).length;'),
    code: "SANDBOX_CRASHED",
  },
  { name: "string repetition past V8's limits", program: program('return "x".repeat(2 ** 28).split("").length;'), code: "SANDBOX_MEMORY" },
] as const;

describe("viper serve (process pool) with hostile programs between normal ones", () => {
  let server: TestServer;
  let pool: ProcessPool;
  beforeAll(async () => {
    pool = createProcessPool({ maxProcesses: 2 });
    server = await startTestServer({ service: { concurrency: 2, isolation: pool, policy: { memoryLimitMb: 16, cpuTimeMs: 4_000, wallTimeoutMs: 10_000 } } });
  });
  afterAll(async () => {
    await server.close();
    await pool.dispose();
  });

  it("gives each hostile program its typed error while every normal request answers; health stays OK", async () => {
    const requests = HOSTILE.flatMap((hostile) => [NORMAL, hostile, NORMAL]);
    const responses = await Promise.all(requests.map((request) => postJson(`${server.url}/v1/run`, { image: "shapes.png", program: request.program })));
    responses.forEach((response, index) => {
      const request = requests[index]!;
      if ("code" in request) {
        expect([response.status, response.body.error?.code], request.name).toEqual([422, request.code]);
      } else {
        expect([response.status, response.body.answer]).toEqual([200, NORMAL.answer]);
      }
    });
    expect(await getJson(`${server.url}/v1/health`)).toMatchObject({ status: "ok", running: 0, queued: 0 });
    const after = await postJson(`${server.url}/v1/run`, { image: "shapes.png", program: NORMAL.program });
    expect(after.body.answer).toBe(NORMAL.answer);
  }, 120_000);
});
