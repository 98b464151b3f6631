import { tool, type StructuredToolInterface } from "@langchain/core/tools";
import { z } from "zod";
import type { SandboxIsolation, SandboxPolicy } from "../../sandbox/index.ts";
import { eventError } from "../agent/agent-event.ts";
import { jsonFailure, type JsonResult } from "../agent/json-result.ts";
import type { Planner } from "../agent/planner.ts";
import { createRulePlanner } from "../agent/rule-planner.ts";
import type { PerceptionBackends } from "../mllm/capabilities.ts";
import { createViperService } from "./viper-service.ts";

/** Options for {@link createViperTool}. */
export interface ViperToolOptions {
  /** Back-ends the programs use (e.g. from createPerception); the caller disposes them. */
  readonly perception: PerceptionBackends;
  /** Writes the programs. @defaultValue the rule planner */
  readonly planner?: Planner;
  /** Folder that image paths are confined to; the calling model chooses paths, so they stay inside it. @defaultValue process.cwd() */
  readonly imageRoot?: string;
  /** Whether the model may pass http(s) image URLs (public addresses only). @defaultValue false */
  readonly allowRemoteImages?: boolean;
  /** Sandbox limits of every run. @defaultValue DEFAULT_POLICY */
  readonly policy?: Partial<SandboxPolicy>;
  /** Deadline of one call, in ms. @defaultValue 120_000 */
  readonly timeoutMs?: number;
  /** The tool's name as the model sees it. @defaultValue "ask_image" */
  readonly name?: string;
  /** Where programs run: "in-process", "process" (crash-isolated sandbox processes) or a ProcessPool. @defaultValue "in-process" */
  readonly isolation?: SandboxIsolation;
}

const INPUT = z.object({
  image: z.string().min(1).describe("The image: a file path, a data: URL, or the base64 of a PNG/JPEG file."),
  question: z.string().min(1).max(2000).describe('A question about the image, e.g. "How many red circles are there?"'),
});

/**
 * A LangChain tool that answers a question about an image (for LangChain and LangGraph agents): the
 * planner writes a program, the sandbox runs it. The model sees `{"answer", "program"}` as JSON (or
 * `error CODE: message`); the tool message's artifact is the full result object of `viper ask --json`.
 *
 * @example
 * const perception = await createPerception();
 * const agent = createAgent({ model: "openai:gpt-4o-mini", tools: [createViperTool({ perception })] });
 */
export function createViperTool(options: ViperToolOptions): StructuredToolInterface<typeof INPUT> {
  const { perception, planner = createRulePlanner(), imageRoot = process.cwd(), allowRemoteImages = false, policy, timeoutMs, name = "ask_image", isolation } = options;
  const service = createViperService({ perception, planners: [planner], policy, isolation, requestTimeoutMs: timeoutMs, images: { imageRoot, allowRemoteImages } });
  return tool(
    async ({ image, question }, config): Promise<[string, JsonResult]> => {
      let result: JsonResult;
      try {
        result = await service.ask({ image, question }, { signal: config?.signal });
      } catch (error) {
        const failure = eventError(error);
        return [`error ${failure.code}: ${failure.message}`, jsonFailure(error)];
      }
      if (result.error !== null) return [`error ${result.error.code}: ${result.error.message}`, result];
      return [JSON.stringify({ answer: result.answer, program: result.program }), result];
    },
    {
      name,
      description:
        "Answers a question about an image (counting, finding, comparing positions, colours, shapes) by writing and running a small vision program. Input: the image and the question; output: the answer as JSON.",
      schema: INPUT,
      responseFormat: "content_and_artifact",
    },
  );
}
