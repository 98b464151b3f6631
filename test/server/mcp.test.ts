import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXAMPLE_IMAGES, shapesDataUrl } from "./support.ts";

const CLI_MAIN = new URL("../../src/cli/main.ts", import.meta.url).pathname;

describe("viper mcp over stdio, driven by the MCP SDK's own client", () => {
  let client: Client;
  let stderr = "";
  beforeAll(async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: ["--no-node-snapshot", CLI_MAIN, "mcp", "--detector", "pixels"],
      cwd: EXAMPLE_IMAGES,
      env: { ...process.env } as Record<string, string>,
      stderr: "pipe",
    });
    transport.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    client = new Client({ name: "viper-mcp-test", version: "1.0.0" });
    await client.connect(transport);
  }, 60_000);
  afterAll(async () => {
    await client?.close();
  });

  it("initializes and lists ask_image and run_image_program with their input schemas", async () => {
    expect(client.getServerVersion()).toMatchObject({ name: "viper-ts" });
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(["ask_image", "run_image_program"]);
    const ask = tools.find((tool) => tool.name === "ask_image")!;
    expect(ask.inputSchema.required).toEqual(expect.arrayContaining(["image", "question"]));
    expect(ask.outputSchema?.properties).toHaveProperty("answer");
  });

  it("answers ask_image with text plus structured content: answer, program, trace", async () => {
    const result = await client.callTool({ name: "ask_image", arguments: { image: "shapes.png", question: "How many red circles are there?" } });
    expect(result.isError, stderr).toBeFalsy();
    const structured = result.structuredContent as { answer: unknown; program: string; trace: string[]; error: unknown };
    expect(structured.answer).toBe(3);
    expect(structured.program).toContain("execute_command");
    expect(structured.trace).toEqual([expect.stringMatching(/^line 2: find\("red circles"\) → 3 patches$/)]);
    expect(structured.error).toBeNull();
    const [text] = result.content as Array<{ type: string; text: string }>;
    expect(JSON.parse(text!.text)).toEqual(structured);
  });

  it("runs a program sent with the image as a data: URL", async () => {
    const program = `async function execute_command(image: ImagePatch): Promise<Answer> {\n  return (await image.find("circle")).length;\n}`;
    const result = await client.callTool({ name: "run_image_program", arguments: { image: await shapesDataUrl(), program } });
    expect(result.isError).toBeFalsy();
    expect((result.structuredContent as { answer: unknown }).answer).toBe(4);
  });

  it("reports typed errors as tool errors: a path outside the image root, a failing program, a bad argument", async () => {
    const outside = await client.callTool({ name: "ask_image", arguments: { image: "../../package.json", question: "What is this?" } });
    expect(outside.isError).toBe(true);
    expect((outside.content as Array<{ text: string }>)[0]!.text).toMatch(/^IMAGE_REFUSED: /);
    const failing = await client.callTool({ name: "run_image_program", arguments: { image: "shapes.png", program: "async function execute_command(image: ImagePatch) { while (true) {} }" } });
    expect(failing.isError).toBe(true);
    expect((failing.structuredContent as { error: { code: string } }).error.code).toMatch(/^SANDBOX_(CPU|TIMEOUT)$/);
    const invalid = await client.callTool({ name: "ask_image", arguments: { image: "shapes.png" } });
    expect(invalid.isError).toBe(true);
    expect((invalid.content as Array<{ text: string }>)[0]!.text).toMatch(/question/);
  });
});
