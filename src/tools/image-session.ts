import type { PerceptionBackends, PerceptionContext, SceneKind } from "../mllm/capabilities.ts";
import { cropRgb, type RgbImage } from "../mllm/rgb-image.ts";
import { patchToPixelBox, type PatchBox } from "./patch-box.ts";

/**
 * One original image with the perception back-ends that look at it. Shared by every run on that image,
 * so back-ends' per-image caches (segmentations, embeddings, depth maps) are computed once.
 */
export interface ImageSession {
  readonly image: RgbImage;
  readonly scene: SceneKind;
  readonly perception: PerceptionBackends;
  /** The whole image as a patch box. */
  readonly rootBox: PatchBox;
  /** Per-image cache handed to back-ends through their context. */
  readonly cache: Map<string, unknown>;
  /** The pixels of a patch and the context a back-end needs to look at them. */
  view(box: PatchBox): { pixels: RgbImage; context: PerceptionContext };
}

/** Opens a session on a decoded image: classifies the scene once and sets up the shared cache. */
export function openImageSession(image: RgbImage, perception: PerceptionBackends): ImageSession {
  const scene = perception.classifyScene(image);
  const cache = new Map<string, unknown>();
  return {
    image,
    scene,
    perception,
    rootBox: { left: 0, lower: 0, right: image.width, upper: image.height },
    cache,
    view(box) {
      const region = patchToPixelBox(box, image.height);
      return { pixels: cropRgb(image, region), context: { scene, original: image, region, cache } };
    },
  };
}
