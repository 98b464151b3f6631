import { pipeline, type ZeroShotObjectDetectionPipeline } from "@huggingface/transformers";
import { nonMaximumSuppression } from "../box-geometry.ts";
import type { Detection, Detector } from "../capabilities.ts";
import type { RgbImage } from "../rgb-image.ts";
import { lazyModel } from "./lazy-model.ts";
import { loadPretrained } from "./load-pretrained.ts";
import { toRawImage } from "./raw-image.ts";
import type { TransformersModelOptions } from "./transformers-options.ts";

/** The default OWLv2 checkpoint (about 600 MB in fp32). */
export const DEFAULT_OWLV2_MODEL = "Xenova/owlv2-base-patch16-ensemble";
/** The default Grounding DINO checkpoint (about 700 MB in fp32). */
export const DEFAULT_GROUNDING_DINO_MODEL = "onnx-community/grounding-dino-tiny-ONNX";

/** Options for {@link createOwlDetector} and {@link createGroundingDinoDetector}. */
export interface OpenVocabularyDetectorOptions extends Partial<TransformersModelOptions> {
  /** @defaultValue {@link DEFAULT_OWLV2_MODEL} or {@link DEFAULT_GROUNDING_DINO_MODEL} */
  readonly model?: string;
  /**
   * Lowest confidence kept, in [0, 1].
   * @defaultValue 0.1 for OWL, 0.3 for Grounding DINO
   */
  readonly scoreThreshold?: number;
  /**
   * Boxes of the same label overlapping more than this IoU are merged (the best one is kept).
   * @defaultValue 0.5
   */
  readonly iouThreshold?: number;
}

/** OWLv2 / OWL-ViT: finds any named object in a photo. Detector id "owlv2". */
export function createOwlDetector(options: OpenVocabularyDetectorOptions = {}): Detector {
  return createOpenVocabularyDetector("owlv2", { model: DEFAULT_OWLV2_MODEL, scoreThreshold: 0.1, ...options }, (label) => label);
}

/** Grounding DINO: finds any named object in a photo. Detector id "grounding-dino". */
export function createGroundingDinoDetector(options: OpenVocabularyDetectorOptions = {}): Detector {
  // Grounding DINO was trained on lower-case phrases ending in a period.
  const prompt = (label: string) => `${label.trim().toLowerCase().replace(/\.$/, "")}.`;
  return createOpenVocabularyDetector("grounding-dino", { model: DEFAULT_GROUNDING_DINO_MODEL, scoreThreshold: 0.3, ...options }, prompt);
}

function createOpenVocabularyDetector(
  id: string,
  options: OpenVocabularyDetectorOptions & { model: string; scoreThreshold: number },
  prompt: (label: string) => string,
): Detector {
  const { scoreThreshold, iouThreshold = 0.5 } = options;
  const model = lazyModel(
    async () =>
      (await loadPretrained(options, ({ modelId, device, dtype }) =>
        pipeline("zero-shot-object-detection", modelId, { device, dtype }) as Promise<ZeroShotObjectDetectionPipeline>,
      )).value,
    (detector) => detector.dispose(),
  );
  return {
    specificationVersion: "v1",
    id,
    vocabulary: "open",
    scenes: ["photo"],
    scoreThreshold,
    supports: (label, context) => context.scene === "photo" && label.trim().length > 0,
    async detect(image: RgbImage, label: string): Promise<Detection[]> {
      const detector = await model.get();
      // percentage: boxes come back normalised to the image, so they keep sub-pixel precision here.
      const found = (await detector(toRawImage(image), [prompt(label)], { threshold: scoreThreshold, percentage: true })) as {
        score: number;
        box: { xmin: number; ymin: number; xmax: number; ymax: number };
      }[];
      const detections = found.map(({ score, box }) => ({
        label,
        score,
        box: {
          x0: clamp(box.xmin * image.width, image.width),
          y0: clamp(box.ymin * image.height, image.height),
          x1: clamp(box.xmax * image.width, image.width),
          y1: clamp(box.ymax * image.height, image.height),
        },
      }));
      return nonMaximumSuppression(detections.filter(({ box }) => box.x1 > box.x0 && box.y1 > box.y0), { iouThreshold });
    },
    dispose: () => model.dispose(),
  };
}

function clamp(value: number, high: number): number {
  return Math.min(Math.max(value, 0), high);
}
