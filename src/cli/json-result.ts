import { ViperError } from "../errors/index.ts";
import type { ProgramAnswer, TraceEntry } from "../../sandbox/index.ts";
import { escapeJsonForTerminal } from "./terminal-text.ts";

/** The one JSON object `--json` prints (CLI contract in ARCHITECTURE.md). */
export interface JsonResult {
  answer: ProgramAnswer | null;
  program: string | null;
  trace: readonly TraceEntry[];
  timings: object;
  error: null | { code: string; message: string; details?: Record<string, unknown> };
  [extra: string]: unknown;
}

/** The JSON result for a failure: the error plus whatever trace the run got to. */
export function jsonFailure(error: unknown, program: string | null, timings: object = {}): JsonResult {
  const viperError = ViperError.isInstance(error) ? error : undefined;
  const trace = (viperError?.details.trace as TraceEntry[] | undefined) ?? [];
  const { trace: _omitted, ...details } = viperError?.details ?? {};
  return {
    answer: null,
    program,
    trace,
    timings,
    error: viperError
      ? { code: viperError.code, message: viperError.message, details }
      : { code: "INTERNAL", message: error instanceof Error ? error.message : String(error) },
  };
}

/** Writes one JSON object and a newline (characters terminals act on, which JSON leaves raw, escaped). */
export function writeJson(stream: NodeJS.WritableStream, result: JsonResult): void {
  stream.write(`${escapeJsonForTerminal(JSON.stringify(result))}\n`);
}
