import { existsSync } from "node:fs";
import { join } from "node:path";
import { YOLOX_NANO } from "../../mllm/model-store/index.ts";
import { OPTIONAL_PACKAGES } from "../../mllm/optional-packages.ts";
import type { CliIo } from "../cli-io.ts";
import { readCommandLine, writeUsageError } from "../command-line.ts";
import { formatCheck, runCheck, type DoctorCheck } from "../doctor/doctor-check.ts";
import { checkChromium, checkCuda, checkServer } from "../doctor/environment-checks.ts";
import { checkModels, modelsFolder } from "../doctor/model-checks.ts";
import { checkIsolatedVm, checkNode, checkOnnxRuntime, checkOptionalPackage, checkSharp } from "../doctor/runtime-checks.ts";

/** The Node versions viper-ts supports (package.json `engines`; a test keeps them equal). */
export const REQUIRED_NODE = ">=22.18.0";

const USAGE = `Usage: viper doctor [--json] [--models-dir <folder>] [--device cpu|cuda|auto]
                    [--planner-base-url <url>] [--vlm-base-url <url>] [--llm-base-url <url>]

Checks that this machine can run viper-ts, one line each: the Node version, the native modules
(isolated-vm, sharp, ONNX Runtime), the optional packages, the model files (present and verified), CUDA,
Chromium (for the report's browser tests) and the configured servers. A line starts with ok, note
(optional or not configured: says how to add it) or fail; any fail makes the exit code 1.

  --json                          print {ok, checks: [{name, status, detail}]} instead
  --models-dir <folder>           the models folder to check (default VIPER_MODELS_DIR, else the user cache)
  --device cuda                   CUDA is required: its absence is a failure, not a note
  --planner-base-url <url>        check that the planner's server answers (likewise the next two)
  --vlm-base-url <url>
  --llm-base-url <url>`;

const OPTIONS = {
  json: { type: "boolean" },
  "models-dir": { type: "string" },
  device: { type: "string" },
  "planner-base-url": { type: "string" },
  "vlm-base-url": { type: "string" },
  "llm-base-url": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/** `viper doctor`: checks the machine, one line each. Returns the exit code (0 all usable, 1 a failure, 2 usage). */
export async function runDoctorCommand(argv: string[], io: CliIo): Promise<number> {
  const commandLine = readCommandLine(argv, io, { command: "doctor", usage: USAGE, options: OPTIONS });
  if (commandLine.exitCode !== undefined) return commandLine.exitCode;
  const { values, positionals } = commandLine.parsed;
  if (positionals.length > 0) return writeUsageError(io, { command: "doctor", problem: `unexpected argument "${positionals[0]}"`, usage: USAGE });
  const device = values.device ?? "cpu";
  if (!["cpu", "cuda", "auto"].includes(device)) return writeUsageError(io, { command: "doctor", problem: `--device must be one of cpu, cuda, auto; got "${device}"`, usage: USAGE });
  const modelsDir = values["models-dir"];
  const defaultModel = join(modelsFolder(modelsDir).folder, YOLOX_NANO.fileName);

  const checks: DoctorCheck[] = [
    await runCheck("node", () => checkNode(REQUIRED_NODE)),
    await runCheck("isolated-vm", checkIsolatedVm),
    await runCheck("sharp", checkSharp),
    await runCheck("onnx runtime", checkOnnxRuntime),
    await runCheck(OPTIONAL_PACKAGES.onnxruntimeNode.name, () => checkOptionalPackage(OPTIONAL_PACKAGES.onnxruntimeNode)),
    await runCheck(OPTIONAL_PACKAGES.transformers.name, () => checkOptionalPackage(OPTIONAL_PACKAGES.transformers)),
    ...(await checkModels(modelsDir)),
    await runCheck("cuda", () => checkCuda({ required: device === "cuda", modelPath: existsOrUndefined(defaultModel) })),
    await runCheck("chromium", checkChromium),
  ];
  for (const [option, name] of [["planner-base-url", "planner server"], ["vlm-base-url", "vlm server"], ["llm-base-url", "llm server"]] as const) {
    const url = values[option];
    if (url !== undefined) checks.push(await runCheck(name, () => checkServer(url)));
  }

  const ok = checks.every((check) => check.status !== "fail");
  if (values.json) io.stdout.write(`${JSON.stringify({ ok, checks })}\n`);
  else for (const check of checks) io.stdout.write(`${formatCheck(check)}\n`);
  return ok ? 0 : 1;
}

function existsOrUndefined(path: string): string | undefined {
  return existsSync(path) ? path : undefined;
}
