import type { CliCommand, CliIo } from "./cli-io.ts";
import { describeCliError } from "./command-line.ts";

const USAGE = `viper — answer questions about images by writing and running programs

Usage:
  viper run <image> <program.ts> [--json] [--report <file.html>]   run a program on an image
  viper ask <image> "<question>" [--planner rules|<provider>:<model>] [--json] [--report <file.html>]
  viper eval <suite> [options] [--json <file>]                       evaluate on a dataset
  viper models list|pull|verify [name]                               manage model files

Common options: --models-dir <dir>  --device cpu|cuda|auto  --detector auto|yolox|owlv2|grounding-dino|pixels
                --vlm <provider>:<model>  --vlm-base-url <url>  --planner-base-url <url>
Run "viper <command> --help" for a command's options.`;

const COMMANDS: Record<string, () => Promise<CliCommand>> = {
  run: async () => (await import("./commands/run.ts")).runRunCommand,
  ask: async () => (await import("./commands/ask.ts")).runAskCommand,
  eval: async () => (await import("./commands/eval.ts")).runEvalCommand,
  models: async () => (await import("./commands/models.ts")).runModelsCommand,
};

/** Entry point of the `viper` command; returns the process exit code. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.stdout.write(`${USAGE}\n`);
    return name === undefined ? 2 : 0;
  }
  const load = COMMANDS[name];
  if (!load) {
    io.stderr.write(`viper: unknown command "${name}"; expected one of ${Object.keys(COMMANDS).join(", ")}.\n\n${USAGE}\n`);
    return 2;
  }
  // A single-image command will most likely analyse a plain scene: the pixel-analysis worker loads
  // OpenCV.js on another thread while the command's modules load (a photo run never waits for it).
  if (name === "run" || name === "ask") (await import("../mllm/pixels/analysis-worker/analysis-client.ts")).startPixelAnalysis();
  try {
    return await (await load())(rest, io);
  } catch (error) {
    io.stderr.write(`viper ${name}: ${describeCliError(error)}\n`);
    return 1;
  }
}

if (import.meta.main) {
  process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
}
