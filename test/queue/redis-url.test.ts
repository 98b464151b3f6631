import { describe, expect, it } from "vitest";
import { ViperError } from "../../src/errors/index.ts";
import { parseRedisUrl } from "../../src/queue/redis-url.ts";

function urlError(url: string): ViperError {
  try {
    parseRedisUrl(url);
  } catch (error) {
    if (ViperError.isInstance(error)) return error;
    throw error;
  }
  throw new Error(`${url} was accepted`);
}

describe("--queue URLs", () => {
  it("reads host, port and database, with Redis's defaults", () => {
    expect(parseRedisUrl("redis://queue.example:6380/3")).toMatchObject({ host: "queue.example", port: 6380, db: 3, tls: false, display: "redis://queue.example:6380/3" });
    expect(parseRedisUrl("redis://localhost")).toMatchObject({ host: "localhost", port: 6379, db: 0, display: "redis://localhost/0" });
    expect(parseRedisUrl("rediss://[::1]:7000/")).toMatchObject({ host: "::1", port: 7000, db: 0, tls: true });
  });

  it("takes a login but never shows the password", () => {
    const address = parseRedisUrl("redis://worker:s3cr%40t@10.0.0.5:6379/1");
    expect(address).toMatchObject({ username: "worker", password: "s3cr@t" });
    expect(address.display).toBe("redis://worker:***@10.0.0.5:6379/1");
    expect(urlError("http://worker:s3cret@10.0.0.5:6379").message).not.toContain("s3cret");
  });

  it.each([
    ["localhost:6379", "it does not start with redis://"],
    ["redis://", "it names no host"],
    ["redis://local host:6379", "not a URL"],
    ["http://localhost:6379", 'the scheme is "http"'],
    ["redis://localhost:6379/queue", 'the database "queue" is not a number'],
    ["redis://localhost:6379/1?timeout=3", "query or fragment"],
  ])("refuses %s with QUEUE_URL_INVALID (%s)", (url, problem) => {
    const error = urlError(url);
    expect(error.code).toBe("QUEUE_URL_INVALID");
    expect(error.message).toContain(problem);
    expect(error.message).toContain("redis://host:port[/db]");
  });
});
