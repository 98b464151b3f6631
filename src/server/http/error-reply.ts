import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { ViperError } from "../../errors/index.ts";
import { statusForCode } from "./error-status.ts";

/** The body of every error response: `{error: {code, message}}` with a stable code. */
export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string };
}

/** An error as a response carries it: a ViperError, or a code outside the closed list such as INTERNAL. */
type Failure = Pick<ViperError, "message"> & { readonly code: string; readonly details?: Record<string, unknown> };

/** Sends `{error: {code, message}}` with the code's status; SERVER_BUSY also says when to retry. */
export function sendError(reply: FastifyReply, error: Failure): FastifyReply {
  const retryAfter = error.details?.retryAfterSeconds;
  if (error.code === "SERVER_BUSY" && typeof retryAfter === "number") reply.header("retry-after", String(retryAfter));
  if (error.code === "UNAUTHORIZED") reply.header("www-authenticate", 'Bearer realm="viper"');
  const body: ErrorBody = { error: { code: error.code, message: error.message } };
  return reply.code(statusForCode(error.code)).type("application/json").send(body);
}

/**
 * Fastify's error handler: typed errors keep their code; Fastify's own request errors (schema validation,
 * malformed JSON, body too large, wrong content type) become REQUEST_INVALID or REQUEST_TOO_LARGE; anything
 * else is INTERNAL with a generic message, so no stack or host path reaches a client.
 */
export function handleError(error: FastifyError | ViperError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (ViperError.isInstance(error)) return sendError(reply, error);
  const { statusCode, code, validation } = error as FastifyError;
  if (statusCode === 413) {
    return sendError(reply, new ViperError({ code: "REQUEST_TOO_LARGE", message: `The request body is larger than this server's limit; send a smaller image (or ask the operator to raise --body-limit-mb).`, details: {} }));
  }
  if (validation !== undefined || (statusCode !== undefined && statusCode >= 400 && statusCode < 500)) {
    const message = validation !== undefined ? `The request does not match the API: ${error.message}. See /openapi.json.` : requestProblem(code, error.message);
    const body: ErrorBody = { error: { code: "REQUEST_INVALID", message } };
    return reply.code(statusCode === 415 ? 415 : 400).type("application/json").send(body);
  }
  request.log.error(error);
  return sendError(reply, { code: "INTERNAL", message: "The server failed to handle the request; the operator can find the cause in its log." });
}

function requestProblem(code: string | undefined, message: string): string {
  if (code === "FST_ERR_CTP_INVALID_JSON_BODY" || code === "FST_ERR_CTP_EMPTY_JSON_BODY") return `The request body is not valid JSON (${message}).`;
  if (code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") return "Send the request body as JSON with Content-Type: application/json.";
  return `The request cannot be handled: ${message}.`;
}
