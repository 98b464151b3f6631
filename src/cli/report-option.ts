import type { CliIo } from "./cli-io.ts";
import { describeCliError } from "./command-line.ts";

/**
 * Writes the `--report` file of a run that answered: prints `report: <path>` on stderr when written, or
 * says why not and returns the error, so the command still prints the answer and then exits 1.
 */
export async function writeReport(io: CliIo, path: string, write: () => Promise<void>): Promise<unknown> {
  try {
    await write();
    io.stderr.write(`report: ${path}\n`);
    return undefined;
  } catch (error) {
    io.stderr.write(`No report written to ${path}: ${describeCliError(error)}\n`);
    return error;
  }
}
