import { ViperError } from "../errors/index.ts";
import { wholeNumberOption } from "./command-line.ts";

/** parseArgs definitions of the options of commands that use the queue (eval, batch, worker). */
export const QUEUE_OPTIONS = {
  queue: { type: "string" },
  "data-root": { type: "string" },
  "queue-timeout": { type: "string" },
} as const;

/** Help lines for {@link QUEUE_OPTIONS}. */
export const QUEUE_HELP = `Queue options (docs/SCALING.md):
  --queue redis://host:port[/db]  the BullMQ queue on Redis that viper worker processes take jobs from
  --data-root <folder>            picture files travel as paths relative to this folder; every machine
                                  points it at its own copy of the data (default /, the same paths everywhere)
  --queue-timeout <seconds>       how long an unreachable Redis is retried before stopping (default 30)`;

/** The queue's Redis URL, data root and timeout from parsed command-line values. */
export function queueOptionsFrom(values: Record<string, unknown>): { url: string | undefined; dataRoot: string | undefined; timeoutMs: number | undefined } {
  const text = (name: string): string | undefined => (typeof values[name] === "string" ? (values[name] as string) : undefined);
  const seconds = wholeNumberOption({ option: "--queue-timeout", value: text("queue-timeout"), minimum: 1 });
  return { url: text("queue"), dataRoot: text("data-root"), timeoutMs: seconds === undefined ? undefined : seconds * 1000 };
}

/**
 * Refuses queue options given without `--queue`, which would otherwise be ignored without a word.
 * @throws ViperError CONFIG_INVALID naming the option.
 */
export function requireQueueFor(values: Record<string, unknown>): void {
  const option = Object.keys(QUEUE_OPTIONS).find((name) => name !== "queue" && values[name] !== undefined);
  if (option === undefined) return;
  throw new ViperError({ code: "CONFIG_INVALID", message: `--${option} only applies with --queue redis://host:port[/db].`, details: { option: `--${option}` } });
}
