import type { Detector, PerceptionBackends, TextImageScorer, TextModel, VisualQA, DepthEstimator } from "../mllm/capabilities.ts";
import { createPixelBackends, classifyScene } from "../mllm/pixels/index.ts";
import { createPhotoColorQA, createPhotoColorScorer } from "../mllm/photo-attributes/index.ts";
import { chatModelFromSpec, createChatTextModel, createServedVlm } from "../mllm/served/index.ts";
import {
  createClipScorer,
  createDepthEstimator,
  createGroundingDinoDetector,
  createOwlDetector,
  createTransformersVlm,
  type TransformersDevice,
} from "../mllm/transformers/index.ts";
import { createYoloxDetector } from "../mllm/yolox/index.ts";
import { ViperError } from "../errors/index.ts";

/** Photo detectors `--detector` can name; plain-background scenes always go to pixel analysis first. */
export const PHOTO_DETECTORS = ["yolox", "owlv2", "grounding-dino"] as const;

/** Options for {@link createPerception}; every model loads lazily, on first use. */
export interface PerceptionOptions {
  /** Folder of local model files; setting it turns downloads off. @defaultValue VIPER_MODELS_DIR, else the user cache */
  modelsDir?: string;
  /** @defaultValue "cpu" */
  device?: TransformersDevice;
  /**
   * Photo detectors in priority order, comma-separated: "yolox", "owlv2", "grounding-dino"; "pixels" for
   * none; "auto" for YOLOX (the 80 COCO classes).
   * @defaultValue "auto"
   */
  detector?: string;
  /** VLM for simple_query: "hf" or "hf:<hub id>" in-process, or a served "<provider>:<model>". @defaultValue none */
  vlm?: string;
  /** Server URL for a served VLM. */
  vlmBaseUrl?: string;
  /** Language model for llm_query, "<provider>:<model>". @defaultValue none */
  llm?: string;
  /** Server URL for the language model. */
  llmBaseUrl?: string;
  /** Depth model for compute_depth: "depth-anything" or "depth-anything:<hub id>". @defaultValue none */
  depth?: string;
  /** Text-image scorer for verify_property / best_text_match: "clip" or "clip:<hub id>". @defaultValue none */
  scorer?: string;
  /** Receives notices such as a CUDA fallback. @defaultValue ignored */
  onNotice?: (message: string) => void;
}

/** Perception back-ends plus `dispose()`, which frees every model that was loaded. */
export interface Perception extends PerceptionBackends {
  dispose(): Promise<void>;
}

/**
 * Builds the perception back-ends from options: pixel analysis for plain-background scenes, then the
 * chosen photo detectors, an optional VLM, scorer, depth model and language model, then colour analysis
 * of real crops. The first back-end that supports a request serves it (src/tools/perception-router.ts).
 */
export function createPerception(options: PerceptionOptions = {}): Perception {
  const shared = { modelsDir: options.modelsDir, device: options.device, onNotice: options.onNotice };
  const pixels = createPixelBackends();
  const detectors: Detector[] = [pixels.detector, ...photoDetectors(options.detector ?? "auto", shared)];
  const photoColor = { visualQA: createPhotoColorQA({ detector: detectors[1] }), scorer: createPhotoColorScorer() };
  const vlm = options.vlm === undefined ? undefined : createVlm(options.vlm, options.vlmBaseUrl, shared);
  const scorer = options.scorer === undefined ? undefined : createScorer(options.scorer, shared);
  const depth = options.depth === undefined ? undefined : createDepth(options.depth, shared);
  const textModel = options.llm === undefined ? undefined : createTextModel(options.llm, options.llmBaseUrl);
  const visualQA: VisualQA[] = [pixels.visualQA, ...(vlm ? [vlm] : []), photoColor.visualQA];
  const scorers: TextImageScorer[] = [pixels.scorer, ...(scorer ? [scorer] : []), photoColor.scorer];
  const all = [...detectors, ...visualQA, ...scorers, depth, textModel];
  return {
    classifyScene,
    detectors,
    visualQA,
    scorers,
    depth,
    textModel,
    async dispose() {
      await Promise.all(all.map((backend) => backend?.dispose?.()));
    },
  };
}

type SharedModelOptions = Pick<PerceptionOptions, "modelsDir" | "device" | "onNotice">;

function photoDetectors(spec: string, shared: SharedModelOptions): Detector[] {
  if (spec === "pixels") return [];
  const names = spec === "auto" ? ["yolox"] : spec.split(",").map((name) => name.trim());
  return names.map((name) => {
    switch (name) {
      case "yolox":
        return createYoloxDetector({ modelsDir: shared.modelsDir, device: shared.device, onNotice: shared.onNotice });
      case "owlv2":
        return createOwlDetector(shared);
      case "grounding-dino":
        return createGroundingDinoDetector(shared);
      default:
        throw new ViperError({
          code: "CONFIG_INVALID",
          message: `--detector "${spec}": unknown detector "${name}"; use auto, pixels, or a comma-separated list of ${PHOTO_DETECTORS.join(", ")}.`,
          details: { option: "--detector", value: spec },
        });
    }
  });
}

function createVlm(spec: string, baseUrl: string | undefined, shared: SharedModelOptions): VisualQA {
  if (spec === "hf") return createTransformersVlm(shared);
  if (spec.startsWith("hf:")) return createTransformersVlm({ ...shared, model: spec.slice(3) });
  return createServedVlm({ spec, baseUrl });
}

function createScorer(spec: string, shared: SharedModelOptions): TextImageScorer {
  const [, model] = splitSpec(spec, "--scorer", "clip");
  return createClipScorer(model === undefined ? shared : { ...shared, model });
}

function createDepth(spec: string, shared: SharedModelOptions): DepthEstimator {
  const [, model] = splitSpec(spec, "--depth", "depth-anything");
  return createDepthEstimator(model === undefined ? shared : { ...shared, model });
}

function createTextModel(spec: string, baseUrl: string | undefined): TextModel {
  const { chatModel, url } = chatModelFromSpec({ spec, baseUrl });
  return createChatTextModel({ chatModel, id: spec, url });
}

/** Splits "name" or "name:<hub id>" and checks the name. */
function splitSpec(spec: string, option: string, expected: string): [string, string | undefined] {
  const separator = spec.indexOf(":");
  const name = separator < 0 ? spec : spec.slice(0, separator);
  if (name !== expected) {
    throw new ViperError({ code: "CONFIG_INVALID", message: `${option} "${spec}": use "${expected}" or "${expected}:<hub model id>".`, details: { option, value: spec } });
  }
  return [name, separator < 0 ? undefined : spec.slice(separator + 1)];
}
