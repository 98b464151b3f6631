import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { generateComposeScene } from "../../src/datasets/compose-scene.ts";
import { encodePng } from "../../src/tools/image-io.ts";

/** The batch tests' program: counts the circles in the picture. */
export const COUNT_CIRCLES = `async function execute_command(image: ImagePatch): Promise<Answer> {
  const circles = await image.find("circle");
  return circles.length;
}
`;

/**
 * Writes generated shape scenes as PNG files at `paths` under `folder` (scene i from seed 40 + i) and returns
 * how many circles each holds, by path.
 */
export async function writeScenePictures(folder: string, paths: readonly string[]): Promise<Map<string, number>> {
  const circles = new Map<string, number>();
  for (const [index, path] of paths.entries()) {
    const scene = await generateComposeScene({ seed: 40 + index });
    await mkdir(dirname(join(folder, path)), { recursive: true });
    await writeFile(join(folder, path), await encodePng(scene.image));
    circles.set(path, scene.objects.filter((object) => object.shape === "circle").length);
  }
  return circles;
}
