/**
 * Pixel-analysis benchmark: the OpenCV.js pipeline side by side with the hand-written one it replaced
 * (flood-fill segmentation, Andrew's hull, rotating calipers; checked out from git at BASELINE_COMMIT), in
 * one process, alternating scene by scene:
 * - `viper run` on the plain example image, cold processes (what a user waits for), and OpenCV.js's own
 *   load time and memory in a fresh process;
 * - plain scenes (counting images and shape scenes, objects apart): whole analysis, segmentation alone and
 *   shape measurement alone, and whether both read the same objects;
 * - crowded counting scenes (touching and overlapping objects): counting accuracy and time;
 * - memory over many analyses (WebAssembly heap and RSS).
 *
 *   npm run bench pixels
 *
 * Environment: PIXELS_BENCH_SCENES (plain scenes of each kind, default 30), PIXELS_BENCH_CROWDED (crowded
 * scenes, default 200), PIXELS_BENCH_RUNS (`viper run` processes per side, default 7).
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateComposeScene } from "../src/datasets/compose-scene.ts";
import { COUNT_CATEGORIES } from "../src/datasets/count-icons.ts";
import { generateCountScene } from "../src/datasets/count-scene.ts";
import type { RgbImage } from "../src/mllm/rgb-image.ts";
import { classifyShape, measureShape } from "../src/mllm/pixels/classify-shape.ts";
import { loadOpenCv } from "../src/mllm/pixels/opencv/load-opencv.ts";
import { withMats } from "../src/mllm/pixels/opencv/mat-scope.ts";
import { analyzeObjects, type PixelObject } from "../src/mllm/pixels/scene-objects.ts";
import { segmentForeground, type SolidMask } from "../src/mllm/pixels/segment.ts";
import { boxIou } from "../test/fixtures/box-matching.ts";
import { BASELINE_COMMIT, checkOutBaseline } from "./pixels/baseline.ts";
import type { BenchMetric, BenchResult } from "./run.ts";
import { median } from "./statistics.ts";

const SCENES = Number(process.env.PIXELS_BENCH_SCENES ?? 30);
const CROWDED = Number(process.env.PIXELS_BENCH_CROWDED ?? 200);
const RUNS = Number(process.env.PIXELS_BENCH_RUNS ?? 7);
const MEMORY_ANALYSES = 300;
const LOAD_PROCESSES = 5;
const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** The baseline's pixel modules (synchronous: no OpenCV). */
interface Baseline {
  analyzeObjects(image: RgbImage): PixelObject[];
  segmentForeground(image: RgbImage): { segments: Array<{ area: number; solidPixels: Array<readonly [number, number]> }> };
  measureShape(solidPixels: ReadonlyArray<readonly [number, number]>, area: number): unknown;
  classifyShape(solidPixels: ReadonlyArray<readonly [number, number]>, features: never): string;
}

/** Runs the benchmark and returns its figures (bench/run.ts collects them). */
export async function run(): Promise<BenchResult> {
  const metrics: BenchMetric[] = [];
  const notes: string[] = [];
  const baselineRoot = checkOutBaseline({ repositoryRoot: ROOT });
  const baseline = baselineRoot === undefined ? undefined : await importBaseline(baselineRoot);
  if (baseline === undefined) notes.push(`No git history with ${BASELINE_COMMIT}: the hand-written baseline was not measured.`);

  metrics.push(...openCvLoad());
  metrics.push(...viperRun(baselineRoot));
  await loadOpenCv();
  const plain = await plainScenes();
  metrics.push(...(await sideBySide(plain, baseline, notes)));
  metrics.push(...(await crowdedCounting(baseline)));
  metrics.push(...(await memory()));
  notes.push(
    `Baseline: the pixel analysis at ${BASELINE_COMMIT.slice(0, 7)} (git archive), run in the same process, alternating scene by scene with the current code.`,
    "Plain scenes: counting images 720x720 (1-10 icons apart) and shape scenes 480x320; 'same readings' = same number of objects and every baseline object matched by one with box IoU >= 0.9 and the same colour, shape and size.",
    "Times are medians per scene; the machine is shared (see loadAverage1m), so compare ratios measured in this run rather than absolute times across runs.",
  );
  return { metrics, notes };
}

async function importBaseline(root: string): Promise<Baseline> {
  const pixels = join(root, "src", "mllm", "pixels");
  const [objects, segment, shape] = await Promise.all([
    import(join(pixels, "scene-objects.ts")),
    import(join(pixels, "segment.ts")),
    import(join(pixels, "classify-shape.ts")),
  ]);
  return { analyzeObjects: objects.analyzeObjects, segmentForeground: segment.segmentForeground, measureShape: shape.measureShape, classifyShape: shape.classifyShape };
}

/** OpenCV.js load time and memory in fresh processes (median). */
function openCvLoad(): BenchMetric[] {
  const script = `const before = process.memoryUsage().rss; const start = performance.now();
const { loadOpenCv } = await import(${JSON.stringify(join(ROOT, "src", "mllm", "pixels", "opencv", "load-opencv.ts"))});
await loadOpenCv();
console.log(JSON.stringify({ ms: performance.now() - start, rssMb: (process.memoryUsage().rss - before) / 2 ** 20 }));`;
  const loads = Array.from({ length: LOAD_PROCESSES }, () => JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" })) as { ms: number; rssMb: number });
  return [
    { name: "OpenCV.js load (require + WebAssembly start), fresh process", value: median(loads.map((load) => load.ms)), unit: "ms" },
    { name: "OpenCV.js load: RSS added", value: median(loads.map((load) => load.rssMb)), unit: "MB" },
  ];
}

/** `viper run` on the plain example image: cold processes, current and baseline alternating (median wall time). */
function viperRun(baselineRoot: string | undefined): BenchMetric[] {
  const image = join(ROOT, "examples", "images", "butterflies.png");
  const program = join(ROOT, "examples", "count-objects.program.ts");
  const time = (root: string): { ms: number; answer: string } => {
    const start = performance.now();
    const answer = execFileSync(process.execPath, ["--no-node-snapshot", "--disable-warning=ExperimentalWarning", join(root, "src", "cli", "main.ts"), "run", image, program], { encoding: "utf8" }).trim();
    return { ms: performance.now() - start, answer };
  };
  const current: number[] = [];
  const previous: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    current.push(time(ROOT).ms);
    if (baselineRoot !== undefined) previous.push(time(baselineRoot).ms);
  }
  const metrics: BenchMetric[] = [{ name: "viper run, plain example (count-objects on butterflies.png), cold process", value: median(current), unit: "ms" }];
  if (previous.length > 0) {
    metrics.push(
      { name: "viper run, plain example: baseline", value: median(previous), unit: "ms" },
      { name: "viper run, plain example: current / baseline", value: median(current) / median(previous), unit: "ratio" },
    );
  }
  return metrics;
}

async function plainScenes(): Promise<RgbImage[]> {
  const scenes: RgbImage[] = [];
  for (let index = 0; index < SCENES; index++) {
    scenes.push((await generateCountScene({ seed: 80_000 + index, category: COUNT_CATEGORIES[index % 5]!, count: (index % 10) + 1 })).image);
    scenes.push((await generateComposeScene({ seed: 90_000 + index })).image);
  }
  return scenes;
}

/** Whole analysis, segmentation and shape measurement, current and baseline on the same plain scenes. */
async function sideBySide(scenes: readonly RgbImage[], baseline: Baseline | undefined, notes: string[]): Promise<BenchMetric[]> {
  const times = { analysis: [] as number[], baselineAnalysis: [] as number[], segmentation: [] as number[], baselineSegmentation: [] as number[], shapes: [] as number[], baselineShapes: [] as number[] };
  let same = 0;
  const cv = await loadOpenCv();
  for (const image of scenes) {
    let start = performance.now();
    const objects = await analyzeObjects(image);
    times.analysis.push(performance.now() - start);
    start = performance.now();
    await segmentForeground(image);
    times.segmentation.push(performance.now() - start);
    if (baseline === undefined) continue;
    start = performance.now();
    const previous = baseline.analyzeObjects(image);
    times.baselineAnalysis.push(performance.now() - start);
    if (sameReadings(previous, objects)) same++;
    start = performance.now();
    const { segments } = baseline.segmentForeground(image);
    times.baselineSegmentation.push(performance.now() - start);
    // Shape measurement of the same objects: the baseline's solid pixels, as a mask for OpenCV.
    start = performance.now();
    for (const segment of segments) baseline.classifyShape(segment.solidPixels, baseline.measureShape(segment.solidPixels, segment.area) as never);
    times.baselineShapes.push(performance.now() - start);
    const masks = segments.map((segment) => ({ area: segment.area, solid: toSolidMask(segment.solidPixels) }));
    start = performance.now();
    withMats((scope) => {
      for (const { area, solid } of masks) classifyShape(measureShape({ cv, scope, solid, area }));
    });
    times.shapes.push(performance.now() - start);
  }
  const metrics: BenchMetric[] = [
    { name: "plain scene: whole analysis (segment + measure + name)", value: median(times.analysis), unit: "ms" },
    { name: "plain scene: segmentation", value: median(times.segmentation), unit: "ms" },
  ];
  if (baseline === undefined) return metrics;
  notes.push(`Plain scenes: ${same} of ${scenes.length} read the same by both (objects, boxes, colours, shapes, sizes).`);
  return [
    ...metrics,
    { name: "plain scene: whole analysis, baseline", value: median(times.baselineAnalysis), unit: "ms" },
    { name: "plain scene: whole analysis, current / baseline", value: median(times.analysis) / median(times.baselineAnalysis), unit: "ratio" },
    { name: "plain scene: segmentation, baseline (flood fill)", value: median(times.baselineSegmentation), unit: "ms" },
    { name: "plain scene: segmentation, current / baseline", value: median(times.segmentation) / median(times.baselineSegmentation), unit: "ratio" },
    { name: "plain scene: shape measurement of all objects, OpenCV (contours, hull, minAreaRect)", value: median(times.shapes), unit: "ms" },
    { name: "plain scene: shape measurement, baseline (monotone chain, calipers)", value: median(times.baselineShapes), unit: "ms" },
    { name: "plain scene: shape measurement, current / baseline", value: median(times.shapes) / median(times.baselineShapes), unit: "ratio" },
    { name: "plain scenes read the same by both", value: same / scenes.length, unit: "share" },
  ];
}

function sameReadings(previous: readonly PixelObject[], current: readonly PixelObject[]): boolean {
  if (previous.length !== current.length) return false;
  return previous.every((object) =>
    current.some((other) => boxIou(object.box, other.box) >= 0.9 && other.color === object.color && other.shape === object.shape && other.size === object.size),
  );
}

function toSolidMask(pixels: ReadonlyArray<readonly [number, number]>): SolidMask {
  const xs = pixels.map(([x]) => x);
  const ys = pixels.map(([, y]) => y);
  const [x0, y0] = [Math.min(...xs), Math.min(...ys)];
  const width = Math.max(...xs) - x0 + 1;
  const height = Math.max(...ys) - y0 + 1;
  const data = new Uint8Array(width * height);
  for (const [x, y] of pixels) data[(y - y0) * width + x - x0] = 255;
  return { x0, y0, width, height, data, count: pixels.length };
}

/** Counting accuracy and time on crowded counting scenes, current and baseline. */
async function crowdedCounting(baseline: Baseline | undefined): Promise<BenchMetric[]> {
  let right = 0;
  let baselineRight = 0;
  const times: number[] = [];
  let inContact = 0;
  for (let index = 0; index < CROWDED; index++) {
    const count = (Math.floor(index / 5) % 10) + 1;
    const scene = await generateCountScene({ seed: 100_000 + index, category: COUNT_CATEGORIES[index % 5]!, count, crowded: true });
    if (scene.contactPairs > 0) inContact++;
    const start = performance.now();
    if ((await analyzeObjects(scene.image)).length === count) right++;
    times.push(performance.now() - start);
    if (baseline !== undefined && baseline.analyzeObjects(scene.image).length === count) baselineRight++;
  }
  const metrics: BenchMetric[] = [
    { name: `crowded counting scenes (${CROWDED}): exact count`, value: right / CROWDED, unit: "share" },
    { name: "crowded counting scenes: scenes with objects in contact", value: inContact / CROWDED, unit: "share" },
    { name: "crowded counting scene: whole analysis", value: median(times), unit: "ms" },
  ];
  if (baseline !== undefined) metrics.push({ name: "crowded counting scenes: exact count, baseline", value: baselineRight / CROWDED, unit: "share" });
  return metrics;
}

/** RSS and WebAssembly heap over many analyses of one crowded scene. */
async function memory(): Promise<BenchMetric[]> {
  const cv = await loadOpenCv();
  const { image } = await generateCountScene({ seed: 3, count: 10, crowded: true });
  for (let run = 0; run < 10; run++) await analyzeObjects(image);
  const rssBefore = process.memoryUsage().rss;
  const heapBefore = cv.HEAPU8.length;
  for (let run = 0; run < MEMORY_ANALYSES; run++) await analyzeObjects(image);
  return [
    { name: `RSS growth over ${MEMORY_ANALYSES} analyses of a crowded 720x720 scene`, value: (process.memoryUsage().rss - rssBefore) / 2 ** 20, unit: "MB", targetMax: 50 },
    { name: `WebAssembly heap growth over ${MEMORY_ANALYSES} analyses`, value: (cv.HEAPU8.length - heapBefore) / 2 ** 20, unit: "MB", targetMax: 0 },
    { name: "WebAssembly heap size", value: cv.HEAPU8.length / 2 ** 20, unit: "MB" },
  ];
}
