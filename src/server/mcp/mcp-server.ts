import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import type { JsonResult } from "../../agent/json-result.ts";
import { eventError } from "../../agent/agent-event.ts";
import { traceLines } from "../trace-lines.ts";
import type { ViperService } from "../viper-service.ts";

const IMAGE = z
  .string()
  .min(1)
  .describe("The image: a path under the server's image root (relative to it or absolute), a data: URL, or the base64 of a PNG/JPEG/GIF/WebP/TIFF/AVIF file.");

/** What both tools return as structured content (the text content is the same object as JSON). */
const RESULT_SHAPE = {
  answer: z.unknown().describe("The answer: text, number, yes/no boolean, a box {left, lower, right, upper}, a list, or null on an error."),
  program: z.string().nullable().describe("The TypeScript program that produced the answer."),
  trace: z.array(z.string()).describe("Every perception call the program made, one line each, with its result."),
  warnings: z.array(z.object({ code: z.string(), message: z.string(), line: z.number().nullable() })),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
};

/**
 * An MCP server with two tools over the service: `ask_image` (a question about an image) and
 * `run_image_program` (a program on an image). Same limits, errors and result as `viper serve`.
 */
export function createMcpServer(service: ViperService, version: string): McpServer {
  const server = new McpServer({ name: "viper-ts", version });
  server.registerTool(
    "ask_image",
    {
      title: "Ask a question about an image",
      description:
        "Answers a question about an image by writing a small program against a vision API (find objects, count, compare positions, colours, ...) and running it; returns the answer, the program and what each perception call found.",
      inputSchema: {
        image: IMAGE,
        question: z.string().min(1).max(2000).describe('The question, e.g. "How many red circles are there?"'),
        planner: z.string().min(1).optional().describe("A planner the server offers; default: its first."),
      },
      outputSchema: RESULT_SHAPE,
    },
    ({ image, question, planner }) => toolResult(() => service.ask({ image, question, planner })),
  );
  server.registerTool(
    "run_image_program",
    {
      title: "Run an ImagePatch program on an image",
      description:
        "Runs a TypeScript program `async function execute_command(image: ImagePatch): Promise<Answer>` (ViperGPT's ImagePatch API) on an image in a sandbox; returns its answer and trace.",
      inputSchema: { image: IMAGE, program: z.string().min(1).describe("The TypeScript program.") },
      outputSchema: RESULT_SHAPE,
    },
    ({ image, program }) => toolResult(() => service.run({ image, program })),
  );
  return server;
}

async function toolResult(handle: () => Promise<JsonResult>): Promise<CallToolResult> {
  let result: JsonResult;
  try {
    result = await handle();
  } catch (error) {
    // Refused before admission (busy, closing, unknown planner).
    const failure = eventError(error);
    return { isError: true, content: [{ type: "text", text: `${failure.code}: ${failure.message}` }] };
  }
  const error = result.error === null ? null : { code: result.error.code, message: result.error.message };
  const structured = { answer: result.answer, program: result.program, trace: traceLines(result.trace), warnings: [...result.warnings], error };
  if (error !== null) return { isError: true, content: [{ type: "text", text: `${error.code}: ${error.message}` }], structuredContent: structured };
  return { content: [{ type: "text", text: JSON.stringify(structured) }], structuredContent: structured };
}
