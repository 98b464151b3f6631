import type { PerceptionDetails } from "../mllm/capabilities.ts";
import { NEAR_THRESHOLD_MARGIN, type FindEvidence } from "./find-evidence.ts";
import type { ImageSession } from "./image-session.ts";
import { noBackendError } from "./no-backend-error.ts";
import { cropBoxToPatchBox, patchArea, patchToPixelBox, type PatchBox } from "./patch-box.ts";

/** The boxes a find request returned and what they rest on. */
export interface FindResult {
  readonly boxes: PatchBox[];
  readonly evidence: FindEvidence;
}

/**
 * Routes each primitive to the first configured back-end that supports the request, for the scene kind
 * of the original image. Plain-background scenes go to pixel analysis and photos to learned models
 * without the user choosing, because each back-end's `supports` says which scenes it serves.
 */
export class PerceptionRouter {
  readonly #session: ImageSession;

  constructor(session: ImageSession) {
    this.#session = session;
  }

  /**
   * Boxes of every `label` object inside `box`, absolute, in the detector's order, with the evidence they
   * rest on (detector, threshold, near misses). Cached per image.
   */
  async find(box: PatchBox, label: string): Promise<FindResult> {
    const session = this.#session;
    const key = `router:find:${box.left},${box.lower},${box.right},${box.upper}:${label.toLowerCase()}`;
    const cached = session.cache.get(key) as FindResult | undefined;
    if (cached) return cached;
    const { pixels, context } = session.view(box);
    const detectors = session.perception.detectors;
    const detector = detectors.find((candidate) => candidate.supports(label, context));
    if (!detector) {
      throw noBackendError({
        primitive: "find",
        request: `find("${label}")`,
        scene: session.scene,
        configured: detectors.map((each) => each.id),
        vocabularies: detectors.filter((each) => each.scenes?.includes(session.scene) ?? true).map((each) => ({ id: each.id, vocabulary: each.vocabulary })),
      });
    }
    const detections = await detector.detect(pixels, label, context);
    const nearMisses = detector.nearMisses ? await detector.nearMisses(pixels, label, context, NEAR_THRESHOLD_MARGIN) : [];
    const found = detections.map((detection) => ({ patch: cropBoxToPatchBox(detection.box, box), score: detection.score })).filter(({ patch }) => patchArea(patch) > 0);
    const result: FindResult = {
      boxes: found.map(({ patch }) => patch),
      evidence: {
        detector: detector.id,
        scoreThreshold: detector.scoreThreshold,
        scores: found.map(({ score }) => score),
        nearMissScores: nearMisses.map((detection) => detection.score),
      },
    };
    session.cache.set(key, result);
    return result;
  }

  /** A short answer to `question` about the pixels of `box`; `report` receives the back-end's details of the call. */
  async answer(box: PatchBox, question: string, report?: (details: PerceptionDetails) => void): Promise<string> {
    const session = this.#session;
    const view = session.view(box);
    const { pixels } = view;
    const context = report === undefined ? view.context : { ...view.context, report };
    const backend = session.perception.visualQA.find((candidate) => candidate.supports(question, context));
    if (!backend) {
      throw noBackendError({ primitive: "simple_query", request: `simple_query("${question}")`, scene: session.scene, configured: session.perception.visualQA.map((each) => each.id) });
    }
    return (await backend.answer(pixels, question, context)).trim();
  }

  /** One score in [0, 1] per text for the pixels of `box`. */
  async score(box: PatchBox, texts: readonly string[], request: string): Promise<number[]> {
    const session = this.#session;
    const { pixels, context } = session.view(box);
    const scorer = session.perception.scorers.find((candidate) => candidate.supports(texts, context));
    if (!scorer) {
      throw noBackendError({ primitive: "score", request, scene: session.scene, configured: session.perception.scorers.map((each) => each.id) });
    }
    return scorer.score(pixels, texts, context);
  }

  /** Median depth over `box` (larger = farther); the depth map is computed once per image. */
  async medianDepth(box: PatchBox): Promise<number> {
    const session = this.#session;
    const estimator = session.perception.depth;
    if (!estimator) {
      throw noBackendError({ primitive: "compute_depth", request: "compute_depth()", scene: session.scene, configured: [] });
    }
    const key = `router:depth:${estimator.id}`;
    let pending = session.cache.get(key) as ReturnType<typeof estimator.depth> | undefined;
    if (!pending) {
      pending = estimator.depth(session.image);
      session.cache.set(key, pending);
    }
    const map = await pending;
    // Only the region is needed here: no crop of the pixels.
    const region = patchToPixelBox(box, session.image.height);
    const scaleX = map.width / session.image.width;
    const scaleY = map.height / session.image.height;
    const values: number[] = [];
    const x0 = Math.floor(region.x0 * scaleX);
    const x1 = Math.max(x0 + 1, Math.ceil(region.x1 * scaleX));
    const y0 = Math.floor(region.y0 * scaleY);
    const y1 = Math.max(y0 + 1, Math.ceil(region.y1 * scaleY));
    for (let y = y0; y < Math.min(y1, map.height); y++) {
      for (let x = x0; x < Math.min(x1, map.width); x++) values.push(map.data[y * map.width + x] ?? 0);
    }
    return median(values);
  }

  /** A text-only answer from the configured language model. */
  async complete(prompt: string): Promise<string> {
    const model = this.#session.perception.textModel;
    if (!model) {
      throw noBackendError({ primitive: "llm_query", request: "llm_query()", scene: this.#session.scene, configured: [] });
    }
    return (await model.complete(prompt)).trim();
  }
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = values.sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
