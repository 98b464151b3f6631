import { createAgent } from "../../agent/agent.ts";
import { jsonFailure, jsonFromAsk } from "../../agent/json-result.ts";
import { describeCapabilities } from "../../agent/capabilities/capability-view.ts";
import { createPerception, type Perception } from "../../tools/create-perception.ts";
import { loadImage } from "../../tools/image-io.ts";
import { writeFailedRunReport, writeRunReport } from "../../report/index.ts";
import type { CliIo } from "../cli-io.ts";
import { readCommandLine, wholeNumberOption, writeUsageError } from "../command-line.ts";
import { formatAnswer } from "../format-answer.ts";
import { ISOLATION_HELP, ISOLATION_OPTIONS, isolationFrom } from "../isolation-option.ts";
import { writeJson, writeWarnings } from "../json-result.ts";
import { attemptsWithLimitFlags, LIMIT_HELP, LIMIT_OPTIONS, policyFromOptions, withLimitFlags } from "../limit-options.ts";
import { PERCEPTION_HELP, PERCEPTION_OPTIONS, perceptionOptionsFrom } from "../perception-options.ts";
import { writeReport } from "../report-option.ts";
import { startStillWorkingNotice } from "../still-working.ts";
import { PLANNER_HELP, plannerFromOptions } from "../planner-option.ts";

const USAGE = `Usage: viper ask <image> "<question>" [--planner rules|<provider>:<model>] [--planner-base-url <url>]
                 [--max-repairs <n>] [--json] [--report <file.html>] [--print-prompt] [options]

Answers a question about an image: a planner writes a program against the ImagePatch API, the program is
type-checked, run in the sandbox and repaired when it fails. Prints the answer (and, on stderr, a warning
line for each reason to doubt it); --json prints {answer, program, trace, timings, warnings, attempts,
fallback, error}.

${PLANNER_HELP}
  --max-repairs <n>               repairs after the first attempt (default 2)
  --json                          print one JSON object instead of the answer (exit 0 answer, 1 error)
  --report <file.html>            write an HTML report: boxes, crops, program lines, trace (docs/REPORT.md);
                                  its path is printed on stderr
  --print-prompt                  print the prompt a language-model planner sends for this image and
                                  set-up (members with no back-end left out), and exit
${ISOLATION_HELP}
${LIMIT_HELP}
${PERCEPTION_HELP}`;

const OPTIONS = {
  planner: { type: "string" },
  "planner-base-url": { type: "string" },
  "max-repairs": { type: "string" },
  json: { type: "boolean" },
  report: { type: "string" },
  "print-prompt": { type: "boolean" },
  help: { type: "boolean", short: "h" },
  ...ISOLATION_OPTIONS,
  ...LIMIT_OPTIONS,
  ...PERCEPTION_OPTIONS,
} as const;

/** `viper ask`: answers a question about an image. Returns the exit code (0 answer, 1 error, 2 usage). */
export async function runAskCommand(argv: string[], io: CliIo): Promise<number> {
  const commandLine = readCommandLine(argv, io, { command: "ask", usage: USAGE, options: OPTIONS });
  if (commandLine.exitCode !== undefined) return commandLine.exitCode;
  const { values, positionals } = commandLine.parsed;
  const [imagePath, question] = positionals;
  if (imagePath === undefined || question === undefined || positionals.length > 2) {
    return writeUsageError(io, { command: "ask", problem: "expected an image and a question", usage: USAGE });
  }
  let perception: Perception | undefined;
  const notice = startStillWorkingNotice(io, { what: "planning and running" });
  try {
    if (values["print-prompt"]) {
      perception = await createPerception(perceptionOptionsFrom(values, io.stderr));
      const image = await loadImage(imagePath);
      const capabilities = describeCapabilities({ perception, scene: perception.classifyScene(image) });
      // The prompt module parses the declaration with TypeScript: loaded only when a prompt is printed.
      const { buildPlannerPrompt, formatPromptForDisplay } = await import("../../agent/prompt.ts");
      io.stdout.write(formatPromptForDisplay(buildPlannerPrompt({ question, capabilities })));
      return 0;
    }
    const planner = plannerFromOptions({ planner: values.planner, plannerBaseUrl: values["planner-base-url"] });
    const maxRepairs = wholeNumberOption({ option: "--max-repairs", value: values["max-repairs"], minimum: 0 });
    const policy = policyFromOptions(values);
    const isolation = isolationFrom(values.isolation);
    perception = await createPerception(perceptionOptionsFrom(values, io.stderr));
    const agent = createAgent({ planner, perception, maxRepairs, policy, isolation });
    const result = await agent.ask(imagePath, question);
    notice.stop();
    const reportError = values.report === undefined ? undefined : await writeReport(io, values.report, () => writeRunReport(values.report!, { image: imagePath, question, ...result }));
    if (values.json) {
      const error = reportError ? jsonFailure(reportError, result.program).error : null;
      writeJson(io.stdout, { ...jsonFromAsk(result), attempts: attemptsWithLimitFlags(result.attempts), error });
    } else {
      io.stdout.write(`${formatAnswer(result.answer)}\n`);
      writeWarnings(io.stderr, result.warnings);
      if (result.fallback) io.stderr.write("(no program worked; answered by asking the visual question-answering model directly)\n");
    }
    return reportError ? 1 : 0;
  } catch (caught) {
    notice.stop();
    const error = withLimitFlags(caught);
    if (values.report !== undefined) await writeFailedRunReport(values.report, { image: imagePath, question, error, warnings: io.stderr });
    // Human mode: main() prints the error as `CODE: message` on stderr.
    if (!values.json) throw error;
    writeJson(io.stdout, jsonFailure(error));
    return 1;
  } finally {
    notice.stop();
    await perception?.dispose();
  }
}
