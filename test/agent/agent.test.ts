import { FakeListChatModel } from "@langchain/core/utils/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { createAgent } from "../../src/agent/agent.ts";
import { createLlmPlanner } from "../../src/agent/llm-planner.ts";
import { createRulePlanner } from "../../src/agent/rule-planner.ts";
import { type ComposeScene, generateComposeScene } from "../../src/datasets/compose-scene.ts";
import { ViperError } from "../../src/errors/index.ts";
import { rejectionOf } from "../fixtures/rejection.ts";
import { pixelPerception } from "../fixtures/pixel-perception.ts";
import { fakeVisualQA, fenced, RecordingCallbackHandler } from "./support.ts";

const COUNT_CIRCLES = fenced('const circle_patches = await image.find("circles");', "return circle_patches.length;");
const MISSING_AWAIT = fenced('return image.find("circles").length;');
const OUT_OF_RANGE = fenced('const circle_patches = await image.find("circles");', 'return await circle_patches[99].simple_query("What color is this?");');

/** A planner over a FAKE chat model that answers with `responses` in order; `recorder` sees every call. */
function fakeModelPlanner(responses: string[]) {
  const recorder = new RecordingCallbackHandler();
  const planner = createLlmPlanner({ chatModel: new FakeListChatModel({ responses }), callbacks: [recorder] });
  return { planner, recorder };
}

describe("Agent", () => {
  let scene: ComposeScene;
  let circles: number;
  beforeAll(async () => {
    scene = await generateComposeScene({ seed: 7, minObjects: 6, maxObjects: 9 });
    circles = scene.objects.filter((object) => object.shape === "circle").length;
  });

  it("answers with a good program from the model: answer, program, trace, timings, one attempt", async () => {
    const { planner, recorder } = fakeModelPlanner([COUNT_CIRCLES]);
    const result = await createAgent({ planner, perception: pixelPerception() }).ask(scene.image, "How many circles are there?");
    expect(result.answer).toBe(circles);
    expect(result.program).toContain('await image.find("circles")');
    expect(result.trace).toMatchObject([{ type: "tool-call", tool: "find", args: ["circles"] }]);
    expect(result.attempts).toEqual([{ program: result.program }]);
    expect(result.fallback).toBe(false);
    expect(result.timings.totalMs).toBeGreaterThanOrEqual(result.timings.planMs + result.timings.checkMs + result.timings.runMs - 1);
    expect(recorder.calls).toHaveLength(1);
    expect(recorder.lastMessageOf(0)).toBe("Question: How many circles are there?");
  });

  it("repairs a type error on the second try, feeding the diagnostics back", async () => {
    const { planner, recorder } = fakeModelPlanner([MISSING_AWAIT, COUNT_CIRCLES]);
    const result = await createAgent({ planner, perception: pixelPerception() }).ask(scene.image, "How many circles are there?");
    expect(result.answer).toBe(circles);
    expect(result.attempts.map((attempt) => attempt.error?.code)).toEqual(["PROGRAM_TYPE", undefined]);
    expect(recorder.calls).toHaveLength(2);
    const feedback = recorder.lastMessageOf(1);
    expect(feedback).toContain("line 2: Property 'length' does not exist on type 'Promise<ImagePatch[]>'. Did you forget to use 'await'?");
    expect(recorder.calls[1]?.at(-2)?.content).toContain('return image.find("circles").length;');
  });

  it("repairs a runtime error, feeding back the error's line and the trace so far", async () => {
    const { planner, recorder } = fakeModelPlanner([OUT_OF_RANGE, COUNT_CIRCLES]);
    const result = await createAgent({ planner, perception: pixelPerception() }).ask(scene.image, "How many circles are there?");
    expect(result.answer).toBe(circles);
    expect(result.attempts[0]?.error?.code).toBe("PROGRAM_RUNTIME");
    const feedback = recorder.lastMessageOf(1);
    expect(feedback).toMatch(/failed while running at line 3/);
    expect(feedback).toContain(`find("circles") on patch [0, 0, ${scene.width}, ${scene.height}] → ${circles} patch${circles === 1 ? "" : "es"}`);
  });

  it("repairs a program that awaits what can never settle (SANDBOX_DEADLOCK), naming the line", async () => {
    const waitsForever = fenced('const circle_patches = await image.find("circles");', "await new Promise(() => {});", "return circle_patches.length;");
    const { planner, recorder } = fakeModelPlanner([waitsForever, COUNT_CIRCLES]);
    const result = await createAgent({ planner, perception: pixelPerception() }).ask(scene.image, "How many circles are there?");
    expect(result.answer).toBe(circles);
    expect(result.attempts[0]?.error?.code).toBe("SANDBOX_DEADLOCK");
    expect(recorder.lastMessageOf(1)).toMatch(/line 3/);
  });

  it("feeds a Python answer back as PLANNER_OUTPUT asking for TypeScript", async () => {
    const { planner, recorder } = fakeModelPlanner(["```python\ndef execute_command(image):\n    return len(image.find('circle'))\n```", COUNT_CIRCLES]);
    const result = await createAgent({ planner, perception: pixelPerception() }).ask(scene.image, "How many circles are there?");
    expect(result.answer).toBe(circles);
    expect(result.attempts[0]).toMatchObject({ program: null, error: { code: "PLANNER_OUTPUT" } });
    expect(recorder.lastMessageOf(1)).toContain("The answer is Python; programs must be TypeScript.");
  });

  it("after maxRepairs hopeless answers, falls back to a VisualQA back-end that supports the question", async () => {
    const { planner, recorder } = fakeModelPlanner(["I am not sure.", MISSING_AWAIT, "```ts\nconsole.log(1)\n```"]);
    const vqa = fakeVisualQA("Three.");
    const result = await createAgent({ planner, perception: pixelPerception([vqa]) }).ask(scene.image, "How many circles are there?");
    expect(recorder.calls).toHaveLength(3);
    expect(result).toMatchObject({ answer: "Three", program: null, trace: [], fallback: true });
    expect(result.attempts.map((attempt) => attempt.error?.code)).toEqual(["PLANNER_OUTPUT", "PROGRAM_TYPE", "PLANNER_OUTPUT"]);
    expect(vqa.questions).toEqual(["How many circles are there?"]);
  });

  it("without a fallback, throws the last typed error with every attempt in its details", async () => {
    const { planner } = fakeModelPlanner([MISSING_AWAIT]);
    const agent = createAgent({ planner, perception: pixelPerception(), maxRepairs: 1, vlmFallback: false });
    const error = await rejectionOf(agent.ask(scene.image, "How many circles are there?"));
    expect(error.code).toBe("PROGRAM_TYPE");
    expect(error.details.attempts).toHaveLength(2);
  });

  it("does not hide a broken set-up behind the fallback: MODEL_SERVER is reported", async () => {
    const fakeUnreachablePlanner = {
      id: "fake-unreachable",
      repairs: true,
      plan: async () => {
        throw new ViperError({ code: "MODEL_SERVER", message: "Cannot reach the fake server at http://127.0.0.1:9/v1." });
      },
    };
    const vqa = fakeVisualQA("3");
    const error = await rejectionOf(createAgent({ planner: fakeUnreachablePlanner, perception: pixelPerception([vqa]) }).ask(scene.image, "How many circles are there?"));
    expect(error.code).toBe("MODEL_SERVER");
    expect(error.details.attempts).toHaveLength(1);
    expect(vqa.questions).toEqual([]);
  });

  it("does not repair the rule planner: its failure is final (or goes to the fallback)", async () => {
    const agent = createAgent({ planner: createRulePlanner(), perception: pixelPerception(), vlmFallback: false });
    const error = await rejectionOf(agent.ask(scene.image, "What is the meaning of this picture?"));
    expect(error.code).toBe("PLANNER_UNSUPPORTED");
    expect(error.details.attempts).toEqual([{ program: null, error: { code: "PLANNER_UNSUPPORTED", message: error.message } }]);
    const withVlm = createAgent({ planner: createRulePlanner(), perception: pixelPerception([fakeVisualQA("shapes")]) });
    expect(await withVlm.ask(scene.image, "What is the meaning of this picture?")).toMatchObject({ answer: "shapes", fallback: true });
  });

  it("reuses a working program from the cache without planning again", async () => {
    const { planner, recorder } = fakeModelPlanner([COUNT_CIRCLES]);
    const agent = createAgent({ planner, perception: pixelPerception() });
    await agent.ask(scene.image, "How many circles are there?");
    const again = await agent.ask(scene.image, "how many circles are there? ");
    expect(again.answer).toBe(circles);
    expect(again.attempts).toEqual([{ program: again.program, cached: true }]);
    expect(recorder.calls).toHaveLength(1);
  });

  it("answers many questions at once without mixing them up", async () => {
    const agent = createAgent({ planner: createRulePlanner(), perception: pixelPerception() });
    const shapes = ["circle", "square", "triangle", "star", "rectangle"] as const;
    const results = await Promise.all(shapes.map((shape) => agent.ask(scene.image, `How many ${shape}s are there?`)));
    expect(results.map((result) => result.answer)).toEqual(shapes.map((shape) => scene.objects.filter((object) => object.shape === shape).length));
  });

  it("runs a given program with runProgram, checking it first", async () => {
    const agent = createAgent({ planner: createRulePlanner(), perception: pixelPerception() });
    const source = 'async function execute_command(image: ImagePatch): Promise<Answer> {\n  return bool_to_yesno(await image.exists("circle"));\n}\n';
    expect((await agent.runProgram(scene.image, source)).answer).toBe(circles > 0 ? "yes" : "no");
    expect((await rejectionOf(agent.runProgram(scene.image, source.replace("await image", "image")))).code).toBe("PROGRAM_TYPE");
  });

  it("stops when the caller aborts", async () => {
    const { planner } = fakeModelPlanner([COUNT_CIRCLES]);
    const controller = new AbortController();
    controller.abort(new Error("stopped by the caller"));
    const agent = createAgent({ planner, perception: pixelPerception([fakeVisualQA("x")]) });
    await expect(agent.ask(scene.image, "How many circles are there?", { signal: controller.signal })).rejects.toThrow("stopped by the caller");
  });

  it("rejects bad settings and empty questions with typed errors", async () => {
    expect(() => createAgent({ planner: createRulePlanner(), perception: pixelPerception(), maxRepairs: -1 })).toThrow(/maxRepairs/);
    const agent = createAgent({ planner: createRulePlanner(), perception: pixelPerception() });
    expect((await rejectionOf(agent.ask(scene.image, "  "))).code).toBe("CONFIG_INVALID");
    expect((await rejectionOf(agent.ask("/no/such/image.png", "How many circles are there?"))).code).toBe("IMAGE_INVALID");
  });
});
