import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { describe, expect, it } from "vitest";
import { EXAMPLE_IMAGES } from "./support.ts";

const CLI_MAIN = new URL("../../src/cli/main.ts", import.meta.url).pathname;

describe("viper mcp when the client goes", () => {
  it("exits 0 by itself once stdin ends after a plain-scene answer (the pixel-analysis worker does not hold it)", { timeout: 120_000 }, async () => {
    const child = spawn(process.execPath, ["--no-node-snapshot", CLI_MAIN, "mcp", "--detector", "pixels"], { cwd: EXAMPLE_IMAGES, stdio: ["pipe", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    const exited = once(child, "exit");
    const replies = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const send = (message: object) => child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", ...message })}\n`);
    // The protocol by hand (newline-delimited JSON-RPC), so that nothing but the end of stdin asks it to stop.
    send({ id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "exit-test", version: "1.0.0" } } });
    expect(JSON.parse((await replies.next()).value as string)).toMatchObject({ id: 1, result: { serverInfo: { name: "viper-ts" } } });
    send({ method: "notifications/initialized" });
    send({ id: 2, method: "tools/call", params: { name: "ask_image", arguments: { image: "shapes.png", question: "How many red circles are there?" } } });
    const answer = JSON.parse((await replies.next()).value as string) as { id: number; result: { structuredContent: { answer: unknown } } };
    expect([answer.id, answer.result.structuredContent.answer], stderr).toEqual([2, 3]);
    child.stdin.end();
    const [exitCode, signal] = await exited;
    expect([exitCode, signal], stderr).toEqual([0, null]);
    expect(stderr).toContain("viper mcp: stdin ended");
  });
});
