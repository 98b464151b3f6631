import { readFile } from "node:fs/promises";
import { jsonFailure, jsonFromRun } from "../../agent/json-result.ts";
import { describeCapabilities } from "../../agent/capabilities/capability-view.ts";
import { ViperError } from "../../errors/index.ts";
import type { RgbImage } from "../../mllm/rgb-image.ts";
import { createPerception, type Perception } from "../../tools/create-perception.ts";
import { loadImage } from "../../tools/image-io.ts";
import { runProgramOnImage } from "../../tools/run-program-on-image.ts";
import { writeFailedRunReport, writeRunReport } from "../../report/index.ts";
import type { TraceEntry } from "../../../sandbox/index.ts";
import type { CliIo } from "../cli-io.ts";
import { readCommandLine, writeUsageError } from "../command-line.ts";
import { formatAnswer } from "../format-answer.ts";
import { ISOLATION_HELP, ISOLATION_OPTIONS, isolationFrom } from "../isolation-option.ts";
import { writeJson, writeWarnings } from "../json-result.ts";
import { LIMIT_HELP, LIMIT_OPTIONS, policyFromOptions, withLimitFlags } from "../limit-options.ts";
import { PERCEPTION_HELP, PERCEPTION_OPTIONS, perceptionOptionsFrom } from "../perception-options.ts";
import { escapeJsonForTerminal } from "../terminal-text.ts";
import { writeReport } from "../report-option.ts";
import { startStillWorkingNotice } from "../still-working.ts";

const USAGE = `Usage: viper run <image> <program.ts> [--check] [--json] [--trace] [--report <file.html>] [options]

Runs a program (async function execute_command(image: ImagePatch): Promise<Answer>) on an image in the
sandbox, with no planner. Prints the answer (and, on stderr, a warning line for each reason to doubt it,
e.g. a find() that found nothing); --json prints {answer, program, trace, timings, warnings, error}.

  --check                         check the program before running it, as viper ask does: syntax, types,
                                  await mistakes, and calls this set-up cannot serve for this image
  --json                          print one JSON object instead of the answer (exit 0 answer, 1 error)
  --trace                         also print every perception call to stderr (on failure: the calls made so far)
  --report <file.html>            write an HTML report: boxes, crops, program lines, trace (docs/REPORT.md);
                                  its path is printed on stderr
${LIMIT_HELP}
${ISOLATION_HELP}
${PERCEPTION_HELP}`;

const OPTIONS = {
  check: { type: "boolean" },
  json: { type: "boolean" },
  trace: { type: "boolean" },
  report: { type: "string" },
  help: { type: "boolean", short: "h" },
  ...ISOLATION_OPTIONS,
  ...LIMIT_OPTIONS,
  ...PERCEPTION_OPTIONS,
} as const;

/** `viper run`: runs a program file on an image. Returns the exit code (0 answer, 1 error, 2 usage). */
export async function runRunCommand(argv: string[], io: CliIo): Promise<number> {
  const commandLine = readCommandLine(argv, io, { command: "run", usage: USAGE, options: OPTIONS });
  if (commandLine.exitCode !== undefined) return commandLine.exitCode;
  const { values, positionals } = commandLine.parsed;
  const [imagePath, programPath] = positionals;
  if (imagePath === undefined || programPath === undefined || positionals.length > 2) {
    return writeUsageError(io, { command: "run", problem: "expected an image and a program file", usage: USAGE });
  }
  let source: string | null = null;
  let perception: Perception | undefined;
  const notice = startStillWorkingNotice(io, { what: "running the program" });
  try {
    const policy = policyFromOptions(values);
    const isolation = isolationFrom(values.isolation);
    perception = await createPerception(perceptionOptionsFrom(values, io.stderr));
    source = await readProgram(programPath);
    const image = await loadImage(imagePath);
    if (values.check) await checkBeforeRun(source, perception, image);
    const run = await runProgramOnImage({ image, source, perception, policy, isolation });
    notice.stop();
    const reportError =
      values.report === undefined
        ? undefined
        : await writeReport(io, values.report, () => writeRunReport(values.report!, { image, program: source!, answer: run.answer, trace: run.trace, timings: run.timings, warnings: run.warnings }));
    if (values.json) {
      writeJson(io.stdout, { ...jsonFromRun(run, source), error: reportError ? jsonFailure(reportError, source).error : null });
    } else {
      io.stdout.write(`${formatAnswer(run.answer)}\n`);
      writeWarnings(io.stderr, run.warnings);
      if (values.trace) writeTrace(io, run.trace);
    }
    return reportError ? 1 : 0;
  } catch (caught) {
    notice.stop();
    const error = withLimitFlags(caught);
    if (values.report !== undefined) await writeFailedRunReport(values.report, { image: imagePath, program: source, error, warnings: io.stderr });
    if (values.json) {
      writeJson(io.stdout, jsonFailure(error, source));
      return 1;
    }
    // Human mode: the trace so far, then main() prints the error as `CODE: message` on stderr.
    if (values.trace && ViperError.isInstance(error) && Array.isArray(error.details.trace)) writeTrace(io, error.details.trace as TraceEntry[]);
    throw error;
  } finally {
    notice.stop();
    await perception?.dispose();
  }
}

function writeTrace(io: CliIo, trace: readonly TraceEntry[]): void {
  for (const entry of trace) io.stderr.write(`${escapeJsonForTerminal(JSON.stringify(entry))}\n`);
}

/** `--check`: the agent's checker and capability view; throws its typed error (PROGRAM_SYNTAX, PROGRAM_TYPE, NO_BACKEND). */
async function checkBeforeRun(source: string, perception: Perception, image: RgbImage): Promise<void> {
  // Loaded only with --check: the checker brings in TypeScript.
  const { sharedProgramChecker } = await import("../../agent/program-checker.ts");
  sharedProgramChecker().check(source, { capabilities: describeCapabilities({ perception, scene: perception.classifyScene(image) }) });
}

async function readProgram(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    throw new ViperError({ code: "CONFIG_INVALID", message: `Cannot read program file ${path}; check the path.`, details: { path }, cause: error });
  }
}
