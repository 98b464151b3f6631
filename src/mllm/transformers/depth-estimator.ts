import { pipeline, type DepthEstimationPipeline } from "@huggingface/transformers";
import type { DepthEstimator, DepthMap, PerceptionContext } from "../capabilities.ts";
import type { RgbImage } from "../rgb-image.ts";
import { lazyModel } from "./lazy-model.ts";
import { loadPretrained } from "./load-pretrained.ts";
import { toRawImage } from "./raw-image.ts";
import type { TransformersModelOptions } from "./transformers-options.ts";

/** The default depth model: Depth Anything V2 Small (about 100 MB in fp32). */
export const DEFAULT_DEPTH_MODEL = "onnx-community/depth-anything-v2-small";

/** Options for {@link createDepthEstimator}. */
export interface DepthEstimatorOptions extends Partial<TransformersModelOptions> {
  /** @defaultValue {@link DEFAULT_DEPTH_MODEL} */
  readonly model?: string;
}

const CACHE_KEY = "depth-anything:depth-map";

/**
 * Depth through transformers.js's depth-estimation pipeline (Depth Anything V1/V2, DPT). Relative Depth
 * Anything models predict inverse depth (disparity: larger = NEARER); this back-end rescales it to [0, 1]
 * and flips it, so 0 is the nearest pixel of the image and 1 the farthest ("larger = farther", as
 * compute_depth promises). Metric models (`depth_estimation_type: "metric"`) already give metres and are
 * passed through. The map is computed once per image: per image object, and in `context.cache` when given.
 */
export function createDepthEstimator(options: DepthEstimatorOptions = {}): DepthEstimator {
  const settings = { ...options, model: options.model ?? DEFAULT_DEPTH_MODEL };
  const model = lazyModel(
    async () => (await loadPretrained(settings, ({ modelId, device, dtype }) => pipeline("depth-estimation", modelId, { device, dtype }) as Promise<DepthEstimationPipeline>)).value,
    (estimator) => estimator.dispose(),
  );
  const maps = new WeakMap<RgbImage, Promise<DepthMap>>();

  async function estimate(image: RgbImage): Promise<DepthMap> {
    const estimator = await model.get();
    const output = await estimator(toRawImage(image));
    const prediction = (Array.isArray(output) ? output[0] : output)?.predicted_depth;
    if (prediction === undefined) throw new Error("the depth pipeline returned no predicted_depth");
    const [height = 0, width = 0] = prediction.dims;
    const values = Float32Array.from(prediction.data as Float32Array);
    const isMetric = (estimator.model.config as { depth_estimation_type?: string }).depth_estimation_type === "metric";
    return { width, height, data: isMetric ? values : disparityToDepth(values) };
  }

  return {
    specificationVersion: "v1",
    id: "depth-anything",
    depth(image: RgbImage, context?: PerceptionContext): Promise<DepthMap> {
      const cached = (context?.original === image ? context.cache.get(CACHE_KEY) : undefined) ?? maps.get(image);
      if (cached !== undefined) return cached as Promise<DepthMap>;
      const pending = estimate(image);
      maps.set(image, pending);
      if (context?.original === image) context.cache.set(CACHE_KEY, pending);
      pending.catch(() => maps.delete(image));
      return pending;
    },
    dispose: () => model.dispose(),
  };
}

/** Maps disparity (larger = nearer) to relative depth in [0, 1] (larger = farther). */
export function disparityToDepth(disparity: Float32Array): Float32Array {
  let low = Infinity;
  let high = -Infinity;
  for (const value of disparity) {
    if (value < low) low = value;
    if (value > high) high = value;
  }
  const span = high - low;
  return disparity.map((value) => (span > 0 ? (high - value) / span : 0));
}
