import type { DepthEstimator, Detector, PerceptionBackends, TextImageScorer, TextModel, VisualQA } from "../mllm/capabilities.ts";
import { importNeeding, OPTIONAL_PACKAGES } from "../mllm/optional-packages.ts";
import { createPhotoColorQA, createPhotoColorScorer } from "../mllm/photo-attributes/index.ts";
import { classifyScene, createPixelBackends } from "../mllm/pixels/index.ts";
import type { TokenReduction } from "../mllm/transformers/token-reduction/token-reduction-mode.ts";
import type { TransformersDevice } from "../mllm/transformers/transformers-options.ts";
import { MODEL_REGISTRY } from "../mllm/model-store/index.ts";
import { createOnnxDetector, isModelPath, readLabelsFile } from "../mllm/onnx-detector/index.ts";
import { ViperError } from "../errors/index.ts";

/** The photo detector of `--detector auto` (and of `yolox`, its short name). */
const DEFAULT_DETECTOR = "yolox-nano";
/** Model-store ids that are detectors (they carry class names). */
const STORE_DETECTORS = MODEL_REGISTRY.filter((entry) => entry.classNames !== undefined).map((entry) => entry.id);
/** Open-vocabulary detectors `--detector` can name; plain-background scenes always go to pixel analysis first. */
const OPEN_VOCABULARY_DETECTORS = ["owlv2", "grounding-dino"] as const;

/** Options for {@link createPerception}; every model loads lazily, on first use. */
export interface PerceptionOptions {
  /** Folder of local model files; setting it turns downloads off. @defaultValue VIPER_MODELS_DIR, else the user cache */
  modelsDir?: string;
  /** @defaultValue "cpu" */
  device?: TransformersDevice;
  /**
   * Photo detectors in priority order, comma-separated: model-store ids ("yolox-nano", "yolox-s", ...;
   * "yolox" is yolox-nano), paths of ONNX detector files ("./best.onnx": YOLOX, Ultralytics or DETR-family
   * layouts), "owlv2", "grounding-dino"; "pixels" for none; "auto" for YOLOX-Nano (the 80 COCO classes).
   * @defaultValue "auto"
   */
  detector?: string;
  /**
   * A labels file (one class name per line, in output order) for the ONNX file in `detector` that carries
   * no class names. @defaultValue the file's own `names` metadata
   */
  labels?: string;
  /**
   * Score every photo detector requires, in [0, 1], instead of its calibrated threshold.
   * @defaultValue each model's calibrated threshold
   */
  minScore?: number;
  /** VLM for simple_query: "hf" or "hf:<hub id>" in-process, or a served "<provider>:<model>". @defaultValue none */
  vlm?: string;
  /** Server URL for a served VLM. */
  vlmBaseUrl?: string;
  /**
   * Visual tokens the in-process VLM (`vlm: "hf..."`) gives the language model per image: "all", or
   * LLaVA-PruMerge's reduction "prumerge" / "prumerge+" (docs/MODELS.md, "Visual-token reduction").
   * @defaultValue "all"
   */
  tokenReduction?: TokenReduction;
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
  /** The VLM that `vlm` configured (also in `visualQA`), for answering questions directly. */
  readonly vlm?: VisualQA;
  dispose(): Promise<void>;
}

/**
 * Builds the perception back-ends from options: pixel analysis for plain-background scenes, then the
 * chosen photo detectors, an optional VLM, scorer, depth model and language model, then colour analysis
 * of real crops. The first back-end that supports a request serves it (src/tools/perception-router.ts).
 * Libraries of optional back-ends (transformers.js, LangChain providers) are imported only when one is
 * configured, so the offline default starts fast.
 */
export async function createPerception(options: PerceptionOptions = {}): Promise<Perception> {
  const shared: SharedModelOptions = { modelsDir: options.modelsDir, device: options.device, onNotice: options.onNotice };
  const pixels = createPixelBackends();
  const detectors: Detector[] = [pixels.detector, ...(await photoDetectors(options, shared))];
  const vlm = await createVlm(options, shared);
  const scorer = options.scorer === undefined ? undefined : await createScorer(options.scorer, shared);
  const depth = options.depth === undefined ? undefined : await createDepth(options.depth, shared);
  const textModel = options.llm === undefined ? undefined : await createTextModel(options.llm, options.llmBaseUrl);
  const photoColor = { visualQA: createPhotoColorQA({ detector: detectors[1] }), scorer: createPhotoColorScorer() };
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
    vlm,
    async dispose() {
      await Promise.all(all.map((backend) => backend?.dispose?.()));
    },
  };
}

type SharedModelOptions = Pick<PerceptionOptions, "modelsDir" | "device" | "onNotice">;

async function photoDetectors(options: PerceptionOptions, shared: SharedModelOptions): Promise<Detector[]> {
  const spec = options.detector ?? "auto";
  if (spec === "pixels") return [];
  const names = spec === "auto" ? [DEFAULT_DETECTOR] : spec.split(",").map((name) => name.trim());
  const classNames = await labelsFor(options.labels, names);
  const { minScore } = options;
  const threshold = minScore === undefined ? {} : { scoreThreshold: minScore };
  const detectors: Detector[] = [];
  for (const name of names) {
    if (name === "yolox" || STORE_DETECTORS.includes(name) || isModelPath(name)) {
      const model = name === "yolox" ? DEFAULT_DETECTOR : name;
      detectors.push(await createOnnxDetector({ ...shared, model, minScore, classNames: isModelPath(name) ? classNames : undefined }));
    } else if (name === "owlv2") {
      detectors.push((await transformersBackends("--detector owlv2")).createOwlDetector({ ...shared, ...threshold }));
    } else if (name === "grounding-dino") {
      detectors.push((await transformersBackends("--detector grounding-dino")).createGroundingDinoDetector({ ...shared, ...threshold }));
    } else {
      throw new ViperError({
        code: "CONFIG_INVALID",
        message:
          `--detector "${spec}": unknown detector "${name}"; use auto, pixels, or a comma-separated list of model ids (yolox, ${STORE_DETECTORS.join(", ")}), ` +
          `${OPEN_VOCABULARY_DETECTORS.join(", ")}, or paths of .onnx detector files.`,
        details: { option: "--detector", value: spec },
      });
    }
  }
  return detectors;
}

// --labels names the classes of exactly one ONNX file: with two, nobody could tell which it belongs to.
async function labelsFor(labels: string | undefined, names: readonly string[]): Promise<readonly string[] | undefined> {
  if (labels === undefined) return undefined;
  const files = names.filter((name) => isModelPath(name));
  if (files.length !== 1) {
    throw new ViperError({
      code: "CONFIG_INVALID",
      message: `--labels names the classes of one ONNX detector file, but --detector lists ${files.length === 0 ? "none" : `${files.length} (${files.join(", ")})`}; give --detector exactly one .onnx path.`,
      details: { option: "--labels", files },
    });
  }
  return readLabelsFile(labels);
}

async function createVlm({ vlm: spec, vlmBaseUrl, tokenReduction = "all" }: PerceptionOptions, shared: SharedModelOptions): Promise<VisualQA | undefined> {
  const inProcess = spec === "hf" || spec?.startsWith("hf:") === true;
  if (tokenReduction !== "all" && !inProcess) {
    throw new ViperError({
      code: "CONFIG_INVALID",
      message: `Visual-token reduction (--vlm-tokens / tokenReduction "${tokenReduction}") works in the in-process VLM only; ${spec === undefined ? "add --vlm hf[:<hub id>]" : `${spec} is served, so use --vlm-tokens all with it`}.`,
      details: { option: "tokenReduction", value: tokenReduction, vlm: spec ?? null },
    });
  }
  if (spec === undefined) return undefined;
  if (inProcess) {
    const { createTransformersVlm } = await transformersBackends(`--vlm ${spec}`);
    return createTransformersVlm({ ...shared, tokenReduction, ...(spec === "hf" ? {} : { model: spec.slice(3) }) });
  }
  const { createServedVlm } = await import("../mllm/served/index.ts");
  return createServedVlm({ spec, baseUrl: vlmBaseUrl });
}

async function createScorer(spec: string, shared: SharedModelOptions): Promise<TextImageScorer> {
  const model = hubIdOf(spec, "--scorer", "clip");
  const { createClipScorer } = await transformersBackends(`--scorer ${spec}`);
  return createClipScorer(model === undefined ? shared : { ...shared, model });
}

async function createDepth(spec: string, shared: SharedModelOptions): Promise<DepthEstimator> {
  const model = hubIdOf(spec, "--depth", "depth-anything");
  const { createDepthEstimator } = await transformersBackends(`--depth ${spec}`);
  return createDepthEstimator(model === undefined ? shared : { ...shared, model });
}

async function createTextModel(spec: string, baseUrl: string | undefined): Promise<TextModel> {
  const { chatModelFromSpec, createChatTextModel } = await import("../mllm/served/index.ts");
  const { chatModel, url } = chatModelFromSpec({ spec, baseUrl });
  return createChatTextModel({ chatModel, id: spec, url });
}

/** The transformers.js back-ends, or PACKAGE_MISSING saying how to add @huggingface/transformers (an optional peer). */
function transformersBackends(wanted: string): Promise<typeof import("../mllm/transformers/index.ts")> {
  return importNeeding(OPTIONAL_PACKAGES.transformers, wanted, () => import("../mllm/transformers/index.ts"));
}

/** The hub id of "name:<hub id>" (undefined for plain "name"), after checking the name. */
function hubIdOf(spec: string, option: string, expected: string): string | undefined {
  const separator = spec.indexOf(":");
  const name = separator < 0 ? spec : spec.slice(0, separator);
  if (name !== expected) {
    throw new ViperError({ code: "CONFIG_INVALID", message: `${option} "${spec}": use "${expected}" or "${expected}:<hub model id>".`, details: { option, value: spec } });
  }
  return separator < 0 ? undefined : spec.slice(separator + 1);
}
