import { ViperError } from "../errors/index.ts";
import { TOKEN_REDUCTIONS } from "../mllm/transformers/token-reduction/token-reduction-mode.ts";
import type { PerceptionOptions } from "../tools/create-perception.ts";

/** parseArgs definitions of the options every command that looks at images accepts. */
export const PERCEPTION_OPTIONS = {
  "models-dir": { type: "string" },
  device: { type: "string" },
  detector: { type: "string" },
  labels: { type: "string" },
  "min-score": { type: "string" },
  vlm: { type: "string" },
  "vlm-base-url": { type: "string" },
  "vlm-tokens": { type: "string" },
  llm: { type: "string" },
  "llm-base-url": { type: "string" },
  depth: { type: "string" },
  scorer: { type: "string" },
} as const;

/** Help lines for {@link PERCEPTION_OPTIONS}, the same in every command's usage. */
export const PERCEPTION_HELP = `Perception options:
  --models-dir <folder>           local model files; turns downloads off (default VIPER_MODELS_DIR, else the user cache)
  --device cpu|cuda|auto          where in-process models run (default cpu)
  --detector <list>               auto (YOLOX-Nano, default), pixels, or a comma-separated priority list of model
                                  ids (yolox, yolox-tiny|s|m|l|x), paths of .onnx detectors (YOLOX, Ultralytics,
                                  DETR-family layouts), owlv2, grounding-dino
  --labels <file>                 class names (one per line) for an .onnx detector without "names" metadata
  --min-score <0..1>              score photo detectors require (default: each model's calibrated threshold)
  --vlm <provider>:<model>        VLM for simple_query: hf[:<hub id>] in-process, or served, e.g. ollama:llava
  --vlm-base-url <url>            server of a served VLM
  --vlm-tokens <mode>             in-process VLM's visual tokens per image: all (default), prumerge, prumerge+
  --llm <provider>:<model>        language model for llm_query
  --llm-base-url <url>            server of the language model
  --depth depth-anything[:<id>]   depth model for compute_depth
  --scorer clip[:<id>]            text-image scorer for verify_property and best_text_match`;

const DEVICES = ["cpu", "cuda", "auto"] as const;

/**
 * Turns parsed command-line values into perception options, rejecting unknown choices by name. Notices
 * (e.g. `--device auto` falling back to the CPU) go to `stderr`, one line each.
 */
export function perceptionOptionsFrom(values: Record<string, unknown>, stderr: NodeJS.WritableStream = process.stderr): PerceptionOptions {
  const text = (name: string): string | undefined => (typeof values[name] === "string" ? (values[name] as string) : undefined);
  return {
    modelsDir: text("models-dir"),
    device: oneOf("--device", text("device"), DEVICES),
    detector: text("detector"),
    labels: text("labels"),
    minScore: fractionOption("--min-score", text("min-score")),
    vlm: text("vlm"),
    vlmBaseUrl: text("vlm-base-url"),
    tokenReduction: oneOf("--vlm-tokens", text("vlm-tokens"), TOKEN_REDUCTIONS),
    llm: text("llm"),
    llmBaseUrl: text("llm-base-url"),
    depth: text("depth"),
    scorer: text("scorer"),
    onNotice: (message) => stderr.write(`viper: ${message}\n`),
  };
}

function fractionOption(option: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (value.trim() === "" || !(parsed >= 0 && parsed <= 1)) {
    throw new ViperError({ code: "CONFIG_INVALID", message: `${option} must be a number from 0 to 1; got "${value}".`, details: { option, value } });
  }
  return parsed;
}

function oneOf<T extends string>(option: string, value: string | undefined, choices: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new ViperError({ code: "CONFIG_INVALID", message: `${option} must be one of ${choices.join(", ")}; got "${value}".`, details: { option, value } });
}
