import cliProgress from "cli-progress";
import type { DownloadProgress } from "./download-model.ts";

/** Options for {@link createDownloadProgressReporter}. */
export interface DownloadProgressReporterOptions {
  /** Where to write (a terminal gets a live bar, anything else a few plain lines). */
  stream: NodeJS.WritableStream & { isTTY?: boolean };
  /**
   * In plain-line mode, print a line every this many percent.
   * @defaultValue 25
   */
  lineEveryPercent?: number;
}

/** A progress sink for {@link downloadModel}; call `finish` when the download ends. */
export interface DownloadProgressReporter {
  readonly onProgress: (progress: DownloadProgress) => void;
  finish(): void;
}

/** A cli-progress bar on a TTY, quiet lines ("yolox-nano: 25% of 3.5 MB") otherwise (CI logs). */
export function createDownloadProgressReporter(options: DownloadProgressReporterOptions): DownloadProgressReporter {
  const { stream, lineEveryPercent = 25 } = options;
  if (stream.isTTY) {
    let bar: cliProgress.SingleBar | undefined;
    return {
      onProgress(progress) {
        if (!bar) {
          bar = new cliProgress.SingleBar(
            { stream, format: `${progress.modelId} [{bar}] {percentage}% | {value}/{total} bytes | ETA {eta}s`, hideCursor: true },
            cliProgress.Presets.shades_classic,
          );
          bar.start(progress.totalBytes, 0);
        }
        bar.update(progress.receivedBytes);
      },
      finish: () => bar?.stop(),
    };
  }
  let nextPercent = 0;
  let attempt = 0;
  return {
    onProgress(progress) {
      if (progress.attempt !== attempt) [attempt, nextPercent] = [progress.attempt, 0];
      const percent = Math.floor((100 * progress.receivedBytes) / Math.max(1, progress.totalBytes));
      if (percent < nextPercent) return;
      stream.write(`${progress.modelId}: ${percent}% of ${(progress.totalBytes / 1e6).toFixed(1)} MB\n`);
      nextPercent = (Math.floor(percent / lineEveryPercent) + 1) * lineEveryPercent;
    },
    finish: () => undefined,
  };
}
