/**
 * A caution attached to an answer that the program did return, e.g. a count or a "no" that rests on a
 * `find` which found nothing. The answer itself stays what the program returned; warnings say how much to
 * trust it. `--json` prints them as `warnings: [{code, message, line}]`, the CLI as lines on stderr, the
 * HTML report next to the answer.
 */
export interface AnswerWarning {
  /** Stable code, e.g. "EMPTY_EVIDENCE". */
  readonly code: string;
  /** What the answer rests on and what could make it wrong, in one sentence. */
  readonly message: string;
  /** The program line of the call the warning is about; null when it is about the whole run. */
  readonly line: number | null;
}
