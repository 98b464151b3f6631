import { rm } from "node:fs/promises";
import { resolve } from "node:path";
import { afterAll, beforeAll } from "vitest";
import type { RgbImage } from "../../src/mllm/rgb-image.ts";
import {
  DEFAULT_CLIP_MODEL,
  DEFAULT_DEPTH_MODEL,
  DEFAULT_GROUNDING_DINO_MODEL,
  DEFAULT_OWLV2_MODEL,
  DEFAULT_VLM_MODEL,
} from "../../src/mllm/transformers/index.ts";
import { createPerception, type PerceptionOptions } from "../../src/tools/create-perception.ts";
import { runProgramOnImage } from "../../src/tools/run-program-on-image.ts";
import type { ProgramRun } from "../../sandbox/index.ts";
import { cocoPhotoPath } from "../fixtures/coco-photos.ts";
import { writeTinyModels } from "../fixtures/onnx/index.ts";

/** The repository root. */
export const REPO_ROOT = resolve(import.meta.dirname, "../..");

/** A real COCO photo (a street scene, 640 x 480), kept in the checkout's test fixtures. */
export const COCO_PHOTO = cocoPhotoPath("000000005001.jpg");

/** The tiny random models written under the real default hub ids, so `--vlm hf`, `owlv2`, ... find them. */
export const TINY_MODELS_AS_DEFAULTS = {
  llavaOnevision: DEFAULT_VLM_MODEL,
  owlv2: DEFAULT_OWLV2_MODEL,
  groundingDino: DEFAULT_GROUNDING_DINO_MODEL,
  clip: DEFAULT_CLIP_MODEL,
  depthAnything: DEFAULT_DEPTH_MODEL,
} as const;

/**
 * Two models folders for the calling test file: `tiny()` holds every tiny model under its `tiny-random/...`
 * id, `defaults()` holds them under the real default hub ids.
 */
export function useModelFolders(): { tiny(): string; defaults(): string } {
  let tiny = "";
  let defaults = "";
  beforeAll(async () => {
    [tiny, defaults] = await Promise.all([writeTinyModels(), writeTinyModels(TINY_MODELS_AS_DEFAULTS)]);
  });
  afterAll(async () => {
    await Promise.all([rm(tiny, { recursive: true, force: true }), rm(defaults, { recursive: true, force: true })]);
  });
  return { tiny: () => tiny, defaults: () => defaults };
}

/** Runs `source` on `image` in the real sandbox with perception built from `options`, then frees the models. */
export async function runWithModels(image: RgbImage, source: string, options: PerceptionOptions): Promise<ProgramRun> {
  const perception = await createPerception(options);
  try {
    return await runProgramOnImage({ image, source, perception });
  } finally {
    await perception.dispose();
  }
}

/** Wraps a program body in `execute_command`. */
export function program(body: string): string {
  return `async function execute_command(image: ImagePatch): Promise<Answer> {\n${body}\n}`;
}

export { countSessionRuns } from "../transformers/tiny-models-setup.ts";
