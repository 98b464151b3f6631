import { ViperError } from "../errors/index.ts";
import { TOKEN_REDUCTIONS } from "../mllm/transformers/token-reduction/token-reduction-mode.ts";
import type { PerceptionOptions } from "../tools/create-perception.ts";

/** parseArgs definitions of the options every command that looks at images accepts. */
export const PERCEPTION_OPTIONS = {
  "models-dir": { type: "string" },
  device: { type: "string" },
  detector: { type: "string" },
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
  --detector <list>               auto (YOLOX, default), pixels, or a comma-separated list of yolox, owlv2, grounding-dino
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

function oneOf<T extends string>(option: string, value: string | undefined, choices: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new ViperError({ code: "CONFIG_INVALID", message: `${option} must be one of ${choices.join(", ")}; got "${value}".`, details: { option, value } });
}
