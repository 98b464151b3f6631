import type { JsonResult } from "../agent/json-result.ts";
import type { AnswerWarning } from "../tools/answer-warning.ts";
import { escapeForTerminal, escapeJsonForTerminal } from "./terminal-text.ts";

/** Writes one JSON object and a newline (characters terminals act on, which JSON leaves raw, escaped). */
export function writeJson(stream: NodeJS.WritableStream, result: JsonResult): void {
  stream.write(`${escapeJsonForTerminal(JSON.stringify(result))}\n`);
}

/** Writes each answer warning as one line on stderr, for people: `warning (line 3): find("dog") found nothing ...`. */
export function writeWarnings(stream: NodeJS.WritableStream, warnings: readonly AnswerWarning[]): void {
  for (const warning of warnings) stream.write(`warning${warning.line === null ? "" : ` (line ${warning.line})`}: ${escapeForTerminal(warning.message)}\n`);
}
