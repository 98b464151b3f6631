import type { CliIo } from "./cli-io.ts";

/** A notice that can be stopped; stopping clears whatever it wrote. */
export interface StillWorkingNotice {
  stop(): void;
}

/** Seconds of silence before a terminal user is told the command is still working. */
const FIRST_NOTICE_MS = 3_000;

/**
 * On a terminal, after a few seconds without an answer (models load on first use; a CPU-bound perception
 * call can take seconds), shows one line on stderr saying the command is still working and for how long,
 * updated in place each second and erased when the work ends. Off a terminal (pipes, CI, tests) it writes
 * nothing, so output stays exactly the answer.
 */
export function startStillWorkingNotice(io: CliIo, options: { what: string }): StillWorkingNotice {
  const stream = io.stderr as NodeJS.WritableStream & { isTTY?: boolean };
  if (stream.isTTY !== true) return { stop() {} };
  const startedMs = performance.now();
  let shown = false;
  const show = (): void => {
    shown = true;
    stream.write(`\r\x1b[2Kviper: still ${options.what} (${Math.round((performance.now() - startedMs) / 1000)} s)...`);
  };
  let ticker: NodeJS.Timeout | undefined;
  const first = setTimeout(() => {
    show();
    ticker = setInterval(show, 1_000);
    ticker.unref();
  }, FIRST_NOTICE_MS);
  first.unref();
  return {
    stop() {
      clearTimeout(first);
      clearInterval(ticker);
      if (shown) stream.write("\r\x1b[2K");
      shown = false;
    },
  };
}
