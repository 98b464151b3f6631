import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import { ViperError } from "../../errors/index.ts";
import type { ViperService } from "../viper-service.ts";

/** A listening server. */
export interface ListeningHttpServer {
  /** `http://<host>:<port>` as clients reach it (the port the OS chose when 0 was asked). */
  readonly url: string;
  /**
   * Graceful shutdown: from the call on, new requests are refused with SERVER_CLOSING (503, and health says
   * "closing", so load balancers move on) while every admitted request runs to its answer; then the server
   * stops listening. Resolves when the last answer has been sent.
   */
  close(): Promise<void>;
}

/** True for names and addresses that only this machine can reach. */
function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, "").toLowerCase();
  return bare === "localhost" || bare === "::1" || /^127(\.\d{1,3}){3}$/.test(bare);
}

/**
 * Refuses to serve other machines without a token.
 * @throws ViperError CONFIG_INVALID when `host` is reachable from other machines and there is no token.
 */
export function requireTokenOffLoopback(host: string, hasToken: boolean): void {
  if (hasToken || isLoopbackHost(host)) return;
  throw new ViperError({
    code: "CONFIG_INVALID",
    message: `--host ${host} lets other machines connect, so a token is required: pass --token <secret> (or set VIPER_SERVE_TOKEN), or listen on 127.0.0.1.`,
    details: { option: "--host", value: host },
  });
}

/**
 * Starts `app` listening on `host:port`.
 * @throws ViperError CONFIG_INVALID when `host` is reachable from other machines and no token is set.
 */
export async function listenHttp(options: { app: FastifyInstance; service: ViperService; host: string; port: number; hasToken: boolean }): Promise<ListeningHttpServer> {
  const { app, service, host, port, hasToken } = options;
  requireTokenOffLoopback(host, hasToken);
  try {
    await app.listen({ host, port });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "EADDRINUSE" && code !== "EADDRNOTAVAIL" && code !== "EACCES") throw error;
    throw new ViperError({
      code: "CONFIG_INVALID",
      message: `Cannot listen on ${host}:${port} (${code}): ${code === "EADDRINUSE" ? "the port is in use; choose another --port" : code === "EACCES" ? "ports below 1024 need privileges; choose another --port" : "this machine has no such address; check --host"}.`,
      details: { host, port, reason: code },
      cause: error,
    });
  }
  const address = app.server.address() as AddressInfo;
  const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${shownHost}:${address.port}`,
    close() {
      closing ??= (async () => {
        await service.close();
        await app.close();
      })();
      return closing;
    },
  };
}
