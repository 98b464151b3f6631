import type { SandboxIsolation } from "../../../sandbox/index.ts";
import { ViperError } from "../../errors/index.ts";
import type { EvalApproach } from "../../eval/approach.ts";
import { startQueueWorker, type WorkerJobEvent } from "../../queue/index.ts";
import { createPerception, type Perception } from "../../tools/create-perception.ts";
import type { CliIo } from "../cli-io.ts";
import { readCommandLine, wholeNumberOption, writeUsageError } from "../command-line.ts";
import { answererForApproach } from "../eval-approach.ts";
import { ISOLATION_HELP, ISOLATION_OPTIONS, isolationFrom } from "../isolation-option.ts";
import { listenForInterrupt } from "../interrupt.ts";
import { withLimitFlags } from "../limit-options.ts";
import { PERCEPTION_HELP, PERCEPTION_OPTIONS, perceptionOptionsFrom } from "../perception-options.ts";
import { QUEUE_OPTIONS, queueOptionsFrom } from "../queue-options.ts";

const USAGE = `Usage: viper worker --queue redis://host:port[/db] [options]

Takes jobs from the queue (the questions of "viper eval --queue" and the pictures of "viper batch --queue")
and answers them with this machine's perception back-ends, until Ctrl-C or SIGTERM, which finish the jobs
under way first. Start as many workers, on as many machines, as you like (docs/SCALING.md).

  --queue redis://host:port[/db]  the queue's Redis (required)
  --concurrency <n>               jobs answered at once (default 1)
  --data-root <folder>            this machine's copy of the producers' data root (default /)
  --name <name>                   this worker's name in the queue and in messages (default <host>:<pid>)
  --stall-timeout <seconds>       how long the job of a worker that died stays locked before another
                                  worker takes it (default 30)
  --queue-timeout <seconds>       how long an unreachable Redis is retried before stopping (default 30)
  --planner-base-url <url>        this worker's server for the language-model planner a run asks for (a run
                                  names only <provider>:<model>; keys such as OPENAI_API_KEY are this worker's)
${ISOLATION_HELP}
${PERCEPTION_HELP}`;

const OPTIONS = {
  help: { type: "boolean", short: "h" },
  concurrency: { type: "string" },
  name: { type: "string" },
  ...ISOLATION_OPTIONS,
  "stall-timeout": { type: "string" },
  "planner-base-url": { type: "string" },
  ...QUEUE_OPTIONS,
  ...PERCEPTION_OPTIONS,
} as const;

/** Time between the worker's progress lines. */
const PROGRESS_LINE_MS = 30_000;

/**
 * `viper worker`: answers queued jobs until stopped. Returns the exit code (0 stopped by a signal, 2 usage);
 * a stop on an error (Redis unreachable, another job format, a set-up error) throws it.
 */
export async function runWorkerCommand(argv: string[], io: CliIo): Promise<number> {
  const commandLine = readCommandLine(argv, io, { command: "worker", usage: USAGE, options: OPTIONS });
  if (commandLine.exitCode !== undefined) return commandLine.exitCode;
  const { values, positionals } = commandLine.parsed;
  if (positionals.length > 0) return writeUsageError(io, { command: "worker", problem: `unexpected argument "${positionals[0]}"`, usage: USAGE });
  const { url, dataRoot, timeoutMs } = queueOptionsFrom(values);
  if (url === undefined) return writeUsageError(io, { command: "worker", problem: "expected --queue redis://host:port[/db]", usage: USAGE });
  const concurrency = wholeNumberOption({ option: "--concurrency", value: values.concurrency, minimum: 1 }) ?? 1;
  const stallSeconds = wholeNumberOption({ option: "--stall-timeout", value: values["stall-timeout"], minimum: 1 });
  const isolation = isolationFrom(values.isolation, concurrency);
  const perceptionOptions = perceptionOptionsFrom(values, io.stderr);
  const perception = await createPerception(perceptionOptions);
  const counts = createJobCounts();
  try {
    const worker = await startQueueWorker({
      url,
      perception,
      answererFor: (approach) => answererFor({ approach, perception, isolation, vlm: perceptionOptions.vlm, plannerBaseUrl: values["planner-base-url"] }),
      isolation,
      concurrency,
      dataRoot,
      name: values.name,
      stallTimeoutMs: stallSeconds === undefined ? undefined : stallSeconds * 1000,
      timeoutMs,
      mapError: withLimitFlags,
      onJob: (event) => counts.add(event),
    });
    io.stderr.write(`viper worker ${worker.name}: taking jobs from ${worker.queue} (concurrency ${concurrency}); Ctrl-C to stop.\n`);
    const progress = setInterval(() => counts.changed() && io.stderr.write(`viper worker ${worker.name}: ${counts.describe()}\n`), PROGRESS_LINE_MS);
    const stopListening = listenForInterrupt({
      stderr: io.stderr,
      message: `viper worker ${worker.name}: finishing the jobs under way; quitting at once leaves them to other workers`,
      stop: () => void worker.close(),
      quit: () => void worker.close({ force: true }),
      signals: ["SIGINT", "SIGTERM"],
    });
    try {
      await worker.stopped;
    } finally {
      clearInterval(progress);
      stopListening();
      io.stderr.write(`viper worker ${worker.name}: stopped; ${counts.describe()}\n`);
    }
    return 0;
  } finally {
    await perception.dispose();
  }
}

/**
 * The answerer for a job's approach. A direct-VQA run names the VLM it compares, so a worker must have the
 * same `--vlm` (its own server address may differ). An LLM planner talks to this worker's
 * `--planner-base-url`, whatever the job says: a job never chooses where a worker's API key goes.
 */
async function answererFor(options: { approach: EvalApproach; perception: Perception; isolation: SandboxIsolation; vlm: string | undefined; plannerBaseUrl: string | undefined }) {
  const { approach, perception, isolation, vlm, plannerBaseUrl } = options;
  if (approach.kind === "direct" && approach.vlm !== vlm) {
    throw new ViperError({
      code: "CONFIG_INVALID",
      message: `The queued run asks the VLM ${approach.vlm} directly (--direct), but this worker has ${vlm === undefined ? "no --vlm" : `--vlm ${vlm}`}; start workers for it with --vlm ${approach.vlm}.`,
      details: { option: "--vlm", wanted: approach.vlm, configured: vlm ?? null },
    });
  }
  if (approach.kind === "direct") return answererForApproach({ approach, perception });
  const { plannerBaseUrl: _fromJob, ...runApproach } = approach;
  const server = plannerBaseUrl === undefined || approach.planner === "rules" ? {} : { plannerBaseUrl };
  return answererForApproach({ approach: { ...runApproach, ...server }, perception, isolation });
}

/** Counts of what became of the jobs, for the progress lines. */
function createJobCounts() {
  const counts = new Map<WorkerJobEvent["outcome"], number>();
  const startedAt = performance.now();
  let lastDescribed = "";
  const describe = (): string => {
    const answered = counts.get("stored") ?? 0;
    const rate = (answered / Math.max((performance.now() - startedAt) / 1000, 1e-3)).toFixed(2);
    const others = [...counts].filter(([outcome]) => outcome !== "stored").map(([outcome, count]) => `${count} ${outcome}`);
    return `${answered} answered (${rate}/s)${others.length > 0 ? `, ${others.join(", ")}` : ""}`;
  };
  return {
    add: (event: WorkerJobEvent) => counts.set(event.outcome, (counts.get(event.outcome) ?? 0) + 1),
    describe,
    changed(): boolean {
      const now = [...counts].join();
      const changed = now !== lastDescribed;
      lastDescribed = now;
      return changed;
    },
  };
}
