import { ViperError } from "../../src/errors/index.ts";
import type { AnswerOutcome, AnswerRequest, QuestionAnswerer } from "../../src/eval/question-answerer.ts";

/** Options for {@link createFakeAnswerer}. */
export interface FakeAnswererOptions {
  /** What the fake says to a question (throw to make the question fail). */
  readonly reply: (request: AnswerRequest) => unknown;
  /** How long each answer takes, so several are under way at once. @defaultValue 2 */
  readonly delayMs?: number;
}

/**
 * A FAKE answerer standing in for the agent at the boundary the runner talks to: it answers from a
 * function, records every question it was asked, and honours the abort signal like the agent does.
 */
export function createFakeAnswerer(options: FakeAnswererOptions): QuestionAnswerer & { readonly asked: string[] } {
  const { reply, delayMs = 2 } = options;
  const asked: string[] = [];
  return {
    id: "program (fake)",
    asked,
    async answer(request): Promise<AnswerOutcome> {
      asked.push(request.question);
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, delayMs);
        request.signal.addEventListener("abort", () => {
          clearTimeout(timer);
          reject(new ViperError({ code: "SANDBOX_TIMEOUT", message: "aborted" }));
        }, { once: true });
      });
      const answer = reply(request);
      return {
        answer,
        program: `async function execute_command(image) { return ${JSON.stringify(answer)}; }`,
        trace: [{ type: "tool-call", tool: "find" }, { type: "tool-call", tool: "find" }, { type: "tool-call", tool: "exists" }],
        timings: { planMs: 0, checkMs: 1, runMs: delayMs },
        fallback: false,
      };
    },
    async dispose() {},
  };
}
