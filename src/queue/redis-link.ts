import { Redis } from "ioredis";
import { ViperError } from "../errors/index.ts";
import { parseRedisUrl, type RedisAddress } from "./redis-url.ts";

/** Options for {@link openRedisLink}. */
export interface RedisLinkOptions {
  /** `redis://host:port[/db]`. */
  readonly url: string;
  /**
   * How long Redis may stay unreachable, at the start or after a lost connection, before the link gives up
   * with QUEUE_UNREACHABLE. Reconnecting is retried all that time, so a Redis restart goes unnoticed.
   * @defaultValue 30000
   */
  readonly timeoutMs?: number;
}

/** A connection to the queue's Redis that never waits on a dead server for longer than its timeout. */
export interface RedisLink {
  readonly redis: Redis;
  readonly address: RedisAddress;
  /** Rejects with QUEUE_UNREACHABLE once Redis has been unreachable for longer than the timeout. */
  readonly lost: Promise<never>;
  /** The operation's result, or QUEUE_UNREACHABLE if Redis is lost first (commands wait while reconnecting). */
  guard<T>(operation: Promise<T>): Promise<T>;
  /** Closes the connection (at once when Redis is unreachable). */
  close(): Promise<void>;
}

/** How often the link checks how long Redis has been unreachable. */
const WATCH_INTERVAL_MS = 200;
/** Longest wait between two reconnection attempts. */
const MAX_RECONNECT_DELAY_MS = 1000;

/**
 * Connects to Redis and resolves once it answers. Commands sent while the connection is down wait for it
 * to come back (BullMQ's blocking commands need that); the link's watchdog bounds the wait instead.
 * @throws ViperError QUEUE_URL_INVALID for a bad URL; QUEUE_UNREACHABLE when Redis does not answer within
 * the timeout (down, wrong host or port, not a Redis, refused login), naming the last error seen.
 */
export async function openRedisLink(options: RedisLinkOptions): Promise<RedisLink> {
  const { url, timeoutMs = 30_000 } = options;
  const address = parseRedisUrl(url);
  const redis = new Redis({
    host: address.host,
    port: address.port,
    db: address.db,
    ...(address.username === undefined ? {} : { username: address.username }),
    ...(address.password === undefined ? {} : { password: address.password }),
    ...(address.tls ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
    connectTimeout: Math.min(timeoutMs, 10_000),
    retryStrategy: (attempt: number) => Math.min(100 * attempt, MAX_RECONNECT_DELAY_MS),
  });
  let downSince: number | undefined = performance.now();
  let lastError: Error | undefined;
  redis.on("ready", () => (downSince = undefined));
  redis.on("close", () => (downSince ??= performance.now()));
  redis.on("error", (error: Error) => {
    lastError = error;
    downSince ??= performance.now();
  });
  let giveUp: (error: ViperError) => void = () => {};
  const lost = new Promise<never>((_, reject) => (giveUp = reject));
  lost.catch(() => undefined);
  const watchdog = setInterval(() => {
    if (downSince === undefined || performance.now() - downSince < timeoutMs) return;
    clearInterval(watchdog);
    giveUp(unreachableError({ address, timeoutMs, cause: lastError }));
    redis.disconnect();
  }, WATCH_INTERVAL_MS);
  watchdog.unref();
  const guard = <T>(operation: Promise<T>): Promise<T> => Promise.race([operation, lost]);
  const close = async (): Promise<void> => {
    clearInterval(watchdog);
    if (redis.status !== "ready") return redis.disconnect();
    await Promise.race([redis.quit().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
    redis.disconnect();
  };
  try {
    await guard(redis.ping());
  } catch (error) {
    await close();
    // Redis answered, but with an error (NOAUTH: a password is needed): no retry will change that.
    throw ViperError.isInstance(error) ? error : unreachableError({ address, timeoutMs, cause: error as Error, answered: true });
  }
  return { redis, address, lost, guard, close };
}

function unreachableError(options: { address: RedisAddress; timeoutMs: number; cause: Error | undefined; answered?: boolean }): ViperError {
  const { address, timeoutMs, cause, answered = false } = options;
  const seconds = Math.round(timeoutMs / 100) / 10;
  const why = cause === undefined ? "no answer" : cause.message;
  const what = answered
    ? `Redis at ${address.display} refused the queue (${why}). Check the user and password in --queue (redis://user:password@host:port/db).`
    : `Redis at ${address.display} did not answer for ${seconds} s (${why}). Check that redis-server runs there and that --queue names it ` +
      `(redis://host:port[/db]); --queue-timeout sets how long to keep trying.`;
  return new ViperError({
    code: "QUEUE_UNREACHABLE",
    message: `${what} Nothing recorded so far is lost: run the same command again.`,
    details: { queue: address.display, timeoutMs, ...(cause === undefined ? {} : { cause: cause.message }) },
    cause,
  });
}
