import type { JsonResult } from "../agent/json-result.ts";

/** Writes one JSON object and a newline. */
export function writeJson(stream: NodeJS.WritableStream, result: JsonResult): void {
  stream.write(`${JSON.stringify(result)}\n`);
}
