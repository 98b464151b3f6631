import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { type ComposeScene, generateComposeScene } from "../../src/datasets/compose-scene.ts";
import { encodePng } from "../../src/tools/image-io.ts";
import { runViperInProcess } from "../fixtures/cli-runner.ts";
import { useTemporaryFolder } from "../fixtures/temporary-folder.ts";
import { type FakeModelServer, startFakeOllamaServer, startFakeOpenAiServer } from "./fake-model-servers.ts";
import { fenced } from "./support.ts";

const ask = (...argv: string[]) => runViperInProcess(["ask", ...argv]);

const MISSING_AWAIT = fenced('const red_count = image.find("red shapes").length;', "return red_count;");
const GOOD = fenced('const red_patches = await image.find("red shapes");', "return red_patches.length;");

describe("viper ask", () => {
  const folder = useTemporaryFolder({ prefix: "viper-ask-" });
  let imagePath: string;
  let scene: ComposeScene;
  const servers: FakeModelServer[] = [];

  beforeAll(async () => {
    scene = await generateComposeScene({ seed: 21, minObjects: 6, maxObjects: 9 });
    imagePath = join(folder(), "scene.png");
    await writeFile(imagePath, await encodePng(scene.image));
  });
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.close();
  });

  const count = (predicate: (object: ComposeScene["objects"][number]) => boolean) => scene.objects.filter(predicate).length;

  it("answers offline with the rule planner by default", async () => {
    const { exitCode, stdout } = await ask(imagePath, "How many circles are there?");
    expect(exitCode).toBe(0);
    expect(stdout).toBe(`${count((object) => object.shape === "circle")}\n`);
  });

  it("prints exactly one JSON object with the program and trace under --json", async () => {
    const { exitCode, stdout } = await ask(imagePath, "Is there a circle?", "--json");
    expect(exitCode).toBe(0);
    const lines = stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    const result = JSON.parse(lines[0]!);
    expect(result).toMatchObject({ answer: count((object) => object.shape === "circle") > 0 ? "yes" : "no", error: null, fallback: false });
    expect(result.program).toContain('await image.exists("circle")');
    expect(result.trace).toMatchObject([{ tool: "exists", args: ["circle"] }]);
    expect(Object.keys(result.timings)).toEqual(["planMs", "checkMs", "runMs", "totalMs"]);
  });

  it("reports errors: typed error in the JSON and a non-zero exit", async () => {
    const json = await ask(imagePath, "What is the meaning of life?", "--json");
    expect(json.exitCode).not.toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ answer: null, error: { code: "PLANNER_UNSUPPORTED" } });
    const human = await ask(imagePath, "What is the meaning of life?");
    expect(human.exitCode).not.toBe(0);
    expect(human.stdout).toBe("");
    expect(human.stderr).toContain("PLANNER_UNSUPPORTED");
  });

  it("prints the prompt a language-model planner would send for this image and set-up with --print-prompt", async () => {
    const { exitCode, stdout } = await ask(imagePath, "How many foo?", "--print-prompt", "--detector", "pixels");
    expect(exitCode).toBe(0);
    expect(stdout).toContain("declare class ImagePatch");
    expect(stdout).toContain("- The image is a plain-background scene");
    expect(stdout).toContain("find, exists and count can name circle, square, rectangle, triangle, star");
    expect(stdout).not.toContain("compute_depth(");
    expect(stdout.trimEnd().endsWith("Question: How many foo?")).toBe(true);
    const withDepth = await ask(imagePath, "How many foo?", "--print-prompt", "--detector", "pixels", "--depth", "depth-anything");
    expect(withDepth.stdout).toContain("compute_depth(): Promise<number>;");
  });

  it("drives an OpenAI-compatible server through @langchain/openai, repairing a type error", async () => {
    const server = await startFakeOpenAiServer([MISSING_AWAIT, GOOD]);
    servers.push(server);
    const { exitCode, stdout } = await ask(imagePath, "How many red shapes are there?", "--planner", "openai:fake-coder", "--planner-base-url", server.url, "--json");
    const result = JSON.parse(stdout);
    expect(result.error).toBeNull();
    expect(exitCode).toBe(0);
    expect(result.answer).toBe(count((object) => object.color === "red"));
    expect(result.attempts.map((attempt: { error?: { code: string } }) => attempt.error?.code ?? null)).toEqual(["PROGRAM_TYPE", null]);
    expect(server.requests).toHaveLength(2);
    const repair = server.requests[1]?.messages as Array<{ role: string; content: string }>;
    expect(repair.at(-1)?.content).toContain("Did you forget to use 'await'?");
  });

  it("drives Ollama's chat API through @langchain/ollama, repairing a type error", async () => {
    const server = await startFakeOllamaServer([MISSING_AWAIT, GOOD]);
    servers.push(server);
    const { exitCode, stdout } = await ask(imagePath, "How many red shapes are there?", "--planner", "ollama:fake-llama", "--planner-base-url", server.url);
    expect(exitCode).toBe(0);
    expect(stdout).toBe(`${count((object) => object.color === "red")}\n`);
    expect(server.requests.map((request) => request.model)).toEqual(["fake-llama", "fake-llama"]);
  });

  it("says which server is down instead of crashing, hanging or quietly falling back", async () => {
    const server = await startFakeOpenAiServer([GOOD]);
    await server.close();
    const { exitCode, stdout } = await ask(imagePath, "How many red shapes are there?", "--planner", "openai:fake", "--planner-base-url", server.url, "--json");
    expect(exitCode).not.toBe(0);
    const result = JSON.parse(stdout);
    expect(result.error.code).toBe("MODEL_SERVER");
    expect(result.error.message).toContain(server.url);
  });

  it("rejects usage errors", async () => {
    expect((await ask(imagePath)).exitCode).toBe(2);
    expect((await ask(imagePath, "How many circles?", "--planner", "rules", "--planner-base-url", "http://x", "--json")).exitCode).toBe(1);
    expect((await ask(imagePath, "How many circles?", "--max-repairs=-3", "--json")).stdout).toContain("CONFIG_INVALID");
    const unknown = await ask(imagePath, "How many circles?", "--no-such-option");
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain("--no-such-option");
  });
});
