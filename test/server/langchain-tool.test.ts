import { AIMessage, ToolMessage, type BaseMessage } from "@langchain/core/messages";
import { fakeModel } from "@langchain/core/testing";
import { createAgent } from "langchain";
import { describe, expect, it } from "vitest";
import { createViperTool } from "../../src/server/langchain-tool.ts";
import { pixelPerception } from "../fixtures/pixel-perception.ts";
import { EXAMPLE_IMAGES } from "./support.ts";

/** The tool message the agent fed back to the model on its last call. */
function lastToolMessage(messages: readonly BaseMessage[]): ToolMessage {
  const found = messages.filter((message) => ToolMessage.isInstance(message)).at(-1);
  if (found === undefined) throw new Error("the model never saw a tool result");
  return found as ToolMessage;
}

describe("createViperTool", () => {
  it("answers through a LangChain agent whose (FAKE) chat model emits the tool call", async () => {
    // FAKE chat model: first turn calls the tool, second turn repeats what the tool answered.
    const model = fakeModel()
      .respondWithTools([{ name: "ask_image", args: { image: "shapes.png", question: "How many red circles are there?" }, id: "call-1" }])
      .respond((messages) => new AIMessage(`The tool said ${lastToolMessage(messages).content}`));
    const agent = createAgent({ model, tools: [createViperTool({ perception: pixelPerception(), imageRoot: EXAMPLE_IMAGES })] });
    const state = await agent.invoke({ messages: [{ role: "user", content: "How many red circles are in shapes.png?" }] });
    const toolMessage = lastToolMessage(state.messages);
    expect(toolMessage.tool_call_id).toBe("call-1");
    expect(JSON.parse(String(toolMessage.content))).toMatchObject({ answer: 3, program: expect.stringContaining("execute_command") });
    expect(toolMessage.artifact).toMatchObject({ answer: 3, error: null, warnings: [], trace: [expect.objectContaining({ tool: "find", result: "3 patches" })] });
    expect(String(state.messages.at(-1)!.content)).toContain('"answer":3');
    expect(model.callCount).toBe(2);
  });

  it("gives the model a typed error it can read, e.g. for a path outside its image root", async () => {
    const viperTool = createViperTool({ perception: pixelPerception(), imageRoot: EXAMPLE_IMAGES });
    const message = await viperTool.invoke({ type: "tool_call", id: "call-2", name: "ask_image", args: { image: "../../package.json", question: "What is it?" } });
    expect(String((message as ToolMessage).content)).toMatch(/^error IMAGE_REFUSED: /);
    expect((message as ToolMessage).artifact.error.code).toBe("IMAGE_REFUSED");
  });
});
