import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { JsonResult } from "../../agent/json-result.ts";
import { jsonFailure } from "../../agent/json-result.ts";
import type { AskRequest, RunRequest, ServiceCallOptions, ViperService } from "../viper-service.ts";
import { ASK_BODY, RESULT_RESPONSES, RUN_BODY } from "./api-schemas.ts";
import { statusForCode } from "./error-status.ts";
import { openEventStream, type EventStream } from "./event-stream.ts";

const SECURITY = [{ bearer: [] }];

/**
 * `POST /v1/ask` and `POST /v1/run`: validate, hand the request to the service and send its result object,
 * as JSON or, when the client accepts `text/event-stream`, as a stream of events ending with it.
 */
export function registerResultRoutes(app: FastifyInstance, service: ViperService): void {
  app.post<{ Body: AskRequest }>("/v1/ask", {
    schema: {
      summary: "Answer a question about an image",
      description: "A planner writes a program, it is checked and run in the sandbox, repaired when it fails. Same result as `viper ask --json`.",
      tags: ["viper"],
      security: SECURITY,
      body: ASK_BODY,
      response: RESULT_RESPONSES,
    },
    handler: (request, reply) => respond(request, reply, (call) => service.ask(request.body, call)),
  });
  app.post<{ Body: RunRequest }>("/v1/run", {
    schema: {
      summary: "Run a program on an image",
      description: "Runs the program in the sandbox with no planner. Same result as `viper run --json`.",
      tags: ["viper"],
      security: SECURITY,
      body: RUN_BODY,
      response: RESULT_RESPONSES,
    },
    handler: (request, reply) => respond(request, reply, (call) => service.run(request.body, call)),
  });
}

async function respond(request: FastifyRequest, reply: FastifyReply, handle: (call: ServiceCallOptions) => Promise<JsonResult>): Promise<FastifyReply> {
  const gone = new AbortController();
  // The client went away before its answer: stop planning and running for it.
  reply.raw.on("close", () => {
    if (!reply.raw.writableFinished) gone.abort(new Error("the client closed the connection"));
  });
  if (!acceptsEventStream(request)) return sendResult(reply, await handle({ signal: gone.signal }));
  let stream: EventStream | undefined;
  try {
    const result = await handle({
      signal: gone.signal,
      onAdmitted: () => {
        reply.hijack();
        stream = openEventStream(reply.raw);
      },
      onEvent: (event) => stream?.send(event.type, event),
    });
    if (stream === undefined) return sendResult(reply, result);
    stream.send("result", result);
  } catch (error) {
    // Before admission nothing was streamed: the error handler answers with its status and JSON.
    if (stream === undefined) throw error;
    stream.send("result", jsonFailure(error, null));
  } finally {
    stream?.end();
  }
  return reply;
}

/** The result object as JSON: 200 with an answer, the error code's status without. */
function sendResult(reply: FastifyReply, result: JsonResult): FastifyReply {
  return reply.code(result.error === null ? 200 : statusForCode(result.error.code)).type("application/json").send(result);
}

function acceptsEventStream(request: FastifyRequest): boolean {
  return (request.headers.accept ?? "").split(",").some((type) => type.trim().split(";")[0]!.toLowerCase() === "text/event-stream");
}
