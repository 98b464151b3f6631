import cliProgress from "cli-progress";
import { percent } from "./summary-table.ts";

/** Shows how far an evaluation is. */
export interface ProgressReporter {
  /** Called once per recorded question (or image, for a batch run). */
  update(record: { readonly correct: boolean }): void;
  /** Ends the display (restores the cursor, prints a last line when not on a terminal); later calls do nothing. */
  stop(): void;
}

/** Options for {@link createProgressReporter}. */
export interface ProgressReporterOptions {
  /** Questions in the run, including those resumed from the results file. */
  readonly total: number;
  /** Questions the results file already had. */
  readonly alreadyDone: number;
  /** Records the results file already had (their accuracy counts in the running figure). */
  readonly alreadyCorrect: number;
  readonly stream: NodeJS.WritableStream;
  /** A bar when true (a terminal), quiet periodic lines otherwise. */
  readonly interactive: boolean;
  /**
   * Time between lines when not interactive.
   * @defaultValue 10000
   */
  readonly lineIntervalMs?: number;
  /**
   * Names the work at the start of the bar and of each line.
   * @defaultValue "eval"
   */
  readonly label?: string;
  /**
   * Names the share of records that are `correct` (a batch run counts the images answered without error).
   * @defaultValue "accuracy"
   */
  readonly shareName?: string;
  /**
   * What is counted, plural.
   * @defaultValue "questions"
   */
  readonly itemName?: string;
}

/**
 * A cli-progress bar on a terminal (done/total, running accuracy, questions/s, ETA), or one line every
 * `lineIntervalMs` when the output goes to a file or a pipe, so logs stay short.
 */
export function createProgressReporter(options: ProgressReporterOptions): ProgressReporter {
  const { total, alreadyDone, stream, interactive, lineIntervalMs = 10_000, label = "eval", shareName = "accuracy", itemName = "questions" } = options;
  const startedAt = performance.now();
  let done = alreadyDone;
  let correct = options.alreadyCorrect;
  const rate = (): string => (((done - alreadyDone) / Math.max(performance.now() - startedAt, 1)) * 1000).toFixed(2);
  const accuracy = (): string => (done === 0 ? "-" : percent(correct / done));
  if (interactive) {
    const bar = new cliProgress.SingleBar(
      { stream, format: `${label} [{bar}] {value}/{total} | ${shareName} {accuracy} | {rate} ${itemName}/s | ETA {eta_formatted}`, hideCursor: true, etaBuffer: 50 },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, done, { accuracy: accuracy(), rate: "-" });
    return {
      update(record) {
        done++;
        if (record.correct) correct++;
        bar.update(done, { accuracy: accuracy(), rate: rate() });
      },
      stop: once(() => bar.stop()),
    };
  }
  let lastLineAt = startedAt;
  const line = (): void => {
    stream.write(`${label}: ${done}/${total} (${percent(done / Math.max(total, 1))}), ${shareName} ${accuracy()}, ${rate()} ${itemName}/s\n`);
  };
  if (alreadyDone > 0) stream.write(`${label}: resuming, ${alreadyDone} of ${total} ${itemName} already answered\n`);
  return {
    update(record) {
      done++;
      if (record.correct) correct++;
      if (performance.now() - lastLineAt >= lineIntervalMs) {
        lastLineAt = performance.now();
        line();
      }
    },
    stop: once(line),
  };
}

/** Progress may be stopped both after the summary and on the way out of an error; show the end once. */
function once(action: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    action();
  };
}
