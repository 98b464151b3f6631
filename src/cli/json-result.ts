import type { JsonResult } from "../agent/json-result.ts";
import { escapeJsonForTerminal } from "./terminal-text.ts";

/** Writes one JSON object and a newline (characters terminals act on, which JSON leaves raw, escaped). */
export function writeJson(stream: NodeJS.WritableStream, result: JsonResult): void {
  stream.write(`${escapeJsonForTerminal(JSON.stringify(result))}\n`);
}
