import { ViperError } from "../errors/index.ts";

/** Where the queue's Redis is, read from a `redis://host:port[/db]` URL. */
export interface RedisAddress {
  readonly host: string;
  readonly port: number;
  /** Redis database number; the queue's keys live there. */
  readonly db: number;
  readonly username?: string;
  readonly password?: string;
  /** True for `rediss://` (TLS). */
  readonly tls: boolean;
  /** The URL without its password, for messages. */
  readonly display: string;
}

const DEFAULT_PORT = 6379;

/**
 * Reads `redis://[user:password@]host[:port][/db]` (or `rediss://` for TLS); the port defaults to 6379 and
 * the database to 0.
 * @throws ViperError QUEUE_URL_INVALID saying what is wrong with the URL.
 */
export function parseRedisUrl(url: string): RedisAddress {
  if (!url.includes("://")) throw invalidUrl(url, "it does not start with redis://");
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalidUrl(url, "it is not a URL");
  }
  if (parsed.protocol !== "redis:" && parsed.protocol !== "rediss:") throw invalidUrl(url, `the scheme is "${parsed.protocol.replace(/:$/, "")}", not redis or rediss`);
  if (parsed.hostname === "") throw invalidUrl(url, "it names no host");
  const port = parsed.port === "" ? DEFAULT_PORT : Number(parsed.port);
  const dbText = parsed.pathname.replace(/^\//, "");
  const db = dbText === "" ? 0 : Number(dbText);
  if (!/^\d*$/.test(dbText) || !Number.isInteger(db)) throw invalidUrl(url, `the database "${dbText}" is not a number (redis://host:port/0 is database 0)`);
  if (parsed.search !== "" || parsed.hash !== "") throw invalidUrl(url, "it has a query or fragment, which viper-ts does not read");
  const hostname = parsed.hostname.replace(/^\[(.*)\]$/, "$1");
  const username = parsed.username === "" ? undefined : decodeURIComponent(parsed.username);
  const password = parsed.password === "" ? undefined : decodeURIComponent(parsed.password);
  const credentials = username === undefined && password === undefined ? "" : `${username ?? ""}${password === undefined ? "" : ":***"}@`;
  return {
    host: hostname,
    port,
    db,
    ...(username === undefined ? {} : { username }),
    ...(password === undefined ? {} : { password }),
    tls: parsed.protocol === "rediss:",
    display: `${parsed.protocol}//${credentials}${parsed.host}/${db}`,
  };
}

function invalidUrl(url: string, problem: string): ViperError {
  const shown = url.replace(/\/\/([^:@/]*):[^@/]*@/, "//$1:***@");
  return new ViperError({
    code: "QUEUE_URL_INVALID",
    message: `--queue "${shown}" is not a Redis URL: ${problem}. Write redis://host:port[/db], e.g. redis://localhost:6379/0 (rediss:// for TLS).`,
    details: { option: "--queue" },
  });
}
