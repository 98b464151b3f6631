import type { ReportImage } from "./report-images.ts";
import type { ReportAttempt } from "./run-report-input.ts";
import { writeRunReport } from "./write-report.ts";

/** Options for {@link writeFailedRunReport}. */
export interface FailedRunReportOptions {
  /** The picture (a file path is read here). */
  readonly image: ReportImage;
  readonly question?: string;
  /** The program that failed. @defaultValue the last program in `error.details.attempts` */
  readonly program?: string | null;
  /** What the run or ask threw. Its `details.trace` and `details.attempts` are shown. */
  readonly error: unknown;
  /** Where to say that no report could be written (the run's own error stays the one reported). */
  readonly warnings: NodeJS.WritableStream;
}

/**
 * Writes the report of a run that failed: the error, the partial trace and the attempts. Never throws:
 * when the picture cannot be read or the file cannot be written, it says so on `warnings`, so the CLI
 * still reports the run's own error.
 */
export async function writeFailedRunReport(path: string, options: FailedRunReportOptions): Promise<void> {
  const { question, error, warnings } = options;
  const attempts = attemptsOf(error);
  const program = options.program ?? attempts.flatMap((attempt) => (attempt.program === null ? [] : [attempt.program])).at(-1) ?? null;
  try {
    await writeRunReport(path, { image: options.image, question, program, error, attempts });
  } catch (reportError) {
    warnings.write(`No report written to ${path}: ${reportError instanceof Error ? reportError.message : String(reportError)}\n`);
  }
}

function attemptsOf(error: unknown): ReportAttempt[] {
  const attempts = (error as { details?: { attempts?: unknown } } | null)?.details?.attempts;
  return Array.isArray(attempts) ? (attempts as ReportAttempt[]) : [];
}
