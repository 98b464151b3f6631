/** Where a command writes; tests pass in-memory streams. */
export interface CliIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

/** A sub-command: takes its arguments (after the command name) and returns the exit code. */
export type CliCommand = (argv: string[], io: CliIo) => Promise<number>;
