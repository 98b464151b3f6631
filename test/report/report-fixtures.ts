import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Page } from "playwright-core";
import type { SandboxPolicy, TraceEntry } from "../../sandbox/index.ts";
import { generateComposeScene, type ComposeScene } from "../../src/datasets/index.ts";
import type { PixelBox } from "../../src/mllm/rgb-image.ts";
import { createPerception } from "../../src/tools/create-perception.ts";
import { encodePng } from "../../src/tools/image-io.ts";
import { runProgramOnImage } from "../../src/tools/run-program-on-image.ts";

/** A generated scene with several shapes (seed picked for 6 objects of mixed kinds). */
export async function sceneWithShapes(): Promise<ComposeScene> {
  return generateComposeScene({ seed: 11, minObjects: 5, maxObjects: 7 });
}

/** Runs a program on a scene in the real sandbox with pixel-analysis perception; a failure is returned, not thrown. */
export async function runOnScene(scene: ComposeScene, source: string, policy?: Partial<SandboxPolicy>) {
  const perception = await createPerception({ detector: "pixels" });
  try {
    return { run: await runProgramOnImage({ image: scene.image, source, perception, policy }), error: undefined };
  } catch (error) {
    return { run: undefined, error };
  } finally {
    await perception.dispose();
  }
}

/** How many patches the find() calls of a trace returned. */
export function foundPatchCount(trace: readonly TraceEntry[]): number {
  return trace.filter((entry) => entry.tool === "find" && Array.isArray(entry.resultValue)).reduce((sum, entry) => sum + (entry.resultValue as unknown[]).length, 0);
}

/**
 * Where every drawn box lands, in the picture's own pixels: measured from the rendered layout (the box's
 * and the image's client rectangles), so it checks the overlay as a reader sees it.
 */
export async function renderedBoxes(page: Page, figureSelector = "figure.scene"): Promise<Array<PixelBox & { label: string }>> {
  return page.$eval(figureSelector, (figure) => {
    const picture = figure.querySelector("img")!;
    const frame = picture.getBoundingClientRect();
    const scale = picture.naturalWidth / frame.width;
    const svg = figure.querySelector("svg")!;
    const [, , width] = svg.getAttribute("viewBox")!.split(" ").map(Number);
    const toImage = (value: number) => value * scale * (width! / picture.naturalWidth);
    return [...figure.querySelectorAll("rect.box")].map((rect) => {
      const box = rect.getBoundingClientRect();
      return {
        label: rect.parentElement!.getAttribute("data-label")!,
        x0: toImage(box.left - frame.left), y0: toImage(box.top - frame.top), x1: toImage(box.right - frame.left), y1: toImage(box.bottom - frame.top),
      };
    });
  });
}

/** Folder for the screenshots the browser tests save (kept for people to look at). */
export async function screenshotFolder(): Promise<string> {
  const folder = join(process.env.TMPDIR ?? "/tmp", "viper-report-screenshots");
  await mkdir(folder, { recursive: true });
  return folder;
}

/** Writes a scene's PNG and returns its path. */
export async function writeScenePng(folder: string, scene: ComposeScene): Promise<string> {
  const path = join(folder, `${scene.sceneId}.png`);
  await writeFile(path, await encodePng(scene.image));
  return path;
}
