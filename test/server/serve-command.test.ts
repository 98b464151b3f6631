import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { describe, expect, it } from "vitest";
import { runViperInProcess } from "../fixtures/cli-runner.ts";
import { EXAMPLE_IMAGES, getJson, postJson, startTestServer } from "./support.ts";

const CLI_MAIN = new URL("../../src/cli/main.ts", import.meta.url).pathname;

describe("viper serve on the command line", () => {
  it("refuses to listen beyond loopback without a token, before loading anything", async () => {
    const { exitCode, stderr } = await runViperInProcess(["serve", "--host", "0.0.0.0", "--port", "0"]);
    expect(exitCode).toBe(1);
    expect(stderr).toMatch(/CONFIG_INVALID: --host 0\.0\.0\.0 lets other machines connect, so a token is required/);
  });

  it("says which port is taken instead of crashing", async () => {
    const taken = await startTestServer();
    try {
      const { exitCode, stderr } = await runViperInProcess(["serve", "--port", new URL(taken.url).port, "--detector", "pixels"]);
      expect(exitCode).toBe(1);
      expect(stderr).toMatch(/CONFIG_INVALID: Cannot listen on 127\.0\.0\.1:\d+ \(EADDRINUSE\): the port is in use/);
    } finally {
      await taken.close();
    }
  });

  it("refuses unknown options and bad numbers with the usage", async () => {
    const unknown = await runViperInProcess(["serve", "--bogus"]);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain("Usage: viper serve");
    const badNumber = await runViperInProcess(["serve", "--concurrency", "0"]);
    expect(badNumber.exitCode).toBe(1);
    expect(badNumber.stderr).toMatch(/--concurrency must be a whole number ≥ 1/);
    const badLimit = await runViperInProcess(["serve", "--cpu-ms", "lots"]);
    expect(badLimit.exitCode).toBe(1);
    expect(badLimit.stderr).toMatch(/CONFIG_INVALID: --cpu-ms must be a whole number/);
  });

  it("serves with a token and crash-isolated programs until SIGTERM, then exits 0", async () => {
    const child = spawn(process.execPath, ["--no-node-snapshot", CLI_MAIN, "serve", "--port", "0", "--detector", "pixels", "--image-root", EXAMPLE_IMAGES, "--max-tool-calls", "3"], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, VIPER_SERVE_TOKEN: "from-the-environment" },
    });
    let url: string | undefined;
    for await (const line of createInterface({ input: child.stdout! })) {
      url = /listening on (\S+)/.exec(line)?.[1];
      if (url !== undefined) break;
    }
    const question = { image: "shapes.png", question: "How many red circles are there?" };
    expect((await postJson(`${url}/v1/ask`, question)).status).toBe(401);
    const auth = { authorization: "Bearer from-the-environment" };
    const answered = await postJson(`${url}/v1/ask`, question, auth);
    expect([answered.status, answered.body.answer]).toEqual([200, 3]);
    // Programs run in sandbox processes by default: one that makes V8 abort fails alone.
    const abort = `async function execute_command(image: ImagePatch): Promise<Answer> {\n  let reads = 0;\n  return Array.prototype.sort.call({ get length() { reads += 1; return reads === 1 ? 3 : 2 ** 28; } }).length;\n}`;
    const crashed = await postJson(`${url}/v1/run`, { image: "shapes.png", program: abort }, auth);
    expect([crashed.status, crashed.body.error.code]).toEqual([422, "SANDBOX_CRASHED"]);
    // The sandbox limits on the command line hold for every request.
    const fourCalls = `async function execute_command(image: ImagePatch): Promise<Answer> {\n  for (let i = 0; i < 4; i++) await image.exists("circle");\n  return 1;\n}`;
    const limited = await postJson(`${url}/v1/run`, { image: "shapes.png", program: fourCalls }, auth);
    expect(limited.body.error.code).toBe("TOOL_LIMIT");
    expect(limited.body.error.message).toContain("--max-tool-calls"); // the server's option, not the SDK's field
    expect(limited.body.error.message).not.toContain("maxToolCalls");
    const after = await postJson(`${url}/v1/ask`, question, auth);
    expect([after.status, after.body.answer]).toEqual([200, 3]);
    expect((await getJson(`${url}/v1/health`)).status).toBe("ok");
    child.kill("SIGTERM");
    const [exitCode] = await once(child, "exit");
    expect(exitCode).toBe(0);
  }, 60_000);
});
