/** HTTP status of each error code a request can end in; codes not listed fall back by prefix. */
const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  REQUEST_INVALID: 400,
  CONFIG_INVALID: 400,
  UNAUTHORIZED: 401,
  IMAGE_REFUSED: 403,
  ROUTE_NOT_FOUND: 404,
  REQUEST_TOO_LARGE: 413,
  // The request was well formed, but its image, question or program could not be used.
  IMAGE_INVALID: 422,
  PLANNER_OUTPUT: 422,
  PLANNER_UNSUPPORTED: 422,
  NO_BACKEND: 422,
  RESULT_TOO_LARGE: 422,
  SERVER_BUSY: 429,
  MODEL_SERVER: 502,
  SERVER_CLOSING: 503,
  REQUEST_TIMEOUT: 504,
};

/** Prefixes of codes about the submitted program and its run (the sandbox may add codes over time). */
const PROGRAM_PREFIXES = ["PROGRAM_", "SANDBOX_", "TOOL_"];

/**
 * The HTTP status for an error code: 4xx for what the client can change (the request, its image, its
 * program), 429/503 for a busy or closing server, 502/504 for upstream and time limits, 500 otherwise.
 */
export function statusForCode(code: string): number {
  const status = STATUS_BY_CODE[code];
  if (status !== undefined) return status;
  if (PROGRAM_PREFIXES.some((prefix) => code.startsWith(prefix))) return 422;
  return 500;
}
