/** Signals this close after the first are the same key press delivered twice. */
const DUPLICATE_SIGNAL_MS = 1000;

/** Options for {@link listenForInterrupt}. */
export interface InterruptOptions {
  readonly stderr: NodeJS.WritableStream;
  /** Printed on the first signal, e.g. "Interrupted: finishing the record file". */
  readonly message: string;
  /** Called on the first signal: stop starting work, finish what must be finished. */
  readonly stop: () => void;
  /** Called on a deliberate second signal. @defaultValue exits with code 130 */
  readonly quit?: () => void;
  /** @defaultValue ["SIGINT"] */
  readonly signals?: readonly NodeJS.Signals[];
}

/**
 * Ctrl-C handling of long commands: the first signal asks them to stop cleanly, a second one quits at once.
 * Returns a function that stops listening.
 */
export function listenForInterrupt(options: InterruptOptions): () => void {
  const { stderr, message, stop, quit = () => process.exit(130), signals = ["SIGINT"] } = options;
  let interruptedAt: number | undefined;
  const onSignal = (): void => {
    if (interruptedAt === undefined) {
      interruptedAt = performance.now();
      stderr.write(`\n${message} (press Ctrl-C again to quit at once)...\n`);
      stop();
      return;
    }
    // A terminal's Ctrl-C reaches both the bin/viper.js launcher (which forwards it) and this process, so
    // one key press can arrive twice; only a later, deliberate second Ctrl-C quits at once.
    if (performance.now() - interruptedAt > DUPLICATE_SIGNAL_MS) quit();
  };
  for (const signal of signals) process.on(signal, onSignal);
  return () => {
    for (const signal of signals) process.removeListener(signal, onSignal);
  };
}
