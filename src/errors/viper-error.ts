import type { ViperErrorCode } from "./error-codes.ts";

const marker = Symbol.for("viper-ts.error");

/** Options for {@link ViperError}. */
export interface ViperErrorOptions {
  /** Stable code callers can branch on. */
  code: ViperErrorCode;
  /** What was wrong and what to do about it. */
  message: string;
  /** Machine-readable context (program line, limit, file path, ...). Must be JSON-serialisable. */
  details?: Record<string, unknown>;
  /** The underlying error, when there is one. */
  cause?: unknown;
}

/**
 * The one error type viper-ts throws on purpose. `code` is stable; `message` says what was wrong and what
 * to do; `details` carries JSON-serialisable context.
 */
export class ViperError extends Error {
  readonly [marker] = true;
  /** Stable code, one of `ERROR_CODES`. */
  readonly code: ViperErrorCode;
  /** JSON-serialisable context. */
  readonly details: Record<string, unknown>;

  constructor({ code, message, details = {}, cause }: ViperErrorOptions) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = "ViperError";
    this.code = code;
    this.details = details;
  }

  /** True for any ViperError, even one from another copy of this package. */
  static isInstance(error: unknown): error is ViperError {
    return typeof error === "object" && error !== null && (error as Record<symbol, unknown>)[marker] === true;
  }

  /** True when `error` is a ViperError with the given code. */
  static hasCode(error: unknown, code: ViperErrorCode): error is ViperError {
    return ViperError.isInstance(error) && error.code === code;
  }

  /** The plain object written to `--json` output and traces. */
  toJSON(): { code: ViperErrorCode; message: string; details: Record<string, unknown> } {
    return { code: this.code, message: this.message, details: this.details };
  }
}
