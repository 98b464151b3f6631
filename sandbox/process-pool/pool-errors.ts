import { ERROR_CODES, ViperError, type ViperErrorCode } from "../../src/errors/index.ts";
import type { SerializedError } from "./pool-messages.ts";

const KNOWN_CODES: ReadonlySet<string> = new Set(ERROR_CODES);

/** An error as plain data for the IPC channel (details must be JSON, as ViperError promises). */
export function serializeError(error: unknown, link: { toolCallId?: number; isToolError?: boolean } = {}): SerializedError {
  const base = error instanceof Error ? { name: error.name, message: error.message } : { name: "Error", message: String(error) };
  const details = ViperError.isInstance(error) ? jsonSafe(error.details) : undefined;
  return {
    ...base,
    ...(ViperError.isInstance(error) ? { code: error.code } : {}),
    ...(details === undefined ? {} : { details }),
    ...link,
  };
}

/** The error back from plain data: a ViperError when it had a known code, else an Error with its name. */
export function deserializeError(serialized: SerializedError, cause?: unknown): Error {
  if (serialized.code !== undefined && KNOWN_CODES.has(serialized.code)) {
    return new ViperError({
      code: serialized.code as ViperErrorCode,
      message: serialized.message,
      details: serialized.details ?? {},
      ...(cause === undefined ? {} : { cause }),
    });
  }
  const error = new Error(serialized.message, cause === undefined ? undefined : { cause });
  error.name = serialized.name;
  return error;
}

function jsonSafe(details: Record<string, unknown>): Record<string, unknown> | undefined {
  try {
    return JSON.parse(JSON.stringify(details)) as Record<string, unknown>;
  } catch {
    return undefined; // details that are not JSON (a bug elsewhere) are dropped rather than failing the run
  }
}
