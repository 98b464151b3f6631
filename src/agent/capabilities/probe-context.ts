import type { PerceptionContext, SceneKind } from "../../mllm/capabilities.ts";

const PROBE_IMAGE = Object.freeze({ width: 1, height: 1, data: new Uint8Array([255, 255, 255]) });

/**
 * A context for asking back-ends' `supports()` what they serve in a scene of this kind, without an image:
 * `supports()` decides from the request and the scene kind (contract of src/mllm/capabilities.ts), so a
 * one-pixel stand-in for the original is enough.
 */
export function probeContext(scene: SceneKind): PerceptionContext {
  return { scene, original: PROBE_IMAGE, region: { x0: 0, y0: 0, x1: 1, y1: 1 }, cache: new Map() };
}
