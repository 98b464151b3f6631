/**
 * Limits on what one tool call carries across the bridge. The prelude checks them before a call leaves
 * the isolate (so an oversized value is never copied), the host checks them again on the message it
 * receives, and src/tools validates arguments against the same numbers.
 */
export const BRIDGE_LIMITS = Object.freeze({
  /** Longest string argument: object names, questions, options. */
  maxTextLength: 1_000,
  /** Most items in a list argument (options, patches). */
  maxListLength: 1_000,
  /** Most arguments of one call. */
  maxArguments: 4,
  /**
   * Longest reply to one call, as JSON text. A tool whose result is longer fails that call with
   * RESULT_TOO_LARGE instead of copying it into the isolate.
   */
  maxReplyLength: 1_048_576,
});

/**
 * Longest call message (JSON text) the host reads: a list of the longest strings, every character
 * escaped (`\u0000`, 6 characters), plus the other arguments and the envelope.
 */
export const MAX_CALL_MESSAGE_LENGTH = BRIDGE_LIMITS.maxListLength * (BRIDGE_LIMITS.maxTextLength * 6 + 3) + 64 * 1024;
