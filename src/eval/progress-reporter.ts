import cliProgress from "cli-progress";
import type { EvalRecord } from "./eval-record.ts";
import { percent } from "./summary-table.ts";

/** Shows how far an evaluation is. */
export interface ProgressReporter {
  /** Called once per recorded question. */
  update(record: EvalRecord): void;
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
}

/**
 * A cli-progress bar on a terminal (done/total, running accuracy, questions/s, ETA), or one line every
 * `lineIntervalMs` when the output goes to a file or a pipe, so logs stay short.
 */
export function createProgressReporter(options: ProgressReporterOptions): ProgressReporter {
  const { total, alreadyDone, stream, interactive, lineIntervalMs = 10_000 } = options;
  const startedAt = performance.now();
  let done = alreadyDone;
  let correct = options.alreadyCorrect;
  const rate = (): string => (((done - alreadyDone) / Math.max(performance.now() - startedAt, 1)) * 1000).toFixed(2);
  const accuracy = (): string => (done === 0 ? "-" : percent(correct / done));
  if (interactive) {
    const bar = new cliProgress.SingleBar(
      { stream, format: "eval [{bar}] {value}/{total} | accuracy {accuracy} | {rate} q/s | ETA {eta_formatted}", hideCursor: true, etaBuffer: 50 },
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
    stream.write(`eval: ${done}/${total} (${percent(done / Math.max(total, 1))}), accuracy ${accuracy()}, ${rate()} questions/s\n`);
  };
  if (alreadyDone > 0) stream.write(`eval: resuming, ${alreadyDone} of ${total} questions already answered\n`);
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
