import type { ProgramAnswer, TraceEntry } from "../../sandbox/index.ts";
import { ViperError } from "../errors/index.ts";
import type { AnswerWarning } from "../tools/answer-warning.ts";
import type { ReportImage } from "./report-images.ts";

/** A failure as the report shows it. */
export interface ReportError {
  readonly code: string;
  readonly message: string;
  /** The error's details without the trace (the report shows that as the timeline). */
  readonly details: Readonly<Record<string, unknown>>;
}

/** One try of `ask` as the report lists it (AskAttempt). */
export interface ReportAttempt {
  readonly program: string | null;
  readonly cached?: boolean;
  readonly error?: { readonly code: string; readonly message: string };
}

/** What {@link renderRunReport} shows: one run of a program on an image (viper run / ask, or the SDK). */
export interface RunReportInput {
  /** The picture the program ran on. */
  readonly image: ReportImage;
  /** The question asked, when there was one. */
  readonly question?: string;
  /** The program that ran (or failed); null when none did (the fallback answered). */
  readonly program: string | null;
  /** The answer; null or undefined when the run failed. */
  readonly answer?: ProgramAnswer | null;
  /** Tool calls in order. For a failed run, the partial trace; taken from `error.details.trace` when empty. @defaultValue [] */
  readonly trace?: readonly TraceEntry[];
  /** Milliseconds per stage (AskTimings, ProgramTimings, ...); entries that are not numbers are ignored. @defaultValue {} */
  readonly timings?: object;
  /** Why the run failed: a ViperError (or any thrown value), or its JSON form `{code, message, details}`. */
  readonly error?: unknown;
  /** ask's attempts, the successful one last. */
  readonly attempts?: readonly ReportAttempt[];
  /** True when no program worked and the VLM answered the question directly. */
  readonly fallback?: boolean;
  /** Why the answer may be wrong although the program returned it (shown under the answer). @defaultValue [] */
  readonly warnings?: readonly AnswerWarning[];
  /** Heading of the page. @defaultValue "viper-ts report" */
  readonly title?: string;
}

/** The error to show, from a ViperError, a `{code, message}` object, any Error, or nothing. */
export function reportErrorOf(error: unknown): ReportError | null {
  if (error === undefined || error === null) return null;
  if (ViperError.isInstance(error) || isCodedError(error)) {
    const { trace: _trace, ...details } = (error.details ?? {}) as Record<string, unknown>;
    return { code: String(error.code), message: String(error.message), details };
  }
  return { code: "INTERNAL", message: error instanceof Error ? error.message : String(error), details: {} };
}

/** The partial trace a failure carries in `details.trace` (sandbox errors), else an empty list. */
export function traceOfError(error: unknown): readonly TraceEntry[] {
  if (typeof error !== "object" || error === null) return [];
  const trace = (error as { details?: { trace?: unknown } }).details?.trace;
  return Array.isArray(trace) ? (trace as TraceEntry[]) : [];
}

function isCodedError(value: unknown): value is { code: unknown; message: unknown; details?: unknown } {
  return typeof value === "object" && value !== null && "code" in value && "message" in value;
}
