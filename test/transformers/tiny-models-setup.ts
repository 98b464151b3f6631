import { rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { afterAll, beforeAll, vi } from "vitest";
import type { PerceptionContext } from "../../src/mllm/capabilities.ts";
import type { RgbImage } from "../../src/mllm/rgb-image.ts";
import { writeTinyModels } from "../fixtures/onnx/index.ts";

/** Writes the tiny random-weight models once for the calling test file; `folder()` is their models dir. */
export function useTinyModels(): { folder(): string } {
  let root = "";
  beforeAll(async () => {
    root = await writeTinyModels();
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });
  return { folder: () => root };
}

/** A deterministic test photo: colour gradients with a bright square, `width` x `height`. */
export function gradientImage(width = 48, height = 36): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const offset = (y * width + x) * 3;
      const inSquare = x > width / 4 && x < width / 2 && y > height / 4 && y < height / 2;
      data[offset] = inSquare ? 250 : Math.round((255 * x) / width);
      data[offset + 1] = inSquare ? 240 : Math.round((255 * y) / height);
      data[offset + 2] = inSquare ? 30 : 128;
    }
  }
  return { width, height, data };
}

/** The context a photo's whole-image request carries. */
export function photoContext(image: RgbImage, scene: PerceptionContext["scene"] = "photo"): PerceptionContext {
  return { scene, original: image, region: { x0: 0, y0: 0, x1: image.width, y1: image.height }, cache: new Map() };
}

interface CountedSession {
  readonly outputNames: readonly string[];
}

/**
 * Spies on onnxruntime-node's InferenceSession.run (the calls still go through). `stop()` removes the spy
 * and returns a counter: how many runs went to sessions with the output `outputName` (and without
 * `unlessOutput`), e.g. "predicted_depth" for the depth model, or "image_embeds" unless "logits" for a CLIP
 * vision tower (OWL's detector also outputs image_embeds).
 */
export function countSessionRuns(): { stop(): (outputName: string, unlessOutput?: string) => number } {
  // transformers.js loads onnxruntime-node with require(); spy on that same module instance.
  const { InferenceSession } = createRequire(import.meta.url)("onnxruntime-node") as { InferenceSession: { prototype: { run: (...args: unknown[]) => unknown } } };
  const spy = vi.spyOn(InferenceSession.prototype, "run");
  return {
    stop() {
      const sessions = [...(spy.mock.contexts as CountedSession[])];
      spy.mockRestore();
      return (outputName, unlessOutput) =>
        sessions.filter(({ outputNames }) => outputNames.includes(outputName) && (unlessOutput === undefined || !outputNames.includes(unlessOutput))).length;
    },
  };
}

/** One recorded ONNX session run: the session's output names and each input's shape and values. */
export interface RecordedRun {
  readonly outputNames: readonly string[];
  readonly inputs: Readonly<Record<string, { readonly dims: readonly number[]; readonly data: ArrayLike<number | bigint> }>>;
}

/**
 * Like {@link countSessionRuns}, but `stop()` returns every run with its inputs, to check batch sizes
 * (`inputs.pixel_values.dims[0]`) and prompts (`inputs.input_ids.data`).
 */
export function recordSessionRuns(): { stop(): RecordedRun[] } {
  const { InferenceSession } = createRequire(import.meta.url)("onnxruntime-node") as { InferenceSession: { prototype: { run: (...args: unknown[]) => unknown } } };
  const spy = vi.spyOn(InferenceSession.prototype, "run");
  return {
    stop() {
      const runs = spy.mock.calls.map((call, index) => ({
        outputNames: (spy.mock.contexts[index] as CountedSession).outputNames,
        inputs: call[0] as RecordedRun["inputs"],
      }));
      spy.mockRestore();
      return runs;
    },
  };
}

/** The runs of the session whose outputs include `outputName` (e.g. "image_features" for a LLaVA vision encoder). */
export function runsOf(runs: readonly RecordedRun[], outputName: string): RecordedRun[] {
  return runs.filter(({ outputNames }) => outputNames.includes(outputName));
}
