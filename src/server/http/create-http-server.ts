import swagger from "@fastify/swagger";
import Fastify, { type FastifyInstance } from "fastify";
import { ViperError } from "../../errors/index.ts";
import type { ViperService } from "../viper-service.ts";
import { checkBearerToken } from "./bearer-auth.ts";
import { handleError, sendError } from "./error-reply.ts";
import { registerInfoRoutes } from "./info-routes.ts";
import { registerResultRoutes } from "./result-routes.ts";

/** Options for {@link createHttpServer}. */
export interface HttpServerOptions {
  readonly service: ViperService;
  /** Bearer token every route except /v1/health and /openapi.json needs; undefined for none. @defaultValue undefined */
  readonly token?: string;
  /** Largest request body, in bytes. @defaultValue 16 MiB */
  readonly bodyLimitBytes?: number;
  /** Deadline for receiving a whole request from the client, in ms (slow senders). @defaultValue 60_000 */
  readonly receiveTimeoutMs?: number;
  /** The version shown in /openapi.json. @defaultValue "0.1.0" */
  readonly version?: string;
}

/** Routes anyone may call without a token. */
const OPEN_ROUTES = new Set(["/v1/health", "/openapi.json"]);

/**
 * The `viper serve` HTTP API on Fastify (not yet listening): POST /v1/ask, POST /v1/run, GET /v1/health,
 * GET /v1/capabilities and GET /openapi.json. Schemas validate every request; errors are
 * `{error: {code, message}}` with a fitting status.
 */
export async function createHttpServer(options: HttpServerOptions): Promise<FastifyInstance> {
  const { service, token, bodyLimitBytes = 16 * 1024 * 1024, receiveTimeoutMs = 60_000, version = "0.1.0" } = options;
  const app = Fastify({
    logger: false,
    bodyLimit: bodyLimitBytes,
    requestTimeout: receiveTimeoutMs,
    // Requests that arrive while shutting down get our SERVER_CLOSING error, not Fastify's own body.
    return503OnClosing: false,
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false, allErrors: false } },
  });
  // Bodies are JSON only; Fastify would otherwise also parse text/plain.
  app.removeContentTypeParser("text/plain");
  // The result object goes out exactly as built; response schemas only document it.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, new ViperError({ code: "ROUTE_NOT_FOUND", message: `There is no ${request.method} ${request.url.split("?")[0]}; see /openapi.json for the routes.`, details: {} })),
  );
  app.addHook("onRequest", async (request, reply) => {
    const path = request.url.split("?")[0]!;
    if (token === undefined || OPEN_ROUTES.has(path)) return;
    try {
      checkBearerToken(request.headers.authorization, token);
    } catch (error) {
      return sendError(reply, error as ViperError);
    }
  });
  await app.register(swagger, {
    openapi: {
      openapi: "3.0.3",
      info: {
        title: "viper-ts",
        version,
        description: "Answer questions about images by writing and running programs against the ImagePatch API. Results are the object of `viper ask|run --json`.",
      },
      components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
    },
  });
  registerResultRoutes(app, service);
  registerInfoRoutes(app, service);
  return app;
}
