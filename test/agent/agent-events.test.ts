import { describe, expect, it } from "vitest";
import { createAgent } from "../../src/agent/agent.ts";
import type { AgentEvent } from "../../src/agent/agent-event.ts";
import { createRulePlanner } from "../../src/agent/rule-planner.ts";
import { loadImage } from "../../src/tools/image-io.ts";
import type { ToolCallEvent } from "../../src/tools/tool-call-event.ts";
import { pixelPerception } from "../fixtures/pixel-perception.ts";

const SHAPES = new URL("../../examples/images/shapes.png", import.meta.url).pathname;

describe("agent progress events", () => {
  it("reports planning, the program attempt and each tool call with its result, matching the trace", async () => {
    const agent = createAgent({ planner: createRulePlanner(), perception: pixelPerception(), cache: false });
    const events: AgentEvent[] = [];
    const result = await agent.ask(await loadImage(SHAPES), "Is the yellow star above the blue square?", { onEvent: (event) => events.push(event) });
    const types = events.map((event) => event.type);
    expect(types.slice(0, 3)).toEqual(["plan-start", "plan-end", "program-start"]);
    const ends = events.filter((event): event is ToolCallEvent => event.type === "tool-call-end");
    expect(ends.map((event) => [event.entry.index, event.entry.tool, event.entry.args, event.entry.result, event.entry.resultValue])).toEqual(
      result.trace.map((entry) => [entry.index, entry.tool, entry.args, entry.result, entry.resultValue]),
    );
    // Each call's start comes before its end.
    for (const end of ends) {
      const start = events.findIndex((event) => event.type === "tool-call-start" && (event as ToolCallEvent).entry.index === end.entry.index);
      expect(start).toBeGreaterThanOrEqual(0);
      expect(start).toBeLessThan(events.indexOf(end));
    }
    expect(events.find((event) => event.type === "plan-end")).toMatchObject({ attempt: 1, program: result.program });
  });

  it("reports a failing attempt with its stage and code, and a listener that throws changes nothing", async () => {
    const agent = createAgent({ planner: createRulePlanner(), perception: pixelPerception(), cache: false });
    const events: AgentEvent[] = [];
    const source = `async function execute_command(image: ImagePatch): Promise<Answer> {\n  return (await image.find("circle")).length + undefinedName;\n}`;
    await expect(agent.runProgram(await loadImage(SHAPES), source, { onEvent: (event) => events.push(event) })).rejects.toMatchObject({ code: "PROGRAM_TYPE" });
    expect(events).toEqual([
      { type: "program-start", attempt: 1, program: source, cached: false },
      { type: "program-error", attempt: 1, stage: "check", error: { code: "PROGRAM_TYPE", message: expect.any(String) } },
    ]);
    const throwing = () => {
      throw new Error("a broken display");
    };
    const answered = await agent.ask(await loadImage(SHAPES), "How many red circles are there?", { onEvent: throwing });
    expect(answered.answer).toBe(3);
  });
});
