import { BaseCallbackHandler } from "@langchain/core/callbacks/base";
import type { BaseMessage } from "@langchain/core/messages";
import type { VisualQA } from "../../src/mllm/capabilities.ts";

/** A FAKE visual question-answering back-end that claims every question and always gives one answer. */
export function fakeVisualQA(answer: string): VisualQA & { questions: string[] } {
  const questions: string[] = [];
  return {
    specificationVersion: "v1",
    id: "fake-vqa",
    questions,
    supports: () => true,
    async answer(_image, question) {
      questions.push(question);
      return answer;
    },
  };
}

/** Records the messages of every chat-model call: proves callbacks pass through and shows what was fed back. */
export class RecordingCallbackHandler extends BaseCallbackHandler {
  name = "recording-callback-handler";
  readonly calls: BaseMessage[][] = [];

  override handleChatModelStart(_llm: unknown, messages: BaseMessage[][]): void {
    for (const conversation of messages) this.calls.push(conversation);
  }

  /** The text of the last message of call `index`. */
  lastMessageOf(index: number): string {
    const conversation = this.calls[index] ?? [];
    const last = conversation.at(-1);
    return typeof last?.content === "string" ? last.content : JSON.stringify(last?.content ?? "");
  }
}

/** A fenced program as a model would answer. */
export function fenced(...body: string[]): string {
  return `Here is the program.\n\`\`\`ts\nasync function execute_command(image: ImagePatch): Promise<Answer> {\n${body.map((line) => `  ${line}`).join("\n")}\n}\n\`\`\``;
}
