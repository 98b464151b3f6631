/**
 * JSON Schemas of the HTTP API. Fastify validates every request body against them (unknown fields are
 * refused) and @fastify/swagger turns them into /openapi.json. Responses are sent exactly as built (the
 * response schemas document them; they do not filter).
 */

const IMAGE = {
  type: "string",
  minLength: 1,
  description:
    "The image: a data: URL (data:image/png;base64,...), the base64 of a PNG/JPEG/GIF/WebP/TIFF/AVIF file, a path under the server's --image-root, or an http(s) URL when the server allows remote images.",
} as const;

const DETECTOR = {
  type: "string",
  minLength: 1,
  description: "Comma-separated detector ids among the server's (GET /v1/capabilities); default: all of them.",
} as const;

/** Body of `POST /v1/ask`. */
export const ASK_BODY = {
  type: "object",
  additionalProperties: false,
  required: ["image", "question"],
  properties: {
    image: IMAGE,
    question: { type: "string", minLength: 1, maxLength: 2000, description: "The question about the image." },
    planner: { type: "string", minLength: 1, description: "A planner id the server offers (GET /v1/capabilities); default: the server's first." },
    detector: DETECTOR,
  },
} as const;

/** Body of `POST /v1/run`. */
export const RUN_BODY = {
  type: "object",
  additionalProperties: false,
  required: ["image", "program"],
  properties: {
    image: IMAGE,
    program: { type: "string", minLength: 1, description: "TypeScript: async function execute_command(image: ImagePatch): Promise<Answer> { ... }" },
    detector: DETECTOR,
  },
} as const;

const ERROR_OBJECT = {
  type: "object",
  required: ["code", "message"],
  properties: {
    code: { type: "string", description: "Stable error code, e.g. REQUEST_INVALID, IMAGE_REFUSED, SANDBOX_TIMEOUT." },
    message: { type: "string", description: "What was wrong and what to do." },
    details: { type: "object", additionalProperties: true },
  },
} as const;

/** Every error response: `{error: {code, message}}`. */
export const ERROR_RESPONSE = {
  description: "An error with a stable code.",
  type: "object",
  required: ["error"],
  properties: { error: ERROR_OBJECT },
} as const;

const TRACE_ENTRY = {
  type: "object",
  additionalProperties: true,
  description: "One tool call: tool, target box, args, result summary and value, startMs, durationMs, program line, error.",
  properties: {
    type: { type: "string", enum: ["tool-call"] },
    index: { type: "integer" },
    tool: { type: "string" },
    result: { type: "string", nullable: true },
    line: { type: "integer", nullable: true },
  },
} as const;

/** The result object: exactly what `viper ask|run --json` prints. */
export const RESULT_RESPONSE = {
  description:
    "The result object of `viper ask|run --json`. With Accept: text/event-stream the same object arrives as the last event (`result`), after plan-*, program-* and tool-call-* events.",
  type: "object",
  required: ["answer", "program", "trace", "timings", "warnings", "error"],
  properties: {
    answer: { description: "The answer: string, number, boolean, null, a box {left, lower, right, upper} or a list of these; null on an error." },
    program: { type: "string", nullable: true },
    trace: { type: "array", items: TRACE_ENTRY },
    timings: { type: "object", additionalProperties: true },
    warnings: {
      type: "array",
      items: { type: "object", properties: { code: { type: "string" }, message: { type: "string" }, line: { type: "integer", nullable: true } } },
    },
    error: { ...ERROR_OBJECT, nullable: true },
    attempts: { type: "array", items: { type: "object", additionalProperties: true }, description: "ask only: every program tried." },
    fallback: { type: "boolean", description: "ask only: true when a VLM answered directly." },
  },
} as const;

/** Responses of the ask and run routes: the result object on success and on a failed run, errors otherwise. */
export const RESULT_RESPONSES = {
  200: RESULT_RESPONSE,
  400: ERROR_RESPONSE,
  401: ERROR_RESPONSE,
  403: { ...RESULT_RESPONSE, description: "The image was refused (a path outside the image root, a URL not allowed)." },
  413: ERROR_RESPONSE,
  422: { ...RESULT_RESPONSE, description: "The run failed: the result object with `error` (program, sandbox, planner, image errors)." },
  429: { ...ERROR_RESPONSE, description: "Every run slot and queue place is taken; retry after Retry-After seconds." },
  503: { ...ERROR_RESPONSE, description: "The server is shutting down." },
  504: { ...RESULT_RESPONSE, description: "The request took longer than the server's limit." },
} as const;

/** `GET /v1/health`. */
export const HEALTH_RESPONSE = {
  type: "object",
  required: ["status"],
  properties: {
    status: { type: "string", enum: ["ok", "closing"] },
    running: { type: "integer" },
    queued: { type: "integer" },
    uptimeMs: { type: "number" },
  },
} as const;

/** `GET /v1/capabilities`. */
export const CAPABILITIES_RESPONSE = {
  type: "object",
  additionalProperties: true,
  description: "Planners, detectors (with vocabulary and scene kinds), other back-ends, image sources and limits.",
  properties: {
    planners: { type: "object", additionalProperties: true },
    detectors: {
      type: "array",
      items: { type: "object", properties: { id: { type: "string" }, vocabulary: { description: 'A list of class names, "open", or null.' }, scenes: { type: "array", items: { type: "string" } } } },
    },
  },
} as const;
