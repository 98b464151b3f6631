import type { CliCommand, CliIo } from "./cli-io.ts";
import { describeCliError } from "./command-line.ts";
import { startProcessIsolationEarly } from "./isolation-option.ts";

const USAGE = `viper — answer questions about images by writing and running programs

Usage:
  viper run <image> <program.ts> [--json] [--report <file.html>]   run a program on an image
  viper ask <image> "<question>" [--planner rules|<provider>:<model>] [--json] [--report <file.html>]
  viper eval <suite> [options] [--json <file>]                       evaluate on a dataset
  viper batch <images-folder|list> <program.ts> [--out <file>]       run a program on many images
  viper worker --queue redis://host:port[/db] [--concurrency <n>]    answer queued eval and batch jobs
  viper models list|pull|verify [name]                               manage model files
  viper calibrate <detector> [--out <file>]                          choose a detector's counting settings
  viper doctor [--json]                                              check this machine: Node, native modules, models, CUDA, servers
  viper serve [--host 127.0.0.1] [--port 8080] [--token <secret>]      HTTP API (+ streaming) until SIGTERM
  viper mcp [--image-root <folder>]                                  MCP server over stdio

Common options: --models-dir <dir>  --device cpu|cuda|auto  --detector auto|<model id>|<file.onnx>|owlv2|pixels,...
                --vlm <provider>:<model>  --vlm-base-url <url>  --planner-base-url <url>
Run "viper <command> --help" for a command's options.`;

const COMMANDS: Record<string, () => Promise<CliCommand>> = {
  run: async () => (await import("./commands/run.ts")).runRunCommand,
  ask: async () => (await import("./commands/ask.ts")).runAskCommand,
  eval: async () => (await import("./commands/eval.ts")).runEvalCommand,
  models: async () => (await import("./commands/models.ts")).runModelsCommand,
  calibrate: async () => (await import("./commands/calibrate.ts")).runCalibrateCommand,
  batch: async () => (await import("./commands/batch.ts")).runBatchCommand,
  worker: async () => (await import("./commands/worker.ts")).runWorkerCommand,
  doctor: async () => (await import("./commands/doctor.ts")).runDoctorCommand,
  serve: async () => (await import("./commands/serve.ts")).runServeCommand,
  mcp: async () => (await import("./commands/mcp.ts")).runMcpCommand,
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
  try {
    if (name === "run" || name === "ask") startProcessIsolationEarly(rest);
    return await (await load())(rest, io);
  } catch (error) {
    io.stderr.write(`viper ${name}: ${describeCliError(error)}\n`);
    return 1;
  }
}

if (import.meta.main) {
  process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
}
