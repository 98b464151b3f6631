import type { FastifyInstance } from "fastify";
import type { ViperService } from "../viper-service.ts";
import { CAPABILITIES_RESPONSE, ERROR_RESPONSE, HEALTH_RESPONSE } from "./api-schemas.ts";

/** `GET /v1/health` (no token: for load balancers), `GET /v1/capabilities` and `GET /openapi.json`. */
export function registerInfoRoutes(app: FastifyInstance, service: ViperService): void {
  app.get("/v1/health", {
    schema: {
      summary: "Whether the server takes requests",
      description: "200 with status ok while it does; 503 with status closing while it shuts down.",
      tags: ["viper"],
      response: { 200: HEALTH_RESPONSE, 503: HEALTH_RESPONSE },
    },
    handler: (_request, reply) => {
      const health = service.health();
      return reply.code(health.status === "ok" ? 200 : 503).send(health);
    },
  });
  app.get("/v1/capabilities", {
    schema: {
      summary: "Configured planners, back-ends, vocabularies and limits",
      tags: ["viper"],
      security: [{ bearer: [] }],
      response: { 200: CAPABILITIES_RESPONSE, 401: ERROR_RESPONSE },
    },
    handler: () => service.capabilities(),
  });
  app.get("/openapi.json", { schema: { hide: true } }, () => app.swagger());
}
