import { createHash, timingSafeEqual } from "node:crypto";
import { ViperError } from "../../errors/index.ts";

/**
 * Checks an `Authorization: Bearer <token>` header against the server's token. Both are hashed first, so
 * the comparison is constant-time and its length does not leak through timing either.
 * @throws ViperError UNAUTHORIZED when the header is missing, not a bearer token, or the wrong token.
 */
export function checkBearerToken(header: string | undefined, expectedToken: string): void {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  if (match === null) {
    throw new ViperError({ code: "UNAUTHORIZED", message: "This server needs a token: send the header Authorization: Bearer <token>.", details: {} });
  }
  if (!timingSafeEqual(digest(match[1]!), digest(expectedToken))) {
    throw new ViperError({ code: "UNAUTHORIZED", message: "The bearer token is wrong; send the token the server was started with.", details: {} });
  }
}

function digest(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}
