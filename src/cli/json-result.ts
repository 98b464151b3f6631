import { ViperError } from "../errors/index.ts";
import type { ProgramAnswer, TraceEntry } from "../../sandbox/index.ts";
import type { AnswerWarning } from "../tools/answer-warning.ts";

/** The one JSON object `--json` prints (CLI contract in ARCHITECTURE.md). */
export interface JsonResult {
  answer: ProgramAnswer | null;
  program: string | null;
  trace: readonly TraceEntry[];
  timings: object;
  /** Why the answer may be wrong although the program returned it; always present (empty on an error). */
  warnings: readonly AnswerWarning[];
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
    warnings: [],
    error: viperError
      ? { code: viperError.code, message: viperError.message, details }
      : { code: "INTERNAL", message: error instanceof Error ? error.message : String(error) },
  };
}

/** Writes one JSON object and a newline. */
export function writeJson(stream: NodeJS.WritableStream, result: JsonResult): void {
  stream.write(`${JSON.stringify(result)}\n`);
}

/** Writes each warning as one line on stderr, for people: `warning (line 3): find("dog") found nothing ...`. */
export function writeWarnings(stream: NodeJS.WritableStream, warnings: readonly AnswerWarning[]): void {
  for (const warning of warnings) stream.write(`warning${warning.line === null ? "" : ` (line ${warning.line})`}: ${warning.message}\n`);
}
