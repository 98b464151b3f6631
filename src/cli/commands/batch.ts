import { readFile } from "node:fs/promises";
import type { SandboxPolicy } from "../../../sandbox/index.ts";
import { basename, extname, join } from "node:path";
import { listBatchImages, runBatchToFile, createLocalBatchRunner, type BatchRecord, type BatchRun, type BatchRunner } from "../../batch/index.ts";
import { ViperError } from "../../errors/index.ts";
import { createProgressReporter, type ProgressReporter } from "../../eval/progress-reporter.ts";
import { batchRunId, createQueueBatchRunner, openRedisLink } from "../../queue/index.ts";
import { createPerception } from "../../tools/create-perception.ts";
import type { CliIo } from "../cli-io.ts";
import { readCommandLine, wholeNumberOption, writeUsageError } from "../command-line.ts";
import { listenForInterrupt } from "../interrupt.ts";
import { ISOLATION_HELP, ISOLATION_OPTIONS, isolationFrom } from "../isolation-option.ts";
import { LIMIT_HELP, LIMIT_OPTIONS, policyFromOptions, withLimitFlags } from "../limit-options.ts";
import { PERCEPTION_HELP, PERCEPTION_OPTIONS, perceptionOptionsFrom } from "../perception-options.ts";
import { QUEUE_HELP, QUEUE_OPTIONS, queueOptionsFrom, requireQueueFor } from "../queue-options.ts";

const USAGE = `Usage: viper batch <images-folder|list.txt> <program.ts> [options]

Runs one program (async function execute_command(image: ImagePatch): Promise<Answer>) on every picture of
a folder (sub-folders included) or of a list file (one path a line, relative to the list; # comments),
and writes one JSON line per picture: {"image", "answer", "error", "timings", "warnings"}. Records are
appended as pictures finish; running the same command again continues where it stopped.

  --out <file.jsonl>              results file (default batch-results/<program name>.jsonl)
  --concurrency <n>               pictures run at once (default 2; with --queue each worker sets its own)
  --fresh                         discard earlier results instead of continuing them
${LIMIT_HELP}
${ISOLATION_HELP}
${PERCEPTION_HELP}
${QUEUE_HELP}
  With --queue, viper worker processes run the program with their own perception options (this command
  then takes none).`;

const OPTIONS = {
  help: { type: "boolean", short: "h" },
  out: { type: "string" },
  concurrency: { type: "string" },
  fresh: { type: "boolean" },
  ...LIMIT_OPTIONS,
  ...ISOLATION_OPTIONS,
  ...PERCEPTION_OPTIONS,
  ...QUEUE_OPTIONS,
} as const;

/** `viper batch`: runs a program over many pictures. Returns the exit code (0 done, 1 error, 2 usage, 130 interrupted). */
export async function runBatchCommand(argv: string[], io: CliIo): Promise<number> {
  const commandLine = readCommandLine(argv, io, { command: "batch", usage: USAGE, options: OPTIONS });
  if (commandLine.exitCode !== undefined) return commandLine.exitCode;
  const { values, positionals } = commandLine.parsed;
  const [input, programPath, extra] = positionals;
  if (input === undefined || programPath === undefined) return writeUsageError(io, { command: "batch", problem: "expected an images folder (or list) and a program file", usage: USAGE });
  if (extra !== undefined) return writeUsageError(io, { command: "batch", problem: `unexpected argument "${extra}"`, usage: USAGE });
  const source = await readFile(programPath, "utf8").catch((error: unknown) => {
    throw new ViperError({ code: "BATCH_INPUT", message: `Cannot read program file ${programPath}; check the path.`, details: { path: programPath }, cause: error });
  });
  const images = await listBatchImages(input);
  const resultsPath = values.out ?? join("batch-results", `${basename(programPath, extname(programPath))}.jsonl`);
  const concurrency = wholeNumberOption({ option: "--concurrency", value: values.concurrency, minimum: 1 });
  const policy = policyFromOptions(values);
  const { runner, dispose } =
    values.queue === undefined
      ? await localRunner({ values, source, policy, concurrency, stderr: io.stderr })
      : await queueRunner({ values, source, policy, images: images.source, resultsPath, stderr: io.stderr });
  const controller = new AbortController();
  const stopListening = listenForInterrupt({ stderr: io.stderr, message: "Interrupted: finishing the results file", stop: () => controller.abort() });
  let progress: ProgressReporter | undefined;
  try {
    const run = await runBatchToFile({
      images,
      source,
      runner,
      resultsPath,
      fresh: values.fresh === true,
      signal: controller.signal,
      onStart: (start) => {
        const interactive = (io.stderr as { isTTY?: boolean }).isTTY === true;
        progress = createProgressReporter({ ...start, alreadyCorrect: start.alreadyAnswered, stream: io.stderr, interactive, label: "batch", shareName: "answered", itemName: "images" });
      },
      onRecord: (record) => progress?.update({ correct: record.error === null }),
    });
    progress?.stop();
    io.stdout.write(`${describeRun(run, images.images.length)}\nresults: ${resultsPath}\n`);
    if (!run.interrupted) return 0;
    const queued = values.queue === undefined ? "" : " Queued pictures stay queued: workers go on with them, and the next run collects their records.";
    io.stderr.write(`Stopped with ${run.records.length} of ${images.images.length} pictures recorded in ${resultsPath}. Run the same command again to continue.${queued}\n`);
    return 130;
  } finally {
    progress?.stop();
    stopListening();
    await dispose();
  }
}

/** The pictures run in this process with this command's perception. */
async function localRunner(options: {
  values: Record<string, unknown>;
  source: string;
  policy: Partial<SandboxPolicy>;
  concurrency: number | undefined;
  stderr: NodeJS.WritableStream;
}): Promise<{ runner: BatchRunner; dispose: () => Promise<void> }> {
  const { values, source, policy, concurrency, stderr } = options;
  requireQueueFor(values);
  const isolation = isolationFrom(typeof values.isolation === "string" ? values.isolation : undefined, concurrency ?? 2);
  const perception = await createPerception(perceptionOptionsFrom(values, stderr));
  return { runner: createLocalBatchRunner({ source, perception, concurrency, policy, isolation, mapError: withLimitFlags }), dispose: () => perception.dispose() };
}

/** The pictures run by `viper worker`s through the --queue (docs/SCALING.md). */
async function queueRunner(options: {
  values: Record<string, unknown>;
  source: string;
  policy: Partial<SandboxPolicy>;
  images: string;
  resultsPath: string;
  stderr: NodeJS.WritableStream;
}): Promise<{ runner: BatchRunner; dispose: () => Promise<void> }> {
  const { values, source, policy, images, resultsPath, stderr } = options;
  const workersOnly = [...Object.keys(PERCEPTION_OPTIONS), "concurrency", "isolation"].find((name) => values[name] !== undefined);
  if (workersOnly !== undefined) {
    throw new ViperError({
      code: "CONFIG_INVALID",
      message: `--${workersOnly} is a worker's option with --queue: each viper worker runs the program with its own settings (viper worker --queue ... --${workersOnly} ...).`,
      details: { option: `--${workersOnly}` },
    });
  }
  const { url, dataRoot, timeoutMs } = queueOptionsFrom(values);
  const link = await openRedisLink({ url: url!, timeoutMs });
  const runner = createQueueBatchRunner({
    link,
    runId: batchRunId({ images, program: source, resultsPath }),
    source,
    policy,
    dataRoot,
    fresh: values.fresh === true,
    onNotice: (message) => stderr.write(`${message}\n`),
  });
  return { runner, dispose: () => link.close() };
}

/** "12 of 12 pictures recorded: 11 answered, 1 error (PROGRAM_RUNTIME 1)". */
function describeRun(run: BatchRun, total: number): string {
  const errors = run.records.filter((record: BatchRecord) => record.error !== null);
  const byCode = new Map<string, number>();
  for (const record of errors) byCode.set(record.error!.code, (byCode.get(record.error!.code) ?? 0) + 1);
  const codes = byCode.size === 0 ? "" : ` (${[...byCode].map(([code, count]) => `${code} ${count}`).join(", ")})`;
  return `batch: ${run.records.length} of ${total} pictures recorded: ${run.records.length - errors.length} answered, ${errors.length} error${errors.length === 1 ? "" : "s"}${codes}.`;
}
